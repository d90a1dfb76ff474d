"""Draws the demo catalog's pictures into assets/catalog/ (run once; the WebP files are committed).

    .venv/bin/python -m store_app.catalog.make_demo_images

Nothing can be downloaded, so every picture is a device silhouette drawn with Pillow, in
PICTURE_VARIANTS colourways. Shapes are given on a 100 x 100 grid and drawn at twice the size,
then scaled down for smooth edges.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from store_app.catalog.demo import PICTURE_VARIANTS
from store_app.catalog.demo_data import SECTIONS
from store_app.core.settings import PROJECT_ROOT

OUT = PROJECT_ROOT / "assets" / "catalog"
SIZE = 480
DRAW_SIZE = SIZE * 2
# (background top, background bottom, device body, accent)
PALETTES = (
    ("#eef2ff", "#c7d2fe", "#1f2937", "#6366f1"),
    ("#ecfeff", "#a5f3fc", "#cbd5e1", "#0e7490"),
    ("#fff7ed", "#fdba74", "#334155", "#ea580c"),
)


class Pen:
    """Draws on a 100 x 100 grid; `body` and `accent` are the colourway's."""

    def __init__(self, draw: ImageDraw.ImageDraw, body: str, accent: str) -> None:
        self.draw, self.body, self.accent = draw, body, accent
        self.edge = "#475569"

    @staticmethod
    def _xy(*points: float) -> list[float]:
        return [p * DRAW_SIZE / 100 for p in points]

    def box(self, x0: float, y0: float, x1: float, y1: float, r: float = 0, fill: str | None = None) -> None:
        self.draw.rounded_rectangle(
            self._xy(x0, y0, x1, y1), radius=r * DRAW_SIZE / 100, fill=fill or self.body, outline=self.edge, width=4
        )

    def oval(self, x0: float, y0: float, x1: float, y1: float, fill: str | None = None) -> None:
        self.draw.ellipse(self._xy(x0, y0, x1, y1), fill=fill or self.body, outline=self.edge, width=4)

    def poly(self, *points: float, fill: str | None = None) -> None:
        self.draw.polygon(self._xy(*points), fill=fill or self.body, outline=self.edge)

    def line(self, *points: float, width: float = 2, fill: str | None = None) -> None:
        self.draw.line(self._xy(*points), fill=fill or self.body, width=int(width * DRAW_SIZE / 100), joint="curve")

    def arc(self, x0: float, y0: float, x1: float, y1: float, start: int, end: int, width: float) -> None:
        self.draw.arc(self._xy(x0, y0, x1, y1), start, end, fill=self.body, width=int(width * DRAW_SIZE / 100))


def phone(p: Pen) -> None:
    p.box(32, 10, 68, 90, 8)
    p.box(35, 15, 65, 85, 5, p.accent)
    p.oval(48, 17, 52, 21, "#0f172a")


def watch(p: Pen) -> None:
    p.box(40, 6, 60, 94, 6)
    p.box(28, 28, 72, 72, 14)
    p.box(33, 33, 67, 67, 10, p.accent)


def band(p: Pen) -> None:
    p.box(44, 8, 56, 92, 6)
    p.box(38, 28, 62, 72, 12)
    p.box(42, 33, 58, 67, 8, p.accent)


def tablet(p: Pen) -> None:
    p.box(16, 18, 84, 82, 6)
    p.box(20, 22, 80, 78, 3, p.accent)


def laptop(p: Pen) -> None:
    p.box(22, 20, 78, 62, 3)
    p.box(25, 23, 75, 59, 1, p.accent)
    p.poly(16, 64, 84, 64, 92, 74, 8, 74)


def monitor(p: Pen) -> None:
    p.box(44, 60, 56, 78)
    p.box(32, 76, 68, 82, 2)
    p.box(12, 16, 88, 64, 3)
    p.box(15, 19, 85, 61, 1, p.accent)


