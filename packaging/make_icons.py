"""Rasterise ``assets/icons/stackscope.svg`` into the icon files every platform needs.

Writes, next to the SVG:

* ``stackscope-16.png`` … ``stackscope-512.png``: the Linux hicolor sizes (16, 32, 48, 64, 128,
  256, 512), also used by the app itself for its window icon;
* ``stackscope.ico``: Windows (16–256; 16–128 as 32-bit DIBs for old tools, 256 as PNG, the
  layout Windows itself uses), for the .exe, the installer and the uninstaller;
* ``stackscope.icns``: macOS (PNG entries from 16 to 1024, including the @2x ones), for the .app.

The generated files are committed, so a build needs only the SVG's outputs, not this script. Run
it after editing the SVG::

    python packaging/make_icons.py          # regenerate
    python packaging/make_icons.py --check  # exit 1 if the committed files are stale or missing

Qt renders the SVG (QtSvg), offscreen, so no display and no extra tool (Inkscape, iconutil,
ImageMagick) is needed, on any OS.
"""
from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SVG = ICONS / "stackscope.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, with their pixel size (Apple's icns format).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def png_name(size: int) -> str:
    return f"stackscope-{size}.png"


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    return app, QBuffer, QByteArray, QIODevice, Qt, QImage, QPainter, QSvgRenderer


class Rasteriser:
    def __init__(self, svg: Path = SVG) -> None:
        (self._app, self.QBuffer, self.QByteArray, self.QIODevice, self.Qt, self.QImage,
         self.QPainter, QSvgRenderer) = _qt()
        self.renderer = QSvgRenderer(str(svg))
        if not self.renderer.isValid():
            raise SystemExit(f"{svg}: not a valid SVG")
        self._cache: dict[int, object] = {}

    def image(self, size: int):
        """The icon as a straight-alpha ARGB32 QImage of size × size pixels."""
        if size not in self._cache:
            img = self.QImage(size, size, self.QImage.Format.Format_ARGB32)
            img.fill(self.Qt.GlobalColor.transparent)
            painter = self.QPainter(img)
            painter.setRenderHint(self.QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(self.QPainter.RenderHint.SmoothPixmapTransform)
            self.renderer.render(painter)
            painter.end()
            self._cache[size] = img
        return self._cache[size]

    def png(self, size: int) -> bytes:
        data = self.QByteArray()
        buf = self.QBuffer(data)
        buf.open(self.QIODevice.OpenModeFlag.WriteOnly)
        self.image(size).save(buf, "PNG")
        buf.close()
        return bytes(data.data())

    def bgra_rows_bottom_up(self, size: int) -> tuple[bytes, bytes]:
        """(32-bit BGRA pixel rows, 1-bit AND mask rows), bottom row first, as a DIB wants."""
        img = self.image(size)
        rows, mask = [], []
        stride = ((size + 31) // 32) * 4
        for y in range(size - 1, -1, -1):
            row = bytearray()
            bits = bytearray(stride)
            for x in range(size):
                argb = img.pixel(x, y)
                a, r, g, b = argb >> 24 & 255, argb >> 16 & 255, argb >> 8 & 255, argb & 255
                row += bytes((b, g, r, a))
                if a == 0:
                    bits[x // 8] |= 0x80 >> (x % 8)
            rows.append(bytes(row))
            mask.append(bytes(bits))
        return b"".join(rows), b"".join(mask)


def ico_bytes(r: Rasteriser) -> bytes:
    entries: list[tuple[int, bytes]] = []
    for size in ICO_SIZES:
        if size >= 256:
            entries.append((size, r.png(size)))
            continue
        pixels, mask = r.bgra_rows_bottom_up(size)
        header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0,
                             len(pixels) + len(mask), 0, 0, 0, 0)
        entries.append((size, header + pixels + mask))
    out = bytearray(struct.pack("<HHH", 0, 1, len(entries)))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    for _size, data in entries:
        out += data
    return bytes(out)


def icns_bytes(r: Rasteriser) -> bytes:
    body = b"".join(t + struct.pack(">I", 8 + len(d)) + d
                    for t, d in ((t, r.png(s)) for t, s in ICNS_TYPES))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs() -> dict[Path, bytes]:
    r = Rasteriser()
    files = {ICONS / png_name(s): r.png(s) for s in PNG_SIZES}
    files[ICONS / "stackscope.ico"] = ico_bytes(r)
    files[ICONS / "stackscope.icns"] = icns_bytes(r)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a generated file is missing or stale")
    args = parser.parse_args(argv)
    stale = []
    for path, data in outputs().items():
        if path.is_file() and path.read_bytes() == data:
            continue
        if args.check:
            stale.append(path)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if stale:
        for path in stale:
            print(f"stale or missing: {path.relative_to(ROOT)}", file=sys.stderr)
        print("run: python packaging/make_icons.py", file=sys.stderr)
        return 1
    if args.check:
        print("icons are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
