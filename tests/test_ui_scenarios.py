"""The scenario panel: symptoms without the cause, probes against the budget, a score, a result."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.library import read_library


@pytest.fixture
def panel(qtbot, tmp_path: Path):
    from desktop.ui.scenario_panel import ScenarioPanel

    lib = read_library()
    seen: dict = {}
    widget = ScenarioPanel(lib.stack, lib["scenarios"].items(), student="Ada",
                           save_dir=tmp_path / "results",
                           on_case=lambda case: seen.setdefault("case", case),
                           on_graded=lambda case, grade, result: seen.setdefault("result", result))
    qtbot.addWidget(widget)
    widget.seen = seen                     # test bookkeeping only
    return widget


def test_a_student_works_a_scenario_through(panel, qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    panel.select("hot-afternoon")
    panel.seed_box.setValue(3)
    qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    case = panel.seen["case"]
    shown = panel.symptoms_label.text().lower()
    assert "latency" in shown and "chiller" not in shown
    assert panel.hint_button.isEnabled() and panel.reveal_button.isEnabled()   # practice mode
    lines = panel.run_probe("hall-air")
    assert lines and "degC" in panel.probe_output.toPlainText()
    assert "20 of 30" in panel.budget_label.text()
    rc = case.root_cause()
    panel.set_answer(rc["ref"], rc["path"])
    qtbot.mouseClick(panel.submit_button, Qt.LeftButton)
    assert panel.graded.correct and "100 %" in panel.score_label.text()
    [saved] = list((tmp_path / "results").glob("*.json"))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["student"] == "Ada" and data["score"] == 1.0 and data == panel.seen["result"]


def test_assessment_mode_has_no_hints_or_reveal(panel, qtbot) -> None:
    import dataclasses

    from desktop.ui.scenario_panel import ScenarioPanel

    sc = dataclasses.replace(read_library()["scenarios"].get("dark-names"), mode="assessment")
    exam = ScenarioPanel(panel.stack, [sc])
    qtbot.addWidget(exam)
    exam.select("dark-names")
    exam.begin()
    assert not exam.hint_button.isEnabled() and not exam.reveal_button.isEnabled()
    assert exam.reveal() == {} and exam.next_hint() == ""


def test_no_attribute_shadows_a_qt_method(panel) -> None:
    from PySide6.QtWidgets import QWidget

    import inspect

    own = set(vars(panel)) | {k for k, v in type(panel).__dict__.items() if inspect.isfunction(v)}
    from PySide6.QtCore import Signal

    qt = {k for k in dir(QWidget) if not k.startswith("_") and not isinstance(getattr(QWidget, k), Signal)}
    assert own & qt == set()