def keyboard(p: Pen) -> None:
    p.box(6, 38, 72, 68, 4)
    for row in range(3):
        for col in range(7):
            p.box(10 + col * 8.8, 42 + row * 8.2, 16 + col * 8.8, 47.5 + row * 8.2, 1, p.accent)
    p.oval(77, 36, 93, 64)
    p.line(85, 38, 85, 48, width=1.2, fill=p.accent)


def ssd(p: Pen) -> None:
    p.box(26, 18, 74, 82, 6)
    p.box(26, 30, 74, 46, 0, p.accent)
    p.box(42, 82, 58, 88, 1)


def headphones(p: Pen) -> None:
    p.arc(22, 14, 78, 74, 180, 360, 6)
    p.box(16, 44, 34, 76, 8)
    p.box(66, 44, 84, 76, 8)
    p.box(20, 50, 30, 70, 5, p.accent)
    p.box(70, 50, 80, 70, 5, p.accent)


def earbuds(p: Pen) -> None:
    p.box(26, 50, 74, 84, 16)
    p.line(28, 62, 72, 62, width=1)
    p.oval(30, 16, 46, 34, p.accent)
    p.box(36, 28, 42, 46, 3)
    p.oval(54, 16, 70, 34, p.accent)
    p.box(58, 28, 64, 46, 3)


def speaker(p: Pen) -> None:
    p.box(12, 32, 88, 70, 19)
    p.oval(18, 38, 44, 64, p.accent)
    p.oval(56, 38, 82, 64, p.accent)


def soundbar(p: Pen) -> None:
    p.box(6, 36, 94, 52, 7)
    for n in range(9):
        p.oval(14 + n * 8.5, 42, 18 + n * 8.5, 46, p.accent)
    p.box(66, 58, 90, 90, 4)
    p.oval(71, 66, 85, 80, p.accent)


def tv(p: Pen) -> None:
    p.box(20, 70, 26, 80)
    p.box(74, 70, 80, 80)
    p.box(8, 18, 92, 72, 2)
    p.box(11, 21, 89, 69, 1, p.accent)


def projector(p: Pen) -> None:
    p.poly(40, 55, 98, 30, 98, 80, fill="#fef9c3")
    p.box(12, 38, 70, 74, 9)
    p.oval(18, 44, 42, 68, p.accent)
    p.oval(24, 50, 36, 62, "#0f172a")


def tvbox(p: Pen) -> None:
    p.box(18, 46, 64, 66, 7)
    p.oval(38, 54, 44, 60, p.accent)
    p.box(72, 24, 86, 80, 6)
    p.oval(75, 30, 83, 38, p.accent)


def smartspeaker(p: Pen) -> None:
    p.box(30, 24, 70, 82, 8)
    p.oval(30, 16, 70, 32, p.accent)
    for n in range(5):
        p.line(34, 42 + n * 8, 66, 42 + n * 8, width=1.2, fill="#64748b")


def bulb(p: Pen) -> None:
    p.oval(28, 10, 72, 56, p.accent)
    p.poly(38, 50, 62, 50, 58, 66, 42, 66, fill=p.accent)
    p.box(40, 66, 60, 84, 3)
    for n in range(3):
        p.line(40, 71 + n * 5, 60, 71 + n * 5, width=1, fill="#94a3b8")


def robot(p: Pen) -> None:
    p.oval(12, 12, 88, 88)
    p.oval(24, 24, 76, 76, p.accent)
    p.oval(40, 16, 60, 28, "#0f172a")
    p.oval(38, 38, 62, 62)


def cctv(p: Pen) -> None:
    p.box(70, 20, 86, 80, 3)
    p.box(58, 50, 74, 58)
    p.box(14, 32, 66, 56, 12)
    p.oval(18, 36, 34, 52, p.accent)


