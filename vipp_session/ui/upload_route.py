"""POST /upload/<family>/<session>: a clip from the browser, streamed straight to disk.

Clips can be several GB, so the body is never held in memory: it is written
in chunks into the data folder's incoming/ area (the same disk as the clip
folders, so the import can move it instead of copying it again). A broken
upload leaves nothing behind.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from urllib.parse import unquote

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse

from vipp_session.paths import DataDir, is_safe_id

CHUNK = 1 << 20


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
        folder = data.uploads_dir(family_id) / secrets.token_hex(8)  # erased with the family
        target = folder / clean_name(request.headers.get("x-file-name"))
        try:
            await anyio.Path(folder).mkdir(parents=True)
            async with await anyio.open_file(target, "wb") as out:
                async for chunk in request.stream():
                    await out.write(chunk)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return {"upload": folder.name, "name": target.name, "session": session}

    return receive


def take_upload(data: DataDir, upload_id: str) -> Path:
    """The path of a finished upload (the caller removes its folder when done)."""
    if not re.fullmatch(r"[0-9a-f]{16}", upload_id or ""):
        raise ValueError("not an upload id")
    [folder] = list(incoming_dir(data).glob(f"*/{upload_id}"))
    [path] = list(folder.iterdir())
    return path
