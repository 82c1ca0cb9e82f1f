"""Exports read back: PNG/SVG of the column at a chosen size, CSV of a flow and of a load run,
and a lesson handout PDF without the answers."""
from __future__ import annotations

import csv

from PySide6.QtGui import QImage


def test_png_and_svg_at_a_chosen_size(window, tmp_path) -> None:
    from desktop.ui.export import save_column_at

    window.state.select("layer:network")
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    save_column_at(window.scene, png, 1920, 1080)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1920, 1080)
    save_column_at(window.scene, svg, 1200, 900)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Network" in text  # the SVG keeps its text as text
    assert abs(window.scene.size[0] - window.column.viewport().width()) < 2  # layout restored


def test_flow_and_load_csv(window, tmp_path) -> None:
    window.state.flow.load("card-payment")
    out = tmp_path / "flow.csv"
    window.panel("flow").export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(window.state.flow.timeline.events)
    assert {"start_s", "component", "latency_s"} <= set(rows[0])
    window.state.load.load("card-payment")
    out2 = tmp_path / "load.csv"
    window.panel("load").export_csv(out2)
    table = list(csv.reader(out2.open(encoding="utf-8")))
    assert len(table) - 1 == len(window.state.load.result.bin_t)


def test_handout_pdf_has_no_answers(window, tmp_path, stack) -> None:
    from desktop.core.sim.figures import shipped_figures
    from desktop.core.learn.handout import handout_markdown
    from desktop.core.learn.lessons import load_lesson
    from desktop import resources
    from desktop.ui.export import save_pdf

    lesson, problems = load_lesson(resources.lessons_dir() / "layer-1-hardware.yaml")
    assert lesson is not None, problems
    text = handout_markdown(lesson, stack, shipped_figures())
    for step in lesson.steps:
        assert step.title in text
        if step.check is not None:
            assert step.check.prompt in text
            for option in step.check.options:
                assert option.feedback not in text  # feedback gives the answer away
    assert "(figure:" not in text and "Sources of the numbers" in text
    out = tmp_path / "handout.pdf"
    save_pdf(text, out, lesson.title)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
