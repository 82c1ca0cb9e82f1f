"""YAML mistakes in plain words: the line that moved, "quote this", "did you mean"."""
from __future__ import annotations

from pathlib import Path

from desktop.core.library import parse

ROOT = Path(__file__).resolve().parents[1]


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in parse(path).problems]


def test_a_line_that_moved_is_named(tmp_path: Path) -> None:
    [p] = _problems(tmp_path, "id: x\nsteps:\n  - title: One\n     text: Two\n")
    assert p.startswith(f"{tmp_path / 'x.yaml'}:4:6: line 4 is indented 5 spaces, the line above 4")
    assert "indent this line like the one above" in p


def test_a_line_that_moved_left_is_named(tmp_path: Path) -> None:
    [p] = _problems(tmp_path, "top:\n  a: 1\n b: 2\n")
    assert ":3:2: line 3 is indented 1 space" in p and "like the one above" in p


def test_a_colon_in_a_value_says_quote_this(tmp_path: Path) -> None:
    [p] = _problems(tmp_path, "id: x\ntitle: Step 1: the grid\n")
    assert ":2:" in p and "quote this value: title:" in p


def test_no_and_yes_say_quote_this(tmp_path: Path) -> None:
    from desktop.core.catalog import check_files

    lesson = (ROOT / "docs" / "examples" / "lessons" / "dns.yaml").read_text(encoding="utf-8")
    lines = lesson.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip().startswith("- text:"))
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = f"{indent}- text: No"
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "dns.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = [str(p) for p in check_files([folder / "dns.yaml"], library=False)]
    assert any(f":{i + 1}:" in m and 'quote this: "No"' in m for m in messages), messages


def test_a_misspelled_key_gets_did_you_mean(tmp_path: Path) -> None:
    from desktop.core.catalog import check_files

    lesson = (ROOT / "docs" / "examples" / "lessons" / "dns.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "dns.yaml").write_text(lesson.replace("summary:", "sumary:", 1), encoding="utf-8")
    messages = [p.message for p in check_files([folder / "dns.yaml"], library=False)]
    assert any("unknown key 'sumary'" in m and "did you mean 'summary'?" in m for m in messages), messages
