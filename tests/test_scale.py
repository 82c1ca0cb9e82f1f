"""The scale model: honest numbers from the meter to tokens, both ways, and a checked scale.yaml."""
from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import resources
from desktop.core.scale import sizing as scale
from desktop.core.sim.figures import shipped_figures
from desktop.core.scale.sizing import (ScaleInputs, evaluate, for_prompts_per_day, for_training_days,
                                inputs_for_preset, load_scale, shipped_scale)

SHIPPED = (resources.assets_dir() / "scale.yaml").read_text(encoding="utf-8")
FIG = shipped_figures()


@pytest.fixture(scope="module")
def data():
    return shipped_scale()


# --- the shipped data ---------------------------------------------------------------------
def test_shipped_presets_and_systems_match_the_ids(data) -> None:
    assert list(data.presets) == ["enterprise-hall", "crane", "stargate-abilene", "humain-2030",
                                  "behind-the-meter"]
    assert list(data.systems) == ["dgx-h100", "dgx-b200", "gb200-nvl72"]
    assert scale.preset_ids() == list(data.presets)
    assert scale.system_ids() == list(data.systems)
    ids_doc = (resources.data_root() / "docs" / "ids.md").read_text(encoding="utf-8")
    for ident in [*data.presets, *data.systems]:
        assert ident in ids_doc


def test_preset_sizes_come_from_their_figures(data) -> None:
    assert data.presets["crane"].mw == "pjm.crane"
    assert data.presets["stargate-abilene"].mw == "stargate.abilene"
    assert data.presets["humain-2030"].mw == "humain.2030"
    hall = FIG.get(data.presets["enterprise-hall"].mw)
    assert hall.estimate and 1 <= hall.value <= 5          # "a few MW", labelled grade C
    assert data.presets["behind-the-meter"].behind_the_meter


@pytest.mark.parametrize("preset", ["enterprise-hall", "crane", "stargate-abilene", "humain-2030",
                                    "behind-the-meter"])
def test_every_preset_builds(preset) -> None:
    r = evaluate(inputs_for_preset(preset))
    assert r.feasible and r.racks > 0 and r.accelerators > 0
    assert r.it_mw <= r.meter_mw
    if r.workload == "inference":
        assert r.tokens_per_s > 0 and r.prompts_per_day > 0 and r.training_days is None
    else:
        assert r.training_days > 0 and r.tokens_per_s is None and r.prompts_per_day is None


def test_behind_the_meter_is_explained() -> None:
    r = evaluate(inputs_for_preset("behind-the-meter"))
    flag = next(f for f in r.flags if f.code == "behind-the-meter")
    assert flag.severity == "info" and "meter" in flag.message and "grid" in flag.message
    assert "behind the meter" in r.step("meter").note


def test_the_crane_preset_says_it_is_a_what_if() -> None:
    note = evaluate(inputs_for_preset("crane")).step("meter").note
    assert "if all of" in note and "PJM grid" in note and "2027" in note


def test_one_dgx_h100_matches_the_brief(data) -> None:
    dgx = data.systems["dgx-h100"]
    assert dgx.power_w == FIG["dgx_h100.power"] and dgx.accelerator_w == FIG["h100.tdp"]
    assert dgx.accelerators == 8 and dgx.accelerators_w == 8 * dgx.accelerator_w
    assert dgx.other_w == pytest.approx(dgx.power_w - dgx.accelerators_w)
    assert dgx.cooling == "air" and dgx.figures["power"] == "dgx_h100.power"
    # one air-cooled rack holds two of them (2 × 10.2 = 20.4 kW under the 25 kW limit)
    one_rack = evaluate(ScaleInputs(meter_mw=0.0204 * 1.1, pue=1.1, system="dgx-h100"))
    assert (one_rack.racks, one_rack.systems, one_rack.accelerators) == (1, 2, 16)
    assert one_rack.rack_kw == pytest.approx(20.4)
    assert one_rack.accelerator_mw == pytest.approx(16 * 700e-6)


def test_other_systems_match_their_figures(data) -> None:
    b200 = data.systems["dgx-b200"]
    assert (b200.power_w, b200.accelerators, b200.accelerator_w) == (FIG["dgx_b200.power"], 8, FIG["b200.tdp"])
    nvl = data.systems["gb200-nvl72"]
    assert nvl.rack_scale and nvl.accelerators == 72 and nvl.cooling == "liquid"
    assert nvl.power_w == FIG["rack.density.nvl72"] and nvl.accelerator_w == FIG["gb200.gpu_tdp"]
    assert nvl.accelerators_w < nvl.power_w


