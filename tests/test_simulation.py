"""The simulation: deterministic, honest against published bands, options that change what
they should, power and energy that add up, and modifiers that let faults climb the stack."""
from __future__ import annotations

import json

import numpy as np
import pytest

from desktop.core.sim.modifiers import AddDelay, Profile, ScalePower, ScaleTime, Target, stretch
from desktop.core.sim.simulation import simulate
from desktop.core.stack.reader import LAYER_COUNT




def _event(timeline, hop_id):
    return next(e for e in timeline.events if e.hop_id == hop_id)


# --- determinism --------------------------------------------------------------------------------

def test_same_inputs_give_an_identical_timeline(flows):
    for flow in flows.values():
        a = simulate(flow, {"cache": "miss"}, seed=7)
        b = simulate(flow, {"cache": "miss"}, seed=7)
        assert a.to_dict(power=True) == b.to_dict(power=True)
        assert np.array_equal(a.power.it_by_layer, b.power.it_by_layer)


def test_seed_only_matters_with_jitter(flows):
    flow = flows["chatbot-prompt"]
    one, two = simulate(flow, seed=1).to_dict(), simulate(flow, seed=2).to_dict()
    assert one.pop("seed") != two.pop("seed") and one == two
    assert simulate(flow, seed=1, jitter=0.1).to_dict() == simulate(flow, seed=1, jitter=0.1).to_dict()
    assert simulate(flow, seed=1, jitter=0.1).latency_s != simulate(flow, seed=2, jitter=0.1).latency_s
    with pytest.raises(ValueError, match="jitter"):
        simulate(flow, jitter=-1)


# --- honesty bands, computed from the simulation -------------------------------------------------

def test_netflix_first_frame_is_computed_from_the_buffer_bitrate_and_home_link(flows, figures):
    fill = figures["player.start_buffer"] * figures["netflix.hd_bitrate"] / figures["home.throughput"]
    for options in ({}, {"connection": "reused"}, {"cache": "miss"}):
        timeline = simulate(flows["netflix-play"], options)
        assert timeline.milestones["first-bytes"] < 1.0
        assert timeline.milestones["first-frame"] == pytest.approx(timeline.milestones["first-bytes"] + fill)
        assert timeline.latency_s == timeline.milestones["first-frame"]
    buffer = _event(simulate(flows["netflix-play"]), "buffer-netflix")
    assert buffer.milestone == "first-frame" and not buffer.estimate
    assert set(buffer.figures) == {"player.start_buffer", "netflix.hd_bitrate", "home.throughput"}
    industry = simulate(flows["netflix-play"], {"player": "industry"})
    assert industry.latency_s == pytest.approx(figures["video.ttff_industry"])
    assert _event(industry, "buffer-industry").estimate          # a quoted figure, grade C


def test_netflix_network_changes_move_the_first_frame_by_what_they_cost(flows):
    """Nothing absorbs a slower network any more: the first frame moves with the first bytes."""
    flow = flows["netflix-play"]
    base = simulate(flow)
    for change in ({"isp_switch_hops": 60}, {"distance_km": 300}, {"cache": "miss"}):
        changed = simulate(flow, change)
        delta = changed.milestones["first-bytes"] - base.milestones["first-bytes"]
        assert delta > 0
        assert changed.latency_s - base.latency_s == pytest.approx(delta)


def test_netflix_control_plane_is_in_aws_and_only_video_comes_from_open_connect(flows):
    flow = flows["netflix-play"]
    timeline = simulate(flow)
    by_id = {h.id: h for h in flow.hops}
    for hop in ("playback-api", "manifest", "licence"):         # before or beside the video lane
        assert by_id[hop].lane != "video"
    oca_power = {h.id for h in flow.hops if h.power is not None and "netflix.oca" in str(h.power)}
    assert oca_power and oca_power <= {"cache-lookup", "fill-read", "ssd-read"}
    assert _event(timeline, "manifest").end <= _event(timeline, "routers-to-oca").start


