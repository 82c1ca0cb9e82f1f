"""The command line: --version, check's exit codes and messages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"stackscope {__version__}"


def test_check_shipped_layers_is_clean() -> None:
    result = run("check", "layers.yaml")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_check_reports_located_problems(tmp_path: Path) -> None:
    broken = (ROOT / "layers.yaml").read_text(encoding="utf-8").replace("    short: Hardware\n", "    shrot: Hardware\n", 1)
    path = tmp_path / "layers.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "shrot" in l)
    file_part, line_no, col, message = line.split(":", 3)
    assert file_part == str(path) and int(line_no) > 1 and int(col) >= 1 and "unknown key" in message


def test_check_rejects_a_file_of_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("hello: world\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1 and "not a Stackscope data file" in result.stdout
