"""settings.json: the passphrase hash and the preferences a service may change."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from vipp_session.errors import BadInput
from vipp_session.fsutil import atomic_write_text
from vipp_session.paths import DataDir

SETTINGS_SCHEMA = 1


@dataclass
class Settings:
    passphrase_hash: str | None = None
    idle_minutes: int = 20  # sign out after this long without use
    proxy_max_side: int = 1280  # long side of a transcoded proxy, in pixels
    remux_max_side: int = 1920  # larger H.264 sources are transcoded rather than remuxed
    preroll_seconds: float = 3.0  # presentation plays this much before each moment
    manual_dir: str | None = None  # another message library instead of the shipped one
    retention_days: int | None = None  # days kept after a family's last visit (reminders only)
    max_upload_gb: float = 16  # largest clip a browser may send (a 20-minute 4K phone clip is ~8-12 GB)
    # SHA-256 of the browsers that have signed in with this passphrase (others' wrong tries never hold them)
    known_browsers: list[str] = field(default_factory=list)
    backup_nudge_days: int = 7  # remind to back up when the last backup is this old
    # printed on her sheets and appointment cards, filled once by the clinician
    clinician_name: str = ""  # as she knows them, e.g. "Jo Smith"
    service_contact: str = ""  # how to reach the service or rearrange, e.g. "call or text 07700 900123"
    # the reminder message the clinician copies to their work phone, in their own words
    # ('' is the wording in reminders.py); {mother}, {child}, {day}, {time}, {clinician} are filled in
    reminder_wording: str = ""
    twelve_hour_clock: bool = False  # times picked and written as 2:30 PM rather than 14:30
    min_free_gb: float = 10  # an import that would leave less free space on the disk is refused
    # the clips' own copies of the recordings, once the service no longer needs them (tidy.py):
    # "always" keeps them, "until-shown" until the visit that shows their moments is held
    keep_originals: str = "always"
    keep_originals_days: int | None = None  # or this many days after the import
    # whose bank holidays the visit planner steps over (bank_holidays.py)
    bank_holidays: str = "england-and-wales"
    schema: int = SETTINGS_SCHEMA


def load_settings(data: DataDir) -> Settings:
    path = data.settings_file
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"The settings file {path} cannot be read ({exc}).") from None
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    _check_numbers(settings, path)
    if settings.keep_originals not in KEEP_ORIGINALS:
        raise BadInput(f"In {path}, 'keep_originals' must be \"always\" or \"until-shown\", "
                       f"not {json.dumps(settings.keep_originals)}.")
    if settings.bank_holidays not in BANK_HOLIDAYS:
        raise BadInput(f"In {path}, 'bank_holidays' must be one of "
                       f"{', '.join(json.dumps(b) for b in BANK_HOLIDAYS)}, "
                       f"not {json.dumps(settings.bank_holidays)}.")
    if not isinstance(settings.known_browsers, list) or not all(
            isinstance(b, str) for b in settings.known_browsers):
        raise BadInput(f"In {path}, 'known_browsers' must be a list of texts "
                       "(remove it to start the list again).")
    return settings


# the numbers a service may change, and the smallest each may be
_WHOLE_NUMBERS = {"proxy_max_side": 160, "remux_max_side": 160, "retention_days": 1,
                  "backup_nudge_days": 1, "keep_originals_days": 1}
_NUMBERS = {"idle_minutes": 0.01, "preroll_seconds": 0, "max_upload_gb": 0.001,
            "min_free_gb": 0}
_OPTIONAL = {"retention_days", "keep_originals_days"}  # nothing given: no such policy
KEEP_ORIGINALS = ("always", "until-shown")
BANK_HOLIDAYS = ("england-and-wales", "scotland", "northern-ireland", "none")


def _check_numbers(settings: Settings, path) -> None:
    for name, smallest in (_WHOLE_NUMBERS | _NUMBERS).items():
        value = getattr(settings, name)
        if name in _OPTIONAL and value is None:
            continue  # no policy given
        kinds = (int,) if name in _WHOLE_NUMBERS else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < smallest:
            what = "a whole number" if name in _WHOLE_NUMBERS else "a number"
            raise BadInput(f"In {path}, '{name}' must be {what} of at least {smallest}, "
                           f"not {json.dumps(value)}.")


def save_settings(data: DataDir, settings: Settings) -> None:
    data.root.mkdir(parents=True, exist_ok=True)
    atomic_write_text(data.settings_file, json.dumps(asdict(settings), indent=2))


# what `vipp-session settings` and the app's forms may change (never the passphrase's hash,
# nor the browsers that signed in)
_PRIVATE = {"passphrase_hash", "known_browsers", "schema"}


def shown_settings(data: DataDir) -> dict:
    """The settings a person may read and change, by name."""
    return {k: v for k, v in asdict(load_settings(data)).items() if k not in _PRIVATE}


def change_settings(data: DataDir, **changes: str | int | float | None) -> Settings:
    """Change settings by name, typed text read as each setting's kind; refused whole,
    with a plain reason, when a name or a value is wrong."""
    settings = load_settings(data)
    kinds = {f.name: f.default for f in fields(Settings) if f.name not in _PRIVATE}
    for name, value in changes.items():
        if name not in kinds:
            raise BadInput(f"There is no setting '{name}'; the settings are "
                           f"{', '.join(sorted(kinds))}.")
        setattr(settings, name, _typed(name, value, kinds[name]))
    _check_numbers(settings, "the settings")
    save_settings(data, settings)
    return settings


def _typed(name: str, value, default):
    if not isinstance(value, str):
        return value
    text = value.strip()
    if isinstance(default, str) or (default is None and name == "manual_dir"):
        return text or default
    if text.lower() in ("", "none") and default is None:
        return None
    try:
        return float(text) if isinstance(default, float) else int(text)
    except ValueError:
        raise BadInput(f"'{name}' must be a number, not '{value}'.") from None
