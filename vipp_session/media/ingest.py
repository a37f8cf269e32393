"""From a copied original to everything a clip folder holds: proxy, frame table, filmstrip.

The import service first calls `check_recording` on the person's own file
(a quick look at its boxes and headers, so a file that cannot be used is
refused before anything is copied), then copies the original into a staging
folder and calls `prepare_clip_files` on it. This module turns every failure
from the video libraries into a plain reason (problems.py), so nothing above
it needs to know PyAV. A damaged file can make the libraries, or our own
arithmetic on its numbers, fail in ways nobody listed: those are reported as
a damaged file too (and logged as a warning), never as a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av

from vipp_session.errors import Cancelled, DiskFull, is_disk_full
from vipp_session.media import problems
from vipp_session.media.frame_table import FrameTable
from vipp_session.media.priority import Either, at_lowest_priority
from vipp_session.media.probe import MediaInfo, check_in_place, is_variable_rate, probe
from vipp_session.media.proxy import ProxyPlan, ProxyResult, make_proxy, plan_proxy
from vipp_session.media.thumbnails import Thumbnail

log = logging.getLogger(__name__)

PROXY_FILE = "proxy.mp4"
THUMBS_DIR = "thumbs"  # the same name as DataDir.thumbs_dir: media/ cannot import paths
PROBE_SHARE = 0.1  # of the progress bar; the proxy takes the rest
# what a damaged file's numbers can make go wrong beyond FFmpeg's own errors
ODD_FAILURES = (ValueError, ArithmeticError, IndexError, KeyError, OverflowError, MemoryError)


@dataclass(frozen=True)
class PreparedClip:
    info: MediaInfo
    plan: ProxyPlan
    table: FrameTable
    thumbnails: list[Thumbnail]

    @property
    def vfr(self) -> bool:
        return is_variable_rate(list(self.table.pts), self.table.time_base)


def check_recording(path: Path, name: str) -> None:
    """Refuse, cheaply and before copying, a file that cannot become a clip (UnusableFile)."""
    try:
        check_in_place(path, name)
    except (problems.UnusableFile, Cancelled):
        raise
    except av.FFmpegError as exc:
        log.info("reading %s failed: %s", name, exc)
        raise problems.not_video(name) from None
    except OSError as exc:
        raise problems.unreadable(name, exc.strerror or "read error") from None
    except ODD_FAILURES as exc:
        log.warning("reading %s failed: %r", name, exc, exc_info=True)
        raise problems.damaged(name) from None


def prepare_clip_files(
    original: Path,
    folder: Path,
    name: str,
    max_side: int = 1280,
    remux_max_side: int = 1920,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> PreparedClip:
    """Probe `original`, write proxy.mp4, frames.json and thumbs/ into `folder`, at the
    lowest CPU priority (priority.py), so the app's pages stay quick meanwhile.

    Raises UnusableFile or DiskFull with a plain reason, or Cancelled. The
    caller removes `folder` when anything goes wrong.
    """
    interrupted = threading.Event()
    return at_lowest_priority(_prepare, original, folder, name, max_side, remux_max_side,
                              progress, Either(cancel, interrupted), stop=interrupted)


def _prepare(
    original: Path,
    folder: Path,
    name: str,
    max_side: int = 1280,
    remux_max_side: int = 1920,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> PreparedClip:
    report = progress or (lambda f: None)
    try:
        info = probe(original, name, lambda f: report(PROBE_SHARE * f), cancel)
        plan = plan_proxy(info, max_side=max_side, remux_max_side=remux_max_side)
        log.info("%s: %s (%s)", name, plan.mode, "; ".join(plan.why) or "ready for browsers")
        result: ProxyResult = make_proxy(
            info, plan, folder / PROXY_FILE, folder / THUMBS_DIR,
            lambda f: report(PROBE_SHARE + (1 - PROBE_SHARE) * f), cancel,
        )
        result.table.save(folder)
    except (problems.UnusableFile, DiskFull, Cancelled):
        raise
    except (av.FFmpegError, OSError) as exc:
        if is_disk_full(exc):
            raise problems.disk_full(name) from None
        if isinstance(exc, av.FFmpegError):
            log.info("decoding %s failed: %s", name, exc)
            raise problems.damaged(name) from None
        raise
    except ODD_FAILURES as exc:
        log.warning("making a browser copy of %s failed: %r", name, exc, exc_info=True)
        raise problems.damaged(name) from None
    report(1.0)
    return PreparedClip(info, plan, result.table, result.thumbnails)
