"""Picture files for upload tests: good ones in each format, and the hostile ones a shop must refuse."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def picture(fmt: str = "PNG", size: tuple[int, int] = (600, 400), *, exif_note: str = "") -> bytes:
    """A colourful picture; `exif_note` puts an EXIF ImageDescription in it (to check it is stripped)."""
    image = Image.new("RGB", size, (200, 40, 40))
    for x in range(0, size[0], 20):
        for y in range(0, size[1], 20):
            image.putpixel((x, y), (20, 200, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif_note:
        exif = Image.Exif()
        exif[0x010E] = exif_note
        kwargs["exif"] = exif.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb(side: int = 30_000) -> bytes:
    """A small PNG that claims side×side grey pixels (900 megapixels by default): all zeros, compressed."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    body = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def png_header_then_html() -> bytes:
    return PNG_SIGNATURE + b"<html><body><script>alert(document.cookie)</script></body></html>"


def png_with_trailing_html() -> bytes:
    """A real PNG with a script after its end: decodes fine, the script must not survive re-encoding."""
    return picture("PNG", (64, 64)) + b"<script>alert(1)</script>"


def too_many_pixels() -> bytes:
    """A real, small (compressed) PNG of 5000×100 pixels: over the 4096 side limit, under 2 MB."""
    out = io.BytesIO()
    Image.new("L", (5000, 100), 0).save(out, format="PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 0, 255)).save(out, format="GIF")
    return out.getvalue()


def over_two_megabytes() -> bytes:
    """Random bytes after a JPEG start: over the size limit before any decoding."""
    return b"\xff\xd8\xff\xe0" + bytes(2 * 1024 * 1024 + 1)