@pytest.mark.parametrize("pue", ["pue.industry", "pue.google"])
def test_chatbot_prompt_costs_a_tenth_to_one_watt_hour(flows, pue):
    timeline = simulate(flows["chatbot-prompt"], {"pue": pue})
    assert 0.1 <= timeline.energy_wh <= 1.0


def test_chatbot_energy_is_near_the_published_per_prompt_figures(flows, figures):
    wh = simulate(flows["chatbot-prompt"]).energy_wh
    published = [figures[n] for n in ("llm.energy.gemini", "llm.energy.gpt4o", "llm.energy.chatgpt")]
    assert min(published) / 2 <= wh <= max(published) * 2


def test_chatbot_time_to_first_token(flows):
    for options in ({}, {"connection": "new"}):
        ttft = simulate(flows["chatbot-prompt"], options).milestones["first-token"]
        assert 0.3 <= ttft <= 1.5


def test_chatbot_gpus_draw_most_of_the_energy(flows):
    timeline = simulate(flows["chatbot-prompt"])
    by_layer = timeline.power.energy_by_layer_j()
    assert by_layer[1] / by_layer.sum() > 0.9


def test_in_datacenter_round_trip_is_half_a_millisecond(flows):
    timeline = simulate(flows["chatbot-prompt"])
    there, back = _event(timeline, "to-gpu"), _event(timeline, "first-out")
    assert there.layer == back.layer == 2
    assert 0.25e-3 <= there.duration + back.duration <= 1e-3


def test_card_payment_takes_a_few_hundred_milliseconds(flows):
    for options in ({}, {"connection": "reused"}):
        assert 0.1 <= simulate(flows["card-payment"], options).latency_s <= 1.0


def test_cold_start_pod_is_slower_than_microvm_is_slower_than_warm(flows, figures):
    flow = flows["page-load-cold-start"]
    pod, vm, warm = (simulate(flow, {"start": s}).latency_s for s in ("pod", "microvm", "warm"))
    assert pod > vm > warm
    assert pod - warm == pytest.approx(figures["k8s.pod_startup"] + figures["svc.hop"])
    assert vm - warm == pytest.approx(figures["firecracker.boot"])


# --- options change what they should ---------------------------------------------------------------

@pytest.mark.parametrize("flow_id", ["netflix-play", "chatbot-prompt", "card-payment",
                                     "page-load-cold-start", "ride-request"])
def test_reused_connection_is_faster(flows, figures, flow_id):
    new = simulate(flows[flow_id], {"connection": "new"})
    reused = simulate(flows[flow_id], {"connection": "reused"})
    assert reused.latency_s < new.latency_s
    assert {"dns", "tcp", "tls"} <= {e.hop_id for e in new.events}
    assert not {"dns", "tcp", "tls"} & {e.hop_id for e in reused.events}
    # new HTTPS = DNS + 1 RTT (TCP) + 1 RTT (TLS 1.3)
    tcp, tls = _event(new, "tcp"), _event(new, "tls")
    assert tcp.duration == tls.duration
    assert _event(new, "dns").duration == figures["dns.lookup"]


@pytest.mark.parametrize("flow_id", ["netflix-play", "page-load-cold-start", "ride-request"])
def test_cache_miss_is_slower(flows, flow_id):
    hit = simulate(flows[flow_id], {"cache": "hit"})
    miss = simulate(flows[flow_id], {"cache": "miss"})
    assert miss.latency_s > hit.latency_s


@pytest.mark.parametrize("flow_id", ["netflix-play", "chatbot-prompt", "card-payment",
                                     "page-load-cold-start", "ride-request"])
def test_larger_distance_is_slower(flows, figures, flow_id):
    near = simulate(flows[flow_id], {"distance_km": 10})
    far = simulate(flows[flow_id], {"distance_km": 2000})
    assert far.latency_s > near.latency_s
    one_way = 1990 * figures["fiber.delay"]
    assert far.latency_s - near.latency_s >= 2 * one_way - 1e-12     # at least there and back


@pytest.mark.parametrize("flow_id", sorted(["netflix-play", "chatbot-prompt", "card-payment",
                                            "page-load-cold-start", "agent-tool-call", "ride-request"]))