# --- forward: the invariants, as properties over every input a student can set ------------------
SYSTEMS = st.sampled_from(["dgx-h100", "dgx-b200", "gb200-nvl72"])
MODELS = st.sampled_from(["8b", "70b"])
SETTINGS = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mw=st.floats(0, 10_000, allow_nan=False), pue=st.floats(1.0, 3.0), system=SYSTEMS,
       cooling=st.sampled_from(["air", "liquid"]), workload=st.sampled_from(["inference", "training"]))
def test_power_and_rack_invariants(mw, pue, system, cooling, workload) -> None:
    spec = shipped_scale().systems[system]
    r = evaluate(ScaleInputs(meter_mw=mw, pue=pue, system=system, cooling=cooling, workload=workload))
    tol = 1e-9 * max(1.0, mw)
    assert r.it_mw <= r.meter_mw + tol
    assert r.it_mw == pytest.approx(mw / pue)
    assert r.cooling_overhead_mw >= 0 and r.dist_losses_mw >= 0
    assert r.cooling_overhead_mw + r.dist_losses_mw + r.it_mw == pytest.approx(mw, abs=tol)
    assert r.it_installed_mw <= r.it_mw + tol
    assert r.rack_kw == pytest.approx(r.systems_per_rack * spec.power_w / 1000)
    assert r.rack_kw <= r.rack_limit_kw                       # the cooling's rack power limit
    assert r.rack_limit_kw * 1000 == FIG[scale.COOLING[cooling]]
    if r.feasible:
        assert r.stranded_mw < r.rack_kw / 1000 + tol         # never a whole rack left unbuilt
        assert r.systems == r.racks * r.systems_per_rack
        assert r.accelerators == r.systems * spec.accelerators
        assert r.accelerator_mw <= r.it_installed_mw + tol
    needs_liquid = spec.power_w > FIG["cooling.air_limit"]
    assert r.feasible == (cooling == "liquid" or not needs_liquid)


@SETTINGS
@given(mw=st.floats(0, 10_000, allow_nan=False), pue=st.floats(1.0, 3.0), system=SYSTEMS,
       model=MODELS, util=st.floats(0.01, 1.0), tpp=st.floats(1, 20_000))
def test_prompts_times_tokens_per_prompt_is_a_day_of_tokens(mw, pue, system, model, util, tpp) -> None:
    r = evaluate(ScaleInputs(meter_mw=mw, pue=pue, system=system, cooling="liquid", model=model,
                             utilisation=util, tokens_per_prompt=tpp))
    assert r.prompts_per_day * r.tokens_per_prompt == pytest.approx(r.tokens_per_s * 86_400, rel=1e-12, abs=1e-9)
    j = FIG[shipped_scale().model(model).j_per_token]
    assert r.tokens_per_s == pytest.approx(r.accelerator_mw * 1e6 * util / j)
    assert (r.model, r.utilisation, r.tokens_per_prompt) == (model, util, tpp)


@SETTINGS
@given(mw=st.floats(1, 10_000), pue=st.floats(1.0, 3.0), system=SYSTEMS, util=st.floats(0.01, 1.0))
def test_a_70b_model_serves_several_times_fewer_tokens_than_an_8b(mw, pue, system, util) -> None:
    small = evaluate(ScaleInputs(meter_mw=mw, pue=pue, system=system, cooling="liquid", model="8b",
                                 utilisation=util))
    big = evaluate(replace(small.inputs, model="70b"))
    assert big.racks == small.racks                            # same site, same GPUs
    if small.tokens_per_s:
        assert small.tokens_per_s / big.tokens_per_s > 5
        assert small.prompts_per_day / big.prompts_per_day > 5


def test_the_crane_preset_states_its_model_utilisation_and_upper_bounds() -> None:
    r = evaluate(inputs_for_preset("crane"))
    assert r.model == "8b" and r.utilisation == FIG["gpu.power_share"] < 1
    assert r.tokens_per_prompt == FIG["llm.tokens_per_prompt"]
    assert "upper bound" in r.step("tokens_per_s").label and "upper bound" in r.step("prompts_per_day").label
    assert "batch 64" in r.step("tokens_per_s").note and "GPU energy only" in r.step("tokens_per_s").note
    big = evaluate(inputs_for_preset("crane", model="70b"))
    assert big.step("tokens_per_s").estimate                  # the 70B figure is grade C
    assert r.tokens_per_s / big.tokens_per_s == pytest.approx(FIG["llm.j_per_token_70b"] / FIG["llm.j_per_token"])


