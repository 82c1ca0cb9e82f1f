"""Lessons: every shipped lesson validates; broken ones give located messages; grading; a
headless walk through every shipped lesson; the session's resume and completion rules."""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.catalog import Known
from desktop.core.sim.figures import shipped_figures
from desktop.core.learn.session import LessonSession, restore_actions
from desktop.core.learn.lessons import (Check, Feedback, Lesson, Option, discover, grade, lesson_ids,
                                  load_all, load_lesson, option_order, parse_number, read_lesson,
                                  shuffled_items, study_order)
from desktop.core.learn.progress import ProgressStore
from desktop.core.learn.views import VIEW_IDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "lessons" / "dns.yaml"
SHIPPED = sorted((ROOT / "lessons").glob("*.yaml"))


def documented(label: str) -> set[str]:
    """The ids docs/ids.md lists after ``label:`` (the catalogue lessons may name)."""
    text = (ROOT / "docs" / "ids.md").read_text(encoding="utf-8")
    m = re.search(rf"^{label}: (.*?)\.\s*$", text, re.M | re.S)
    assert m, label
    return {x.strip() for x in m.group(1).replace("\n", " ").split(",")}


@pytest.fixture(scope="module")
def known(stack) -> Known:
    """Every catalogue filled in from docs/ids.md, so the id checks run whatever modules exist."""
    return Known(stack=stack, figures=shipped_figures(), flows=documented("Flows"),
                 faults=documented("Faults"), lenses=documented("Lenses"),
                 lessons={p.stem for p in SHIPPED}, presets=documented("Scale presets"),
                 systems=documented("Scale systems"))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


# --- the shipped lessons ---------------------------------------------------------------------

def test_every_shipped_lesson_file_is_discovered() -> None:
    assert SHIPPED, "no lessons shipped"
    assert lesson_ids() == [p.stem for p in SHIPPED]
    assert discover() == SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_lesson_is_valid(path: Path, known: Known) -> None:
    lesson, problems = load_lesson(path, known)
    assert problems == [], "\n".join(map(str, problems))
    assert lesson is not None and lesson.id == path.stem and lesson.steps
    assert all(s.check is None or s.check.hint for s in lesson.steps)


def test_load_all_with_the_app_catalogues_has_no_problems() -> None:
    lessons, problems = load_all()
    assert problems == [], "\n".join(map(str, problems))
    assert sorted(l.id for l in lessons) == sorted(p.stem for p in SHIPPED)
    order = [l.id for l in lessons]
    assert order[0] == "whole-stack"
    for lesson in lessons:  # study order: prerequisites come first
        assert all(order.index(p) < order.index(lesson.id) for p in lesson.prerequisites)
    assert all(l.shipped for l in lessons)


def test_check_command_passes_on_lessons_and_the_docs_example() -> None:
    result = run_cli("check", "lessons/", "docs/examples/lessons/dns.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"checked {len(SHIPPED) + 1} file(s): no problems" in result.stdout


def test_docs_example_is_valid_outside_a_lessons_folder(known: Known) -> None:
    lesson, problems = load_lesson(EXAMPLE, known)
    assert problems == [] and lesson is not None
    assert lesson.id == "dns" and EXAMPLE.stem == "dns"
    assert [s.action.kind for s in lesson.steps if s.action] == ["select", "flow", "fault"]
    assert [s.check.kind for s in lesson.steps if s.check] == ["choice", "numeric", "choice", "order"]


# --- broken lessons: every message located ------------------------------------------------------

def _delete_line(n: int):
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        del lines[n - 1]
        return "".join(lines)
    return edit


def _delete_lines(first: int, last: int):
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        del lines[first - 1:last]
        return "".join(lines)
    return edit


def _sub(old: str, new: str):
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)
    return edit


ORDER_ITEMS = EXAMPLE.read_text(encoding="utf-8").split("      items:\n", 1)[1].split("      feedback:", 1)[0]

