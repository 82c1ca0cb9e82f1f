"""The user library: one folder of the instructor's files, read beside the shipped ones, with the
same validation as the app; ``check`` with no arguments names them and refuses what the app hides."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import library

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_LESSON = ROOT / "docs" / "examples" / "lessons" / "dns.yaml"

FIGURES = """\
version: 1
figures:
  - {name: ci.cache_link, year: 2026, value: 1, unit: Gbit/s, grade: C, layer: 2, source: "Our build farm's uplink (an estimate)"}
  - {name: ci.artifact, year: 2026, value: 250, unit: MB, grade: C, layer: 5, source: "Median artifact size in our CI logs"}
"""

FLOW = """\
version: 1
id: git-push-ci
title: A git push triggers CI
summary: A push reaches the code host, which wakes the CI runner; it fetches its cache, builds and uploads.
options:
  distance_km: 50
params:
  - {name: build_time, value: 4, unit: min, note: "How long our build runs; an assumption."}
  - {name: cache_size, value: 2, unit: GB, note: "The build cache fetched first; an assumption."}
hops:
  - {id: push, component: web-app, label: git push, explain: The commits travel to the code host., cost: svc.hop}
  - id: fetch
    component: object-store
    label: Fetch the build cache
    explain: The runner downloads its cache over the uplink.
    cost: {rule: transfer, bytes: cache_size, bandwidth: ci.cache_link}
  - id: upload
    component: object-store
    label: Upload the artifact
    explain: The runner uploads what it built.
    cost: {rule: transfer, bytes: ci.artifact, bandwidth: ci.cache_link}
  - {id: build, component: microservice, label: Build and test, explain: The runner compiles and tests., cost: build_time}