@pytest.mark.parametrize("inputs,match", [
    (ScaleInputs(meter_mw=10, model="405b"), "unknown model '405b'"),
    (ScaleInputs(meter_mw=10, utilisation=0.0), "utilisation"),
    (ScaleInputs(meter_mw=10, utilisation=1.5), "utilisation"),
    (ScaleInputs(meter_mw=10, tokens_per_prompt=0), "tokens_per_prompt"),
])
def test_bad_serving_inputs_raise_clear_errors(inputs, match) -> None:
    with pytest.raises(ValueError, match=match):
        evaluate(inputs)


def test_packing_follows_the_cooling(data) -> None:
    def per_rack(system: str, cooling: str) -> tuple[int, float]:
        r = evaluate(ScaleInputs(meter_mw=100, pue=1.1, system=system, cooling=cooling))
        return r.systems_per_rack, r.rack_kw

    assert per_rack("dgx-h100", "air") == (2, pytest.approx(20.4))
    assert per_rack("dgx-b200", "air") == (1, pytest.approx(14.3))
    assert per_rack("gb200-nvl72", "liquid") == (1, pytest.approx(132))
    # liquid would allow 13 DGX H100 by power; space caps it at the grade C estimate, and says so
    r = evaluate(ScaleInputs(meter_mw=100, pue=1.1, system="dgx-h100", cooling="liquid"))
    assert r.systems_per_rack == FIG["dgx.per_rack_max"] == 4
    assert "dgx.per_rack_max" in r.step("racks").figures and r.step("racks").estimate


def test_air_cooled_hall_cannot_host_an_nvl72() -> None:
    r = evaluate(ScaleInputs(meter_mw=835, pue=1.1, system="gb200-nvl72", cooling="air"))
    assert not r.feasible and r.racks == 0 and r.accelerators == 0 and r.tokens_per_s == 0
    flag = next(f for f in r.flags if f.code == "cooling-too-weak")
    assert flag.severity == "error"
    assert "air-cooled hall cannot host a 132 kW GB200 NVL72 rack" in flag.message
    assert "cooling.air_limit" in flag.message and "liquid" in flag.message
    assert r.it_mw == pytest.approx(835 / 1.1)              # the power is there; the cooling is not


def test_default_cooling_is_what_the_system_needs() -> None:
    assert evaluate(ScaleInputs(meter_mw=10, system="gb200-nvl72")).cooling == "liquid"
    assert evaluate(ScaleInputs(meter_mw=10, system="dgx-h100")).cooling == "air"


def test_crane_at_pue_1_1_on_dgx_h100() -> None:
    r = evaluate(inputs_for_preset("crane", pue=1.1, system="dgx-h100", workload="inference"))
    assert r.it_mw == pytest.approx(759.0909, rel=1e-6)
    assert r.dist_losses_mw == pytest.approx(0.07 * 759.0909, rel=1e-6)
    assert r.racks == 37_210 and r.systems == 74_420 and r.accelerators == 595_360
    util, j, tpp = FIG["gpu.power_share"], FIG["llm.j_per_token"], FIG["llm.tokens_per_prompt"]
    assert r.tokens_per_s == pytest.approx(595_360 * 700 * util / j)
    assert r.prompts_per_day == pytest.approx(r.tokens_per_s * 86_400 / tpp)
    assert r.step("meter").figures == ("pjm.crane",) and r.step("it").inputs == ("pue",)
    assert set(r.step("tokens_per_s").figures) == {"llm.j_per_token", "h100.tdp", "gpu.power_share"}
    assert "llm.tokens_per_prompt" in r.step("prompts_per_day").figures


def test_published_prompt_energy_is_only_compared_with() -> None:
    """The per-prompt figures count a whole production system; they never set prompts/day."""
    base = evaluate(ScaleInputs(meter_mw=10))
    gpt = evaluate(ScaleInputs(meter_mw=10, prompt_energy="llm.energy.gpt4o"))
    assert gpt.prompts_per_day == base.prompts_per_day
    step = base.step("prompt_energy")
    assert step.value == pytest.approx(FIG["llm.j_per_token"] * FIG["llm.tokens_per_prompt"] / 3600)
    assert "llm.energy.gemini" in step.note and "llm.energy.gpt4o" in gpt.step("prompt_energy").note


