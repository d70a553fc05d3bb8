"""The Closer Together icon, drawn in pure Python and written as PNG (standard library only).

The Alexa skill store wants a 108x108 and a 512x512 PNG. Rather than keep binary files beside
the code, `icon_png(size)` draws the icon at any size: two overlapping soft circles (the two
partners) on a warm background. The drawing is deterministic, so the same size always gives the
same bytes, and the edges are anti-aliased by pixel coverage.
"""
from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SMALL, LARGE = 108, 512  # the sizes the skill manifest's smallIconUri and largeIconUri need

# Colours as (r, g, b). The background runs from a warm cream at the top to a soft peach below.
_TOP = (252, 236, 224)
_BOTTOM = (246, 206, 186)
# The two partners: a deep rose on the left, a warm amber on the right, each partly see-through
# so the place where they overlap is a colour of its own.
_LEFT = ((166, 64, 102), 0.88)
_RIGHT = ((236, 146, 80), 0.80)
# Circle centres and radius, as fractions of the icon's side.
_LEFT_CENTRE = (0.385, 0.52)
_RIGHT_CENTRE = (0.615, 0.48)
_RADIUS = 0.255


def icon_png(size: int) -> bytes:
    """The Closer Together icon as an 8-bit RGB PNG of `size` x `size` pixels.

    >>> data = icon_png(16)
    >>> data[:8] == PNG_SIGNATURE, data == icon_png(16)
    (True, True)
    """
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 4096:
        raise ValueError(f"icon size must be a whole number of pixels from 1 to 4096, not {size!r}")
    return _icon(size)


@lru_cache(maxsize=4)
def _icon(size: int) -> bytes:
    # Drawing 512x512 in pure Python takes most of a second; the bytes never change for a size.
    return png_rgb(size, size, _draw(size))


def png_rgb(width: int, height: int, pixels: bytes) -> bytes:
    """An 8-bit RGB PNG of `width` x `height` from `pixels` (rows top to bottom, 3 bytes a pixel).

    Every scanline uses filter type 0 (none); zlib does the compressing.
    """
    stride = width * 3
    if width < 1 or height < 1 or len(pixels) != stride * height:
        raise ValueError(f"{len(pixels)} bytes of pixels do not make a {width}x{height} RGB image")
    raw = b"".join(b"\x00" + pixels[row * stride:(row + 1) * stride] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, truecolour, no interlace
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _coverage(distance: float, radius: float) -> float:
    """How much of a pixel whose centre is `distance` from a circle's centre the circle covers
    (a one-pixel ramp across the edge: anti-aliasing without supersampling)."""
    return min(1.0, max(0.0, radius - distance + 0.5))


def _draw(size: int) -> bytes:
    """The icon's pixels, row by row."""
    out = bytearray()
    radius = _RADIUS * size
    reach = (radius + 1) ** 2  # beyond this squared distance a circle covers nothing
    circles = [(cx * size, cy * size, shade, alpha)
               for (cx, cy), (shade, alpha) in ((_LEFT_CENTRE, _LEFT), (_RIGHT_CENTRE, _RIGHT))]
    for row in range(size):
        py = row + 0.5
        t = py / size
        background = tuple(top + (bottom - top) * t for top, bottom in zip(_TOP, _BOTTOM))
        line = bytearray(bytes(int(round(c)) for c in background) * size)
        for cx, cy, shade, alpha in circles:
            dy2 = (py - cy) ** 2
            if dy2 > reach:
                continue
            half = math.sqrt(reach - dy2)  # only columns within `half` of the centre can be touched
            for column in range(max(0, int(cx - half)), min(size, int(cx + half) + 1)):
                distance = math.sqrt((column + 0.5 - cx) ** 2 + dy2)
                weight = alpha * _coverage(distance, radius)
                if weight <= 0.0:
                    continue
                # "Soft": each circle is a little lighter towards its middle, like a glow.
                glow = 0.18 * max(0.0, 1.0 - distance / radius)
                at = column * 3
                for channel in range(3):
                    under = line[at + channel]
                    over = shade[channel] + (255 - shade[channel]) * glow
                    line[at + channel] = int(round(under + (over - under) * weight))
        out += line
    return bytes(out)