# (name, edit, file name, line, column, message) — the first three are the ones docs/authoring.md shows
BROKEN = [
    ("unknown-component", _sub("select: component:dns\n", "select: component:dns-server\n"), "dns.yaml",
     17, 15, "lesson.steps[0].action.select: unknown component 'dns-server' (did you mean 'dns'?)"),
    ("option-without-feedback", _delete_line(32), "dns.yaml",
     31, 11, "lesson.steps[1].check.options[0]: missing field 'feedback'"),
    ("no-correct-option", _delete_line(34), "dns.yaml",
     28, 7, "lesson.steps[1].check: no correct option; mark the right one with 'correct: true'"),
    ("typo-in-a-key", _sub("    highlight: [component:dns, component:cdn-edge]", "    hightlight: [component:dns, component:cdn-edge]"),
     "dns.yaml", 47, 5, "lesson.steps[2]: unknown key 'hightlight' (known: action, check, highlight, show, text, title; did you mean 'highlight'?)"),
    ("two-actions", _sub("      play: true\n", "      play: true\n      lens: osi\n"), "dns.yaml",
     49, 7, "lesson.steps[2].action: must have exactly one of select, flow, seek, fault, lens, load, scale (found flow, lens)"),
    ("bad-level", _sub("level: beginner", "level: easy"), "dns.yaml",
     4, 8, "lesson.level: expected one of beginner, intermediate, advanced, found 'easy'"),
    ("zero-minutes", _sub("minutes: 8", "minutes: 0"), "dns.yaml", 5, 10, "lesson.minutes: must be more than 0, found 0"),
    ("minutes-not-a-number", _sub("minutes: 8", "minutes: eight"), "dns.yaml",
     5, 10, "lesson.minutes: expected a whole number, found text 'eight'"),
    ("unknown-prerequisite", _sub("[whole-stack]", "[whole-stak]"), "dns.yaml",
     6, 17, "lesson.prerequisites[0]: unknown lesson 'whole-stak' (did you mean 'whole-stack'?)"),
    ("unknown-flow", _sub("flow: netflix-play", "flow: netflix-pley"), "dns.yaml",
     49, 13, "lesson.steps[2].action.flow: unknown flow 'netflix-pley' (did you mean 'netflix-play'?)"),
    ("unknown-fault", _sub("fault: dns-outage", "fault: dns-outag"), "dns.yaml",
     104, 14, "lesson.steps[5].action.fault: unknown fault 'dns-outag' (did you mean 'dns-outage'?)"),
    ("unknown-lens", _sub("select: component:dns\n", "lens: ai-cak\n"), "dns.yaml",
     17, 13, "lesson.steps[0].action.lens: unknown lens 'ai-cak' (did you mean 'ai-cake'?)"),
    ("unknown-preset", _sub("select: component:dns\n", "scale: {preset: cran}\n"), "dns.yaml",
     17, 23, "lesson.steps[0].action.scale.preset: unknown preset 'cran' (did you mean 'crane'?)"),
    ("negative-tolerance", _sub("tolerance: 2", "tolerance: -2"), "dns.yaml",
     65, 18, "lesson.steps[3].check.tolerance: must be 0 or more, found -2"),
    ("numeric-without-high-feedback", _delete_line(70), "dns.yaml",
     68, 9, "lesson.steps[3].check.feedback: missing field 'high'"),
    ("check-without-hint", _delete_line(71), "dns.yaml", 62, 7, "lesson.steps[3].check: missing field 'hint'"),
    ("unknown-check-kind", _sub("kind: numeric", "kind: number"), "dns.yaml",
     62, 13, "lesson.steps[3].check.kind: expected one of choice, numeric, order, found 'number'"),
    ("one-option", _delete_lines(33, 37), "dns.yaml",
     31, 9, "lesson.steps[1].check.options: a choice needs 2 to 5 options, found 1"),
    ("order-with-one-item", _sub(ORDER_ITEMS, "        - component:dns\n"), "dns.yaml",
     120, 9, "lesson.steps[6].check.items: an order check needs at least 2 items, found 1"),
    ("unknown-order-ref", _sub("        - The name's own servers give the address", "        - component:nameserver"),
     "dns.yaml", 123, 11, "lesson.steps[6].check.items[3]: unknown component 'nameserver'"),
    ("unknown-seam", _sub("[layer:network, component:dns, osi:7]", "[layer:network, seam:3-5, osi:7]"),
     "dns.yaml", 15, 32, "lesson.steps[0].highlight[1]: unknown seam '3-5'"),
    ("step-without-text", _delete_lines(9, 14), "dns.yaml", 8, 5, "lesson.steps[0]: missing field 'text'"),
    ("id-does-not-match-file", lambda t: t, "dns-lookup.yaml",
     1, 5, "lesson.id: 'dns' must match the file name: rename the file to 'dns.yaml' or change the id to 'dns-lookup'"),
    ("fault-before-any-flow", _delete_lines(48, 50), "dns.yaml",
     101, 14, "lesson.steps[5].action.fault: acts on the loaded flow; load one with 'flow: …' in an earlier step"),
    ("unknown-figure", _sub("(figure: dns.lookup)", "(figure: dns.lookp)"), "dns.yaml",
     53, 11, "lesson.steps[3].text: unknown figure 'dns.lookp' in a (figure: …) citation (did you mean 'dns.lookup'?)"),
    ("link-in-text", _sub("like a phone book.", "like a [phone book](https://example.org)."), "dns.yaml",
     9, 11, "lesson.steps[0].text: links are not allowed in lesson text"),
    ("yaml-colon", _sub('title: "Observe: the lookup in a real request"', "title: Observe: the lookup in a real request"),
     "dns.yaml", 40, None, "a value holds ': ', which YAML reads as a new key; quote this value: title:"),   # libyaml and PyYAML differ by a column
    ("unknown-view", _sub("    highlight: [component:dns, component:cdn-edge]\n",
                          "    highlight: [component:dns, component:cdn-edge]\n    show: waterfal\n"), "dns.yaml",
     48, 11, "lesson.steps[2].show: unknown view 'waterfal' (did you mean 'waterfall'?); expected one of "
             + ", ".join(VIEW_IDS)),
    ("view-not-text", _sub("    highlight: [component:dns, component:cdn-edge]\n",
                           "    highlight: [component:dns, component:cdn-edge]\n    show: [waterfall]\n"), "dns.yaml",
     48, 11, "lesson.steps[2].show: expected text"),
    ("play-on-a-fault", _sub("      at: 0.1\n", "      at: 0.1\n      play: true\n"), "dns.yaml",
     106, 7, "lesson.steps[5].action.play: only a 'flow' action takes 'play'"),
]