def test_pue_below_the_losses_is_flagged() -> None:
    r = evaluate(ScaleInputs(meter_mw=100, pue=1.02))
    assert r.has_flag("pue-below-losses") and r.feasible
    assert r.cooling_overhead_mw == 0 and r.dist_losses_mw == pytest.approx(100 - 100 / 1.02)
    assert not evaluate(ScaleInputs(meter_mw=100, pue=1.1)).has_flag("pue-below-losses")


def test_a_site_smaller_than_a_rack_says_so() -> None:
    r = evaluate(ScaleInputs(meter_mw=0.01, pue=1.1, system="gb200-nvl72"))
    assert r.racks == 0 and r.has_flag("below-one-rack")


@pytest.mark.parametrize("inputs,match", [
    (ScaleInputs(meter_mw=10, pue=0.9), "below 1"),
    (ScaleInputs(meter_mw=-1), "negative"),
    (ScaleInputs(meter_mw=10, system="dgx-h200"), "did you mean 'dgx-h100'"),
    (ScaleInputs(meter_mw=10, cooling="water"), "air, liquid"),
    (ScaleInputs(meter_mw=10, workload="mining"), "inference, training"),
    (ScaleInputs(meter_mw="pjm.cranes"), "unknown figure"),
    (ScaleInputs(meter_mw=10, workload="training", mfu=1.5), "mfu"),
])
def test_bad_inputs_raise_clear_errors(inputs, match) -> None:
    with pytest.raises(ValueError, match=match):
        evaluate(inputs)


def test_a_typed_number_replaces_its_figure() -> None:
    base = inputs_for_preset("crane")
    r = evaluate(base)
    assert "pue.google" in r.step("it").figures and r.pue == 1.09
    slid = evaluate(replace(base, pue=1.2))
    assert "pue.google" not in slid.figures_used and slid.step("it").inputs == ("pue",)


# --- what the steps claim ---------------------------------------------------------------------
@pytest.mark.parametrize("preset", ["enterprise-hall", "crane", "stargate-abilene", "humain-2030",
                                    "behind-the-meter"])
def test_steps_name_their_figures_and_label_estimates(preset) -> None:
    r = evaluate(inputs_for_preset(preset))
    assert r.steps[0].key == "meter" and r.steps[3].key == "it"
    cited = set()
    for step in r.steps:
        assert 0 <= step.layer <= 8 and step.unit and step.label
        assert step.figures or step.inputs, step.key
        assert all(name in FIG for name in step.figures)
        if any(FIG.get(n).estimate for n in step.figures):
            assert step.estimate, f"{step.key} rests on a grade C figure but is not labelled"
        cited.update(step.figures)
    assert cited <= set(r.figures_used)
    json.dumps(r.to_dict(FIG), allow_nan=False)


def test_other_gpus_and_other_prompt_figures_are_estimates() -> None:
    h100 = evaluate(ScaleInputs(meter_mw=10, system="dgx-h100"))
    assert not h100.step("tokens_per_s").estimate and "8B" in h100.step("tokens_per_s").note
    b200 = evaluate(ScaleInputs(meter_mw=10, system="dgx-b200"))
    assert b200.step("tokens_per_s").estimate
    gpt = evaluate(ScaleInputs(meter_mw=10, prompt_energy="llm.energy.gpt4o"))
    assert "llm.energy.gpt4o" in gpt.figures_used


def test_no_price_is_invented() -> None:
    r = evaluate(ScaleInputs(meter_mw=10))
    assert r.price_per_million_tokens is None and "No sourced price" in r.price_note
    assert not any("price" in f.name for f in FIG)


def test_user_view_has_latency_from_figures() -> None:
    r = evaluate(ScaleInputs(meter_mw=10))
    assert r.ttft_s == FIG["llm.ttft"] and r.tpot_s == FIG["llm.tpot"]
    assert {s.key for s in r.steps if s.view == "user"} >= {"tokens_per_s", "prompts_per_day", "ttft"}


