"""Choosing how a sheet is laid out: lay it out several ways without its pictures (quick),
measure each from fpdf2's own positions, keep the best, and lay that one out for real.

What "best" means, in order:
1. the fewest pages, with no picture smaller than SHRINK of its normal size (still easy
   to see from arm's length), so a last page never holds only the ending when shrinking
   the pictures a little would have saved it;
2. then a balanced sheet: every page but the last at least MIN_FILL full, and the last
   page holding more than the ending (a moment moves over to keep it company);
3. then the largest pictures; then the fewest white gaps before the last page; then
   each portrait beside its words rather than two to a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

SHRINK = 0.72  # the smallest a picture may be, as a share of its normal size
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.76, SHRINK)
MIN_FILL = 0.6  # no page but the last less full than this


@dataclass(frozen=True)
class Fit:
    """One way to lay a sheet out."""

    scale: float = 1.0  # every picture's size, as a share of its normal size
    pair: bool = False  # two portrait moments side by side, each with its words beneath
    break_before: int | None = None  # this row of moments (one past the last: what
    # follows the moments) starts a new page
    beside: bool = False  # the sheet's chosen picture beside the words under it


class Measured(Protocol):
    pages_count: int
    ending_alone: bool  # the last page holds the ending and nothing else

    def fills(self) -> list[float]: ...


@dataclass(frozen=True)
class Trial:
    fit: Fit
    pages: int
    fills: list[float]
    ending_alone: bool

    @property
    def balanced(self) -> bool:
        return not self.ending_alone and all(f >= MIN_FILL for f in self.fills[:-1])

    def preference(self) -> tuple:
        emptiest = min(self.fills[:-1], default=1.0)  # of the pages before the last
        return (self.balanced, emptiest >= MIN_FILL, not self.ending_alone, self.fit.scale,
                round(emptiest * 20),  # less white in the middle of the sheet, to 5%
                not self.fit.pair, not self.fit.beside, self.fit.break_before is None,
                self.fills[-1])


def choose(lay_out: Callable[[Fit], Measured], rows: int, can_pair: bool,
           scales: tuple[float, ...] = SCALES, max_pages: int | None = None,
           can_beside: bool = False) -> Fit:
    """The best way to lay out a sheet whose moments make `rows` rows (one picture each),
    `lay_out(fit)` being a dry run of it. `max_pages` is a limit the sheet must keep when
    it can (the keepsake's four pages), before any other wish."""
    trials: list[Trial] = []

    def attempt(fit: Fit) -> Trial:
        pdf = lay_out(fit)
        trial = Trial(fit, pdf.pages_count, pdf.fills(), pdf.ending_alone)
        trials.append(trial)
        return trial

    for pair in ((False, True) if can_pair else (False,)):
        for beside in ((False, True) if can_beside else (False,)):
            largest = attempt(Fit(scales[0], pair, beside=beside))
            if largest.pages == 1:
                continue  # smaller pictures cannot do better than one page
            if largest.balanced and attempt(Fit(scales[-1], pair, beside=beside)).pages \
                    == largest.pages:
                continue  # nothing between saves a page, nor has larger pictures
            for scale in scales[1:] if not largest.balanced else scales[1:-1]:
                if attempt(Fit(scale, pair, beside=beside)).pages == 1:
                    break
    fewest = min(t.pages for t in trials)
    # move a moment (or what follows the moments) over to the next page, so that the last
    # page holds more than the ending and no page before it is left half empty
    unbalanced = sorted((t for t in trials if t.pages == fewest and not t.balanced),
                        key=Trial.preference)
    for t in unbalanced[-4:]:
        for k in range(1, rows + 1):  # rows: what follows the moments
            attempt(Fit(t.fit.scale, t.fit.pair, k, t.fit.beside))
    within = [t for t in trials if max_pages is None or t.pages <= max_pages] or trials
    fewest = min(t.pages for t in within)
    return max((t for t in within if t.pages == fewest), key=Trial.preference).fit
