"""``lesson ID --answer STEP=VALUE …``: grade a lesson's checks headless, as the app would.

    python -m desktop lesson dns                        # list the checks, numbered as shown
    python -m desktop lesson dns --answer 3=2 --answer 5=48 --answer 7=3,1,2
    python -m desktop lesson dns --answer 3="In the resolver's cache" --json

STEP is the step number the app shows (1 = the first step). VALUE is, for a choice, the option
number as the app lists it or the option's text (``1,3`` when several are right); for a numeric
check, the number as a student would type it; for an order check, the item numbers as listed
in the student's order (``3,1,2``). Each check prints its verdict and the feedback the app shows.
``--json`` prints ``{"lesson", "checks": [{"step", "kind", "correct", "feedback"}], "score"}``.
ID is a shipped or user-library lesson id, or a path to a lesson file. ``--student NAME --save
DIR`` also writes a signed result file. Exit status: 0 graded (right or wrong), 1 the lesson has
problems, 2 a bad command line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson", help="a lesson id (shipped or in your library) or a lesson file")
    parser.add_argument("--answer", action="append", default=[], metavar="STEP=VALUE",
                        help="answer the check on step STEP (as numbered in the app); repeatable")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--student", metavar="NAME", help="the student's name, for --save")
    parser.add_argument("--save", type=Path, metavar="DIR", help="write a signed result file into DIR")


def find_lesson(ident: str) -> Any:
    """A lesson by id (shipped or user library) or path; DataError with the reasons."""
    from desktop.core.learn.lesson_reader import read_lesson
    from desktop.core.library import find

    return find("lessons", ident, read_lesson)


def grade_answers(lesson: Any, answers: dict[int, str]) -> list[dict[str, Any]]:
    """One entry per answered check: step (as shown), kind, correct, feedback (as the app says)."""
    from desktop.core.learn.grading import grade, parse_answer

    out = []
    for number, text in sorted(answers.items()):
        index = number - 1
        if not 0 <= index < len(lesson.steps):
            raise ValueError(f"the lesson has steps 1-{len(lesson.steps)}, not {number}")
        check = lesson.steps[index].check
        if check is None:
            asked = ", ".join(str(i + 1) for i in lesson.check_steps)
            raise ValueError(f"step {number} asks nothing; the checks are on steps {asked}")
        seed = f"{lesson.id}:{index}"           # the seed the app shuffles this step with
        result = grade(check, parse_answer(check, text, seed))
        out.append({"step": number, "kind": check.kind, "correct": result.correct,
                    "verdict": result.verdict, "feedback": result.message})
    return out


def _pairs(items: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    for item in items:
        step, sep, value = item.partition("=")
        if not sep or not step.strip().isdigit():
            raise ValueError(f"--answer expects STEP=VALUE with STEP a number, found '{item}'")
        out[int(step)] = value
    return out


def _describe(lesson: Any) -> None:
    from desktop.core.learn.grading import item_label, shown_options, shuffled_items
    from desktop.core.library import current

    stack = current().stack
    print(f"{lesson.id} · {lesson.title} · {len(lesson.steps)} steps")
    for index in lesson.check_steps:
        check = lesson.steps[index].check
        seed = f"{lesson.id}:{index}"
        print(f"\nstep {index + 1} ({check.kind}): {check.prompt}")
        if check.kind == "choice":
            for n, i in enumerate(shown_options(check, seed), 1):
                print(f"  {n}. {check.options[i].text}")
        elif check.kind == "order":
            for n, item in enumerate(shuffled_items(check, seed), 1):
                print(f"  {n}. {item_label(item, stack)}")
        elif check.unit:
            print(f"  (a number, in {check.unit})")


def run(args: argparse.Namespace) -> int:
    from desktop.core.data.problems import DataError

    try:
        lesson = find_lesson(args.lesson)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        answers = _pairs(args.answer)
        checks = grade_answers(lesson, answers)
    except ValueError as exc:
        print(f"stackscope lesson: {exc}", file=sys.stderr)
        return 2
    if not answers:
        _describe(lesson)
        return 0
    total = len(lesson.check_steps)
    score = sum(c["correct"] for c in checks) / total if total else 0.0
    if args.save:
        if not args.student:
            print("stackscope lesson: --save needs --student NAME", file=sys.stderr)
            return 2
        from desktop.core.learn.results import install_key, make_result, write_result

        data = make_result(args.student, f"lesson:{lesson.id}", None,
                           {str(k): v for k, v in answers.items()}, score, key=install_key())
        saved = write_result(data, args.save)
    if args.json:
        print(json.dumps({"lesson": lesson.id,
                          "checks": [{k: c[k] for k in ("step", "kind", "correct", "feedback")} for c in checks],
                          "score": round(score, 4)}, indent=2, ensure_ascii=False))
    else:
        for c in checks:
            print(f"step {c['step']} ({c['kind']}): {c['feedback']}")
        print(f"score: {sum(c['correct'] for c in checks)} of {total} checks right ({score:.0%})")
        if args.save:
            print(f"wrote {saved}")
    return 0
