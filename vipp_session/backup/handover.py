"""Handing a family to a colleague: the whole family folder in one sealed file.

The file has its own passphrase (to be told separately). After a short clear header (format,
argon2id salt and settings, a sealed check value) come sealed segments of 4 MB, each bound to
its place and to whether it is the last, so a file cut short or put together out of order is
refused. Inside: the family's code, then each file's path, size and content.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from vipp_session import audit
from vipp_session.backup.crypto import KdfParams, Keys, Unreadable, derive_keys
from vipp_session.backup.chunks import make_private_dirs
from vipp_session.backup.service import data_files
from vipp_session.erasure import CREATING_PREFIX
from vipp_session.errors import BadInput, is_disk_full
from vipp_session.passphrase import check_new
from vipp_session.paths import DataDir, is_safe_id
from vipp_session.store import Store

MAGIC = b"vipp-session family 1\n"
SEGMENT = 4 * 1024 * 1024
_U32 = struct.Struct(">I")
_CHECK = b"vipp-session family key check"

Progress = Callable[[float], None]


@dataclass(frozen=True)
class HandoverResult:
    family: str
    file: str
    files: int
    bytes: int

    def to_dict(self) -> dict:
        return asdict(self)


class _SealedWriter:
    def __init__(self, out: BinaryIO, keys: Keys):
        self.out, self.keys, self.index, self.buffer = out, keys, 0, bytearray()

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= SEGMENT:
            self._segment(bytes(self.buffer[:SEGMENT]), last=False)
            del self.buffer[:SEGMENT]

    def close(self) -> None:
        self._segment(bytes(self.buffer), last=True)

    def _segment(self, plain: bytes, last: bool) -> None:
        sealed = self.keys.seal(plain, _context(self.index, last))
        self.out.write(bytes([last]) + _U32.pack(len(sealed)) + sealed)
        self.index += 1


def _context(index: int, last: bool) -> bytes:
    return f"segment:{index}:{int(last)}".encode("ascii")


def _segments(f: BinaryIO, keys: Keys) -> Iterator[bytes]:
    index = 0
    while True:
        head = f.read(1 + _U32.size)
        if len(head) < 1 + _U32.size:
            raise Unreadable("cut short")
        last, length = bool(head[0]), _U32.unpack_from(head, 1)[0]
        if length > SEGMENT + 4096:
            raise Unreadable("segment too long")
        sealed = f.read(length)
        yield keys.open(sealed, _context(index, last))
        index += 1
        if last:
            if f.read(1):
                raise Unreadable("more after the end")
            return


class _PlainReader:
    def __init__(self, segments: Iterator[bytes]):
        self.segments, self.buffer = segments, bytearray()

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            more = next(self.segments, None)
            if more is None:
                raise Unreadable("cut short")
            self.buffer += more
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def record(self) -> dict:
        (length,) = _U32.unpack(self.read(_U32.size))
        return json.loads(self.read(length))


def _record(value: dict) -> bytes:
    raw = json.dumps(value).encode("utf-8")
    return _U32.pack(len(raw)) + raw


def export_family(data: DataDir, family_id: str, to: str, passphrase: str, again: str,
                  progress: Progress | None = None) -> HandoverResult:
    """Write family `family_id` into the new sealed file `to`.

    `progress(fraction)` may raise Cancelled to stop: then, as on any failure, no file is left.
    """
    with Store(data).reading(family_id):
        pass  # NotFound, with a plain reason, for a family that is not there
    check_new(passphrase, again)
    target = Path(os.path.abspath(os.path.expanduser(to)))
    if target.exists():
        raise BadInput(f"There is already a file {to}; nothing was written. Choose a new name.",
                       field="file")
    if not target.parent.is_dir():
        raise BadInput(f"There is no folder {target.parent}; check the path.", field="file")
    params = KdfParams.new()
    keys = derive_keys(passphrase, params)
    header = json.dumps({"kdf": params.to_dict(), "check": keys.seal(_CHECK, b"header").hex()})
    family_root = DataDir(data.family_dir(family_id))
    files = data_files(family_root)
    report, total, done = progress or (lambda f: None), max(1, sum(st.st_size for _, st in files)), 0
    temp = target.with_name(f".{target.name}.part")
    try:
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(MAGIC + _record(json.loads(header)))
            sealed = _SealedWriter(out, keys)
            sealed.write(_record({"family": family_id, "files": len(files)}))
            for rel, st in files:
                with open(family_root.root / rel, "rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    sealed.write(_record({"path": rel, "size": size, "mtime_ns": st.st_mtime_ns}))
                    left = size
                    while left:
                        piece = source.read(min(left, SEGMENT))
                        if not piece:
                            raise BadInput(f"A file of family {family_id} changed while "
                                           "exporting; nothing was kept. Export again.")
                        sealed.write(piece)
                        left -= len(piece)
                        done += len(piece)
                        report(min(1.0, done / total))
            sealed.close()
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            raise BadInput(f"A file {to} appeared while exporting; nothing was kept.")
        os.rename(temp, target)
    except OSError as exc:
        if is_disk_full(exc):
            raise BadInput(f"There is no room left for {to}; nothing was kept. Free some space "
                           "or choose another disk.", field="file") from None
        raise BadInput(f"Writing {to} failed ({exc.strerror or exc}); nothing was kept.",
                       field="file") from None
    finally:
        temp.unlink(missing_ok=True)
    audit.record(data, "family exported", family_id, files=len(files))
    return HandoverResult(family_id, to, len(files), sum(st.st_size for _, st in files))


def _open_keys(f: BinaryIO, given: str, passphrase: str) -> Keys:
    if f.read(len(MAGIC)) != MAGIC:
        raise BadInput(f"{given} is not a family exported by vipp-session.", field="file")
    try:
        (length,) = _U32.unpack(f.read(_U32.size))
        header = json.loads(f.read(length))
        params = KdfParams.from_dict(header["kdf"])
        check = bytes.fromhex(header["check"])
    except (struct.error, ValueError, KeyError, TypeError):
        raise BadInput(f"{given} is damaged: its header cannot be read.", field="file") from None
    keys = derive_keys(passphrase, params)
    try:
        keys.open(check, b"header")
    except Unreadable:
        raise BadInput(f"That is not the passphrase of {given}.", field="passphrase") from None
    return keys


def import_family(data: DataDir, given: str, passphrase: str,
                  progress: Progress | None = None) -> HandoverResult:
    """Add the family in the sealed file `given` to `data`; an existing family is never replaced.

    `progress(fraction)` may raise Cancelled to stop: then, as on any failure, nothing is kept.
    """
    path = Path(os.path.abspath(os.path.expanduser(given)))
    if not path.is_file():
        raise BadInput(f"There is no file {given}; check the path.", field="file")
    staging: Path | None = None
    try:
        with open(path, "rb") as f:
            keys = _open_keys(f, given, passphrase)
            reader = _PlainReader(_segments(f, keys))
            first = reader.record()
            code, count = first.get("family"), first.get("files")
            if not isinstance(code, str) or not is_safe_id(code) or not isinstance(count, int):
                raise Unreadable("bad family record")
            if data.family_dir(code).exists():
                raise BadInput(f"Family {code} is already in {data.root}; nothing was imported. "
                               "Erase it first if the colleague's copy should replace it.",
                               field="family")
            data.ensure_writable()
            audit.check_writable(data)  # an import audit.log could not record is not begun
            make_private_dirs(str(data.families_dir))
            # named as a family being added, so a cut-short import is swept away like one
            staging = data.families_dir / f"{CREATING_PREFIX}{code}-{os.getpid()}"
            shutil.rmtree(staging, ignore_errors=True)
            size = path.stat().st_size
            total = _unpack(reader, count, staging,
                            lambda: (progress or (lambda f: None))(min(1.0, f.tell() / size)))
            if next(reader.segments, None) is not None or reader.buffer:
                raise Unreadable("more after the end")
        os.rename(staging, data.family_dir(code))
        staging = None
    except Unreadable:
        raise BadInput(f"{given} is damaged or incomplete (it was changed or cut short since "
                       "it was exported); nothing was imported.", field="file") from None
    except OSError as exc:
        if is_disk_full(exc):
            raise BadInput(f"The data folder {data.root} is full; nothing was imported.") from None
        raise
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    audit.record(data, "family imported", code, files=count)
    return HandoverResult(code, given, count, total)


def _unpack(reader: _PlainReader, count: int, staging: Path, report: Callable[[], None]) -> int:
    make_private_dirs(str(staging))
    total = 0
    for _ in range(count):
        entry = reader.record()
        rel, size = entry.get("path"), entry.get("size")
        parts = rel.split("/") if isinstance(rel, str) else [""]
        if any(p in ("", ".", "..") for p in parts) or not isinstance(size, int) or size < 0:
            raise Unreadable("bad file record")
        target = staging.joinpath(*parts)
        make_private_dirs(str(target.parent))
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            left = size
            while left:
                piece = reader.read(min(left, SEGMENT))
                out.write(piece)
                left -= len(piece)
                report()
            out.flush()
            os.fsync(out.fileno())
        mtime = entry.get("mtime_ns")
        if isinstance(mtime, int):
            os.utime(target, ns=(mtime, mtime))
        total += size
    return total