def test_industry_pue_costs_more_energy_than_hyperscale(flows, figures, flow_id):
    industry = simulate(flows[flow_id], {"pue": figures["pue.industry"]})
    google = simulate(flows[flow_id], {"pue": figures["pue.google"]})
    assert industry.energy_it_j == google.energy_it_j
    assert industry.energy_j > google.energy_j
    assert industry.energy_j == pytest.approx(industry.energy_it_j * figures["pue.industry"])
    assert industry.pue_figure == "pue.industry" and google.pue_figure == "pue.google"
    assert industry.latency_s == google.latency_s


def test_more_tokens_take_longer_and_cost_more(flows):
    short = simulate(flows["chatbot-prompt"], {"output_tokens": 100})
    long = simulate(flows["chatbot-prompt"], {"output_tokens": 500})
    assert long.latency_s > short.latency_s and long.energy_j > short.energy_j
    assert long.milestones["first-token"] == short.milestones["first-token"]


# --- timeline structure -----------------------------------------------------------------------------

def test_events_are_in_time_order_and_latency_adds_up(flows):
    for flow in flows.values():
        timeline = simulate(flow)
        starts = [e.start for e in timeline.events]
        assert starts == sorted(starts)
        assert [e.index for e in timeline.events] == list(range(len(timeline.events)))
        assert sum(e.latency_s for e in timeline.events) == pytest.approx(timeline.end_s)
        assert timeline.elapsed(len(timeline.events) - 1) == pytest.approx(timeline.end_s)


def test_parallel_group_starts_together_and_ends_with_its_longest_lane(flows):
    timeline = simulate(flows["netflix-play"], {"cache": "miss"})
    trip, licence, lookup, ssd = (_event(timeline, h) for h in ("licence-trip", "licence", "cache-lookup",
                                                                  "ssd-read"))
    assert trip.start == _event(timeline, "oca-tcp").start           # both lanes start together
    assert ssd.start == _event(timeline, "fill-read").end            # a lane runs in sequence
    buffer = _event(timeline, "buffer-netflix")
    assert buffer.start == _event(timeline, "home-down").end and buffer.end > licence.end
    assert timeline.end_s == pytest.approx(max(licence.end, buffer.end))
    assert licence.latency_s == 0 and ssd.latency_s == ssd.duration  # the licence is hidden


def test_decode_streams_while_the_first_token_travels(flows):
    timeline = simulate(flows["chatbot-prompt"])
    decode, first = _event(timeline, "decode"), _event(timeline, "first-show")
    assert first.end < decode.end and first.milestone == "first-token"
    assert timeline.active(first.start) == tuple(sorted((decode.index, first.index)))


def test_energy_and_power_add_up(flows):
    for flow in flows.values():
        timeline = simulate(flow)
        assert timeline.power.energy_it_j() == pytest.approx(timeline.energy_it_j, rel=1e-9)
        assert timeline.energy_wh == pytest.approx(timeline.energy_j / 3600)
        assert timeline.peak_facility_w == pytest.approx(timeline.peak_it_w * timeline.pue)
        for e in timeline.events:
            assert e.energy_j == pytest.approx(e.power_w * e.duration)


def test_power_at_reads_the_step_function(flows):
    timeline = simulate(flows["chatbot-prompt"])
    prefill = _event(timeline, "prefill")
    mid = (prefill.start + prefill.end) / 2
    it, facility = timeline.power_at(mid)
    assert it == pytest.approx(prefill.power_w) and facility == pytest.approx(it * timeline.pue)
    assert timeline.power.layers_at(mid)[1] == pytest.approx(prefill.power_w)
    assert timeline.power_at(-1.0) == (0.0, 0.0)
    assert timeline.power_at(timeline.end_s + 1) == (0.0, 0.0)
    grid = np.linspace(0, timeline.end_s, 50)
    sampled = timeline.power.sample(grid)
    assert sampled.shape == (LAYER_COUNT, 50)
    assert sampled[:, 25].sum() == pytest.approx(timeline.power.it_at(grid[25]))


