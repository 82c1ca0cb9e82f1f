"""The scenario panel: symptoms without the cause, probes against the budget, a score, a result;
and at projector type in a third of a small screen, not one word of it cut."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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


def _pick(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, (data, [combo.itemData(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


def test_a_student_works_a_scenario_through(panel, qtbot, tmp_path: Path) -> None:
    panel.resize(420, 700)
    panel.show()
    panel.select("hot-afternoon")
    panel.seed_box.setValue(3)
    assert not panel.on_case_page()
    qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    assert panel.on_case_page() and panel.case_tabs.currentIndex() == 0      # Symptoms first
    case = panel.seen["case"]
    shown = panel.symptoms_label.text().lower()
    assert "latency" in shown and "chiller" not in shown
    assert "hot afternoon" in panel.case_title.text().lower()
    # Probes, by the widgets: its tab, a row, the button.
    probes_tab, answer_tab = panel.case_tabs.strip.buttons()[1:3]
    qtbot.mouseClick(probes_tab, Qt.LeftButton)
    assert panel.probe_list.isVisible() and not panel.symptoms_label.isVisible()
    row = next(i for i in range(panel.probe_list.count()) if panel.probe_list.item(i).data(Qt.UserRole) == "hall-air")
    panel.probe_list.setCurrentRow(row)
    qtbot.mouseClick(panel.probe_button, Qt.LeftButton)
    assert "degC" in panel.probe_output.toPlainText()
    assert "20 of 30" in panel.budget_label.text()
    assert panel.probe_list.item(row).text().startswith("✓")            # done, marked
    # The answer, by the widgets: the layer, then the part, then the seams' rows.
    qtbot.mouseClick(answer_tab, Qt.LeftButton)
    assert panel.hint_button.isEnabled() and panel.reveal_button.isEnabled()   # practice mode
    rc = case.root_cause()
    _pick(panel.layer_box, panel.stack.layer_of(rc["ref"]))
    assert panel.cause_box.currentData() == panel.stack.layer(panel.layer_box.currentData()).ref
    _pick(panel.cause_box, rc["ref"])
    assert panel.cause_box.currentText() == panel.stack.label(rc["ref"])    # a name, not a ref
    for i in range(panel.seam_list.count()):
        item = panel.seam_list.item(i)
        assert not item.text().startswith("seam:")
        if item.data(Qt.UserRole) in rc["path"]:          # a click anywhere on the row ticks it
            rect = panel.seam_list.visualItemRect(item)
            qtbot.mouseClick(panel.seam_list.viewport(), Qt.LeftButton, pos=rect.center())
            assert item.checkState() == Qt.Checked, item.text()
    first = panel.seam_list.item(0)
    panel.seam_list.setCurrentItem(first)
    panel.seam_list.setFocus()
    before = first.checkState()
    qtbot.keyClick(panel.seam_list, Qt.Key_Space)                   # and Space from the keyboard
    assert first.checkState() != before
    qtbot.keyClick(panel.seam_list, Qt.Key_Space)
    assert first.checkState() == before
    submit_at = panel.submit_button.geometry()
    qtbot.mouseClick(panel.submit_button, Qt.LeftButton)
    assert panel.graded.correct and "100 %" in panel.score_label.text()
    QApplication.processEvents()
    assert panel.submit_button.geometry() == submit_at                     # feedback moved nothing
    [saved] = list((tmp_path / "results").glob("*.json"))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["student"] == "Ada" and data["score"] == 1.0 and data == panel.seen["result"]
    assert data["answers"]["refs"][0] == rc["ref"] and "hall-air" in data["answers"]["probes"]


def test_set_answer_takes_refs_and_answers_gives_them_back(panel) -> None:
    panel.select("hot-afternoon")
    case = panel.begin()
    rc = case.root_cause()
    panel.set_answer(rc["ref"], rc["path"])
    assert panel.answers() == [rc["ref"], *[s for s in (x.ref for x in panel.stack.seams) if s in rc["path"]]]
    assert "layer 0" in panel.layer_box.currentText().lower()
    panel.set_answer("layer:network", ())
    assert panel.answers() == ["layer:network"]
    panel.set_answer("osi:4")                   # not listed, still named and graded by its ref
    assert panel.answers() == ["osi:4"] and "OSI 4" in panel.cause_box.currentText()
    panel.set_answer("")
    assert panel.answers() == []
    assert panel.submit() is None and "root cause" in panel.score_label.text()


def test_start_shows_the_case_and_back_returns_to_the_list(panel, qtbot) -> None:
    panel.resize(400, 600)
    panel.show()
    panel.select("dark-names")
    qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    assert panel.on_case_page() and panel.back_button.isVisible()
    first = panel.case
    panel.run_probe(first.scenario.probes[0].id)
    qtbot.mouseClick(panel.back_button, Qt.LeftButton)
    assert not panel.on_case_page() and panel.scenario_list.isVisible()
    assert panel.resume_button.isVisible() and first.scenario.title in panel.choice_note.text()
    qtbot.mouseClick(panel.resume_button, Qt.LeftButton)             # the case stayed as it was
    assert panel.on_case_page() and panel.case is first and panel.probe_output.toPlainText()
    panel.show_choice()
    qtbot.keyClick(panel.scenario_list, Qt.Key_Return)               # Return on a row starts anew
    assert panel.on_case_page() and panel.case is not first and not panel.probe_output.toPlainText()


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


def test_hints_and_the_reveal_show_beside_the_answer(panel) -> None:
    panel.select("hot-afternoon")
    case = panel.begin()
    text = panel.next_hint()
    assert text and text in panel.help_label.text() and text in panel.probe_output.toPlainText()
    rc = panel.reveal()
    assert panel.stack.label(rc["ref"]) in panel.help_label.text()
    assert panel.help_label.parentWidget() is panel.submit_button.parentWidget().parentWidget()
    assert case.root_cause() == rc


def test_no_attribute_shadows_a_qt_method(panel) -> None:
    from PySide6.QtWidgets import QWidget

    import inspect

    own = set(vars(panel)) | {k for k, v in type(panel).__dict__.items() if inspect.isfunction(v)}
    from PySide6.QtCore import Signal

    qt = {k for k in dir(QWidget) if not k.startswith("_") and not isinstance(getattr(QWidget, k), Signal)}
    assert own & qt == set()


# --- nothing cut at projector type in a narrow panel ----------------------------------------------

def _every_page(view):
    """Show each page a student sees, in a busy state, and yield its name."""
    view.scenario_list.setCurrentRow(0)
    QApplication.processEvents()
    yield "choose"
    case = view.begin()
    view.run_probe(case.scenario.probes[0].id)
    rc = case.root_cause()
    view.set_answer(rc["ref"], rc["path"])
    view.submit(keep=False)
    view.next_hint()
    for i in range(view.case_tabs.count()):
        view.case_tabs.setCurrentIndex(i)
        QApplication.processEvents()
        yield view.case_tabs.tabText(i)
    view.show_choice()
    QApplication.processEvents()
    yield "choose, a case open"


@pytest.fixture
def projector_type(panel):
    """``projector_type(px, theme)``: the panel's type at ``px`` in that theme, as presenter
    mode sets it (a style sheet rule). On the panel, not the application: replacing the
    application's style sheet under live widgets is what crashes Qt in QWidget::style()."""
    from desktop.ui import theme as themes

    app = QApplication.instance()
    palette = app.palette()

    def apply(px: int, name: str = "light") -> None:
        theme = themes.resolve(name)
        app.setPalette(themes.palette_for(theme))
        panel.setStyleSheet(themes.stylesheet_for(theme) + f"QWidget {{ font-size: {px}px; }}")

    yield apply
    app.setPalette(palette)


