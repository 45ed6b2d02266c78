"""Draw the extension's toolbar icons as small PNGs (standard library only).

A rounded green square holding lines of text; one line is struck out in orange: the lines that
linesift sifts away. Run from the repository root: python3 extension/tools/make_icons.py
"""

import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SUPERSAMPLE = 4
GREEN = (47, 111, 94)
WHITE = (255, 255, 255)
ORANGE = (240, 142, 74)

# Shapes in unit coordinates (0..1): (x0, y0, x1, y1, colour). Later shapes paint over earlier ones.
BARS = [
    (0.22, 0.24, 0.78, 0.34, WHITE),
    (0.22, 0.45, 0.62, 0.55, ORANGE),
    (0.22, 0.66, 0.78, 0.76, WHITE),
]
RADIUS = 0.2


def _inside_rounded_square(x: float, y: float) -> bool:
    cx = min(max(x, RADIUS), 1 - RADIUS)
    cy = min(max(y, RADIUS), 1 - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS**2


def _sample(x: float, y: float) -> tuple[int, int, int, int]:
    if not _inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    colour = GREEN
    for x0, y0, x1, y1, bar_colour in BARS:
        if x0 <= x <= x1 and y0 <= y <= y1:
            colour = bar_colour
    return (*colour, 255)


def render(size: int) -> bytes:
    """RGBA rows of one icon, each pixel the mean of SUPERSAMPLE² samples (premultiplied)."""
    n = SUPERSAMPLE
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter type 0 for this row
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = _sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / (n * n)
            colour = [round(c / acc[3]) if acc[3] else 0 for c in acc[:3]]
            rows.extend([*colour, round(alpha)])
    return bytes(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(render(size), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "icons"
    out.mkdir(exist_ok=True)
    for size in SIZES:
        (out / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
