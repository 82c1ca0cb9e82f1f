"""Light, dark and high-contrast themes, built on the Okabe–Ito colour-blind-safe palette.

Colour never carries meaning alone in Stackscope: every band also has its number and name, every
state a label or an outline. The palette only makes the column easier to read.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Nine layers, eight hues: layer 8 reuses blue at a different lightness.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#999999", "#3D7EBF"]

THEMES = ("light", "dark", "contrast", "projector")
THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark", "contrast": "High contrast",
                "projector": "Projector (high contrast, light)"}


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    selection: str
    seam: str
    token: str
    band_alpha: int          # how strongly a layer's hue tints its band (0-255)
    chip: str
    dark: bool
    # Everything else the column and the plots draw, so no element keeps a colour of its own
    # (a white gauge on the dark column, light-grey legends on white).
    on_accent: str = "#000000"     # text on a selection/accent fill (a struck seam's badge)
    gauge_track: str = ""          # the gauge's empty part ("" = surface)
    callout: str = ""              # a fault's caption box ("" = surface)
    plot_bg: str = ""              # plot background ("" = surface)
    plot_fg: str = ""              # axes, ticks, titles and legend text ("" = text)
    series: tuple[str, str] = ("#0072B2", "#D55E00")   # the two main curves of every plot
    line_scale: float = 1.0        # projector: thicker lines and outlines

    def c(self, attr: str, fallback: str) -> QColor:
        """A colour attribute, or the named fallback attribute when it is left empty."""
        return QColor(getattr(self, attr) or getattr(self, fallback))

    def layer_color(self, number: int) -> QColor:
        return QColor(OKABE_ITO[number % len(OKABE_ITO)])

    def band_fill(self, number: int) -> QColor:
        base = QColor(self.surface)
        hue = self.layer_color(number)
        a = self.band_alpha / 255.0
        return QColor(round(base.red() * (1 - a) + hue.red() * a),
                      round(base.green() * (1 - a) + hue.green() * a),
                      round(base.blue() * (1 - a) + hue.blue() * a))

    def q(self, attr: str) -> QColor:
        return QColor(getattr(self, attr))


LIGHT = Theme("light", window="#F4F5F7", surface="#FFFFFF", text="#1B1F24", muted="#4A525C",
              border="#9AA3AD", accent="#0072B2", selection="#D55E00", seam="#5B6470",
              token="#D55E00", band_alpha=52, chip="#FFFFFF", dark=False,
              on_accent="#FFFFFF", gauge_track="#E4E7EB", plot_fg="#1B1F24", series=("#0072B2", "#B34700"))
DARK = Theme("dark", window="#16191D", surface="#22262B", text="#ECEFF3", muted="#B2BAC4",
             border="#5C6670", accent="#56B4E9", selection="#F0E442", seam="#AEB7C1",
             token="#F0E442", band_alpha=70, chip="#2C3137", dark=True,
             gauge_track="#2C3137", callout="#2C3137", plot_bg="#1C2024", series=("#56B4E9", "#E69F00"))
CONTRAST = Theme("contrast", window="#000000", surface="#000000", text="#FFFFFF", muted="#FFFFFF",
                 border="#FFFFFF", accent="#FFD400", selection="#FFD400", seam="#FFFFFF",
                 token="#00E5FF", band_alpha=0, chip="#000000", dark=True,
                 series=("#00E5FF", "#FFD400"), line_scale=1.4)
# For a projector: projected black washes out and thin pastel lines vanish, so pure black text
# and thick dark lines on white, with bands tinted only lightly.
PROJECTOR = Theme("projector", window="#FFFFFF", surface="#FFFFFF", text="#000000", muted="#1F1F1F",
                  border="#000000", accent="#0047AB", selection="#B30000", seam="#000000",
                  token="#B30000", band_alpha=40, chip="#FFFFFF", dark=False,
                  on_accent="#FFFFFF", gauge_track="#FFFFFF", series=("#0047AB", "#B30000"), line_scale=1.6)
# Handouts print on white paper: the light theme without its grey window.
PRINT = Theme("print", window="#FFFFFF", surface="#FFFFFF", text="#000000", muted="#333333",
              border="#6B7280", accent="#0072B2", selection="#B34700", seam="#333333",
              token="#B34700", band_alpha=45, chip="#FFFFFF", dark=False,
              on_accent="#FFFFFF", gauge_track="#FFFFFF", series=("#0072B2", "#B34700"))

_BY_NAME = {t.name: t for t in (LIGHT, DARK, CONTRAST, PROJECTOR, PRINT)}


def _channel(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return 0.2126 * _channel(color.red()) + 0.7152 * _channel(color.green()) + 0.0722 * _channel(color.blue())


def contrast_ratio(fg: QColor, bg: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21 (a translucent foreground is blended onto ``bg`` first)."""
    if fg.alpha() < 255:
        a = fg.alphaF()
        fg = QColor(round(fg.red() * a + bg.red() * (1 - a)), round(fg.green() * a + bg.green() * (1 - a)),
                    round(fg.blue() * a + bg.blue() * (1 - a)))
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(color: QColor, background: QColor, fallback: QColor, need: float = 4.5) -> QColor:
    """``color`` if it meets ``need`` against ``background``, else ``fallback`` (the text colour):
    a muted grey on a strongly tinted band would not."""
    return color if contrast_ratio(color, background) >= need else fallback


