"""The days a visit is not planned on: weekends and the service's bank holidays.

The dates come from the `holidays` package (kept up to date each year, with the substitute
days when a holiday falls at a weekend and the one-off ones, such as a coronation), for the
nation the service works in: the setting `bank_holidays` ("england-and-wales", "scotland",
"northern-ireland", or "none" for weekends only).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from vipp_session.settings import Settings

# the UK's nations as the holidays package names them (England and Wales share theirs)
_SUBDIVISION = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


def closed_days(settings: Settings) -> Callable[[date], bool]:
    """True for a day no visit should be planned on."""
    return _closed_for(settings.bank_holidays)


@lru_cache(maxsize=None)
def _closed_for(region: str) -> Callable[[date], bool]:
    subdivision = _SUBDIVISION.get(region)
    if subdivision is None:
        return lambda day: day.weekday() >= 5
    import holidays  # loaded when a plan is made, not by every command

    bank = holidays.country_holidays("GB", subdiv=subdivision)
    return lambda day: day.weekday() >= 5 or day in bank


def name_of(settings: Settings, day: date) -> str | None:
    """The bank holiday on `day`, in words ("Boxing Day (observed)"), if there is one."""
    subdivision = _SUBDIVISION.get(settings.bank_holidays)
    if subdivision is None:
        return None
    import holidays

    return holidays.country_holidays("GB", subdiv=subdivision).get(day)
