#!/usr/bin/env python3
"""Benchmark: what the web guard costs, and what it costs someone guessing the passphrase.

    python bench/web_guard.py [--families 50] [--repeat 30]

1. The caseload page (50 families) fetched signed in over HTTP from `vipp-session serve`,
   against the guard's own work on that very page in the same run (Host and Origin
   checks, security headers, a nonce on every script tag): the guard's share of a page.
2. 30 wrong guesses sent together from 30 browsers, each retried as soon as it is
   allowed: the time until all 30 have been checked (a simulated clock runs the real
   throttle), against checking 30 guesses at once with argon2 on this machine in the
   same run, which is what the app did before (its wait came after the check).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from vipp_session import families, passphrase  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402
from vipp_session.ui.routes.guard import RequestGuard  # noqa: E402
from vipp_session.ui.routes.signin import SignIns  # noqa: E402
from vipp_session.ui.routes.throttle import SignInThrottle  # noqa: E402

PASS = "benchmark passphrase"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed_in_cookie(base: str) -> str:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(base + "/signin")
        field = WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.CSS_SELECTOR, '[data-marker~="passphrase"]'))
        field.send_keys(PASS)
        driver.find_element(By.CSS_SELECTOR, '[data-marker~="sign-in"]').click()
        WebDriverWait(driver, 30).until(lambda d: d.get_cookie("vipp_signin"))
        return driver.get_cookie("vipp_signin")["value"]
    finally:
        driver.quit()


def page_times(port: int, cookie: str, repeat: int) -> tuple[list[float], bytes]:
    times, body = [], b""
    for _ in range(repeat):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start = time.perf_counter()
        conn.request("GET", "/", headers={"Cookie": f"vipp_signin={cookie}"})
        resp = conn.getresponse()
        body = resp.read()
        times.append((time.perf_counter() - start) * 1000)
        conn.close()
    return times, body


def guard_times(body: bytes, port: int, repeat: int) -> list[float]:
    async def page(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.body", "body": body})

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        return None

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"",
             "server": ("127.0.0.1", port), "client": ("127.0.0.1", 50000),
             "headers": [(b"host", f"127.0.0.1:{port}".encode())]}
    guarded = RequestGuard(page, SignIns(idle_seconds=60))

    async def run() -> list[float]:
        out = []
        for _ in range(repeat):
            start = time.perf_counter()
            await guarded(dict(scope), receive, send)
            guarded_ms = time.perf_counter() - start
            start = time.perf_counter()
            await page(dict(scope), receive, send)
            out.append((guarded_ms - (time.perf_counter() - start)) * 1000)
        return out

    return asyncio.run(run())


def parallel_guessing_seconds(guesses: int = 30) -> float:
    """Simulated time until every one of `guesses` parallel guesses has been checked."""
    now = [0.0]
    throttle = SignInThrottle(clock=lambda: now[0])

    async def wrong():
        return False

    async def run() -> float:
        waiting = [f"127.0.0.1 guesser-{n}" for n in range(guesses)]
        while waiting:
            results = await asyncio.gather(*(throttle.attempt(s, wrong) for s in waiting))
            waiting = [s for s, r in zip(waiting, results) if r.refused]
            if waiting:
                now[0] += min(r.wait for r in results if r.refused)
        return now[0]

    return asyncio.run(run())


def unthrottled_parallel_seconds(data: DataDir, guesses: int = 30) -> float:
    """30 wrong guesses checked with argon2 at once, in threads (the app's old behaviour)."""
    from concurrent.futures import ThreadPoolExecutor

    start = time.perf_counter()
    with ThreadPoolExecutor(guesses) as pool:
        assert not any(pool.map(lambda n: passphrase.verify(data, f"guess {n}"), range(guesses)))
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        data = DataDir(Path(work) / "data")
        passphrase.set_passphrase(data, PASS, PASS)
        for i in range(args.families):
            families.add_family(data, f"F{i:03d}", child=f"Child{i}", born="2025-06-01")
        port = free_port()
        env = {**os.environ, "VIPP_DATA": str(data.root)}
        env.pop("PYTEST_CURRENT_TEST", None)
        server = subprocess.Popen([sys.executable, "-m", "vipp_session", "serve", "--no-browser",
                                   "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.2)
            cookie = signed_in_cookie(f"http://127.0.0.1:{port}")
            page, body = page_times(port, cookie, args.repeat)
            assert b"Child1" in body, "the caseload page did not open"
            before = unthrottled_parallel_seconds(data)
        finally:
            server.terminate()
            server.wait(timeout=20)
    guard = guard_times(body, port, args.repeat * 10)
    page_ms, guard_ms = statistics.median(page), statistics.median(guard)
    print(f"caseload page ({args.families} families, {len(body) // 1024} KB) over HTTP: "
          f"median {page_ms:.1f} ms")
    print(f"the guard's own work on that page: median {guard_ms:.3f} ms; "
          f"share of the page {guard_ms / page_ms:.4f}")
    seconds = parallel_guessing_seconds()
    print(f"30 parallel wrong guesses: all checked after {seconds:.0f} s with the throttle; "
          f"checked at once without it: {before:.2f} s; ratio {seconds / before:.0f}")


if __name__ == "__main__":
    main()