def ink_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return black if contrast_ratio(black, background) >= contrast_ratio(white, background) else white


def system_prefers_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    try:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return QGuiApplication.palette().color(QPalette.Window).lightness() < 128


def resolve(name: str | None) -> Theme:
    """A theme by name; ``system`` (or nothing) follows the desktop's light/dark setting."""
    if name in _BY_NAME:
        return _BY_NAME[name]  # type: ignore[index]
    return DARK if system_prefers_dark() else LIGHT


def palette_for(theme: Theme) -> QPalette:
    pal = QPalette()
    c = QColor
    pal.setColor(QPalette.Window, c(theme.window))
    pal.setColor(QPalette.WindowText, c(theme.text))
    pal.setColor(QPalette.Base, c(theme.surface))
    pal.setColor(QPalette.AlternateBase, c(theme.window))
    pal.setColor(QPalette.Text, c(theme.text))
    pal.setColor(QPalette.Button, c(theme.surface))
    pal.setColor(QPalette.ButtonText, c(theme.text))
    pal.setColor(QPalette.ToolTipBase, c(theme.surface))
    pal.setColor(QPalette.ToolTipText, c(theme.text))
    pal.setColor(QPalette.PlaceholderText, c(theme.muted))
    pal.setColor(QPalette.Highlight, c(theme.accent))
    pal.setColor(QPalette.HighlightedText, c("#000000" if theme.name == "contrast" else "#FFFFFF"))
    pal.setColor(QPalette.ToolTipBase, c(theme.surface))
    pal.setColor(QPalette.Light, c(theme.surface))
    pal.setColor(QPalette.Mid, c(theme.border))
    pal.setColor(QPalette.Dark, c(theme.border))
    pal.setColor(QPalette.Link, c(theme.accent))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        pal.setColor(QPalette.Disabled, role, c(theme.muted))
    return pal


def stylesheet_for(theme: Theme) -> str:
    """Only what QPalette cannot say: a visible focus ring everywhere, and roomy controls."""
    return f"""
    *:focus {{ outline: 2px solid {theme.accent}; }}
    QPushButton, QToolButton, QComboBox {{ padding: 4px 10px; }}
    QPushButton:focus, QToolButton:focus, QComboBox:focus, QListWidget:focus, QTextBrowser:focus,
    QSlider:focus, QGraphicsView:focus, QTreeWidget:focus, QTableWidget:focus, QRadioButton:focus,
    QCheckBox:focus, QLineEdit:focus, QDoubleSpinBox:focus, QSpinBox:focus, QTabBar::tab:focus {{
        border: 2px solid {theme.accent};
    }}
    QPushButton:focus, QToolButton:focus {{ outline: none; }}
    QToolButton[tab="true"] {{ border: none; border-bottom: 3px solid transparent; padding: 4px 10px; color: {theme.text}; }}
    QToolButton[tab="true"]:hover {{ background: {theme.surface}; }}
    QToolButton[tab="true"]:checked {{ border-bottom: 3px solid {theme.accent}; background: {theme.surface}; }}
    QToolTip {{ color: {theme.text}; background: {theme.surface}; border: 1px solid {theme.border}; }}
    QTextBrowser {{ border: 1px solid {theme.border}; }}
    """
