"""POST /upload/<family>/<session>: a clip from the browser, streamed straight to disk.

Clips can be several GB, so the body is never held in memory: it is written
in chunks into the data folder's incoming/ area (the same disk as the clip
folders, so the import can move it instead of copying it again). A broken
upload leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
from pathlib import Path
from urllib.parse import unquote

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse

from vipp_session import clips
from vipp_session.errors import BadInput
from vipp_session.paths import DataDir, is_safe_id
from vipp_session.settings import load_settings

CHUNK = 1 << 20
GB = 1024 ** 3


class TooLarge(Exception):
    pass


def too_large(name: str, limit_gb: float) -> JSONResponse:
    return JSONResponse({"reason": f"{name} is larger than {limit_gb:g} GB, the largest clip this "
                                   "app takes (setting max_upload_gb). Nothing was kept."},
                        status_code=413)


def incoming_dir(data: DataDir) -> Path:
    return data.incoming_dir


def clean_name(raw: str | None) -> str:
    """The file's own name, without any folder part or odd characters."""
    name = unquote(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    return name[:120] or "clip"


def upload_route(data: DataDir):
    async def receive(request: Request, family_id: str, session: int):
        if not is_safe_id(family_id) or not data.family_dir(family_id).is_dir():
            return JSONResponse({"reason": f"There is no family '{family_id}'."}, status_code=404)
        name = clean_name(request.headers.get("x-file-name"))
        limit_gb = load_settings(data).max_upload_gb
        limit = int(limit_gb * GB)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return too_large(name, limit_gb)
        if declared.isdigit():
            try:  # refused before a byte is written, as the command line does
                clips.check_room(data, family_id, int(declared), name)
            except BadInput as exc:
                return JSONResponse({"reason": str(exc)}, status_code=507)
        folder = data.uploads_dir(family_id) / secrets.token_hex(8)  # erased with the family
        target = folder / name
        try:
            await anyio.Path(folder).mkdir(parents=True)
            async with await anyio.open_file(target, "wb") as out:
                written = 0
                async for chunk in request.stream():
                    written += len(chunk)
                    if written > limit:
                        raise TooLarge
                    await out.write(chunk)
        except TooLarge:
            discard(folder)
            return too_large(name, limit_gb)
        except BaseException:
            discard(folder)
            raise
        return {"upload": folder.name, "name": target.name, "session": session}

    return receive


def discard(folder: Path) -> None:
    """Remove an upload's folder, and its family's folder of uploads once that is empty."""
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()


def take_upload(data: DataDir, upload_id: str) -> Path:
    """The path of a finished upload (the caller removes its folder when done)."""
    if not re.fullmatch(r"[0-9a-f]{16}", upload_id or ""):
        raise ValueError("not an upload id")
    [folder] = list(incoming_dir(data).glob(f"*/{upload_id}"))
    [path] = list(folder.iterdir())
    return path
