"""A first run that shows the way (the welcome card), window size on first launch, and image
export at slide size with a clean option."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QImage


def test_the_card_shows_once_and_its_buttons_ask_for_the_three_ways_in(qtbot, window, tmp_path: Path) -> None:
    from desktop.ui.welcome import WelcomeCard, should_show

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    assert should_show(settings)
    card = WelcomeCard(window, settings)
    asked = []
    card.playRequested.connect(lambda: asked.append("play"))
    card.lessonRequested.connect(lambda: asked.append("lesson"))
    card.keysRequested.connect(lambda: asked.append("keys"))
    card.present()
    assert card.isVisible() and window.rect().contains(card.geometry())
    card.play_button.click()
    assert asked == ["play"] and not card.isVisible()
    assert not should_show(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    card.present()                    # Help → Welcome brings it back on request
    card.lesson_button.click()
    card.present()
    card.keys_button.click()
    assert asked == ["play", "lesson", "keys"]


def test_the_card_fits_a_small_window(qtbot, window) -> None:
    from desktop.ui.audit import audit_widgets
    from desktop.ui.welcome import WelcomeCard

    card = WelcomeCard(window)
    card.present()
    qtbot.wait(10)
    assert audit_widgets(card, "welcome") == []


class _Screen:
    def __init__(self, w: int, h: int) -> None:
        self.rect = QRect(0, 0, w, h)

    def availableGeometry(self) -> QRect:  # noqa: N802 (Qt's name)
        return self.rect


def test_first_window_fits_the_screen() -> None:
    from desktop.ui.export import first_window_size

    assert first_window_size(_Screen(1920, 1040)) == QSize(1440, 900)
    small = first_window_size(_Screen(1280, 690))
    assert small.width() <= 1280 and small.height() <= 690


def test_export_defaults_to_slide_size_and_clean_drops_live_state(qtbot, window, tmp_path: Path) -> None:
    from desktop.ui.export import save_column_at

    scene = window.scene
    window.select("component:gpu")
    scene.token.setVisible(True)
    scene.token.setPos(scene.chips["gpu"].rect.center())
    scene.set_gauges({n: 0.5 for n in scene.bands})
    plain, clean = tmp_path / "plain.png", tmp_path / "clean.png"
    save_column_at(scene, plain)
    save_column_at(scene, clean, clean=True)
    a, b = QImage(str(plain)), QImage(str(clean))
    assert a.size() == QSize(1920, 1080) == b.size()
    assert a != b
    # the live state is back on screen after a clean export
    assert scene.token.isVisible() and scene.items_by_ref["component:gpu"].state.selected
    assert any(g.isVisible() for g in scene.gauges.values())