@pytest.mark.parametrize("px,width,theme", [(16, 380, "light"), (16, 360, "dark"), (24, 570, "projector"),
                                            (24, 560, "contrast")])
def test_nothing_is_cut_in_a_narrow_panel_at_projector_type(panel, qtbot, projector_type, px, width, theme) -> None:
    """A third of a 1280×720 projector screen at 16 px type, or of 1920×1080 at 24 px."""
    from desktop.ui.audit import audit_widgets

    projector_type(px, theme)
    panel.resize(width, round(width * 1.8))
    panel.show()
    qtbot.waitExposed(panel)
    seen = []
    for page in _every_page(panel):
        seen.append(page)
        assert panel.font().pixelSize() == px or panel.scenario_list.font().pixelSize() == px
        found = audit_widgets(panel, page)
        assert found == [], "\n".join(map(str, found))
        for view in (panel.scenario_list, panel.probe_list, panel.seam_list):
            assert not view.horizontalScrollBar().isVisible()
    assert seen == ["choose", "Symptoms", "Probes", "Answer", "choose, a case open"]
    # The long titles really wrapped: their rows are taller than one line of type.
    line = panel.scenario_list.fontMetrics().lineSpacing()
    tallest = max(panel.scenario_list.visualItemRect(panel.scenario_list.item(i)).height()
                  for i in range(panel.scenario_list.count()))
    assert tallest >= 3 * line - 1