@pytest.mark.parametrize("name,edit,file_name,line,column,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_lesson_is_reported_where_it_is(tmp_path: Path, known: Known, name, edit, file_name,
                                               line, column, message) -> None:
    folder = tmp_path / "lessons"
    folder.mkdir()
    path = folder / file_name
    path.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    lesson, problems = load_lesson(path, known)
    assert lesson is None
    located = [(p.line, p.column, p.message) for p in problems]
    assert any(l == line and column in (c, None) and m.startswith(message) for l, c, m in located), \
        f"expected {line}:{column}: {message}\n got:\n" + "\n".join(map(str, problems))
    assert all(p.path == str(path) for p in problems)


def test_the_docs_show_the_checker_s_real_messages(tmp_path: Path, known: Known) -> None:
    """docs/authoring.md quotes three messages for the DNS lesson saved as lessons/dns.yaml."""
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for name, edit, file_name, line, column, _message in BROKEN[:3]:
        folder = tmp_path / name / "lessons"
        folder.mkdir(parents=True)
        path = folder / file_name
        path.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
        _lesson, problems = load_lesson(path, known)
        shown = f"lessons/dns.yaml:{line}:{column}: "
        quoted = next(l for l in guide.splitlines() if l.startswith(shown))
        assert any(quoted == f"lessons/dns.yaml:{p.line}:{p.column}: {p.message}" for p in problems), quoted


