"""``python -m desktop simulate``: list, the readable table, --json, --csv, errors and the
faults hook. Two runs go through a real subprocess; the rest call the CLI in-process."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.commands.simulate import CSV_COLUMNS, fault_times
from desktop.core.sim.flows import flow_ids

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "desktop", "simulate", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_list_prints_one_flow_id_per_line():
    result = _run("--list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == flow_ids()
    assert "netflix-play" in result.stdout.splitlines()


def test_json_is_one_object_with_the_totals():
    result = _run("chatbot-prompt", "--pue", "1.09", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"latency_s", "energy_j", "energy_wh", "peak_it_w", "peak_facility_w", "milestones",
            "events"} <= set(data)
    assert data["pue"] == 1.09 and data["pue_figure"] == "pue.google"
    assert 0.1 <= data["energy_wh"] <= 1.0
    assert 0.3 <= data["milestones"]["first-token"] <= 1.5
    assert all(isinstance(e, dict) and "component" in e for e in data["events"])


def _main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_readable_timeline_and_totals(capsys):
    code, out, _err = _main(capsys, "netflix-play", "--connection", "new", "--cache", "miss")
    assert code == 0
    assert "netflix-play · Press play on Netflix" in out
    assert "DNS lookup" in out and "Fill from upstream" in out
    assert "First frame on screen" in out and "← latency" in out
    assert "totals:" in out and "energy, facility" in out and "PUE 1.54" in out
    assert "Fill the start-up buffer" in out and "player.start_buffer" in out


def test_options_reach_the_simulation(capsys):
    def latency(*args: str) -> float:
        code, out, _ = _main(capsys, *args, "--json")
        assert code == 0
        return json.loads(out)["latency_s"]

    assert latency("card-payment", "--connection", "reused") < latency("card-payment", "--connection", "new")
    assert latency("ride-request", "--cache", "miss") > latency("ride-request", "--cache", "hit")
    assert latency("card-payment", "--distance-km", "3000") > latency("card-payment", "--distance-km", "30")
    assert latency("page-load-cold-start", "--set", "start=microvm") < latency("page-load-cold-start")
    assert latency("netflix-play", "--set", "player=industry") == pytest.approx(4.0)


def test_csv_writes_one_row_per_event(capsys, tmp_path):
    out_file = tmp_path / "run.csv"
    code, out, _ = _main(capsys, "card-payment", "--csv", str(out_file), "--json")
    assert code == 0
    events = json.loads(out)["events"]
    with open(out_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["hop"] for r in rows] == [e["hop"] for e in events]
    assert float(rows[-1]["end_s"]) == pytest.approx(events[-1]["end_s"])


def test_same_seed_same_output(capsys):
    first = _main(capsys, "agent-tool-call", "--jitter", "0.2", "--seed", "3", "--json")[1]
    second = _main(capsys, "agent-tool-call", "--jitter", "0.2", "--seed", "3", "--json")[1]
    assert first == second


def test_note_when_an_option_changes_nothing(capsys):
    _code, out, _ = _main(capsys, "chatbot-prompt", "--cache", "miss")
    assert "note: option 'cache' does not change this flow" in out


@pytest.mark.parametrize("args,status,message", [
    (("chatbot",), 1, "no such flow 'chatbot' (did you mean 'chatbot-prompt'?)"),
    (("netflix-play", "--pue", "0.8"), 2, "option pue: must be at least 1"),
    (("netflix-play", "--set", "player=vlc"), 2, "expected one of netflix, industry"),
    (("netflix-play", "--set", "colour"), 2, "--set expects NAME=VALUE"),
    ((), 2, "name a flow to simulate"),
])
def test_errors_are_one_clear_line(capsys, args, status, message):
    code, _out, err = _main(capsys, *args)
    assert code == status
    assert message in err


def test_a_broken_flow_file_prints_located_problems(capsys, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("version: 1\nid: mine\ntitle: T\nsummary: S\noptions: {distance_km: 1}\n"
                    "hops:\n  - {component: gpuu, label: L, explain: E., cost: svc.hop}\n", encoding="utf-8")
    code, _out, err = _main(capsys, str(path))
    assert code == 1
    assert f"{path}:7:17: mine.yaml.hops[0].component: unknown component 'gpuu' (did you mean 'gpu'?)" in err


def test_fault_arguments_parse(capsys):
    assert fault_times(["chiller-trip@2.5", "dns-outage"]) == [("chiller-trip", 2.5), ("dns-outage", None)]
    code, _out, err = _main(capsys, "chatbot-prompt", "--fault", "no-such-fault")
    assert code == 2 and "no-such-fault" in err
