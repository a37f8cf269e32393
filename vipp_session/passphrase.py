"""The sign-in passphrase: stored only as an argon2 hash in settings.json.

argon2-cffi is used rather than hashlib's scrypt/pbkdf2 so the hash carries its
own parameters and salt, and can be upgraded (check_needs_rehash) later.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from vipp_session.errors import BadInput
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings, save_settings

MIN_LENGTH = 8
KNOWN_BROWSERS_KEPT = 20
_hasher = PasswordHasher()


def is_set(data: DataDir) -> bool:
    return bool(stored_hash(data))


def stored_hash(data: DataDir) -> str | None:
    """The hash in use now (sign-ins made with an earlier one no longer hold)."""
    return load_settings(data).passphrase_hash


def check_new(first: str, second: str) -> str:
    """A new passphrase typed twice, or a plain reason why it cannot be used."""
    if first != second:
        raise BadInput("The two passphrases are not the same.", field="repeat")
    if len(first.strip()) < MIN_LENGTH:
        raise BadInput(
            f"Use at least {MIN_LENGTH} characters; a short sentence is easy to remember.",
            field="passphrase",
        )
    return first


def set_passphrase(data: DataDir, first: str, second: str) -> None:
    new = check_new(first, second)
    data.ensure_writable()
    settings = load_settings(data)
    settings.passphrase_hash = _hasher.hash(new)
    settings.known_browsers = []  # a new passphrase: every browser must show it knows it
    save_settings(data, settings)


def known_browsers(data: DataDir) -> list[str]:
    return load_settings(data).known_browsers


def remember_browser(data: DataDir, browser_digest: str) -> None:
    """A browser that signed in: other people's wrong passphrases no longer hold it back."""
    settings = load_settings(data)
    kept = [b for b in settings.known_browsers if b != browser_digest]
    settings.known_browsers = (kept + [browser_digest])[-KNOWN_BROWSERS_KEPT:]
    save_settings(data, settings)


def verify(data: DataDir, attempt: str) -> bool:
    stored = load_settings(data).passphrase_hash
    if not stored:
        return False
    try:
        return _hasher.verify(stored, attempt)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
