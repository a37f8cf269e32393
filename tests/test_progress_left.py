"""The command line's progress bar says how long is left, from the pace so far."""

from __future__ import annotations

import io

from vipp_session.cli import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_says_how_long_is_left(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    screen = Terminal()
    bar = progress.ProgressBar(screen)
    bar.start("1/1 IMG_0420.MOV")
    clock[0] += 1.0
    bar.update(0.10)
    assert "left" not in screen.getvalue()  # too early to guess
    clock[0] += 9.0  # 10 s for 25%: 30 s to go
    bar.update(0.25)
    assert screen.getvalue().endswith(" 25%, about 30 s left")
    clock[0] += 40.0  # 50 s for 40%: 75 s to go
    bar.update(0.40)
    assert screen.getvalue().endswith(" 40%, about 1 min 15 s left")
    clock[0] += 20.0
    bar.update(1.0)
    assert screen.getvalue().rstrip().endswith("100%")


def test_the_app_and_the_command_line_say_time_left_the_same_way():
    from vipp_session.words import time_left

    assert time_left(1.0, 0.5) == ""  # too early to guess
    assert time_left(10.0, 0.01) == ""  # too little done to guess
    assert time_left(10.0, 0.25) == "about 30 s left"
    assert time_left(50.0, 0.40) == "about 1 min 15 s left"
    assert time_left(10.0, 1.0) == ""  # done