def test_the_check_command_prints_located_lesson_problems(tmp_path: Path) -> None:
    folder = tmp_path / "lessons"
    folder.mkdir()
    path = folder / "dns.yaml"
    path.write_text(BROKEN[0][1](EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert f"{path}:17:15: lesson.steps[0].action.select: unknown component 'dns-server'" in result.stdout


def test_an_empty_catalogue_is_skipped_not_failed(tmp_path: Path, known: Known) -> None:
    """Before a catalogue module exists (no fault ids yet), its ids are not checked."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("fault: dns-outage", "fault: anything-goes")
    path = tmp_path / "dns.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_lesson(path, replace(known, faults=set()))[1] == []
    assert load_lesson(path, known)[1] != []


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path, known: Known) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "bad.yaml").write_text("id: bad\ntitle: [\n", encoding="utf-8")
    (mine / "empty.yaml").write_text("", encoding="utf-8")
    dup = EXAMPLE.read_text(encoding="utf-8").replace("id: dns", "id: whole-stack").replace(
        "prerequisites: [whole-stack]", "prerequisites: []")
    (mine / "whole-stack.yaml").write_text(dup, encoding="utf-8")
    (mine / "dns.yaml").write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "prerequisites: [whole-stack]", "prerequisites: [whole-stack, extra]"), encoding="utf-8")
    (mine / "extra.yaml").write_text(EXAMPLE.read_text(encoding="utf-8").replace("id: dns", "id: extra")
                                     .replace("prerequisites: [whole-stack]", "prerequisites: [dns]"),
                                     encoding="utf-8")
    lessons, problems = load_all([mine, tmp_path / "missing"], known)
    ids = [l.id for l in lessons]
    assert len(ids) == len(SHIPPED) + 2 and {"dns", "extra"} <= set(ids) and ids.count("whole-stack") == 1
    by_file = {Path(p.path).name: p for p in problems}
    assert by_file["bad.yaml"].message.startswith("not valid YAML")
    assert by_file["empty.yaml"].message == "the file is empty"
    assert "already used by" in by_file["whole-stack.yaml"].message
    assert any("circle of prerequisites" in p.message for p in problems)
    assert not any(l.shipped for l in lessons if l.id in ("dns", "extra"))


def test_read_lesson_is_what_check_calls(known: Known) -> None:
    from desktop.core.catalog import KINDS
    from desktop.core.data.source import parse_file

    assert ("steps", "lesson", "desktop.core.learn.lessons:read_lesson") in KINDS
    lesson = read_lesson(parse_file(EXAMPLE), known)
    assert isinstance(lesson, Lesson) and lesson.source == str(EXAMPLE)
    assert lesson.steps[0].highlight == ("layer:network", "component:dns", "osi:7")
    flow = lesson.steps[2].action
    assert flow is not None and (flow.kind, flow.flow, flow.play) == ("flow", "netflix-play", True)
    fault = lesson.steps[5].action
    assert fault is not None and (fault.kind, fault.fault, fault.at) == ("fault", "dns-outage", 0.1)
    numeric = lesson.steps[3].check
    assert numeric is not None and (numeric.answer, numeric.tolerance, numeric.unit) == (48, 2, "ms")


# --- grading ---------------------------------------------------------------------------------

CHOICE = Check("choice", "Which?", "a hint", options=(
    Option("a", "fa"), Option("b", "fb", correct=True), Option("c", "fc")))
MULTI = Check("choice", "Which ones?", "a hint", options=(
    Option("a", "fa", correct=True), Option("b", "fb"), Option("c", "fc", correct=True)))
NUMERIC = Check("numeric", "How many?", "a hint", answer=3.33, tolerance=0.15, unit="M",
                feedback=Feedback(correct="yes", low="too low", high="too high"))
ORDER = Check("order", "Order them", "a hint", items=("x", "layer:facility", "z"),
              feedback=Feedback(correct="in order", wrong="not yet"))


def test_grade_choice() -> None:
    assert grade(CHOICE, [1]) == grade(CHOICE, {1}) == grade(CHOICE, 1)
    assert grade(CHOICE, [1]).correct and grade(CHOICE, [1]).feedback == "fb"
    wrong = grade(CHOICE, [0])
    assert not wrong.correct and wrong.feedback == "fa" and wrong.verdict == "wrong"
    assert not grade(CHOICE, [0, 1]).correct          # a wrong one chosen too
    assert grade(CHOICE, []).verdict == "invalid" and not grade(CHOICE, []).valid
    assert grade(CHOICE, [7]).verdict == "invalid"


def test_grade_choice_with_several_correct_options() -> None:
    assert MULTI.multiple and MULTI.correct_options == (0, 2)
    partial = grade(MULTI, [0])
    assert not partial.correct and partial.verdict == "partial" and "one more answer" in partial.feedback
    assert grade(MULTI, [0, 1, 2]).verdict == "wrong"
    right = grade(MULTI, [2, 0])
    assert right.correct and right.feedback == "fa\n\nfc"


def test_grade_numeric() -> None:
    assert grade(NUMERIC, 3.33).correct and grade(NUMERIC, 3.33).feedback == "yes"
    assert grade(NUMERIC, 3.18).correct and grade(NUMERIC, 3.48).correct     # the band's edges
    low, high = grade(NUMERIC, 3.1), grade(NUMERIC, 3.6)
    assert (low.verdict, low.feedback, high.verdict, high.feedback) == ("low", "too low", "high", "too high")
    assert grade(NUMERIC, "3,33").correct and grade(NUMERIC, " 3.4 ").correct
    assert grade(NUMERIC, "lots").verdict == "invalid"
    assert grade(NUMERIC, float("nan")).verdict == "invalid"
    exact = replace(NUMERIC, answer=7, tolerance=0)
    assert grade(exact, 7).correct and not grade(exact, 6.999).correct


def test_parse_number() -> None:
    assert parse_number("5600") == 5600 and parse_number("5 600") == 5600
    assert parse_number("3,33") == 3.33 and parse_number("3.8e25") == 3.8e25
    assert parse_number("\u22122") == -2
    assert parse_number("5,600") is None            # 5600 or 5.6? ask again
    assert parse_number("") is None and parse_number("1.2.3") is None and parse_number("inf") is None


def test_grade_order() -> None:
    assert grade(ORDER, ["x", "layer:facility", "z"]).correct
    wrong = grade(ORDER, ["z", "layer:facility", "x"])
    assert not wrong.correct and wrong.feedback == "not yet"
    assert grade(ORDER, ["x", "z"]).verdict == "invalid"
    assert grade(ORDER, ["x", "x", "z"]).verdict == "invalid"


def test_shuffled_items_are_deterministic_and_never_in_order() -> None:
    assert shuffled_items(ORDER, 1) == shuffled_items(ORDER, 1)
    two = replace(ORDER, items=("a", "b"))
    for seed in range(200):
        for check in (ORDER, two):
            shown = shuffled_items(check, seed)
            assert shown != check.items and sorted(shown) == sorted(check.items)
        assert shuffled_items(ORDER, f"lesson:{seed}") != ORDER.items
    assert len({shuffled_items(ORDER, s) for s in range(50)}) > 1
    assert sorted(option_order(CHOICE, 3)) == [0, 1, 2] and option_order(CHOICE, 3) == option_order(CHOICE, 3)


# --- walking every shipped lesson headless --------------------------------------------------------

def wrong_answer(session: LessonSession, check: Check):
    """A wrong answer derived from the check itself."""
    if check.kind == "choice":
        wrong = [i for i, o in enumerate(check.options) if not o.correct]
        return [wrong[0]] if wrong else [check.correct_options[0]]
    if check.kind == "numeric":
        return check.answer + check.tolerance + max(1.0, abs(check.answer))
    return list(session.order_items())


def right_answer(check: Check):
    if check.kind == "choice":
        return list(check.correct_options)
    if check.kind == "numeric":
        return check.answer
    return list(check.items)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_walk_every_shipped_lesson(path: Path, known: Known, tmp_path: Path) -> None:
    lesson, problems = load_lesson(path, known)
    assert lesson is not None, problems
    store = ProgressStore(tmp_path)
    session = LessonSession(lesson, store)
    assert session.index == 0 and not session.completed and not session.resumed
    seen_checks = 0
    while True:
        step = session.step
        assert step.title and step.text
        check = step.check
        if check is not None:
            seen_checks += 1
            if check.kind == "order":
                assert session.order_items() != check.items
            wrong = session.answer(wrong_answer(session, check))
            assert wrong.valid and not wrong.correct and wrong.feedback
            if check.kind == "numeric":
                low = session.answer(check.answer - check.tolerance - max(1.0, abs(check.answer)))
                assert low.verdict == "low" and low.feedback == check.feedback.low
                assert wrong.feedback == check.feedback.high
            assert not session.completed
            right = session.answer(right_answer(check))
            assert right.correct and right.feedback
            record = session.record()
            assert record.solved and record.solved_at == record.attempts and record.attempts >= 2
        if not session.next():
            break
        assert not session.completed or session.is_last
    assert session.is_last and session.index == len(lesson.steps) - 1
    assert seen_checks == len(lesson.check_steps) >= 1
    assert session.completed and session.unsolved() == []
    # and it is on disk
    again = ProgressStore(tmp_path).get(lesson.id)
    assert again.completed and again.step == len(lesson.steps) - 1 and again.completed_at is not None


# --- the session -------------------------------------------------------------------------------

@pytest.fixture
def dns(known: Known) -> Lesson:
    lesson, problems = load_lesson(EXAMPLE, known)
    assert lesson is not None, problems
    return lesson


def test_session_resumes_exactly_where_the_student_left(dns: Lesson, tmp_path: Path) -> None:
    session = LessonSession(dns, ProgressStore(tmp_path), now=lambda: 1000.0)
    session.next()
    session.answer([0])
    session.answer([1])
    session.next()
    session.next()
    session.add_time(42.5)
    assert session.index == 3
    later = LessonSession(dns, ProgressStore(tmp_path), now=lambda: 2000.0)
    assert later.index == 3 and later.resumed and later.step.title == "Explain: caches make DNS fast"
    rec = later.record(1)
    assert (rec.answer, rec.correct, rec.attempts, rec.solved_at) == ([1], True, 2, 2)
    assert later.progress.seconds == 42.5
    assert later.progress.started == 1000.0 and later.progress.last_opened == 2000.0
    assert later.back() and later.index == 2 and later.progress.furthest == 3


def test_completion_needs_every_check_solved_and_the_last_step(dns: Lesson, tmp_path: Path) -> None:
    session = LessonSession(dns, ProgressStore(tmp_path))
    while session.next():
        pass
    assert session.is_last and not session.completed
    assert session.unsolved() == [1, 3, 4, 6]
    for i in session.unsolved():
        session.go_to(i)
        session.answer(right_answer(session.check))
    assert session.completed and not session.next()
    session.go_to(1)
    assert not session.answer([0]).correct
    assert session.completed and ProgressStore(tmp_path).get(dns.id).completed   # kept


def test_invalid_answers_are_not_attempts_and_hints_are_recorded(dns: Lesson, tmp_path: Path) -> None:
    session = LessonSession(dns, ProgressStore(tmp_path))
    with pytest.raises(ValueError):
        session.answer([0])                          # step 0 has no check
    session.next()
    assert session.answer([]).verdict == "invalid" and session.record().attempts == 0
    assert session.hint() == dns.steps[1].check.hint and session.record().hinted
    assert ProgressStore(tmp_path).get(dns.id).record(1).hinted


def test_a_changed_check_is_not_credited(dns: Lesson, tmp_path: Path) -> None:
    session = LessonSession(dns, ProgressStore(tmp_path))
    session.next()
    session.answer([1])
    assert session.solved(1)
    changed_check = replace(dns.steps[1].check, options=tuple(
        replace(o, correct=not o.correct) for o in dns.steps[1].check.options))
    steps = list(dns.steps)
    steps[1] = replace(steps[1], check=changed_check)
    edited = replace(dns, steps=tuple(steps))
    assert not LessonSession(edited, ProgressStore(tmp_path)).solved(1)


def test_a_shorter_lesson_file_clamps_the_saved_step(dns: Lesson, tmp_path: Path) -> None:
    session = LessonSession(dns, ProgressStore(tmp_path))
    session.go_to(6)
    shorter = replace(dns, steps=dns.steps[:3])
    assert LessonSession(shorter, ProgressStore(tmp_path)).index == 2


def test_restart_forgets_one_lesson(dns: Lesson, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    session = LessonSession(dns, store)
    session.go_to(4)
    store.put(replace(store.get("other"), step=2))
    session.restart()
    assert session.index == 0 and not session.progress.steps
    assert ProgressStore(tmp_path).get("other").step == 2


def test_restore_actions_rebuild_a_step_reached_out_of_order(dns: Lesson) -> None:
    kinds = lambda i: [(a.kind, a.target) for a in restore_actions(dns, i)]
    assert kinds(0) == [("select", "component:dns")]
    assert kinds(4) == [("select", "component:dns"), ("flow", "netflix-play")]
    assert kinds(6) == [("select", "component:dns"), ("flow", "netflix-play"), ("fault", "dns-outage")]


def test_study_order_puts_prerequisites_first(known: Known) -> None:
    lessons, _ = load_all(known=known)
    reordered = study_order(list(reversed(lessons)))
    pos = {l.id: i for i, l in enumerate(reordered)}
    assert all(pos[p] < pos[l.id] for l in reordered for p in l.prerequisites)


def test_no_single_line_deletion_crashes_the_reader(tmp_path: Path, known: Known) -> None:
    """Whatever line an instructor deletes, the reader reports located problems, never raises."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "lessons"
    folder.mkdir()
    path = folder / "dns.yaml"
    for n in range(len(lines)):
        path.write_text("".join(lines[:n] + lines[n + 1:]), encoding="utf-8")
        lesson, problems = load_lesson(path, known)
        assert (lesson is None) == bool(problems), n + 1
        assert all(1 <= p.line <= len(lines) and p.column >= 1 for p in problems), n + 1


def _load_step(tmp_path, load: str):
    from desktop.core.learn.discovery import load_lesson

    path = tmp_path / "l.yaml"
    path.write_text(
        "id: l\ntitle: A load\nsummary: s\nlevel: beginner\nminutes: 5\nprerequisites: []\nsteps:\n"
        "  - title: Busy\n    text: Load.\n    action:\n      load: " + load + "\n", encoding="utf-8")
    return load_lesson(path)


def test_a_load_step_says_how_busy_by_utilisation(tmp_path) -> None:
    lesson, problems = _load_step(tmp_path, "{flow: card-payment, utilisation: 0.6}")
    assert not problems
    assert lesson.steps[0].action.utilisation == 0.6 and lesson.steps[0].action.rps == 0.0


def test_a_load_step_needs_one_measure_of_load(tmp_path) -> None:
    for load, words in (("{flow: card-payment}", "one of them"),
                        ("{flow: card-payment, rps: 10, utilisation: 0.5}", "not both"),
                        ("{flow: card-payment, utilisation: 3}", "from 0.1 to 1.3")):
        _lesson, problems = _load_step(tmp_path, load)
        assert any(words in str(p) and p.line == 11 for p in problems), (load, problems)


def test_no_shipped_lesson_overloads_a_flow_by_accident() -> None:
    """Lessons once asked for 200 req/s of chatbot prompts, 1,000 times what one GPU server
    answers: every lesson's load must land inside the range the app offers."""
    from desktop.core.learn.discovery import load_lesson
    from desktop.core.sim.flows import load_flow
    from desktop.core.sim.load import elements_for_flow
    from desktop.core.sim.rho import RHO_RANGE
    from desktop.core.sim.utilisation import bottleneck

    for path in discover():
        lesson, _problems = load_lesson(path)
        for step in lesson.steps:
            action = step.action
            if action is None or action.kind != "load":
                continue
            rho = action.utilisation
            if not rho:
                neck = bottleneck(elements_for_flow(load_flow(action.flow)))
                rho = action.rps / neck.capacity_rps
            assert RHO_RANGE[0] <= rho < 1.0, (lesson.id, step.title, rho)
