"""Imports that wait their turn: one at a time, in a background thread, whatever page is open.

The browser hands over each finished upload (a file in the family's uploads folder). A file
that cannot become a clip is refused at once, by a look at its boxes and headers, however
busy the queue is. The others wait, then go through the same import service as the command
line, one after another so that two transcodes never share the laptop's cores, and each new
clip is then looked through for likely moments. Pages only watch the jobs and may cancel
one; leaving the page changes nothing. The worker is a plain thread calling
`clips.import_clip`, so whatever that service does to stay out of the pages' way applies.

Whatever happens to a job, its upload is gone afterwards: moved into the clip, or removed.
Uploads still waiting when the app stops are removed at the next start (ui/app.py), and an
import cut short leaves only a staging folder the next import sweeps away.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from vipp_session import clips
from vipp_session.errors import BadInput, Cancelled
from vipp_session.model import Clip
from vipp_session.paths import DataDir
from vipp_session.suggestions.keep import scan_for_suggestions

log = logging.getLogger(__name__)

WAITING, IMPORTING, SCANNING = "waiting", "importing", "scanning"
IMPORTED, DUPLICATE, REFUSED, CANCELLED = "imported", "duplicate", "refused", "cancelled"
FINISHED = (IMPORTED, DUPLICATE, REFUSED, CANCELLED)
KEEP_FINISHED = 100  # finished jobs remembered for pages that look again


@dataclass
class ImportJob:
    """One file's way through the queue; the worker changes it, pages read it."""

    id: str
    family: str
    session: int
    name: str
    size: int
    upload: Path
    state: str = WAITING
    fraction: float = 0.0  # of the current step: the import, then the look for moments
    started: float | None = None  # time.monotonic() when the current step began
    reason: str | None = None  # why it was refused, in words for the clinician
    clip: Clip | None = None
    likely_moments: int | None = None
    scan_problem: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


class ImportQueue:
    """The imports of one data folder, done in order by one worker thread."""

    def __init__(self, data: DataDir, look_for_moments: bool = True):
        self.data = data
        self.look_for_moments = look_for_moments
        self._jobs: list[ImportJob] = []
        self._waiting: deque[ImportJob] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stopping = False
        self._worker: threading.Thread | None = None

    # ------------------------------------------------------------------ for pages

    def submit(self, family_id: str, session: int, upload: Path) -> ImportJob:
        """Take a finished upload: refused at once if it cannot become a clip, else queued.

        Looks at the file (a fraction of a second), so call it off the event loop.
        """
        upload = Path(upload)
        if upload.parent.parent.parent != self.data.incoming_dir:
            raise ValueError("the queue takes only uploads from the data folder's incoming/ area")
        size = upload.stat().st_size if upload.is_file() else 0
        job = ImportJob(secrets.token_hex(6), family_id, session, clips.file_name(upload),
                        size, upload)
        try:
            clips.check_file(upload)
        except BadInput as exc:
            job.state, job.reason = REFUSED, str(exc)
            _discard(upload)
        with self._lock:
            self._remember(job)
            if not job.finished:
                self._waiting.append(job)
                self._start_worker()
                self._wake.notify()
        return job

    def cancel(self, job_id: str) -> None:
        """Stop a job: one still waiting is dropped with its upload, a running one stops soon."""
        with self._lock:
            job = next((j for j in self._jobs if j.id == job_id), None)
            if job is None or job.finished:
                return
            job.cancel.set()
            if job in self._waiting:
                self._waiting.remove(job)
                job.state = CANCELLED
                _discard(job.upload)

    def jobs(self, family_id: str) -> list[ImportJob]:
        """The family's jobs, oldest first (finished ones for a while)."""
        with self._lock:
            return [j for j in self._jobs if j.family == family_id]

    def place(self, job: ImportJob) -> int:
        """How many imports go before a waiting job (0 when it is next)."""
        with self._lock:
            running = any(j.state in (IMPORTING, SCANNING) for j in self._jobs)
            return (self._waiting.index(job) if job in self._waiting else 0) + running

    def stop(self) -> None:
        """Cancel the running job and end the worker (the app is stopping)."""
        with self._lock:
            self._stopping = True
            for job in self._jobs:
                job.cancel.set()
            self._wake.notify()
        if self._worker is not None:
            self._worker.join(timeout=10)

    def wait_until_idle(self, timeout: float = 60) -> bool:
        """True once nothing waits or runs (for the command line and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if all(j.finished for j in self._jobs):
                    return True
            time.sleep(0.05)
        return False

    # ------------------------------------------------------------------ the worker

    def _remember(self, job: ImportJob) -> None:
        self._jobs.append(job)
        finished = [j for j in self._jobs if j.finished]
        for old in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            self._jobs.remove(old)

    def _start_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, daemon=True, name="import-queue")
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                job = self._waiting.popleft()
                job.state, job.started = IMPORTING, time.monotonic()
            try:
                self._run(job)
            except Exception:  # a bug must not stop the imports queued behind it
                log.exception("an import failed unexpectedly")
                job.state, job.reason = REFUSED, f"{job.name} could not be imported: something went wrong in the app."
            finally:
                _discard(job.upload)

    def _run(self, job: ImportJob) -> None:
        def progress(fraction: float) -> None:
            job.fraction = fraction

        try:
            result = clips.import_clip(self.data, job.family, job.session, job.upload,
                                       progress, job.cancel, move=True)
        except Cancelled:
            job.state = CANCELLED
            return
        except BadInput as exc:
            gone = not self.data.family_dir(job.family).is_dir()
            job.state, job.reason = REFUSED, (
                f"{job.name} was not imported: the family {job.family} was erased." if gone
                else str(exc))
            return
        job.clip = result.clip
        if result.status == "duplicate":
            job.state = DUPLICATE
            return
        if self.look_for_moments and not job.cancel.is_set():
            job.state, job.fraction, job.started = SCANNING, 0.0, time.monotonic()
            try:
                found = scan_for_suggestions(self.data, job.clip.id, progress, job.cancel)
                job.likely_moments = len(found)
            except Cancelled:
                job.scan_problem = "stopped"
            except BadInput as exc:
                job.scan_problem = str(exc)
        job.fraction, job.state = 1.0, IMPORTED


def _discard(upload: Path) -> None:
    """Remove an upload's own folder (incoming/<family>/<id>/<file>), whatever it holds;
    never anything outside the data folder's incoming/ area."""
    if upload.parent.parent.parent.name != "incoming":
        raise ValueError("not an upload")
    shutil.rmtree(upload.parent, ignore_errors=True)
    try:
        upload.parent.parent.rmdir()  # the family's uploads folder, once empty
    except OSError:
        pass


_queues: dict[Path, ImportQueue] = {}
_queues_lock = threading.Lock()


def queue_for(data: DataDir) -> ImportQueue:
    """The one queue of a data folder in this process."""
    with _queues_lock:
        key = Path(data.root).resolve()
        if key not in _queues:
            _queues[key] = ImportQueue(data)
        return _queues[key]
