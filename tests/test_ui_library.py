"""The user library in the app: a lesson and a flow dropped into it appear after View → Reload
library; the Scenarios tab grades an attempt and writes a signed result file there."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch):
    from desktop.core import library

    monkeypatch.setenv("STACKSCOPE_HOME", str(tmp_path))
    library.forget()
    yield tmp_path
    library.forget()


def test_reload_library_lists_a_new_lesson_and_flow(home, window, qtbot) -> None:
    from PySide6.QtCore import Qt

    from desktop.core import library

    s = window.state
    window.show_panel("flow")
    flows_before = set(s.flow.flow_ids())
    root = library.ensure()
    shutil.copy(ROOT / "docs" / "examples" / "lessons" / "dns.yaml", root / "lessons" / "dns.yaml")
    flow = (ROOT / "assets" / "flows" / "card-payment.yaml").read_text(encoding="utf-8")
    (root / "flows" / "my-payment.yaml").write_text(flow.replace("id: card-payment", "id: my-payment", 1),
                                                   encoding="utf-8")
    s.lessons.user_folder = root / "lessons"
    window.column.setFocus()
    qtbot.keyClick(window.column, Qt.Key_R, Qt.ControlModifier)
    assert "my-payment" in set(s.flow.flow_ids()) - flows_before
    assert "dns" in {lesson.id for lesson in s.lessons.lessons}


def test_the_scenarios_tab_grades_and_keeps_a_result(home, window) -> None:
    from desktop.core.learn import results

    panel = window.show_panel("scenarios")
    view = panel.view
    case = view.begin()
    rc = case.root_cause()
    view.set_answer(rc["ref"], rc["path"])
    graded = view.submit()
    assert graded.correct and graded.score == pytest.approx(1.0)
    files = list(panel.results.glob("*.json"))
    assert len(files) == 1
    checked = results.check_folder(panel.results, [results.install_key()])
    assert [c.ok for c in checked] == [True]
    # the hidden fault never lights the column: the student must find it
    assert not window.state.highlights.get("fault") and not window.state.faults
