"""An import's transcode runs at the lowest CPU priority, every thread of it (FFmpeg's codec
threads included), while the thread that asked for it, like the app's pages, keeps its own."""

from __future__ import annotations

import os
import threading

import pytest

from media_factory import make_clip
from vipp_session import clips, families
from vipp_session.media.priority import at_lowest_priority


def threads() -> set[int]:
    return {int(t) for t in os.listdir("/proc/self/task")}


def cpu_ticks(tid: int) -> int:
    fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class Watcher:
    """The scheduling policy and CPU time of each thread started since it was made; the
    threads that did the work are those that used the CPU (a file's flush to the disk, a
    reader being closed, barely do)."""

    def __init__(self):
        self.before, self.seen = threads(), {}

    def look(self, *_) -> None:
        for tid in threads() - self.before:
            try:
                self.seen[tid] = (os.sched_getscheduler(tid), cpu_ticks(tid))
            except OSError:  # ended meanwhile
                pass

    def workers(self) -> dict[int, int]:
        return {tid: policy for tid, (policy, ticks) in self.seen.items() if ticks >= 2}


def test_every_thread_of_a_transcode_runs_at_the_lowest_priority(data, tmp_path):
    families.add_family(data, "F001", child="Ada", born="2025-06-01")
    # turned a quarter, as a phone held upright: always transcoded, not copied
    made = make_clip(tmp_path / "phone.mp4", width=640, height=360, rotation=90, duration=2.0)
    watcher = Watcher()
    mine = (os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0))
    [result] = clips.import_clips(data, "F001", 1, [made.path], watcher.look)
    assert result.status == "imported" and result.clip.proxy_mode == "transcode"
    assert len(watcher.workers()) >= 2, "the transcode's own threads were not seen"
    assert set(watcher.workers().values()) == {os.SCHED_IDLE}
    assert (os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)) == mine


def test_the_work_s_result_and_errors_come_back_to_the_caller():
    assert at_lowest_priority(lambda a, b: a + b, 2, 3) == 5
    with pytest.raises(ZeroDivisionError):
        at_lowest_priority(lambda: 1 / 0)
    policy = {}
    at_lowest_priority(lambda: policy.setdefault("it", os.sched_getscheduler(0)))
    assert policy["it"] == os.SCHED_IDLE
    assert os.sched_getscheduler(0) != os.SCHED_IDLE
    assert threading.current_thread() is threading.main_thread()


def test_the_look_for_likely_moments_after_an_import_runs_at_the_lowest_priority(tmp_path):
    from vipp_session.media.scan import scan_clip

    made = make_clip(tmp_path / "play.mp4", width=320, height=240, duration=2.0, audio="aac")
    watcher = Watcher()
    scan_clip(made.path, watcher.look)
    assert watcher.workers() and set(watcher.workers().values()) == {os.SCHED_IDLE}
