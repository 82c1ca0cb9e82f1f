"""Issue 16, rows 1, 3, 6, 8, 9: the one safe reader and ``check``'s paths."""
from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from desktop import resources
from desktop.core.data.source import MAX_NODES, id_problem, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]


def billion_laughs(top: str = "layers") -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + f"\n{top}: [*i]\n"


def test_billion_laughs_fails_fast_and_small() -> None:
    """Nine levels of nine aliases (a billion values) stop at MAX_NODES: a located problem at
    the alias that crossed the limit, a few MB at most (the issue saw 1.7 GB at 20 s)."""
    tracemalloc.start()
    try:
        doc = parse_text(billion_laughs(), "bomb.yaml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.data is None
    assert [p.message for p in doc.problems] == [
        f"aliases expand to too many values (more than {MAX_NODES}); write the values out"]
    assert doc.problems[0].line > 1
    assert peak < 20 * 1024 * 1024


def test_ordinary_aliases_still_read() -> None:
    """Shipped flows share a power rule with &server / *server: a few aliases are fine."""
    doc = parse_text("base: &b {rule: x}\nhops:\n  - {power: *b}\n  - {power: *b}\n", "f.yaml")
    assert doc.problems == []
    assert doc.data["hops"][1]["power"] == {"rule": "x"}
    assert doc.data["hops"][1].value_pos["power"] == (4, 13)       # where the alias is written


@pytest.mark.parametrize("text,message", [
    ("a: &a [*a]\n", "inside its own anchor"),
    ("a: *nowhere\n", "unknown alias"),
    ("a: " + "[" * 200_000 + "]" * 200_000 + "\n", "nested more than"),   # libyaml's composer segfaults here
    ("layers: " + "9" * 5000 + "\n", "a number of 5000 characters is too long"),
    ("layers: 99999999999999999999\n", "is too large"),
    ("layers: .inf\n", "not a finite number"),
    ("layers: 2026-13-45\n", "cannot read this value"),
    ("layers: !!python/object/apply:os.system ['true']\n", "YAML tags"),
    ("a: 1\n---\nb: 2\n", "a single document"),
    ("a: b\x00\n", "#x0000"),
])
def test_hostile_yaml_is_a_located_problem(text: str, message: str) -> None:
    doc = parse_text(text, "f.yaml")
    assert any(message in p.message for p in doc.problems), doc.problems
    assert all(p.line >= 1 and p.column >= 1 for p in doc.problems)


def test_no_yaml_tag_ever_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"layers: !!python/object/apply:os.system ['touch {marker}']\n"
    parse_text(text, "f.yaml")
    assert not marker.exists()


@pytest.mark.parametrize("ident,ok", [
    ("osi", True), ("dean-norvig.dc_rtt", True), ("0-1", True), ("H100", True),
    ("\u202eosi", False), ("osi\U0001F600", False), ("osi ", False), ("-osi", False),
    ("o s i", False), ("ọsi", False), ("osi\u200b", False), ("x" * 65, False), ("", False),
])
def test_id_character_set(ident: str, ok: bool) -> None:
    assert (id_problem(ident) == "") is ok


@pytest.mark.parametrize("value", ['"\\u202eosi\\U0001F600"', '"osi "', '"osi\\U0001F600"'])
def test_bad_lens_and_figure_ids_are_refused(value: str, tmp_path: Path) -> None:
    from desktop.core.catalog import check_files

    for name, key in (("lenses.yaml", "id"), ("figures.yaml", "name")):
        text = resources.path("assets", name).read_text(encoding="utf-8")
        head, sep, tail = text.partition(f"{key}: ")
        rest = tail.split(",", 1)[1] if name == "figures.yaml" else tail.split("\n", 1)[1]
        glue = ", " if name == "figures.yaml" else "\n"
        path = tmp_path / name
        path.write_text(head + sep + value + glue + rest, encoding="utf-8")
        problems = check_files([path])
        assert any(" id " in p.message or ".id:" in p.message for p in problems), (name, problems)


def test_ids_doc_states_the_rule() -> None:
    text = (ROOT / "docs" / "ids.md").read_text(encoding="utf-8")
    assert "U+202E" in text and "64 characters" in text


# --- files that are not files --------------------------------------------------------------------

def _specials(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    out = [folder]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "f.yaml")
        out.append(tmp_path / "f.yaml")
    return out + [Path(p) for p in ("/dev/zero", "/dev/urandom", "/dev/null") if Path(p).exists()]


def test_specials_are_refused_before_opening(tmp_path: Path) -> None:
    for path in _specials(tmp_path):
        doc = parse_file(path)
        assert doc.data is None and len(doc.problems) == 1
        assert "not a regular file" in doc.problems[0].message


def test_a_file_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (2 << 20))
    assert "too large" in parse_file(path).problems[0].message


def _check(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "check", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_check_exits_1_on_a_directory_fifo_or_device(tmp_path: Path) -> None:
    from desktop.cli import main

    for path in _specials(tmp_path):
        assert main(["check", str(path)]) == 1, path


def test_check_on_a_folder_without_yaml_says_so(tmp_path: Path, capsys) -> None:
    from desktop.cli import main

    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "no .yaml files" in out and "no problems" not in out


def test_check_on_a_bomb_and_a_fifo_returns(tmp_path: Path) -> None:
    """The real command, in a subprocess with a time limit: exit 1 and a located message."""
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    result = _check(bomb)
    assert result.returncode == 1 and f"{bomb}:" in result.stdout and "Traceback" not in result.stderr


def test_app_starts_with_a_hostile_layers_file(tmp_path: Path) -> None:
    """``--layers`` with a 5000-digit number or an alias bomb: the shipped stack, a first
    paint, no traceback (the issue saw a crash at start-up and 1.7 GB)."""
    for name, text in (("big.yaml", "layers: " + "9" * 5000 + "\n"), ("bomb.yaml", billion_laughs())):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STACKSCOPE_EXIT_AFTER_PAINT="1",
                   STACKSCOPE_HOME=str(tmp_path / "home"))
        result = subprocess.run([sys.executable, "-m", "desktop", "--layers", str(path)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)
        assert "first-paint" in result.stdout, result.stderr
        assert "Traceback" not in result.stderr
