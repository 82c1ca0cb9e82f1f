"""Flows as data: the shipped flows load and make sense; broken flow files are reported as
``path:line:column: message`` with suggestions, one problem per mistake."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from desktop import resources
from desktop.core.catalog import check_files
from desktop.core.sim.figures import shipped_figures
from desktop.core.sim.flows import (DIRECTIONS, EXPLAIN_MAX_CHARS, NETWORK_LAYER, flow_ids,
                                load_flow, read_flow_file)
from desktop.core.data.problems import DataError
from desktop.core.sim.simulation import simulate

ROOT = Path(__file__).resolve().parents[1]


# --- the shipped flows --------------------------------------------------------------------------

def test_shipped_flow_ids_are_the_fixed_ids():
    text = (ROOT / "docs" / "ids.md").read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("Flows:"))
    expected = sorted(re.findall(r"[a-z][a-z-]+[a-z]", line.partition(":")[2]))
    assert flow_ids() == expected


def test_check_accepts_every_shipped_flow():
    files = sorted((resources.data_root() / "assets" / "flows").glob("*.yaml"))
    assert len(files) == len(flow_ids())
    assert [str(p) for p in check_files(files)] == []


def test_lessons_only_name_shipped_flows():
    ids = set(flow_ids())
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        for match in re.finditer(r"\bflow: ([a-z-]+)", path.read_text(encoding="utf-8")):
            assert match.group(1) in ids, (path.name, match.group(1))


def test_flows_go_down_the_stack_and_back_up(flows):
    for flow in flows.values():
        layers = [h.layer for h in flow.hops]
        assert layers[0] >= 7 and layers[-1] >= 7, flow.id          # start and end at the app
        assert min(layers) <= NETWORK_LAYER, flow.id                   # and cross the network
        timeline = simulate(flow)
        directions = {e.direction for e in timeline.events}
        assert directions <= set(DIRECTIONS)
        assert {"down", "up"} <= directions, flow.id


def test_network_hops_name_their_osi_layer(flows):
    for flow in flows.values():
        for hop in flow.hops:
            if hop.layer == NETWORK_LAYER:
                assert hop.osi is not None and 1 <= hop.osi <= 7, (flow.id, hop.id)
            else:
                assert hop.osi is None


def test_network_protocols_sit_at_their_osi_layers(flows):
    netflix = flows["netflix-play"]
    osi = {h.id: h.osi for h in netflix.hops if h.osi}
    assert (osi["dns"], osi["tcp"], osi["tls"], osi["oca-tcp"], osi["oca-tls"]) == (7, 4, 6, 4, 6)
    assert osi["routers-in"] == osi["routers-out"] == 3 and osi["dc-in"] == osi["dc-out"] == 2
    assert all(osi[h] == 1 for h in ("home-up", "fibre-in", "fill-wire", "home-down"))


def test_every_hop_explains_itself_in_one_short_sentence(flows):
    for flow in flows.values():
        assert flow.title and flow.summary
        for hop in flow.hops:
            assert hop.label and len(hop.explain) <= EXPLAIN_MAX_CHARS, (flow.id, hop.id)
            assert hop.explain.endswith("."), (flow.id, hop.id)


def test_every_flow_reaches_its_latency_milestone(flows):
    for flow in flows.values():
        timeline = simulate(flow)
        if flow.latency:
            assert timeline.latency_milestone == flow.latency
            assert timeline.latency_s == timeline.milestones[flow.latency]


def test_options_resolve_and_reject_bad_values(flows):
    netflix = flows["netflix-play"]
    values = netflix.resolve({"cache": "miss", "pue": "pue.google", "distance_km": "100"},
                             figures=shipped_figures())
    assert values["cache"] == "miss" and values["pue"] == 1.09 and values["distance_km"] == 100
    assert netflix.resolve({"player": "industry", "oca_streams": 5})["oca_streams"] == 5
    for bad, message in [({"cache": "warm"}, "expected one of hit, miss"),
                         ({"pue": 0.9}, "must be at least 1"),
                         ({"distance_km": -5}, "must be at least 0"),
                         ({"player": "vlc"}, "expected one of netflix, industry"),
                         ({"colour": "red"}, "has no option 'colour'")]:
        with pytest.raises(ValueError, match=message):
            netflix.resolve(bad)


def test_flow_knows_which_options_change_it(flows):
    chatbot, netflix, agent = flows["chatbot-prompt"], flows["netflix-play"], flows["agent-tool-call"]
    assert chatbot.uses("connection") and not chatbot.uses("cache") and chatbot.uses("output_tokens")
    assert netflix.uses("cache") and netflix.uses("distance_km") and netflix.uses("player")
    assert not agent.uses("distance_km") and agent.uses("pue")


def test_load_flow_by_unknown_id_suggests_the_right_one():
    with pytest.raises(DataError, match=r"no such flow 'chatbot' \(did you mean 'chatbot-prompt'\?\)"):
        load_flow("chatbot")


# --- broken flow files --------------------------------------------------------------------------

VALID = """\
version: 1
id: broken
title: A small flow
summary: Two hops and back.
options:
  distance_km: 10
  cache: hit
