#!/usr/bin/env python3
"""Benchmark: the web UI with a full caseload, measured in Chromium.

    python bench/ui.py [--families 50] [--clips 300] [--repeat 7]

Builds a data folder with 50 families and 300 clips (one small clip is
imported for real, then its folder is copied under new clip ids and recorded
for every family, so the records and files are real), starts
`vipp-session serve`, and drives Debian's Chromium (headless) to time:

- the caseload page and a family page: from navigation start until the last
  row is in the page, against the sign-in page (the smallest page the app
  serves) in the same run;
- freeze-to-still: from pressing F in the annotator until the still's picture
  has loaded, against making the same still directly with the moment service
  in the same run (what the browser adds on top of the work itself).

Printed: medians in milliseconds and the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from media_factory import make_clip  # noqa: E402
from vipp_session import clips, families, moments, passphrase  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402
from vipp_session.store import Store  # noqa: E402

PASS = "benchmark passphrase"


def build_caseload(data: DataDir, n_families: int, n_clips: int, work: Path) -> tuple[str, str]:
    passphrase.set_passphrase(data, PASS, PASS)
    source = work / "clip.mp4"
    make_clip(source, width=640, height=360, duration=20, fps=30, audio="aac")
    families.add_family(data, "F000", child="Ada", born="2025-06-01")
    [first] = clips.import_clips(data, "F000", 1, [source])
    template = data.clip_dir("F000", first.clip.id)
    for i in range(1, n_families):
        families.add_family(data, f"F{i:03d}", child=f"Child{i}", born="2025-06-01")
    made = 1
    while made < n_clips:
        fid = f"F{made % n_families:03d}"
        clip_id = clips.new_clip_id()
        shutil.copytree(template, data.clip_dir(fid, clip_id), copy_function=os.link)
        with Store(data).transaction(fid) as db:
            db.put_clip(replace(first.clip, id=clip_id, family=fid, session=1 + made % 5))
        made += 1
    for i in range(n_families):
        fid = f"F{i:03d}"
        families.plan_session(data, fid, 1, "2026-12-01T10:00")
    return "F000", first.clip.id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chrome() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1366,768", "--mute-audio", "--lang=en-GB"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def timed_load(driver, url: str, css: str) -> float:
    start = time.perf_counter()
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return (time.perf_counter() - start) * 1000


FREEZE_JS = """
const done = arguments[0];
const known = new Set([...document.querySelectorAll('[data-marker~="still-image"]')].map(i => i.src));
const t0 = performance.now();
document.dispatchEvent(new KeyboardEvent('keydown', {key: 'f', bubbles: true}));
const poll = () => {
  const img = [...document.querySelectorAll('[data-marker~="still-image"]')].find(i => !known.has(i.src));
  if (img && img.complete && img.naturalWidth > 0) done(performance.now() - t0);
  else setTimeout(poll, 5);
};
poll();
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", type=int, default=50)
    ap.add_argument("--clips", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vipp-bench-ui-"))
    data = DataDir(work / "data")
    t = time.perf_counter()
    family_id, clip_id = build_caseload(data, args.families, args.clips, work)
    print(f"built {args.families} families, {args.clips} clips in {time.perf_counter() - t:.1f} s")

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    server = subprocess.Popen([sys.executable, "-m", "vipp_session", "serve", "--no-browser",
                               "--port", str(port), "--data", str(data.root)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    driver = chrome()
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        driver.get(base + "/signin")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-marker~="passphrase"]'))
        driver.find_element(By.CSS_SELECTOR, '[data-marker~="passphrase"]').send_keys(PASS)
        driver.find_element(By.CSS_SELECTOR, '[data-marker~="sign-in"]').click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-marker~="lock"]'))

        last = f"F{args.families - 1:03d}"
        samples = {"sign-in page": [], "caseload": [], "family page": [], "freeze-to-still": [],
                   "still alone": []}
        for _ in range(args.repeat):
            samples["sign-in page"].append(timed_load(driver, base + "/signin", '[data-marker~="passphrase"], [data-marker~="lock"]'))
            samples["caseload"].append(timed_load(driver, base + "/", f'[data-marker~="family-{last}"]'))
            samples["family page"].append(timed_load(driver, base + f"/family/{family_id}", '[data-marker~="session-6"]'))
        driver.get(base + f"/clip/{clip_id}")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(
            "const v = document.querySelector('video'); return v && v.readyState >= 2"))
        driver.set_script_timeout(60)
        for i in range(args.repeat):
            driver.execute_script(f"document.querySelector('video').currentTime = {1 + i * 2.1};")
            time.sleep(0.5)
            samples["freeze-to-still"].append(driver.execute_async_script(FREEZE_JS))
            t = time.perf_counter()
            moments.add_moment(data, clip_id, 1.05 + i * 2.1, "look")
            samples["still alone"].append((time.perf_counter() - t) * 1000)
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in samples.items()}
    for k, v in med.items():
        print(f"{k:>16}: {v:7.1f} ms (median of {len(samples[k])})")
    print(f"caseload / sign-in page:       {med['caseload'] / med['sign-in page']:.2f}x")
    print(f"family page / sign-in page:    {med['family page'] / med['sign-in page']:.2f}x")
    print(f"freeze-to-still / still alone: {med['freeze-to-still'] / med['still alone']:.2f}x")


if __name__ == "__main__":
    main()
