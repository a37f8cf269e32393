"""Keys from a passphrase, and sealing and opening blobs with authenticated encryption.

Nothing here is home-made: the key comes from argon2id (argon2-cffi's low-level API, memory
hard), is split into an encryption key and a naming key with HKDF-SHA256, and blobs are
sealed with AES-256-GCM from `cryptography`. A chunk's name is a keyed hash of its content
under the naming key, so equal content gets the same name (for incremental backups) and no
one without the passphrase can tell what a name stands for. The keyed hash is BLAKE3's keyed
mode (the `blake3` package, four times quicker here than HMAC-SHA256, which was most of a
backup's work); backups begun with HMAC-SHA256 names keep them.

Plain text is padded before it is sealed (Padmé: at most about 12% more, leaking only the
rough magnitude of a length), so the size of a sealed blob does not give away a file's size.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw
from blake3 import blake3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_SIZE = 12
TAG_SIZE = 16
MIN_PADDED = 256
_LENGTH = struct.Struct(">Q")
# how chunks are named: the keyed hash of their content
NAMES_BLAKE3 = "blake3-keyed"
NAMES_HMAC_SHA256 = "hmac-sha256"  # backups made before BLAKE3 names


class Unreadable(Exception):
    """A blob did not open: the wrong key, or it was changed or damaged since it was sealed."""


@dataclass(frozen=True)
class KdfParams:
    """argon2id's settings, kept in the clear beside what they protect."""

    salt: str  # base64
    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 1
    name: str = "argon2id"

    @classmethod
    def new(cls) -> KdfParams:
        return cls(salt=base64.b64encode(os.urandom(16)).decode("ascii"))

    @classmethod
    def from_dict(cls, raw: dict) -> KdfParams:
        params = cls(**{k: raw[k] for k in ("salt", "memory_kib", "time_cost", "parallelism",
                                             "name")})
        if params.name != "argon2id" or not 8 <= params.memory_kib <= 4 * 1024 * 1024 \
                or not 1 <= params.time_cost <= 100 or not 1 <= params.parallelism <= 64:
            raise ValueError("unknown key settings")
        return params

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Keys:
    sealing: bytes  # AES-256-GCM key
    naming: bytes  # key for chunk names
    names: str = NAMES_BLAKE3

    def seal(self, plain: bytes, context: bytes) -> bytes:
        """Pad, then encrypt and authenticate `plain`; `context` is bound to it (e.g. its name)."""
        nonce = os.urandom(NONCE_SIZE)
        return nonce + AESGCM(self.sealing).encrypt(nonce, padded(plain), context)

    def open(self, sealed: bytes, context: bytes) -> bytes:
        """The plain text of a sealed blob; Unreadable if the key or the blob is not right."""
        if len(sealed) < NONCE_SIZE + 16:
            raise Unreadable("too short")
        try:
            plain = AESGCM(self.sealing).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], context)
        except InvalidTag:
            raise Unreadable("did not authenticate") from None
        return unpadded(plain)

    def name_for(self, content: bytes | memoryview) -> str:
        if self.names == NAMES_BLAKE3:
            return blake3(content, key=self.naming).hexdigest()
        return hmac.new(self.naming, content, hashlib.sha256).hexdigest()


class PieceSealer:
    """Seals pieces of up to `capacity` bytes in buffers of its own, used again for every piece.

    The piece is read straight into `body` (after room for its length), padded in place and
    sealed into the second buffer: no copy of the piece is made, and no new memory is touched
    per piece (fresh 4 MB objects cost more in page faults than AES-GCM costs to seal them).
    What `seal` returns is what `Keys.seal` would make of the same piece, with the same format.
    """

    def __init__(self, keys: Keys, capacity: int, out: memoryview | None = None):
        """`out`: where sealed pieces go (at least `sealed_size(capacity)` bytes), when the
        caller needs them in memory of its own (e.g. aligned for writes past the page cache)."""
        self.keys = keys
        self._aead = AESGCM(keys.sealing)
        self._frame = bytearray(_LENGTH.size + padme(capacity))
        self.out = out if out is not None else memoryview(bytearray(self.sealed_size(capacity)))
        self.body = memoryview(self._frame)[_LENGTH.size:_LENGTH.size + capacity]

    @staticmethod
    def sealed_size(capacity: int) -> int:
        """The most a sealed piece of `capacity` bytes takes."""
        return NONCE_SIZE + _LENGTH.size + padme(capacity) + TAG_SIZE

    def content(self, length: int) -> memoryview:
        """The first `length` bytes read into `body`."""
        return self.body[:length]

    def seal(self, length: int, context: bytes) -> memoryview:
        """The first `length` bytes of `body`, padded and sealed (valid until the next call)."""
        framed = _LENGTH.size + padme(length)
        _LENGTH.pack_into(self._frame, 0, length)
        self._frame[_LENGTH.size + length:framed] = bytes(framed - _LENGTH.size - length)
        nonce = os.urandom(NONCE_SIZE)
        out = self.out[:NONCE_SIZE + framed + TAG_SIZE]
        out[:NONCE_SIZE] = nonce
        self._aead.encrypt_into(nonce, memoryview(self._frame)[:framed], context,
                                out[NONCE_SIZE:])
        return out


def derive_keys(passphrase: str, params: KdfParams, names: str = NAMES_BLAKE3) -> Keys:
    master = hash_secret_raw(
        passphrase.encode("utf-8"), base64.b64decode(params.salt),
        time_cost=params.time_cost, memory_cost=params.memory_kib,
        parallelism=params.parallelism, hash_len=32, type=Type.ID,
    )
    both = HKDF(algorithm=hashes.SHA256(), length=64, salt=None,
                info=b"vipp-session backup keys v1").derive(master)
    return Keys(sealing=both[:32], naming=both[32:], names=names)


def padme(length: int) -> int:
    """Padmé (Nikitin et al., PURBs, 2019): round up so only a few top bits of a length show."""
    length = max(length, MIN_PADDED)
    e = length.bit_length() - 1
    s = e.bit_length()
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def padded(plain: bytes) -> bytes:
    return _LENGTH.pack(len(plain)) + plain + bytes(padme(len(plain)) - len(plain))


def unpadded(frame: bytes) -> bytes:
    (length,) = _LENGTH.unpack_from(frame)
    if length > len(frame) - _LENGTH.size:
        raise Unreadable("bad length")
    return frame[_LENGTH.size:_LENGTH.size + length]
