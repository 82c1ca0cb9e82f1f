"""The main window: the column, selection by mouse and keyboard, the inspector, themes, render."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]


def click(qtbot, window, ref: str) -> None:
    item = window.scene.items_by_ref[ref]
    if hasattr(item, "tab"):          # a seam: its labelled tab
        target = item.tab.center()
    elif hasattr(item, "label_width"):  # a band: its label area (chips fill the middle)
        target = item.rect.topLeft() + QPointF(item.label_width * 0.6, item.rect.height() * 0.5)
    else:
        target = item.rect.center()
    point = window.column.mapFromScene(target)
    qtbot.mouseClick(window.column.viewport(), Qt.LeftButton, pos=QPoint(point.x(), point.y()))


def test_layer_zero_at_the_bottom(window) -> None:
    bands = window.scene.bands
    ys = [bands[n].rect.center().y() for n in range(9)]
    assert ys == sorted(ys, reverse=True), "layer 0 must be lowest, layer 8 highest"
    assert all(bands[n].rect.height() > 20 for n in range(9))


def test_osi_sub_column_inside_layer_2(window, stack) -> None:
    osi = window.scene.osi_items
    assert sorted(osi) == [1, 2, 3, 4, 5, 6, 7]
    ys = [osi[n].rect.center().y() for n in range(1, 8)]
    assert ys == sorted(ys, reverse=True), "physical at the bottom"
    band = window.scene.bands[2].rect
    assert all(band.contains(osi[n].rect) for n in osi)
    assert [osi[n].osi.pdu for n in range(1, 8)] == [o.pdu for o in stack.osi]
    for t in stack.tcpip:  # each bracket spans exactly its OSI rows
        bracket = window.scene.brackets[t.id].rect
        assert bracket.top() >= osi[max(t.osi)].rect.top() - 2
        assert bracket.bottom() <= osi[min(t.osi)].rect.bottom() + 2


@pytest.mark.parametrize("ref,expected", [
    ("layer:facility", "promise to the layer above"),
    ("osi:4", "Unit of data (PDU)"),
    ("component:gpu", "Depends on"),
    ("seam:2-3", "What the lower side really guarantees"),
])
def test_click_selects_and_inspects(qtbot, window, stack, ref, expected) -> None:
    with qtbot.waitSignal(window.column.selectionChanged, timeout=2000) as blocker:
        click(qtbot, window, ref)
    assert blocker.args == [ref]
    assert window.scene.items_by_ref[ref].state.selected
    text = window.inspector.plain_text()
    assert expected in text
    assert window.inspector.heading.split(" · ")[-1] in text or window.inspector.heading in text


def test_inspector_shows_layer_contents(qtbot, window, stack) -> None:
    click(qtbot, window, "layer:hardware")
    layer = stack.layer("hardware")
    text = window.inspector.plain_text()
    for needle in (layer.promise[:40], layer.leaks[:40], layer.budget.name, layer.examples[0].name):
        assert needle in text


def test_keyboard_walks_the_column(qtbot, window) -> None:
    view = window.column
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Up)
    assert view.selected == "layer:facility"
    qtbot.keyClick(view, Qt.Key_Up)
    qtbot.keyClick(view, Qt.Key_Up)
    assert view.selected == "layer:network"
    qtbot.keyClick(view, Qt.Key_Right)
    assert view.selected == "osi:1"
    qtbot.keyClick(view, Qt.Key_Up)
    assert view.selected == "osi:2" and "Data link" in window.inspector.plain_text()
    qtbot.keyClick(view, Qt.Key_Left)
    assert view.selected == "layer:network"
    before = window.scene.bands[2].rect.height()
    qtbot.keyClick(view, Qt.Key_Return)
    assert window.scene.bands[2].rect.height() > before
    qtbot.keyClick(view, Qt.Key_Escape)
    assert view.selected is None and "Nothing selected" in window.inspector.plain_text()


def test_themes_change_the_picture(qtbot, window) -> None:
    def pixel() -> int:
        return window.column.grab().toImage().pixel(2, 2)

    window.apply_theme("light")
    light = pixel()
    window.apply_theme("dark")
    dark = pixel()
    window.apply_theme("contrast")
    contrast = pixel()
    assert len({light, dark, contrast}) == 3
    assert window.scene.theme.name == "contrast"


def test_column_rescales_with_the_window(qtbot, window) -> None:
    small = window.scene.bands[5].rect.height()
    window.resize(1920, 1080)
    qtbot.wait(10)
    assert window.scene.bands[5].rect.height() > small * 1.2
    # nothing overlaps: bands are disjoint and chips stay inside their band
    rects = [window.scene.bands[n].rect for n in range(9)]
    for a, b in zip(rects, rects[1:]):
        assert not a.intersects(b)
    for chip in window.scene.chips.values():
        assert window.scene.bands[chip.comp.layer].rect.contains(chip.rect), chip.comp.id


def test_open_broken_layers_keeps_the_column(qtbot, window, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "layers.yaml"
    bad.write_text("layers: [", encoding="utf-8")
    shown = []
    monkeypatch.setattr("desktop.ui.dialogs.TextDialog.exec", lambda self: shown.append(self.view.toPlainText()))
    assert window.load_layers(bad) is False
    assert shown and str(bad) in shown[0] and "not valid YAML" in shown[0]
    assert len(window.scene.bands) == 9


def _not_blank(path: Path, width: int, height: int) -> None:
    image = QImage(str(path))
    assert (image.width(), image.height()) == (width, height)
    colours = {image.pixel(x, y) for x in range(0, width, max(1, width // 40))
               for y in range(0, height, max(1, height // 40))}
    assert len(colours) > 8, "the render is (nearly) blank"


@pytest.mark.parametrize("width,height,theme", [(1280, 720, "light"), (900, 700, "dark")])
def test_render_command(tmp_path: Path, width: int, height: int, theme: str) -> None:
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "desktop", "render", str(out), "--width", str(width),
                             "--height", str(height), "--select", "layer:network", "--theme", theme],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    _not_blank(out, width, height)


def test_render_svg_and_unknown_selection(tmp_path: Path) -> None:
    out = tmp_path / "column.svg"
    ok = subprocess.run([sys.executable, "-m", "desktop", "render", str(out), "--width", "1000", "--height", "800"],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "<svg" in out.read_text(encoding="utf-8")[:2000]
    bad = subprocess.run([sys.executable, "-m", "desktop", "render", str(tmp_path / "x.png"), "--select", "layer:nope"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "layer:nope" in bad.stderr


def test_a_message_and_the_selection_hint_share_one_line(window) -> None:
    """QStatusBar's temporary message was drawn through the hint label; now a message takes
    the line for a while and the latest hint comes back after it."""
    label = window.status_label
    window.state.status("Saved somewhere")
    assert label.text() == "Saved somewhere"
    window.state.select("layer:facility")
    assert label.text() == "Saved somewhere"            # the message keeps the line for now
    assert window.statusBar().currentMessage() == ""    # and Qt's own overlay is never used
    window._message_timer.timeout.emit()                 # its time is up (no sleeping)
    assert "Facility" in label.text() or "facility" in label.text()
