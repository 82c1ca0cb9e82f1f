"""Lessons: the public names in one place (the data, grading, reading and discovery live apart).

``desktop.core.learn.lesson_model`` holds the shapes, ``grading`` the verdicts, ``citations`` the
``(figure: …)`` pattern, ``lesson_reader`` the validating reader and ``discovery`` finding and
loading the shipped and the user's lessons. Panels and commands keep importing from here.
"""
from __future__ import annotations

from desktop.core.learn.citations import empty_citations, figure_citations, figure_matches
from desktop.core.learn.discovery import (default_known, discover, lesson_ids, lessons_dir,
                                          load_all, load_lesson, study_order)
from desktop.core.learn.grading import (Result, grade, item_label, option_order, parse_number,
                                        parse_answer, shown_options, shuffled_items, verdict_mark)
from desktop.core.learn.lesson_model import (ACTION_KINDS, CHECK_KINDS, LESSONS_FOLDER, LEVELS,
                                             MAX_OPTIONS, MIN_ITEMS, MIN_OPTIONS, REF_KINDS, Action,
                                             Check, Feedback, Lesson, Option, Step)
from desktop.core.learn.lesson_reader import read_lesson

__all__ = [
    "ACTION_KINDS", "CHECK_KINDS", "LESSONS_FOLDER", "LEVELS", "MAX_OPTIONS", "MIN_ITEMS",
    "MIN_OPTIONS", "REF_KINDS", "Action", "Check", "Feedback", "Lesson", "Option", "Result", "Step",
    "default_known", "discover", "empty_citations", "figure_citations", "figure_matches", "grade",
    "item_label", "lesson_ids", "lessons_dir", "load_all", "load_lesson", "option_order",
    "parse_answer", "parse_number", "read_lesson", "shown_options", "shuffled_items", "study_order",
    "verdict_mark",
]