"""


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "STACKSCOPE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    root = library.ensure(tmp_path / "lib")
    (root / "figures" / "ci.yaml").write_text(FIGURES, encoding="utf-8")
    (root / "flows" / "git-push-ci.yaml").write_text(FLOW, encoding="utf-8")
    lesson = EXAMPLE_LESSON.read_text(encoding="utf-8")
    (root / "lessons" / "dns.yaml").write_text(lesson, encoding="utf-8")
    return root


def test_default_home_matches_qt_app_data_location_per_os(tmp_path: Path) -> None:
    user = tmp_path / "u"
    assert library.default_home("linux", {}, user) == user / ".local/share/Stackscope/Stackscope"
    assert library.default_home("linux", {"XDG_DATA_HOME": "/x"}, user) == Path("/x/Stackscope/Stackscope")
    assert library.default_home("darwin", {}, user) == user / "Library/Application Support/Stackscope/Stackscope"
    assert library.default_home("win32", {"APPDATA": str(tmp_path / "R")}, user) == tmp_path / "R/Stackscope/Stackscope"


def test_default_home_is_what_the_app_uses(qapp, monkeypatch) -> None:
    """Qt's own answer on this OS, with the app's organisation and application names."""
    from PySide6.QtCore import QStandardPaths

    from desktop.ui import settings

    qapp.setOrganizationName("Stackscope")
    qapp.setApplicationName("Stackscope")
    qt = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    assert library.default_home() == qt
    monkeypatch.delenv("STACKSCOPE_HOME")
    monkeypatch.setattr(Path, "mkdir", lambda *a, **k: None)
    assert settings.data_dir() == library.home()


def test_user_files_are_read_beside_the_shipped_ones(home: Path) -> None:
    lib = library.read_library(root=home)
    assert lib.skipped == []
    assert "git-push-ci" in lib["flows"].user_ids()
    assert "dns" in lib["lessons"].user_ids()
    assert set(library.shipped_files("flows")) <= {Path(e.path) for e in lib["flows"].entries.values()}
    assert "ci.cache_link" in lib.figures and "pue.industry" in lib.figures


def test_a_flow_uses_its_own_figures_durations_and_transfers(home: Path) -> None:
    from desktop.core.sim.simulation import simulate

    lib = library.read_library(root=home)
    flow = lib["flows"].get("git-push-ci")
    timeline = simulate(flow, figures=lib.figures)
    took = {e.hop_id: e.duration for e in timeline.events}
    assert took["build"] == pytest.approx(4 * 60)                 # a 4 min parameter
    assert took["fetch"] == pytest.approx(2e9 / (1e9 / 8))        # 2 GB over 1 Gbit/s = 16 s
    assert took["upload"] == pytest.approx(250e6 / (1e9 / 8))


def test_a_duration_parameter_needs_a_time_unit(home: Path) -> None:
    (home / "flows" / "git-push-ci.yaml").write_text(FLOW.replace("unit: min", "unit: GB"), encoding="utf-8")
    lib = library.read_library(root=home)
    [skipped] = lib["flows"].skipped
    assert "a duration needs a time unit" in skipped.reason


def test_check_with_no_arguments_passes_and_names_the_user_files(home: Path) -> None:
    result = run_cli(home, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("figures/ci.yaml", "flows/git-push-ci.yaml", "lessons/dns.yaml"):
        assert f"ok       {name}" in result.stdout
    assert str(home) in result.stdout


def test_simulate_runs_a_user_flow(home: Path) -> None:
    result = run_cli(home, "simulate", "git-push-ci")
    assert result.returncode == 0, result.stderr
    assert "Build and test" in result.stdout and "240 s" in result.stdout
    assert "git-push-ci" in run_cli(home, "simulate", "--list").stdout.split()


def test_check_fails_a_lesson_whose_file_name_is_not_its_id(home: Path) -> None:
    (home / "lessons" / "dns.yaml").rename(home / "lessons" / "dns-basics.yaml")
    result = run_cli(home, "check")
    assert result.returncode == 1
    assert f"{home / 'lessons' / 'dns-basics.yaml'}:1:5: lesson.id: 'dns' must match the file name" in result.stdout
    lib = library.read_library(root=home)          # the app refuses it for the same reason
    assert "dns" not in lib["lessons"] and "must match the file name" in lib["lessons"].skipped[0].reason


def test_check_fails_a_user_lesson_that_reuses_a_shipped_id(home: Path) -> None:
    text = EXAMPLE_LESSON.read_text(encoding="utf-8").replace("id: dns", "id: whole-stack").replace(
        "prerequisites: [whole-stack]", "prerequisites: []")
    (home / "lessons" / "dns.yaml").unlink()
    (home / "lessons" / "whole-stack.yaml").write_text(text, encoding="utf-8")
    result = run_cli(home, "check")
    assert result.returncode == 1
    assert f"{home / 'lessons' / 'whole-stack.yaml'}:1:5: the id 'whole-stack' is already used by" in result.stdout
    explicit = run_cli(home, "check", str(home / "lessons" / "whole-stack.yaml"))
    assert explicit.returncode == 1 and "already used by" in explicit.stdout
    lib = library.read_library(root=home)
    assert lib["lessons"].entries["whole-stack"].shipped
    assert any("already used by a shipped file" in s.reason for s in lib["lessons"].skipped)


def test_empty_and_unknown_figure_citations_fail(home: Path) -> None:
    text = EXAMPLE_LESSON.read_text(encoding="utf-8")
    marker = "text: |\n"
    at = text.index(marker) + len(marker)
    indent = " " * (len(text[at:]) - len(text[at:].lstrip(" ")))
    broken = text[:at] + f"{indent}It is far (figure: ) away, about (figure: no.such.figure).\n\n" + text[at:]
    (home / "lessons" / "dns.yaml").write_text(broken, encoding="utf-8")
    result = run_cli(home, "check")
    assert result.returncode == 1
    assert "an empty (figure: ) citation" in result.stdout
    assert "unknown figure 'no.such.figure'" in result.stdout


def test_reload_says_what_changed_and_what_was_skipped(home: Path) -> None:
    first = library.reload(root=home)
    assert "git-push-ci" in first.added["flows"]
    (home / "flows" / "git-push-ci.yaml").write_text(FLOW.replace("A git push triggers CI", "Push → CI"),
                                                     encoding="utf-8")
    import os
    os.utime(home / "flows" / "git-push-ci.yaml", (1, 1))      # a different stamp, no sleeping
    (home / "lessons" / "dns.yaml").unlink()
    (home / "lessons" / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    second = library.reload(first.library)
    assert second.changed["flows"] == ["git-push-ci"]
    assert second.removed["lessons"] == ["dns"]
    assert [Path(s.path).name for s in second.skipped] == ["broken.yaml"]
    assert second.skipped[0].problems[0].line >= 1
    assert "1 changed" in second.summary() and "1 file skipped" in second.summary()
    assert not library.reload(second.library).anything


def test_watch_paths_cover_the_folders_and_the_user_files(home: Path) -> None:
    lib = library.read_library(root=home)
    paths = set(lib.watch_paths())
    assert home in paths and home / "lessons" in paths and home / "flows" / "git-push-ci.yaml" in paths


def test_the_lesson_panel_accepts_a_user_lesson_that_plays_a_user_flow(home: Path, monkeypatch) -> None:
    """``load_all`` (what the lesson panel calls) knows the library's flows, as ``check`` does."""
    from desktop.core.learn.lessons import load_all

    monkeypatch.setenv("STACKSCOPE_HOME", str(home))
    text = EXAMPLE_LESSON.read_text(encoding="utf-8").replace("flow: netflix-play", "flow: git-push-ci")
    assert "flow: git-push-ci" in text
    (home / "lessons" / "dns.yaml").write_text(text, encoding="utf-8")
    lessons, problems = load_all([home / "lessons"])
    assert [p for p in problems if "dns.yaml" in p.path] == []
    assert "dns" in {l.id for l in lessons}
    assert run_cli(home, "check").returncode == 0
