"""A synthetic play session, drawn with numpy: soft shapes for a parent and a child, toys, sound.

No person, no photograph: every pixel and sample is computed here, so the
demo clips and benchmark inputs carry nobody's likeness and no licence.

    scene = PlayScene(width, height, seed)
    rgb = scene.frame(t)            # (height, width, 3) uint8 at time t seconds
    samples = scene.sound(t0, n, rate)  # (n,) float32 in -1..1, mono

The parent sits on the left and sways; the child moves about the rug, turns
towards the parent now and then (a 'look'), reaches for the toys and pushes
the ball. The sound is a quiet room with a low, speech-like voice, higher
babble and a rattle when the ball is pushed.
"""

from __future__ import annotations

import math

import numpy as np

WALL = np.array([236, 224, 204], np.float32)
FLOOR = np.array([170, 140, 112], np.float32)
RUG = np.array([120, 150, 170], np.float32)
PARENT = np.array([205, 120, 110], np.float32)
CHILD = np.array([250, 205, 95], np.float32)
SKIN = np.array([226, 180, 150], np.float32)
TOYS = [np.array(c, np.float32) for c in ([220, 60, 60], [60, 140, 220], [80, 180, 90], [250, 160, 40])]


class PlayScene:
    def __init__(self, width: int, height: int, seed: int = 1, grain: float = 3.0):
        self.w, self.h = width, height
        self.s = min(width, height)  # shapes scale with the short side
        self.rng = np.random.default_rng(seed)
        self.grain = grain
        self.phase = self.rng.uniform(0, 2 * math.pi, 8)
        ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
        horizon = 0.55
        wall = WALL * (0.92 + 0.08 * (1 - ys / horizon))
        floor = FLOOR * (0.9 + 0.1 * (ys - horizon) / (1 - horizon))
        base = np.where(ys < horizon, wall, floor)
        self.background = np.broadcast_to(base[:, None, :] if base.ndim == 2 else base, (height, width, 3)).copy()
        self._blob(self.background, 0.5 * width, 0.8 * height, 0.42 * width, 0.14 * height, RUG, 0.06)
        # a window's soft light on the wall
        self._blob(self.background, 0.8 * width, 0.22 * height, 0.1 * width, 0.14 * height,
                   np.array([250, 248, 235], np.float32), 0.08)
        self.noise = self.rng.normal(0, 1, (height + 16, width + 16)).astype(np.float32)

    # ------------------------------------------------------------------ picture

    def _blob(self, img, cx, cy, rx, ry, color, softness=0.15, alpha=1.0):
        """A soft-edged ellipse blended into img (only its bounding box is touched)."""
        pad = 1 + softness
        x0, x1 = int(max(0, cx - rx * pad)), int(min(self.w, cx + rx * pad + 1))
        y0, y1 = int(max(0, cy - ry * pad)), int(min(self.h, cy + ry * pad + 1))
        if x0 >= x1 or y0 >= y1:
            return
        xs = (np.arange(x0, x1, dtype=np.float32) - cx) / rx
        ys = (np.arange(y0, y1, dtype=np.float32) - cy) / ry
        d = np.sqrt(xs[None, :] ** 2 + ys[:, None] ** 2)
        a = np.clip((1 + softness - d) / (2 * softness), 0, 1)[:, :, None] * alpha
        region = img[y0:y1, x0:x1]
        region += (color - region) * a

    def child_position(self, t: float) -> tuple[float, float]:
        p = self.phase
        x = 0.62 + 0.12 * math.sin(0.23 * t + p[0]) + 0.05 * math.sin(0.61 * t + p[1])
        y = 0.70 + 0.05 * math.sin(0.37 * t + p[2])
        return x * self.w, y * self.h

    def looking_at_parent(self, t: float) -> bool:
        return math.sin(0.5 * t + self.phase[3]) > 0.55

    def ball_position(self, t: float) -> tuple[float, float]:
        cx, cy = self.child_position(t)
        push = max(0.0, math.sin(0.31 * t + self.phase[4]))
        return cx + (0.08 + 0.1 * push) * self.w * math.cos(0.2 * t), cy + 0.06 * self.h

    def frame(self, t: float) -> np.ndarray:
        img = self.background.copy()
        s, p = self.s, self.phase
        # toys on the rug
        for i, color in enumerate(TOYS[:3]):
            self._blob(img, (0.38 + 0.09 * i) * self.w, (0.83 + 0.02 * (i % 2)) * self.h,
                       0.035 * s, 0.03 * s, color, 0.05)
        bx, by = self.ball_position(t)
        self._blob(img, bx, by, 0.045 * s, 0.045 * s, TOYS[3], 0.1)
        # the parent: body, head, an arm that reaches out now and then
        sway = 0.015 * self.w * math.sin(0.4 * t + p[5])
        px, py = 0.27 * self.w + sway, 0.6 * self.h
        self._blob(img, px, py, 0.13 * s, 0.24 * s, PARENT, 0.12)
        lean = 0.02 * s * math.sin(0.5 * t + p[3])  # leans towards the child when it looks
        self._blob(img, px + 0.02 * s + lean, py - 0.3 * s, 0.075 * s, 0.09 * s, SKIN, 0.12)
        reach = 0.5 + 0.5 * math.sin(0.27 * t + p[6])
        self._blob(img, px + (0.1 + 0.12 * reach) * s, py - 0.02 * s, 0.11 * s, 0.03 * s, PARENT, 0.2)
        # the child: body, head turning towards the parent for a look
        cx, cy = self.child_position(t)
        bob = 0.01 * s * math.sin(2.1 * t)
        self._blob(img, cx, cy + bob, 0.08 * s, 0.1 * s, CHILD, 0.15)
        turn = -0.015 * s if self.looking_at_parent(t) else 0.01 * s
        self._blob(img, cx + turn, cy - 0.14 * s + bob, 0.055 * s, 0.06 * s, SKIN, 0.15)
        self._blob(img, cx + 2 * turn, cy - 0.14 * s + bob, 0.012 * s, 0.012 * s,
                   np.array([90, 60, 50], np.float32), 0.3, 0.6)  # where the face points
        # a sensor's grain, moving from frame to frame
        k = int(t * 30)
        dy, dx = (k * 7) % 16, (k * 11) % 16
        img += self.grain * self.noise[dy:dy + self.h, dx:dx + self.w, None]
        return np.clip(img, 0, 255).astype(np.uint8)

    # ------------------------------------------------------------------ sound

    def sound(self, t0: float, n: int, rate: int) -> np.ndarray:
        t = t0 + np.arange(n) / rate
        out = 0.004 * self.rng.normal(0, 1, n)  # room tone
        # parent's voice: phrases of a low, gliding hum with harmonics
        talk = np.clip(np.sin(2 * np.pi * 0.23 * t + self.phase[0]) * 3 - 1, 0, 1)
        syllables = 0.5 + 0.5 * np.sin(2 * np.pi * 4.0 * t) ** 2
        f0 = 190 + 30 * np.sin(2 * np.pi * 0.7 * t)
        ph = 2 * np.pi * np.cumsum(f0) / rate
        out += 0.05 * talk * syllables * (np.sin(ph) + 0.5 * np.sin(2 * ph) + 0.25 * np.sin(3 * ph))
        # child's babble: short, higher bursts
        babble = np.clip(np.sin(2 * np.pi * 0.41 * t + self.phase[1]) * 4 - 2.5, 0, 1)
        chirps = (np.sin(2 * np.pi * 2.7 * t) > 0.3).astype(np.float32)
        f1 = 380 + 60 * np.sin(2 * np.pi * 1.9 * t)
        ph1 = 2 * np.pi * np.cumsum(f1) / rate
        out += 0.04 * babble * chirps * (np.sin(ph1) + 0.3 * np.sin(2 * ph1))
        # the ball's rattle when it is pushed
        push = np.maximum(0, np.sin(0.31 * t + self.phase[4]))
        rattle = (push > 0.97) * (np.sin(2 * np.pi * 18 * t) > 0.6)
        out += 0.05 * rattle * self.rng.normal(0, 1, n)
        return np.clip(out, -1, 1).astype(np.float32)