params:
  - {name: hops, value: 3, unit: hops, note: Routers on the way.}
milestones:
  - {id: done, label: Done}
hops:
  - id: ask
    component: web-app
    label: Ask
    explain: The browser asks.
    cost: svc.hop
  - id: wire
    component: internet-path
    osi: 1
    label: Wire
    explain: Light in fibre.
    cost: {rule: wire, km: distance_km, switch_hops: hops}
  - id: read
    component: cache
    when: {cache: hit}
    label: Read
    explain: A cache read.
    cost: redis.get
    power: {rule: server, peak: rack.density.enterprise, util: 0.5}
    milestone: done
"""


def _problems(tmp_path: Path, text: str, name: str = "broken.yaml") -> tuple[object, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    flow, problems = read_flow_file(path)
    return flow, [str(p).replace(str(path), name) for p in problems]


def test_the_template_is_valid(tmp_path):
    flow, problems = _problems(tmp_path, VALID)
    assert problems == []
    timeline = simulate(flow)
    assert [e.hop_id for e in timeline.events] == ["ask", "wire", "read"]
    assert timeline.milestones["done"] == timeline.end_s
    assert simulate(flow, {"cache": "miss"}).milestones == {}


BROKEN = [
    ("unknown component", "component: web-app", "component: web-ap",
     ["broken.yaml:14:16: broken.yaml.hops[0].component: unknown component 'web-ap' (did you mean 'web-app'?)"]),
    ("unknown figure", "cost: redis.get", "cost: redis.gett",
     ["broken.yaml:29:11: broken.yaml.hops[2].cost: unknown figure 'redis.gett' (did you mean 'redis.get'?)"]),
    ("unknown rule", "{rule: wire,", "{rule: wir,",
     ["broken.yaml:23:18: broken.yaml.hops[1].cost.rule: unknown cost rule 'wir' (did you mean 'wire'?)"]),
    ("power rule used as cost", "cost: svc.hop", "cost: {rule: device, figure: h100.tdp}",
     ["broken.yaml:17:18: broken.yaml.hops[0].cost.rule: unknown cost rule 'device'; 'device' is a power rule"
      " (known: buffer, dc_trip, duration, figure, handshake, remainder, tokens, transfer, wire)"]),
    ("OSI number out of range", "osi: 1", "osi: 9",
     ["broken.yaml:20:10: broken.yaml.hops[1].osi: expected an OSI layer number 1-7, found 9"]),
    ("OSI outside the network layer", "component: cache\n", "component: cache\n    osi: 4\n",
     ["broken.yaml:26:10: broken.yaml.hops[2].osi: only network hops (stack layer 2) have an OSI "
      "sub-layer; 'cache' is in layer 5"]),
    ("bad option value in when", "{cache: hit}", "{cache: hot}",
     ["broken.yaml:26:19: broken.yaml.hops[2].when.cache: expected one of hit, miss, found 'hot' (did you mean 'hit'?)"]),
    ("bad option default", "  cache: hit", "  cache: warm",
     ["broken.yaml:7:10: broken.yaml.options.cache: expected one of hit, miss, found 'warm'"]),
    ("when on a number option", "{cache: hit}", "{distance_km: 10}",
     ["broken.yaml:26:12: broken.yaml.hops[2].when.distance_km: 'distance_km' is a number; when needs a "
      "choice option (known: cache, connection)"]),
    ("unknown key and missing field", "    label: Ask", "    labl: Ask",
     ["broken.yaml:13:5: broken.yaml.hops[0]: missing field 'label'",
      "broken.yaml:15:5: broken.yaml.hops[0]: unknown key 'labl' (known: component, cost, direction, "
      "explain, group, id, label, lane, milestone, osi, power, when)"]),
    ("unknown parameter", "switch_hops: hops}", "switch_hops: hop}",
     ["broken.yaml:23:54: broken.yaml.hops[1].cost.switch_hops: unknown parameter 'hop' (did you mean 'hops'?)"]),
    ("figure in the wrong unit", "cost: svc.hop", "cost: h100.tdp",
     ["broken.yaml:17:11: broken.yaml.hops[0].cost: figure 'h100.tdp' is in W; this rule needs a figure in s"]),
    ("fraction out of range", "util: 0.5", "util: 1.5",
     ["broken.yaml:30:64: broken.yaml.hops[2].power.util: must be between 0 and 1, found 1.5"]),
    ("id does not match the file", "id: broken", "id: other",
     ["broken.yaml:2:5: broken.yaml.id: must match the file name 'broken', found 'other'"]),
    ("unknown milestone", "milestone: done", "milestone: dne",
     ["broken.yaml:11:5: broken.yaml.milestones[0]: milestone 'done' is not reached by any hop; add "
      "'milestone: done' to the hop that reaches it",
      "broken.yaml:31:16: broken.yaml.hops[2].milestone: unknown milestone 'dne' (did you mean 'done'?); "
      "declare it under milestones"]),
    ("missing distance", "  distance_km: 10\n", "",
     ["broken.yaml:6:3: broken.yaml.options: missing field 'distance_km'"]),
    ("tokens rule needs a rate", "cost: svc.hop", "cost: {rule: tokens, count: 5}",
     ["broken.yaml:17:11: broken.yaml.hops[0].cost: rule 'tokens' needs exactly one of per_token or rate"]),
]


@pytest.mark.parametrize("old,new,expected", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_flow_is_reported_where_the_mistake_is(tmp_path, old, new, expected):
    assert old in VALID
    flow, problems = _problems(tmp_path, VALID.replace(old, new, 1))
    assert flow is None
    assert problems == expected


def test_groups_must_be_consecutive(tmp_path):
    text = VALID.replace("    cost: svc.hop\n", "    cost: svc.hop\n    group: g\n")
    text = text.replace("    cost: redis.get\n", "    cost: redis.get\n    group: g\n")
    _flow, problems = _problems(tmp_path, text)
    assert problems == ["broken.yaml:25:5: group 'g' must be one block of consecutive hops (it started at line 13)"]


def test_duplicate_hop_ids_and_lane_without_group(tmp_path):
    text = VALID.replace("id: read", "id: ask").replace("    osi: 1\n", "    osi: 1\n    lane: a\n")
    _flow, problems = _problems(tmp_path, text)
    assert problems == ["broken.yaml:21:11: broken.yaml.hops[1].lane: a lane only makes sense inside a group",
                        "broken.yaml:25:9: duplicate hop id 'ask' (first at line 13)"]


def test_yaml_syntax_errors_are_located(tmp_path):
    _flow, problems = _problems(tmp_path, VALID.replace("    label: Wire", "\tlabel: Wire"))
    assert len(problems) == 1
    assert problems[0].startswith("broken.yaml:21:1: not valid YAML")
    assert "tab" in problems[0]


def test_every_problem_in_one_pass(tmp_path):
    text = (VALID.replace("web-app", "web-ap").replace("osi: 1", "osi: 0")
            .replace("redis.get", "redis.gett").replace("cache: hit}", "cache: hot}"))
    _flow, problems = _problems(tmp_path, text)
    assert len(problems) == 4


def test_shipped_flow_files_are_plain_yaml():
    for ident in flow_ids():
        data = yaml.safe_load((resources.data_root() / "assets" / "flows" / f"{ident}.yaml").read_text("utf-8"))
        assert data["id"] == ident and data["hops"]