def camera(p: Pen) -> None:
    p.box(28, 22, 52, 36, 3)
    p.box(12, 30, 88, 78, 8)
    p.oval(33, 36, 67, 70, p.accent)
    p.oval(41, 44, 59, 62, "#0f172a")
    p.oval(74, 36, 82, 44, p.accent)


def actioncam(p: Pen) -> None:
    p.box(24, 26, 76, 76, 10)
    p.oval(34, 36, 66, 68, p.accent)
    p.oval(42, 44, 58, 60, "#0f172a")
    p.box(64, 30, 72, 36, 1, p.accent)


def lens(p: Pen) -> None:
    p.box(26, 22, 74, 84, 6)
    p.box(26, 34, 74, 42, 0, p.accent)
    p.box(26, 58, 74, 62, 0, p.accent)
    p.oval(30, 12, 70, 30, "#0f172a")


def charger(p: Pen) -> None:
    p.box(38, 70, 42, 86, 1)
    p.box(58, 70, 62, 86, 1)
    p.box(28, 26, 72, 72, 8)
    p.oval(42, 40, 58, 56, p.accent)


def powerbank(p: Pen) -> None:
    p.box(28, 12, 72, 88, 10)
    for n in range(4):
        p.oval(42 + n * 5, 72, 45 + n * 5, 75, p.accent)
    p.box(38, 24, 62, 40, 4, p.accent)


def cable(p: Pen) -> None:
    points = [coordinate for t in range(41) for coordinate in (16 + t * 1.7, 50 + 16 * math.sin(t / 40 * 2 * math.pi))]
    p.line(*points, width=3)
    p.box(6, 44, 18, 56, 2, p.accent)
    p.box(82, 44, 94, 56, 2, p.accent)


def case(p: Pen) -> None:
    p.box(30, 8, 70, 92, 10, p.accent)
    p.box(36, 14, 54, 34, 6, "#0f172a")
    p.oval(39, 17, 46, 24, "#334155")
    p.oval(39, 26, 46, 33, "#334155")


def placeholder(p: Pen) -> None:
    p.poly(50, 18, 84, 34, 50, 50, 16, 34, fill=p.accent)
    p.poly(16, 34, 50, 50, 50, 86, 16, 70)
    p.poly(84, 34, 50, 50, 50, 86, 84, 70)


PICTURES: dict[str, Callable[[Pen], None]] = {
    draw.__name__: draw
    for draw in (
        *(phone, watch, band, tablet, laptop, monitor, keyboard, ssd, headphones, earbuds, speaker, soundbar, tv),
        *(projector, tvbox, smartspeaker, bulb, robot, cctv, camera, actioncam, lens, charger, powerbank, cable, case),
        placeholder,
    )
}


def render(draw_device: Callable[[Pen], None], palette: tuple[str, str, str, str]) -> Image.Image:
    top, bottom, body, accent = palette
    image = Image.new("RGB", (DRAW_SIZE, DRAW_SIZE))
    gradient = Image.linear_gradient("L").resize((DRAW_SIZE, DRAW_SIZE))
    image.paste(Image.composite(Image.new("RGB", image.size, bottom), Image.new("RGB", image.size, top), gradient))
    draw_device(Pen(ImageDraw.Draw(image), body, accent))
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    wanted = {sub.picture for section in SECTIONS for sub in section.subsections} | {"placeholder"}
    missing = wanted - set(PICTURES)
    if missing:
        raise SystemExit(f"no drawing for: {sorted(missing)}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sorted(wanted):
        for variant in range(1 if name == "placeholder" else PICTURE_VARIANTS):
            path: Path = OUT / (name + ".webp" if name == "placeholder" else f"{name}-{variant}.webp")
            render(PICTURES[name], PALETTES[variant]).save(path, "WEBP", quality=80, method=6)
    total = sum(f.stat().st_size for f in OUT.glob("*.webp"))
    print(f"{len(list(OUT.glob('*.webp')))} pictures, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
