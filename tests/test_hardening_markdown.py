"""Issue 16, row 7: lesson text is Markdown from an allow-list, checked by ``check`` and enforced
again at display; and row 1's last part: the user's lessons are read with a deadline."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop import resources
from desktop.core.data import markdown_rules

# every form the issue found passing, and more; each must be refused
FORBIDDEN = {
    "inline-link": "See [the paper](https://example.org/paper).",
    "inline-link-upper": "See [the paper](HTTPS://EXAMPLE.ORG).",
    "relative-link": "See [the notes](notes.html).",
    "reference-link": "See [the paper][1].\n\n[1]: https://example.org",
    "reference-definition-only": "Text.\n\n[paper]: //example.org",
    "collapsed-reference": "See [paper][].",
    "image": "![a chart](chart.png)",
    "image-remote-upper": "![x](HTTP://example.org/x.png)",
    "autolink": "<https://example.org>",
    "autolink-upper": "<HTTP://EXAMPLE.ORG>",
    "email-autolink": "<someone@example.org>",
    "bare-url-upper": "Go to HTTP://example.org now.",
    "bare-www": "Go to www.example.org now.",
    "bare-email": "Write to someone@example.org.",
    "img-tag": '<img src="HTTP://example.org/x.png">',
    "img-tag-upper": '<IMG SRC="x.png">',
    "iframe": '<iframe src="https://example.org"></iframe>',
    "style-import": "<style>@import url(https://example.org/x.css);</style>",
    "anchor-tag": '<a href="https://example.org">here</a>',
    "comment": "<!-- hidden from the student -->",
    "closing-tag": "text</div>",
    "script": "<script>alert(1)</script>",
    "javascript-scheme": "javascript:alert(1)",
    "data-uri": "data:text/html;base64,PHNjcmlwdD4=",
}

ALLOWED = [
    "Power flows **down**, heat flows *up*.",
    "A p99 under 200 ms; the link runs at < 1 µs per metre, so 5 < 7.",
    "Queues grow without bound unless load < capacity.",
    "- one\n- two\n\n1. first\n2. second",
    "`kubectl get pods` shows the pods.",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "HTTP/2 and TLS 1.3 ride on TCP [or QUIC].",
    "(figure: pue.industry) says 1.56.",
]


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_every_forbidden_form_is_refused(name: str) -> None:
    assert markdown_rules.problems(FORBIDDEN[name]), name


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_lesson_text_is_allowed(text: str) -> None:
    assert markdown_rules.problems(text) == []


def test_check_refuses_them_in_a_lesson(tmp_path: Path) -> None:
    """Through ``check``: one lesson file per form, its first step's text replaced."""
    import re

    from desktop.core.catalog import check_files

    shipped = sorted(resources.lessons_dir().glob("*.yaml"))[0]
    text = shipped.read_text(encoding="utf-8")
    paths = []
    for name, body in FORBIDDEN.items():
        # the first step's text is a block (text: |): the form goes in as its first lines
        def first_lines(m: re.Match, body: str = body) -> str:
            indent = m.group(2)
            return m.group(1) + "".join(f"{indent}{line}\n" if line else "\n" for line in body.split("\n")) + indent
        changed, n = re.subn(r"^(\s+text: \|\n)( +)", first_lines, text, count=1, flags=re.MULTILINE)
        assert n == 1, "the shipped lesson no longer has a block 'text: |': update this test"
        path = tmp_path / f"{name}.yaml"
        path.write_text(changed, encoding="utf-8")
        paths.append(path)
    problems = check_files(paths)
    flagged = {Path(p.path).stem for p in problems if "not allowed in lesson text" in p.message}
    assert flagged == set(FORBIDDEN)


def test_shipped_lessons_follow_the_rules() -> None:
    from desktop.core.catalog import check_files

    lessons = sorted(resources.lessons_dir().glob("*.yaml"))
    assert not [p for p in check_files(lessons) if "not allowed in lesson text" in p.message]


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_the_view_shows_no_link_image_or_html(qtbot, name: str) -> None:
    """Display-time enforcement, whatever skipped ``check``: no anchor, no image, no HTML
    element survives into the document, and nothing is loaded."""
    from desktop.ui.markdown_view import MarkdownView

    view = MarkdownView("Lesson step")
    qtbot.addWidget(view)
    loaded: list = []
    original = view.loadResource
    view.loadResource = lambda kind, url: loaded.append(url) or original(kind, url)
    view.show_markdown("Step", FORBIDDEN[name])
    document = view.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isAnchor() and not fmt.anchorHref() and not fmt.isImageFormat(), name
            it += 1
        block = block.next()
    assert "<iframe" not in document.toHtml() and "<img" not in document.toHtml()
    assert loaded == []


def test_the_view_keeps_ordinary_markdown(qtbot) -> None:
    from desktop.ui.markdown_view import MarkdownView

    view = MarkdownView("Lesson step")
    qtbot.addWidget(view)
    view.show_markdown("Step", "Power flows **down**; 5 < 7.")
    assert "Power flows down; 5 < 7." in view.toPlainText()
    assert "font-weight" in view.document().toHtml()        # the bold survived


# --- the user's lessons folder is read with a deadline ----------------------------------------------

def test_read_with_deadline_returns_at_the_deadline() -> None:
    from desktop.core.data.deadline import read_with_deadline

    release = threading.Event()
    outcome = read_with_deadline(release.wait, timeout=0.05)
    assert outcome.timed_out and not outcome.finished
    release.set()
    done = read_with_deadline(lambda: 42, timeout=5)
    assert done.finished and done.value == 42
    failed = read_with_deadline(lambda: 1 / 0, timeout=5)
    assert isinstance(failed.error, ZeroDivisionError) and not failed.timed_out


def test_a_stuck_user_folder_leaves_the_shipped_lessons(monkeypatch, tmp_path: Path) -> None:
    from desktop.core.data import deadline
    from desktop.core.learn import lessons

    real = lessons.load_all
    release = threading.Event()

    def stuck(folders=(), *args, **kwargs):
        if folders:                      # the user's folder never answers (a dead network share)
            release.wait()
        return real(folders, *args, **kwargs)

    monkeypatch.setattr(lessons, "load_all", stuck)
    try:
        found, problems = deadline.load_lessons_with_deadline([str(tmp_path)], timeout=0.05)
    finally:
        release.set()
    shipped = {p.stem for p in resources.lessons_dir().glob("*.yaml")}
    assert {lesson.id for lesson in found} == shipped
    assert any("took longer than" in p.message and p.path == str(tmp_path) for p in problems)


def test_a_hostile_file_in_the_user_folder_is_only_a_problem(tmp_path: Path) -> None:
    import os

    from desktop.core.data.deadline import load_lessons_with_deadline

    bomb = tmp_path / "bomb.yaml"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb.write_text("\n".join(lines) + "\nsteps: [*i]\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
    found, problems = load_lessons_with_deadline([str(tmp_path)], timeout=30)
    assert found and any(p.path == str(bomb) for p in problems)
