"""Register the bundled Inter font so text lays out the same on every machine and offscreen."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from desktop import resources

FAMILY = "Inter"
_registered: list[str] = []


def register_fonts() -> str:
    """Load every font in assets/fonts once; returns the family name the UI should use."""
    if _registered:
        return _registered[0]
    family = ""
    for path in sorted(resources.path("assets", "fonts").glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and not family:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else ""
    _registered.append(family or QFont().defaultFamily())
    return _registered[0]


def ui_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    font = QFont(register_fonts())
    if point_size:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def pixel_font(pixels: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """A font sized in pixels: the column scales its text with its bands, not with DPI."""
    font = QFont(register_fonts())
    font.setPixelSize(max(1, round(pixels)))
    if bold:
        font.setWeight(QFont.DemiBold)
    font.setItalic(italic)
    return font
