"""The filmstrip: a small upright JPEG every couple of seconds, for the timeline.

thumbs/ in the clip folder holds 0000.jpg, 0001.jpg ... and index.json, which
lists each picture's frame index and time (seconds from the first frame), so
the timeline puts it exactly where that frame is. poster.jpg is the picture that stands
for the clip in lists: the best of the filmstrip's frames (poster.py), not the first,
which is often black or blurred; index.json says which frame it is.

Pictures are taken from frames the import already has in hand: while
transcoding, the first frame at or after each mark; while remuxing, the first
keyframe at or after each mark (keyframes decode on their own, so the
recording is never decoded just for the filmstrip).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2

from vipp_session.fsutil import atomic_write_bytes, atomic_write_text
from vipp_session.media.poster import HEIGHT as POSTER_HEIGHT, PosterChooser

EVERY_SECONDS = 2.0
HEIGHT = 120
JPEG_QUALITY = 80
INDEX_FILE = "index.json"
POSTER_FILE = "poster.jpg"
FIRST_PICTURE = "0000.jpg"  # the poster of clips imported before there were posters


@dataclass(frozen=True)
class Thumbnail:
    file: str
    frame: int
    time: float


class Filmstrip:
    """Collects thumbnails into a folder as frames go by."""

    def __init__(self, folder: Path, every: float = EVERY_SECONDS, height: int = HEIGHT):
        self.folder = Path(folder)
        self.every = every
        self.height = height
        self.next_mark = 0.0
        self.items: list[Thumbnail] = []
        self.poster = PosterChooser()
        self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, t: float) -> bool:
        """True for the first frame at or after the next mark (then the mark moves on)."""
        if t < self.next_mark - 1e-9:
            return False
        while self.next_mark <= t + 1e-9:
            self.next_mark += self.every
        return True

    def add(self, frame, index: int, t: float) -> None:
        """Save an upright av.VideoFrame (frame `index`, shown at time t)."""
        width = max(2, round(frame.width * self.height / frame.height / 2) * 2)
        img = frame.reformat(width=width, height=self.height, format="bgr24",
                             interpolation="AREA").to_ndarray()
        name = f"{len(self.items):04d}.jpg"
        with open(self.folder / name, "wb") as f:
            f.write(_jpeg(img))
        self.items.append(Thumbnail(name, index, round(t, 6)))

        def larger():
            high = min(POSTER_HEIGHT, frame.height)
            wide = max(2, round(frame.width * high / frame.height / 2) * 2)
            return frame.reformat(width=wide, height=high, format="bgr24",
                                  interpolation="AREA").to_ndarray()

        self.poster.offer(img, larger, index, t)

    def finish(self) -> list[Thumbnail]:
        index = {"every": self.every, "height": self.height,
                 "thumbnails": [asdict(t) for t in self.items]}
        chosen = self.poster.choose()
        if chosen is not None:
            atomic_write_bytes(self.folder / POSTER_FILE, _jpeg(chosen.image))
            index["poster"] = asdict(Thumbnail(POSTER_FILE, chosen.frame, round(chosen.time, 6)))
        atomic_write_text(self.folder / INDEX_FILE, json.dumps(index, indent=1))
        return self.items


def _jpeg(image) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise OSError("could not encode a thumbnail")
    return data.tobytes()


def load_thumbnails(thumbs_dir: Path) -> list[Thumbnail]:
    """The filmstrip listed in a clip's thumbnails folder (DataDir.thumbs_dir)."""
    path = Path(thumbs_dir) / INDEX_FILE
    if not path.exists():
        return []
    return [Thumbnail(**t) for t in json.loads(path.read_text(encoding="utf-8"))["thumbnails"]]
