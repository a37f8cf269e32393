"""Where data lives.

Default: platformdirs' user data folder for "vipp-session". Overridden by the
VIPP_DATA environment variable, and that by --data on the command line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from vipp_session.errors import BadInput

APP_NAME = "vipp-session"
ENV_VAR = "VIPP_DATA"
PACKAGE_DIR = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    import platformdirs  # only when neither --data nor VIPP_DATA names the folder

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder: --data, else $VIPP_DATA, else the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_data_dir()


def bundled_dir(name: str) -> Path:
    """A data folder shipped with the program (manuals, sample_media).

    Installed, it sits inside the package; in a source checkout, at the top of
    the repository.
    """
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class DataDir:
    """The layout of one data folder (see the design notes)."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root))

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def families_dir(self) -> Path:
        return self.root / "families"

    @property
    def audit_log(self) -> Path:
        return self.root / "audit.log"

    @property
    def id_index(self) -> Path:
        """Which family each clip and moment id belongs to (id_index.py); rebuilt when missing."""
        return self.root / "id-index.json"

    @property
    def caseload_index(self) -> Path:
        """What the caseload shows of each family (caseload_index.py); rebuilt when missing."""
        return self.root / "caseload-index.json"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def incoming_dir(self) -> Path:
        """Uploads from the browser, while they are sent and imported."""
        return self.root / "incoming"

    def uploads_dir(self, family_id: str) -> Path:
        """A family's uploads: erased with the family."""
        return self.incoming_dir / family_id

    def family_dir(self, family_id: str) -> Path:
        return self.families_dir / family_id

    def family_db(self, family_id: str) -> Path:
        return self.family_dir(family_id) / "family.json"

    def backups_dir(self, family_id: str) -> Path:
        return self.family_dir(family_id) / "backups"

    def clip_dir(self, family_id: str, clip_id: str) -> Path:
        return self.family_dir(family_id) / "clips" / clip_id

    def thumbs_dir(self, family_id: str, clip_id: str) -> Path:
        """The clip's filmstrip pictures (media/thumbnails.py writes them there)."""
        return self.clip_dir(family_id, clip_id) / "thumbs"

    def stills_dir(self, family_id: str) -> Path:
        return self.family_dir(family_id) / "stills"

    def summaries_dir(self, family_id: str) -> Path:
        return self.family_dir(family_id) / "summaries"

    def review_pack(self, family_id: str, session: int) -> Path:
        """A session's review pack for supervision (review/service.py writes it), kept in the
        family's folder so erasing the family erases it too."""
        return self.family_dir(family_id) / "reviews" / f"session-{session}.pdf"

    def family_ids(self) -> list[str]:
        if not self.families_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.families_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def ensure_writable(self) -> None:
        """Refuse, with a plain reason, a data folder we cannot write to."""
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            if self.root.stat().st_mode & 0o077:
                self.root.chmod(0o700)  # a folder made by hand may be open to others
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise BadInput(
                f"The data folder {self.root} cannot be written to ({exc.strerror or exc}). "
                "Choose another with --data or VIPP_DATA."
            ) from None


_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_safe_id(value: str) -> bool:
    """True for ids that are safe as a single folder name (no slashes, no dots)."""
    return bool(_SAFE_ID.match(value))
