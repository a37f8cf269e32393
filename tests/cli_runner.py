"""Run the command line many times, each run in a fresh process forked from one warm one.

Starting Python and loading the video libraries takes longer than importing a
damaged file, so the fuzz test hands this script its whole list of runs: it
loads the command line once, then forks a child per run that calls
`vipp_session.cli.main(args)` exactly as `vipp-session ARGS` would and exits
with its status. Each child is killed if it runs past its time limit; its
peak memory is read from the kernel's accounting (wait4).

stdin: a JSON list of {"args": [...], "limit": seconds}
stdout: a JSON list of {"code", "seconds", "max_rss_mb", "timed_out", "out", "err"}
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback

from vipp_session import cli
from vipp_session.media import ingest  # noqa: F401  (the video libraries, loaded once)


def _child(args: list[str], out_fd: int, err_fd: int) -> None:
    code = 1
    try:
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        code = cli.main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run(args: list[str], limit: float) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(args, out.fileno(), err.fileno())
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - started > limit:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.01)
        out.seek(0)
        err.seek(0)
        return {
            "code": os.waitstatus_to_exitcode(status),
            "seconds": round(time.monotonic() - started, 3),
            "max_rss_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
            "timed_out": timed_out,
            "out": out.read().decode("utf-8", "replace"),
            "err": err.read().decode("utf-8", "replace"),
        }


def main() -> None:
    cli.build_parser()  # every command's module, loaded before the first fork
    jobs = json.load(sys.stdin)
    results = [run(job["args"], job["limit"]) for job in jobs]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
