"""The scale view: presets, sliders and the reverse question update the strip live."""
from __future__ import annotations

import pytest

from desktop.core.scale.sizing import preset_ids


@pytest.fixture
def scale_window(window):
    window.show_panel("scale")
    return window


def test_the_strip_replaces_the_column_while_showing(scale_window) -> None:
    assert scale_window.left.currentWidget() is scale_window.panel("scale").strip
    scale_window.show_panel("inspector")
    assert scale_window.left.currentWidget() is scale_window.column


@pytest.mark.parametrize("preset", preset_ids())
def test_every_preset_draws(scale_window, preset) -> None:
    panel = scale_window.panel("scale")
    panel.model.apply_preset(preset)
    result = panel.strip.result
    assert result is not None and result.meter_mw > 0 and result.it_mw <= result.meter_mw
    assert panel.steps.rowCount() == len(result.steps)
    image = panel.strip.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}) > 8


def test_pue_slider_moves_the_numbers_live(scale_window) -> None:
    panel = scale_window.panel("scale")
    panel.model.apply_preset("crane")
    before = panel.strip.result.it_mw
    for value in range(110, 160, 5):
        panel.pue.setValue(value)
    after = panel.strip.result.it_mw
    assert after < before
    assert abs(panel.strip.result.pue - 1.55) < 1e-9


def test_air_cooled_nvl72_is_flagged(scale_window) -> None:
    panel = scale_window.panel("scale")
    panel.model.apply_preset("humain-2030")
    panel.cooling.setCurrentIndex(panel.cooling.findData("air"))
    assert panel.strip.result.has_flag("cooling-too-weak")
    assert panel.strip.result.racks == 0


def test_reverse_question_finds_the_megawatts(scale_window) -> None:
    panel = scale_window.panel("scale")
    panel.model.apply_preset("crane")
    panel.goal.setValue(1.0)
    panel.solve.click()
    result = panel.strip.result
    assert result.prompts_per_day >= 1e9
    assert abs(panel.mw.value() - result.meter_mw) < 0.1
    assert "MW" in panel.note.text()


def test_the_model_changes_tokens_per_second_and_prompts_follow(scale_window) -> None:
    panel = scale_window.panel("scale")
    panel.model.apply_preset("crane")
    panel.model_picker.setCurrentIndex(panel.model_picker.findData("8b"))
    small = panel.model.result
    panel.model_picker.setCurrentIndex(panel.model_picker.findData("70b"))
    big = panel.model.result
    assert big.model == "70b" and small.tokens_per_s > 3 * big.tokens_per_s
    panel.tokens.setValue(250)
    r = panel.model.result
    assert r.tokens_per_prompt == 250
    assert r.prompts_per_day * 250 == pytest.approx(r.tokens_per_s * 86_400)
    panel.utilisation.setValue(0.5)
    assert panel.model.result.utilisation == pytest.approx(0.5)
    assert panel.model.result.tokens_per_s < r.tokens_per_s
