"""``python -m desktop load``: the headless command, in a subprocess as a user would run it."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "load", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_json_has_the_promised_keys() -> None:
    out = load("netflix-play", "--rps", "200", "--seconds", "20", "--servers", "1", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("p50_s", "p95_s", "p99_s", "requests", "dropped", "utilisation", "peak_facility_w",
                "timed_out", "served", "peak_it_w", "stations", "pue"):
        assert key in data, key
    assert data["requests"] > 3000 and data["dropped"] == 0
    assert 0 < data["p50_s"] <= data["p95_s"] <= data["p99_s"]
    assert 0 < data["utilisation"] == data["bottleneck"]["offered"]      # the bottleneck's ρ
    assert set(data["utilisation_by_layer"]) <= {"facility", "hardware", "network", "compute", "orchestration",
                                        "data", "services", "application", "agents"}
    assert data["utilisation_by_layer"]["services"] > 0 and data["peak_facility_w"] > data["peak_it_w"] > 0
    again = json.loads(load("netflix-play", "--rps", "200", "--seconds", "20", "--servers", "1",
                            "--json").stdout)
    assert again == data                                   # same seed, same numbers


def test_text_csv_cap_and_pue(tmp_path: Path) -> None:
    target = tmp_path / "run.csv"
    out = load("netflix-play", "--rps", "700", "--seconds", "10", "--servers", "1", "--queue-cap", "20",
               "--pue", "pue.google", "--seed", "3", "--csv", str(target))
    assert out.returncode == 0, out.stderr
    assert "p99" in out.stdout and "over capacity" in out.stdout and "pue.google" in out.stdout
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0][:4] == ["t_s", "requests", "dropped", "timed_out"] and "facility_w" in rows[0]
    assert len(rows) == 11
    assert sum(float(r[2]) for r in rows[1:]) > 0          # the capped queue dropped requests


def test_unknown_fault_exits_2() -> None:
    out = load("netflix-play", "--rps", "10", "--seconds", "5", "--fault", "chiller-tripp")
    assert out.returncode == 2 and "fault" in out.stderr and out.stdout == ""


def test_bad_command_lines_exit_2() -> None:
    assert load("no-such-flow", "--rps", "10").returncode == 2
    assert load("netflix-play", "--rps", "-1").returncode == 2
    assert load("netflix-play", "--rps", "10", "--pue", "0.5").returncode == 2
    assert load("netflix-play", "--rps", "10", "--set", "cache=maybe").returncode == 2
    huge = load("netflix-play", "--rps", "1e7", "--seconds", "100")
    assert huge.returncode == 2 and "requests" in huge.stderr


def test_faults_drive_the_load_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Faults reach load mode through the catalogue: a slowdown queues, a retry storm adds load."""
    from desktop.cli import main

    common = ["load", "card-payment", "--rps", "150", "--seconds", "40", "--servers", "1", "--json"]
    assert main(common) == 0
    calm = json.loads(capsys.readouterr().out)
    assert main(common + ["--fault", "noisy-neighbour@20"]) == 0
    slow = json.loads(capsys.readouterr().out)
    assert slow["faults"] == ["noisy-neighbour@20"] and slow["requests"] == calm["requests"]
    assert slow["p99_s"] > calm["p99_s"] + 0.01
    assert main(common + ["--fault", "retry-storm@20"]) == 0
    storm = json.loads(capsys.readouterr().out)
    assert storm["requests"] > 1.5 * calm["requests"]
    assert main(common + ["--fault", "noisy-neighbour@x"]) == 2
