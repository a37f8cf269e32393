"""A long clip imports with steady memory: the peak does not grow with the clip's length.

Each import runs in a process of its own, which reports its own peak resident memory.
The clips are tiny (so the test is quick) and transcoded (turned upright), the path
that holds decoders, filters and an encoder.
"""

from __future__ import annotations

import json
import subprocess
import sys

from media_factory import make_clip

MEASURE = """
import json, resource, sys
from pathlib import Path
from vipp_session.media.ingest import prepare_clip_files
marks = []
prepared = prepare_clip_files(Path(sys.argv[1]), Path(sys.argv[2]), "clip.mp4",
                              progress=marks.append)
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "frames": len(prepared.table), "last": marks[-1],
                  "steps": len(marks)}))
"""


def _import(source, folder) -> dict:
    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(source), str(folder)],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def test_memory_does_not_grow_with_length(tmp_path):
    short = make_clip(tmp_path / "short.mp4", duration=5, fps=15, rotation=90, audio="aac",
                      quality=30)
    long = make_clip(tmp_path / "long.mp4", duration=60, fps=15, rotation=90, audio="aac",
                     quality=30)
    a = _import(short.path, tmp_path / "a")
    b = _import(long.path, tmp_path / "b")
    assert (a["frames"], b["frames"]) == (75, 900)
    assert a["last"] == b["last"] == 1.0 and b["steps"] > 50  # progress to the end
    grew_mb = (b["peak_kb"] - a["peak_kb"]) / 1024
    assert grew_mb < 8, f"12 times longer took {grew_mb:.1f} MB more"
