"""``handout LESSON OUT.pdf [--answers]``: a printable lesson with pictures of the column.

The student copy has the lesson's text, a vector figure of the column for every step that
shows something, and its checks as exercises; ``--answers`` makes the teacher copy with the
answers and explanations after each question.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson", help="a lesson id (see the lessons/ folder) or a lesson file")
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument("--answers", action="store_true", help="teacher copy: answers and explanations")
    parser.add_argument("--markdown", action="store_true", help="print the handout as Markdown instead")
    parser.add_argument("--layers", type=Path, help="use this layers.yaml")


def _find_lesson(name: str, stack):
    from desktop.core.learn.lessons import default_known, load_all, load_lesson

    known = default_known(stack)
    if name.endswith((".yaml", ".yml")) or "/" in name:
        lesson, problems = load_lesson(name, known)
        return lesson, problems
    lessons, problems = load_all(known=known)
    for lesson in lessons:
        if lesson.id == name:
            return lesson, []
    ids = ", ".join(sorted(lesson.id for lesson in lessons))
    return None, [f"no lesson is called '{name}' (known: {ids})"]


def run(args: argparse.Namespace) -> int:
    from desktop.core.learn.handout import handout_blocks, handout_markdown
    from desktop.core.sim.figures import shipped_figures
    from desktop.core.stack.reader import load_stack_or_raise, load_with_fallback

    stack = load_stack_or_raise(args.layers) if args.layers else load_with_fallback(None)[0]
    lesson, problems = _find_lesson(args.lesson, stack)
    if lesson is None:
        for problem in problems:
            print(f"handout: {problem}", file=sys.stderr)
        return 2
    figures = shipped_figures()
    if args.markdown:
        print(handout_markdown(lesson, stack, figures, answers=args.answers))
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import make_app
    from desktop.ui.export import save_handout_pdf

    make_app()
    blocks = handout_blocks(lesson, stack, figures, answers=args.answers)
    try:
        drawn = save_handout_pdf(blocks, stack, args.out, lesson.title)
    except OSError as exc:
        print(f"handout: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({drawn} figure{'s' if drawn != 1 else ''}"
          f"{', with answers' if args.answers else ''})")
    return 0