# --- training -------------------------------------------------------------------------------
def test_llama3_405b_on_16384_h100_takes_about_68_days() -> None:
    racks = 16_384 // 16                                    # 2 DGX H100 × 8 GPUs per air rack
    r = evaluate(ScaleInputs(meter_mw=racks * 0.0204 * 1.1, pue=1.1, system="dgx-h100",
                             workload="training"))
    assert r.accelerators == 16_384
    assert r.run_flops == pytest.approx(FIG["llama3.flops"], rel=0.01)   # 6·N·D ≈ 3.8e25
    expected = 6 * 405e9 * 15.6e12 / (16_384 * 989e12 * 0.40) / 86_400
    assert r.training_days == pytest.approx(expected) and 66 < r.training_days < 70
    assert r.accelerator_hours == pytest.approx(expected * 24 * 16_384)
    assert r.run_energy_mwh == pytest.approx(r.it_installed_mw * 1.1 * r.training_days * 24)
    assert not r.step("training_days").estimate


def test_training_on_blackwell_is_an_estimate() -> None:
    r = evaluate(inputs_for_preset("stargate-abilene"))
    assert "b200.bf16" in r.figures_used and r.step("training_days").estimate


def test_training_with_no_accelerators_never_finishes() -> None:
    r = evaluate(ScaleInputs(meter_mw=835, system="gb200-nvl72", cooling="air", workload="training"))
    assert r.training_days is None and r.run_energy_mwh is None
    assert r.step("training_days").value == math.inf
    assert r.step("training_days").to_dict()["value"] is None   # JSON has no infinity
    json.dumps(r.to_dict(FIG), allow_nan=False)


# --- backwards --------------------------------------------------------------------------------
@pytest.mark.parametrize("system", ["dgx-h100", "dgx-b200", "gb200-nvl72"])
@pytest.mark.parametrize("prompts", [1.0, 1e6, 3.3e8, 1e9, 8.25e10, 1e12])
def test_prompts_backward_is_the_smallest_site(system, prompts) -> None:
    inputs = ScaleInputs(pue=1.1, system=system)
    b = for_prompts_per_day(prompts, inputs)
    assert b.direction == "backward" and b.target_met and b.prompts_per_day >= prompts * (1 - 1e-9)
    again = evaluate(replace(inputs, meter_mw=b.meter_mw))       # forward at the answer
    assert again.racks == b.racks and again.prompts_per_day == pytest.approx(b.prompts_per_day)
    one_less = evaluate(replace(inputs, meter_mw=max(0.0, b.meter_mw - b.rack_kw / 1000 * 1.1)))
    assert one_less.racks == b.racks - 1 and one_less.prompts_per_day < prompts


@SETTINGS
@given(mw=st.floats(0.5, 2000), pue=st.floats(1.0, 2.0), model=MODELS, tpp=st.floats(10, 5000))
def test_forward_then_backward_returns_the_same_racks(mw, pue, model, tpp) -> None:
    inputs = ScaleInputs(meter_mw=mw, pue=pue, system="dgx-h100", model=model, tokens_per_prompt=tpp)
    f = evaluate(inputs)
    b = for_prompts_per_day(f.prompts_per_day, inputs)
    assert b.racks == f.racks
    assert f.meter_mw - f.rack_kw / 1000 * pue < b.meter_mw <= f.meter_mw * (1 + 1e-12)
    assert b.meter_mw == pytest.approx(f.it_installed_mw * pue)


@pytest.mark.parametrize("system", ["dgx-h100", "dgx-b200", "gb200-nvl72"])
@pytest.mark.parametrize("days", [1, 30, 68, 365])
def test_training_backward_is_the_smallest_site(system, days) -> None:
    inputs = ScaleInputs(pue=1.1, system=system)
    b = for_training_days(days, inputs)
    assert b.workload == "training" and b.target_met and b.training_days <= days * (1 + 1e-9)
    one_less = evaluate(replace(b.inputs, meter_mw=b.meter_mw - b.rack_kw / 1000 * 1.1))
    assert one_less.racks == b.racks - 1
    assert one_less.training_days is None or one_less.training_days > days


def test_llama3_backward_lands_near_meta_s_cluster() -> None:
    expected = 6 * 405e9 * 15.6e12 / (16_384 * 989e12 * 0.40) / 86_400
    b = for_training_days(expected, ScaleInputs(pue=1.1, system="dgx-h100"))
    assert b.accelerators == 16_384


def test_backward_into_an_impossible_hall_says_so() -> None:
    b = for_prompts_per_day(1e9, ScaleInputs(system="gb200-nvl72", cooling="air"))
    assert not b.feasible and b.target_met is False and b.has_flag("cooling-too-weak")


def test_backward_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        for_prompts_per_day(-5)
    with pytest.raises(ValueError):
        for_training_days(0)