def test_growing_lists_show_every_row_without_scrolling(panel, projector_type, qtbot) -> None:
    projector_type(16)
    panel.resize(380, 500)
    panel.show()
    panel.select("hot-afternoon")
    panel.begin()
    panel.case_tabs.setCurrentIndex(2)
    QApplication.processEvents()
    seams = panel.seam_list
    bottom = max(seams.visualItemRect(seams.item(i)).bottom() for i in range(seams.count()))
    assert bottom <= seams.viewport().height()          # the page scrolls, not the list
    assert seams.height() == seams.heightForWidth(seams.width())


def test_in_presenter_mode_at_1280x720_the_panel_reads_whole(window, qtbot) -> None:
    """The real window: presenter type (16 px on 720 lines), the panels' 30 % share."""
    from desktop.ui.audit import audit_widgets

    window.resize(1280, 720)
    panel = window.show_panel("scenarios")
    window.presenter.enter(fullscreen=False)
    QApplication.processEvents()
    view = panel.view
    assert view.width() <= 0.3 * 1280 and view.scenario_list.font().pixelSize() == 16
    for page in _every_page(view):
        found = audit_widgets(panel, page)
        assert found == [], "\n".join(map(str, found))
    # On 720 lines the Answer page is taller than its room: the score scrolls into sight.
    view.show_case()
    view.case_tabs.setCurrentIndex(2)
    view.answer_page.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    view.submit(keep=False)
    qtbot.waitUntil(lambda: view.answer_page.verticalScrollBar().value() > 0, timeout=2000)
    port = view.answer_page.viewport()
    score = view.score_label
    assert port.rect().contains(score.mapTo(port, score.rect().bottomLeft()))
    assert port.rect().contains(view.submit_button.mapTo(port, view.submit_button.rect().topLeft()))


def _press(qtbot, key, modifier=Qt.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)
    QApplication.processEvents()


def test_window_keys_work_from_the_case_page(window, qtbot) -> None:
    """tests/test_keys.py sees the list page; these are the case page's own kinds of widget."""
    panel = window.show_panel("scenarios")
    view = panel.view
    view.begin()
    view.case_tabs.setCurrentIndex(2)
    QApplication.processEvents()
    s = window.state
    for widget in (view.cause_box, view.seam_list, view.submit_button, view.back_button):
        window.show_panel("scenarios")
        view.case_tabs.setCurrentIndex(2)
        widget.setFocus(Qt.OtherFocusReason)
        assert QApplication.focusWidget() is widget
        lens = s.lens
        _press(qtbot, Qt.Key_L)
        assert s.lens != lens, f"L from {widget.accessibleName()}"
        _press(qtbot, Qt.Key_1, Qt.ControlModifier)
        assert window.current_panel().key == "inspector"
        _press(qtbot, Qt.Key_8, Qt.ControlModifier)
        assert window.current_panel().key == "scenarios" and view.on_case_page()   # the case stayed
        assert QApplication.focusWidget() is not None and panel.isAncestorOf(QApplication.focusWidget())
    view.case_tabs.setCurrentIndex(1)
    view.probe_list.setFocus(Qt.OtherFocusReason)
    _press(qtbot, Qt.Key_F5)
    assert s.presenter
    _press(qtbot, Qt.Key_Escape)
    assert not s.presenter
