"""The command output quoted in docs/authoring.md is what the commands print today."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "docs" / "examples" / "lessons" / "dns.yaml"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("guide-home")
    (root / "lessons").mkdir()
    (root / "lessons" / "dns.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def run_cli(home: Path, *args: str) -> str:
    env = {**os.environ, "STACKSCOPE_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env=env)
    return result.stdout


@pytest.mark.parametrize("args", [
    ("lesson", "dns", "--answer", "2=3", "--answer", "4=48", "--answer", "5=2", "--answer", "7=4,2,1,3,5"),
    ("lesson", "dns", "--answer", "4=36", "--json"),
    ("scenario", "dark-names", "--seed", "12"),
])
def test_quoted_output_matches(home: Path, args: tuple[str, ...]) -> None:
    out = run_cli(home, *args)
    lines = [line for line in out.splitlines() if line.strip()]
    quoted = [line for line in lines[:8] if line in GUIDE]
    assert len(quoted) == min(len(lines), 8), [line for line in lines[:8] if line not in GUIDE]


def test_quoted_listing_matches(home: Path) -> None:
    for line in run_cli(home, "lesson", "dns").splitlines()[:7]:
        assert line in GUIDE


@pytest.mark.parametrize("old,new", [
    ("      prompt: Roughly how long", "       prompt: Roughly how long"),
    ('  - title: "Predict: how long is a lookup?"', "  - title: Predict: how long is a lookup?"),
    ("        - text: Under a millisecond", "        - text: No"),
])
def test_quoted_yaml_messages_match(tmp_path: Path, old: str, new: str) -> None:
    from desktop.core.catalog import check_files

    folder = tmp_path / "lessons"
    folder.mkdir()
    path = folder / "dns.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    [problem] = [p for p in check_files([path], library=False) if "YAML" in p.message or "quote" in p.message]
    assert f"lessons/dns.yaml:{problem.line}:{problem.column}: {problem.message}" in GUIDE