# --- a broken scale.yaml gives located messages ---------------------------------------------
def _broken(tmp_path: Path, *edits: tuple[str, str]) -> list[str]:
    text = SHIPPED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "scale.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = load_scale(path)
    assert data is None and problems
    lines = text.splitlines()
    out = []
    for p in problems:
        assert p.path == str(path) and 1 <= p.line <= len(lines)
        out.append(f"{p.line}|{lines[p.line - 1].strip()}|{p.message}")
    return out


def test_shipped_scale_has_no_problems() -> None:
    data, problems = load_scale()
    assert problems == [] and data is not None


def test_unknown_system_in_a_preset(tmp_path) -> None:
    [msg] = _broken(tmp_path, ("system: dgx-b200\n    cooling: air\n    workload: inference\n    behind",
                               "system: dgx-b20\n    cooling: air\n    workload: inference\n    behind"))
    assert msg.endswith("presets[4].system: unknown system 'dgx-b20' (did you mean 'dgx-b200'?)")
    assert "|system: dgx-b20|" in msg


def test_air_cooled_preset_with_an_nvl72(tmp_path) -> None:
    [msg] = _broken(tmp_path, ("system: gb200-nvl72\n    cooling: liquid\n    workload: training",
                               "system: gb200-nvl72\n    cooling: air\n    workload: training"))
    assert "|cooling: air|" in msg and "presets[2].cooling" in msg
    assert "air-cooled hall cannot host a 132 kW GB200 NVL72 rack" in msg and "cooling.air_limit" in msg


def test_figure_typos_units_and_unknown_keys(tmp_path) -> None:
    msgs = _broken(tmp_path,
                   ("power: dgx_h100.power", "power: dgx_h100.powr"),
                   ("mw: hall.enterprise_mw", "mw: h100.tdp"),
                   ("    accelerators: 72\n", "    accelerators: 0\n    acelerator: B200\n"))
    text = "\n".join(msgs)
    assert "|power: dgx_h100.powr|" in text and "unknown figure 'dgx_h100.powr' (did you mean 'dgx_h100.power'?)" in text
    assert "|mw: h100.tdp|" in text and "figure 'h100.tdp' is in W, expected MW" in text
    assert "|accelerators: 0|" in text and "at least one accelerator" in text
    assert "|acelerator: B200|" in text and "unknown key 'acelerator'" in text
    assert len(msgs) == 4


def test_duplicate_ids_and_bad_choices(tmp_path) -> None:
    msgs = _broken(tmp_path, ("- id: humain-2030", "- id: crane"), ("workload: training", "workload: pretraining"))
    text = "\n".join(msgs)
    assert "duplicate preset id 'crane'" in text
    assert "|workload: pretraining|" in text and "expected one of inference, training" in text


def test_a_system_whose_gpus_outdraw_it(tmp_path) -> None:
    [msg] = _broken(tmp_path, ("    accelerators: 8\n    accelerator_power: h100.tdp",
                               "    accelerators: 16\n    accelerator_power: h100.tdp"))
    assert "16 × 700 W of accelerators (11.2 kW) exceed the system's maximum power (10.2 kW" in msg


def test_wrong_version_and_not_a_mapping(tmp_path) -> None:
    msgs = _broken(tmp_path, ("version: 1", "version: 2"))
    assert any("version 2 is not supported" in m for m in msgs)
    path = tmp_path / "list.yaml"
    path.write_text("- presets\n", encoding="utf-8")
    data, problems = load_scale(path)
    assert data is None and "expected a mapping" in problems[0].message


def test_check_accepts_the_shipped_file(stack) -> None:
    from desktop.core.catalog import build_known, check_files, kind_of
    from desktop.core.data.source import parse_file

    path = resources.assets_dir() / "scale.yaml"
    assert kind_of(parse_file(path))[0] == "scale"
    assert check_files([path]) == []
    known = build_known(stack)
    assert known.presets == set(scale.preset_ids()) and known.systems == set(scale.system_ids())


def test_the_view_gets_its_serving_inputs_and_model_choices_from_the_core() -> None:
    inputs = {s.key: s for s in scale.serving_inputs()}
    assert set(inputs) == {"model", "utilisation", "tokens_per_prompt"}
    assert inputs["utilisation"].default == FIG["gpu.power_share"] < 1
    assert inputs["tokens_per_prompt"].figure == "llm.tokens_per_prompt"
    choices = dict(scale.model_choices())
    assert list(choices) == scale.model_ids() and "batch 64" in choices["8b"]
    assert "estimate" in choices["70b"] and "estimate" not in choices["8b"]
