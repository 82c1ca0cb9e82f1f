"""``python -m desktop scale``: the command line, run as a user would, in a fresh interpreter."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def run_json(*args: str, rc: int = 0) -> dict:
    out = run(*args, "--json")
    assert out.returncode == rc, out.stderr
    return json.loads(out.stdout)


def test_forward_json_has_the_column_and_its_figures() -> None:
    d = run_json("scale", "--mw", "835", "--pue", "1.1", "--system", "dgx-h100", "--cooling", "air",
                 "--workload", "inference")
    for key in ("it_mw", "racks", "accelerators", "tokens_per_s", "prompts_per_day", "steps", "figures",
                "model", "utilisation", "tokens_per_prompt"):
        assert key in d
    util, tpp = d["figures"]["gpu.power_share"]["value"], d["figures"]["llm.tokens_per_prompt"]["value"]
    assert (d["model"], d["utilisation"], d["tokens_per_prompt"]) == ("8b", util, tpp) and util < 1
    assert d["upper_bounds"] == ["tokens_per_s", "prompts_per_day"]
    assert d["it_mw"] == pytest.approx(835 / 1.1)
    assert (d["racks"], d["accelerators"]) == (37_210, 595_360)
    assert d["tokens_per_s"] == pytest.approx(595_360 * 700 * util / 0.12, rel=1e-9)
    assert d["prompts_per_day"] * tpp == pytest.approx(d["tokens_per_s"] * 86_400, rel=1e-9)
    assert d["price_per_million_tokens"] is None and d["price_note"]
    by_key = {s["key"]: s for s in d["steps"]}
    assert by_key["meter"]["inputs"] == ["meter_mw"] and by_key["meter"]["figures"] == []
    assert by_key["tokens_per_s"]["figures"] == ["llm.j_per_token", "h100.tdp", "gpu.power_share"]
    assert d["figures"]["h100.tdp"]["grade"] == "A" and d["figures"]["llm.j_per_token"]["source"]
    assert set(d["figures"]) == set(d["figures_used"])


def test_model_utilisation_and_tokens_per_prompt_are_inputs() -> None:
    small = run_json("scale", "--preset", "crane")
    big = run_json("scale", "--preset", "crane", "--model", "70b", "--utilisation", "0.5",
                   "--tokens-per-prompt", "250")
    assert (big["model"], big["utilisation"], big["tokens_per_prompt"]) == ("70b", 0.5, 250)
    assert big["racks"] == small["racks"] and small["tokens_per_s"] > 5 * big["tokens_per_s"]
    assert big["prompts_per_day"] * 250 == pytest.approx(big["tokens_per_s"] * 86_400)
    text = run("scale", "--preset", "crane", "--model", "70b")
    assert "upper bound" in text.stdout and "batch 16" in text.stdout
    bad = run("scale", "--preset", "crane", "--model", "405b")
    assert bad.returncode == 2 and "unknown model '405b'" in bad.stderr
    assert run("scale", "--preset", "crane", "--utilisation", "1.5").returncode == 2


def test_preset_with_an_override() -> None:
    d = run_json("scale", "--preset", "crane", "--pue", "1.1")
    assert d["preset"] == "crane" and d["meter_mw"] == 835 and d["pue"] == 1.1
    assert "pjm.crane" in d["figures"] and d["figures"]["pjm.crane"]["estimate"] is False


def test_training_workload() -> None:
    d = run_json("scale", "--preset", "stargate-abilene")
    assert d["workload"] == "training" and d["tokens_per_s"] is None and d["training_days"] > 0
    assert d["figures"]["b200.bf16"]["estimate"] is True


def test_air_cooled_nvl72_exits_1_and_says_why() -> None:
    d = run_json("scale", "--mw", "835", "--system", "gb200-nvl72", "--cooling", "air", rc=1)
    assert d["feasible"] is False and d["racks"] == 0
    assert any(f["code"] == "cooling-too-weak" and "cannot host" in f["message"] for f in d["flags"])
    text = run("scale", "--mw", "835", "--system", "gb200-nvl72", "--cooling", "air")
    assert text.returncode == 1 and "ERROR: An air-cooled hall cannot host a 132 kW" in text.stdout


def test_backward_prompts_per_day() -> None:
    d = run_json("scale", "--prompts-per-day", "1e9", "--pue", "1.1", "--system", "dgx-h100")
    assert d["direction"] == "backward" and d["target_met"] is True
    assert d["prompts_per_day"] >= 1e9 and d["target"] == {"prompts_per_day": 1e9}
    fwd = run_json("scale", "--mw", repr(d["meter_mw"]), "--pue", "1.1", "--system", "dgx-h100")
    assert fwd["racks"] == d["racks"]


def test_backward_training_days() -> None:
    d = run_json("scale", "--training-days", "68", "--system", "dgx-h100", "--pue", "1.1")
    assert d["workload"] == "training" and d["training_days"] <= 68 and d["target_met"] is True
    assert 16_000 <= d["accelerators"] <= 16_500


def test_text_output_cites_and_marks_inputs() -> None:
    out = run("scale", "--preset", "enterprise-hall", "--pue", "1.3")
    assert out.returncode == 0, out.stderr
    assert "Figures used:" in out.stdout and "pue (your input)" in out.stdout
    assert "hall.enterprise_mw" in out.stdout and "(estimate)" in out.stdout
    assert "Price per million tokens" in out.stdout


def test_list() -> None:
    out = run("scale", "--list")
    assert out.returncode == 0
    for ident in ("enterprise-hall", "crane", "stargate-abilene", "humain-2030", "behind-the-meter",
                  "dgx-h100", "dgx-b200", "gb200-nvl72"):
        assert ident in out.stdout


@pytest.mark.parametrize("args,message", [
    ((), "give --mw MW or --preset ID"),
    (("--mw", "10", "--prompts-per-day", "5"), "--mw is what the reverse question answers"),
    (("--mw", "10", "--pue", "0.9"), "cannot be below 1"),
    (("--mw", "10", "--system", "dgx-h200"), "did you mean 'dgx-h100'"),
    (("--preset", "cran"), "did you mean 'crane'"),
    (("--prompts-per-day", "5", "--workload", "training"), "asks about inference"),
])
def test_usage_errors_exit_2(args, message) -> None:
    out = run("scale", *args)
    assert out.returncode == 2 and message in out.stderr


def test_check_passes_on_the_shipped_scale_file() -> None:
    out = run("check", "assets/scale.yaml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no problems" in out.stdout