def test_gpu_power_comes_from_h100_tdp_shared_by_the_batch(flows, figures):
    prefill = _event(simulate(flows["chatbot-prompt"]), "prefill")
    split = [figures[f"gemini.split.{k}"] for k in ("accelerators", "host", "idle")]
    expected = 2 * figures["h100.tdp"] * sum(split) / split[0] / 16
    assert prefill.power_w == pytest.approx(expected)
    assert "h100.tdp" in prefill.figures and "batch" in prefill.params


def test_timeline_is_json_ready(flows):
    text = json.dumps(simulate(flows["netflix-play"]).to_dict(power=True))
    data = json.loads(text)
    assert {"latency_s", "energy_j", "energy_wh", "peak_it_w", "peak_facility_w", "milestones",
            "events"} <= set(data)
    assert {"start_s", "end_s", "layer", "osi", "component", "label", "explain", "direction",
            "latency_s", "energy_j", "power_w", "figures", "estimate"} <= set(data["events"][0])


# --- modifiers: how faults will plug in --------------------------------------------------------------

def test_stretch_slows_only_the_part_inside_the_window():
    assert stretch(0.0, 1.0, (2.0, 3.0), 2.0) == 1.0                  # entirely before
    assert stretch(0.0, 4.0, (1.0, 10.0), 2.0) == pytest.approx(7.0)  # 1 s fast, 3 s of work at half speed
    assert stretch(0.0, 4.0, (1.0, 2.0), 2.0) == pytest.approx(4.5)   # half a second lost in the window


def test_throttled_gpus_slow_decode_from_the_fault_onwards(flows, figures):
    flow = flows["chatbot-prompt"]
    base = simulate(flow)
    throttle = ScaleTime("chiller-trip", figures["gpu.throttle"], Target(components=("gpu",)),
                         start=1.0, figures=("gpu.throttle",))
    hot = simulate(flow, modifiers=[throttle])
    before, after = _event(base, "decode"), _event(hot, "decode")
    assert _event(hot, "prefill").duration == _event(base, "prefill").duration   # before the fault
    assert after.duration == pytest.approx((1.0 - before.start) + (before.end - 1.0) * 2)
    assert hot.latency_s > base.latency_s and hot.energy_j > base.energy_j
    assert after.modifiers == ("chiller-trip: service × 2",) and "gpu.throttle" in after.figures
    assert hot.milestones["first-token"] == base.milestones["first-token"]
    assert hot.modifiers == ("chiller-trip",)


def test_added_delay_pushes_every_later_hop(flows):
    flow = flows["netflix-play"]
    base = simulate(flow, {"connection": "new"})
    slow_dns = simulate(flow, {"connection": "new"},
                        modifiers=[AddDelay("dns-outage", 5.0, Target(components=("dns",)))])
    assert _event(slow_dns, "dns").duration == pytest.approx(_event(base, "dns").duration + 5.0)
    assert slow_dns.milestones["first-bytes"] == pytest.approx(base.milestones["first-bytes"] + 5.0)


def test_scale_power_and_extra_series(flows):
    flow = flows["chatbot-prompt"]
    # the unused Ramp modifier is gone; a Profile draws the same rising line
    ramp = Profile("chiller-trip", "inlet", "degC", times=(0.5, 0.5 + 18.0 / (2.0 / 60)), values=(22.0, 40.0))
    half = ScalePower("throttle", 0.5, Target(layers=(1,)))
    timeline = simulate(flow, modifiers=[half, ramp])
    assert _event(timeline, "prefill").power_w == pytest.approx(_event(simulate(flow), "prefill").power_w / 2)
    inlet = timeline.series["inlet"]
    assert inlet.at(0.0) == 22.0 and inlet.at(0.5) == 22.0
    assert inlet.at(timeline.end_s) == pytest.approx(22.0 + (timeline.end_s - 0.5) * 2.0 / 60)


def test_bad_options_raise(flows):
    with pytest.raises(ValueError, match="expected one of hit, miss"):
        simulate(flows["netflix-play"], {"cache": "warm"})
