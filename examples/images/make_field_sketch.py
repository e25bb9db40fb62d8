#!/usr/bin/env python3
# Writes examples/images/field-sketch.png: a small generated landscape (sky, hills, sun),
# encoded by hand as a PNG (zlib + CRC from the standard library; no imaging package).
import math
import os
import struct
import zlib

W, H = 240, 120


def pixel(x, y):
    sun = (x - 185) ** 2 + (y - 32) ** 2 < 16 ** 2
    hill1 = y > 78 + 14 * math.sin(x / 23.0)
    hill2 = y > 92 + 9 * math.sin(x / 15.0 + 1.3)
    if hill2:
        return (58, 112, 54)
    if hill1:
        return (96, 148, 80)
    if sun:
        return (246, 196, 64)
    t = y / H
    return (int(120 + 80 * t), int(170 + 60 * t), 235)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(W)) for y in range(H))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9))
       + chunk(b"IEND", b""))
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "field-sketch.png")
with open(out, "wb") as f:
    f.write(png)
