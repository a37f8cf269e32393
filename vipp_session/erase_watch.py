"""The app's server lets go of a family's files as soon as the family is erased elsewhere.

An erase from the command line closes the frame readers of its own process only; the
server may hold the same recordings open (the annotator's warm decoders), and an open
file stays on disk, readable through /proc, until it is closed. So the server looks
twice a second: it finishes any erase a stopped process left half-done, closes every
reader whose recording is no longer where it was opened, and removes the uploads of
families that are gone.
"""

from __future__ import annotations

import logging
import shutil
import threading

from vipp_session.paths import DataDir
from vipp_session.store import Store

INTERVAL_SECONDS = 0.5
log = logging.getLogger(__name__)


class EraseWatcher:
    def __init__(self, data: DataDir, interval: float = INTERVAL_SECONDS):
        self.data = data
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="erase-watcher", daemon=True)

    def start(self) -> "EraseWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check_once()
            except Exception as exc:  # noqa: BLE001 - keep watching; the next look may succeed
                log.warning("looking for erased families failed (%s)", exc.__class__.__name__)

    def check_once(self) -> None:
        from vipp_session.media import frames  # loaded by the server already

        Store(self.data).finish_interrupted_erases()
        frames.forget_gone()
        incoming = self.data.incoming_dir
        if incoming.is_dir():
            for folder in incoming.iterdir():
                if folder.is_dir() and not self.data.family_dir(folder.name).is_dir():
                    shutil.rmtree(folder, ignore_errors=True)
