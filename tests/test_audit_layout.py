"""The layout audit: it finds cut and faint text (so a clean report means something), and the
window is clean at every classroom size, in presenter mode, in every theme."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.ui import audit
from desktop.ui.theme import THEMES

ROOT = Path(__file__).resolve().parents[1]


def test_cut_and_faint_text_is_found(qtbot) -> None:
    root = QWidget()
    layout = QVBoxLayout(root)
    narrow = QLabel("A label far too long for the forty pixels it was given")
    narrow.setFixedWidth(40)
    faint = QLabel("Light grey on white")
    faint.setStyleSheet("")
    pal = faint.palette()
    from PySide6.QtGui import QColor, QPalette

    pal.setColor(QPalette.WindowText, QColor("#BBBBBB"))
    pal.setColor(QPalette.Window, QColor("#FFFFFF"))
    faint.setPalette(pal)
    faint.setAutoFillBackground(True)
    wrapped = QLabel("Words that wrap onto many lines need height the label does not have at all")
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 18)
    table = QTableWidget(1, 1)
    table.setItem(0, 0, QTableWidgetItem("A cell with much more text than its column can hold"))
    table.setColumnWidth(0, 60)
    for w in (narrow, faint, wrapped, table):
        layout.addWidget(w)
    qtbot.addWidget(root)
    root.resize(400, 300)
    root.show()
    qtbot.waitExposed(root)
    found = audit.audit_widgets(root, "test")
    kinds = {(f.kind, f.text[:10]) for f in found}
    assert ("clipped", narrow.text()[:10]) in kinds
    assert ("contrast", "Light grey") in kinds
    assert ("clipped", wrapped.text()[:10]) in kinds
    assert {("elided", "A cell wit"), ("clipped", "A cell wit")} & kinds
    assert all(f.where for f in found)


def test_a_squeezed_chip_is_found(qtbot, stack) -> None:
    from desktop.ui.app import make_app
    from desktop.ui.column import ColumnScene

    make_app()
    scene = ColumnScene(stack)
    scene.layout(1200, 800)
    assert audit.audit_column(scene) == []
    chip = next(iter(scene.chips.values()))
    chip.set_rect(QRectF(chip.rect.left(), chip.rect.top(), 12, chip.rect.height()))
    found = audit.audit_column(scene)
    assert any(f.kind == "elided" and f.where == f"column {chip.ref}" for f in found)


def test_contrast_ratio_matches_wcag() -> None:
    from PySide6.QtGui import QColor

    assert audit.contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert audit.contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert audit.is_large(24, False) and audit.is_large(19, True) and not audit.is_large(18, False)


# 3840×2160 is audited as a 4K display at 200 %, which lays out as 1920×1080 logical pixels:
# the same text metrics. The command itself is run at 3840×2160 below.
CONFIGS = [(1280, 720, False), (1366, 768, False), (1920, 1080, False), (1920, 1080, True),
           (1280, 720, True)]


@pytest.fixture(scope="module")
def windows():
    from desktop.ui.render import build_window

    built = {}

    def get(width: int, height: int, presenter: bool):
        key = (width, height, presenter)
        if key not in built:
            args = argparse.Namespace(width=width, height=height, theme="light", layers=None, lens=None,
                                      select=None, presenter=presenter, spotlight=False, scale=1.0)
            built[key] = build_window(args)
        return built[key]

    yield get
    for w in built.values():
        w.close()
        w.deleteLater()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width,height,presenter", CONFIGS,
                         ids=["1280x720", "1366x768", "1920x1080", "1920x1080-presenter", "1280x720-presenter"])
def test_nothing_is_cut_or_faint(windows, width, height, presenter, theme) -> None:
    window = windows(width, height, presenter)
    window.apply_theme(theme)
    findings = audit.run_audit(window)
    assert findings == [], "\n".join(map(str, findings))


def test_the_command_finds_nothing_at_4k_in_any_theme() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "audit-layout", "--size", "3840x2160",
                           "--theme", "all"], capture_output=True, text=True, timeout=400, cwd=ROOT)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("audit-layout 3840x2160 all:")
    count = int(last.rsplit(":", 1)[1].split()[0])
    assert done.returncode == (1 if count else 0)
    lines = done.stdout.strip().splitlines()[:-1]
    assert len(lines) == count
    assert count == 0, "\n".join(lines)     # nothing is cut at 4K either
    bad = subprocess.run([sys.executable, "-m", "desktop", "audit-layout", "--size", "big"],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert bad.returncode == 2 and "WIDTHxHEIGHT" in bad.stderr
