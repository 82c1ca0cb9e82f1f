"""Lessons that make students think (the Qt-free part): a prediction is committed before the
step that shows the outcome, feedback carries one verdict, and a check lists the column labels
that would give its answer away."""
from __future__ import annotations

import re
from pathlib import Path

from desktop.core.learn.lessons import (Action, Check, Feedback, Lesson, Option, Result, Step,
                                        grade, load_all)
from desktop.core.learn.progress import ProgressStore
from desktop.core.learn.session import (LessonSession, check_item_label, feedback_text,
                                        is_prediction, labels_to_hide)


def _lesson(*steps: Step) -> Lesson:
    return Lesson(id="t", title="T", summary="s", level="beginner", minutes=5, prerequisites=(),
                  steps=tuple(steps))


CHOICE = Check("choice", "The chiller trips. What does the user notice first?", "heat",
               options=(Option("A slower answer", "Right. Heat slows the GPU.", True),
                        Option("Nothing", "Not yet. Something has to give.")))


def test_next_is_held_until_the_prediction_is_made(tmp_path: Path) -> None:
    lesson = _lesson(Step("Start", "Load it", action=Action("flow", flow="chatbot-prompt")),
                     Step("Guess first", "What will happen?", check=CHOICE),
                     Step("Trip it", "Watch", action=Action("fault", fault="chiller-trip")))
    session = LessonSession(lesson, ProgressStore(tmp_path))
    assert session.can_advance() == ""          # no question on the first step
    session.next()
    assert session.is_prediction()
    reason = session.can_advance()
    assert reason and "\n" not in reason and "predict" in reason.lower()
    session.answer([1])                          # a wrong prediction still counts as made
    assert session.can_advance() == ""
    session.next()
    assert session.is_last and session.can_advance()   # nothing after the last step


def test_a_check_before_an_ordinary_step_is_not_a_prediction() -> None:
    lesson = _lesson(Step("Ask", "Think", check=CHOICE), Step("Read", "More text"))
    assert not is_prediction(lesson, 0)
    titled = _lesson(Step("Predict: a trip", "Think", check=CHOICE), Step("Read", "More text"))
    assert is_prediction(titled, 0)


def test_feedback_says_the_verdict_once() -> None:
    right = feedback_text(grade(CHOICE, [0]))
    wrong = feedback_text(grade(CHOICE, [1]))
    assert right == "Right. Heat slows the GPU."
    assert wrong == "Not quite. Something has to give."
    colon = feedback_text(Result(True, "Right: 8 × 700 W = 5600 W.", "correct"))
    assert colon == "Right. 8 × 700 W = 5600 W."
    plain = feedback_text(Result(False, "Think about the wire.", "wrong"))
    assert plain == "Not quite. Think about the wire."
    assert feedback_text(Result(False, "Choose an option.", "invalid")) == "Choose an option."


def test_every_shipped_feedback_has_a_single_verdict() -> None:
    lessons, _ = load_all()
    texts = []
    for lesson in lessons:
        for step in lesson.steps:
            c = step.check
            if c is None:
                continue
            texts += [Result(o.correct, o.feedback, "correct" if o.correct else "wrong") for o in c.options]
            fb: Feedback = c.feedback
            texts += [Result(True, fb.correct, "correct"), Result(False, fb.wrong, "wrong"),
                      Result(False, fb.low, "low"), Result(False, fb.high, "high")]
    assert texts
    for result in texts:
        if not result.feedback:
            continue
        shown = feedback_text(result)
        mark, _, rest = shown.partition(". ")
        assert mark in ("Right", "Not quite", "Partly right"), shown
        assert not re.match(r"(right|not quite|not yet|yes|no|correct|wrong)\s*[.:!,]", rest, re.I), shown


def test_ordering_osi_layers_hides_their_numbers_and_items_lose_them(stack) -> None:
    order = Check("order", "Put the OSI layers in order, from layer 1 upwards.", "wire",
                  items=tuple(f"osi:{n}" for n in range(1, 8)))
    hidden = labels_to_hide(Step("Seven jobs", "…", check=order))
    assert {f"number:osi:{n}" for n in range(1, 8)} <= hidden
    assert not any(h.startswith("pdu:") for h in hidden)
    assert all(not any(ch.isdigit() for ch in check_item_label(i, stack)) for i in order.items)


def test_pdu_and_layer_questions_hide_what_they_ask(stack) -> None:
    pdus = Check("order", "Order these PDU names from OSI layer 1 upwards.", "light",
                 items=("Bits", "Frames", "Packets", "Segments", "Data"))
    assert {f"pdu:osi:{n}" for n in range(1, 8)} <= labels_to_hide(Step("Wrap", "…", check=pdus))
    which = Check("choice", "Which layer holds the load balancer?", "box",
                  options=(Option("2", "Right."), Option("7", "No.")))
    assert "number:layer:*" in labels_to_hide(Step("Which", "…", check=which))
    assert labels_to_hide(Step("No check", "…")) == frozenset()


def test_a_solved_check_shows_every_label_again(tmp_path: Path) -> None:
    order = Check("order", "Put the OSI layers in order.", "wire", items=("osi:1", "osi:2", "osi:3"))
    session = LessonSession(_lesson(Step("Order", "…", check=order)), ProgressStore(tmp_path))
    assert session.labels_to_hide()
    session.answer(["osi:1", "osi:2", "osi:3"])
    assert session.labels_to_hide() == frozenset()


def test_the_column_hides_what_a_check_asks(qapp, stack) -> None:
    from PySide6.QtGui import QImage, QPainter

    from desktop.ui.column import ColumnScene

    scene = ColumnScene(stack)
    scene.layout(1400, 900)

    def painted(ref: str) -> list[str]:
        image = QImage(1400, 900, QImage.Format_ARGB32)
        painter = QPainter(image)
        scene.render(painter)
        painter.end()
        return [t.text for t in scene.items_by_ref[ref].texts]

    osi4 = stack.osi[3]
    assert "4" in painted("osi:4") and osi4.pdu in painted("osi:4")
    order = Check("order", "Put the OSI layers in order.", "wire", items=tuple(f"osi:{n}" for n in range(1, 8)))
    pdus = Check("order", "Order these PDU names.", "light", items=("Bits", "Frames", "Packets"))
    scene.set_hidden_labels(labels_to_hide(Step("a", "…", check=order)) | labels_to_hide(Step("b", "…", check=pdus)))
    shown = painted("osi:4")
    assert "4" not in shown and "?" in shown and osi4.pdu not in shown and osi4.name in shown
    scene.set_hidden_labels({"number:layer:*"})
    assert "?" in painted(stack.layers[2].ref)
    scene.set_hidden_labels(None)
    assert "4" in painted("osi:4")
