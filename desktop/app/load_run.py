"""Load mode's state: the flow under traffic, the capacity it is sized for, the arrival rate,
the run at that rate and the hockey-stick sweep.

Capacity is sized once for a design rate (each resource gets whole servers enough to be fully
busy at it); the rate is a share of the capacity the bottleneck allows. The sweep (a dozen
runs) goes through the state's ``runner`` so the UI can run it off its thread; headless and in
tests it runs inline.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.app.events import Events

if TYPE_CHECKING:
    from desktop.app.state import AppState

SWEEP = tuple(0.1 * k for k in range(1, 13))   # multiples of capacity for the hockey-stick curve
RUN_SECONDS = 60.0
SWEEP_SECONDS = 30.0
RATE_RANGE = (5, 130)                          # percent of capacity the rate control spans
SERVICE_CV = 0.5
SEED = 1


class LoadRun:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.events = Events("load", "sweep")
        self.flow = None
        self.elements = None
        self.design_rps = 100.0
        self.rate_pct = 50
        self.servers: dict[str, int] = {}
        self.capacity = 1.0
        self.bottleneck = ""
        self.result = None
        self.sweep: dict[str, Any] | None = None
        self._sweep_ticket = 0

    @property
    def rps(self) -> float:
        return self.capacity * self.rate_pct / 100.0

    def load(self, ident: str | None, *, rps: float | None = None) -> None:
        from desktop.core.library import find_flow
        from desktop.core.sim.load import elements_for_flow

        if not ident:
            return
        self.flow = find_flow(ident, self.state.stack)
        self.elements = elements_for_flow(self.flow)
        self._size()
        if rps is not None:
            low, high = RATE_RANGE
            self.rate_pct = max(low, min(high, round(100 * rps / self.capacity)))
        self.rerun()
        self._start_sweep()

    def set_design(self, rps: float) -> None:
        self.design_rps = float(rps)
        if self.elements is not None:
            self._size()
            self.rerun()
            self._start_sweep()

    def set_rate(self, pct: int) -> None:
        low, high = RATE_RANGE
        pct = max(low, min(high, int(pct)))
        if pct != self.rate_pct:
            self.rate_pct = pct
            self.rerun()

    def _size(self) -> None:
        from desktop.core.sim.load import plan, size_servers

        _planned, stations = plan(self.elements)
        self.servers = {st.component: size_servers(self.design_rps, st.service_s, 1.0) for st in stations}
        # Whole servers: the true capacity is the station with the least headroom.
        limits = {st.component: self.servers[st.component] / st.service_s for st in stations if st.service_s > 0}
        self.bottleneck = min(limits, key=limits.get)
        self.capacity = limits[self.bottleneck]

    def config(self, rps: float, seconds: float = RUN_SECONDS):
        from desktop.core.sim.load import LoadConfig

        return LoadConfig(rps=rps, seconds=seconds, servers=dict(self.servers), service_cv=SERVICE_CV, seed=SEED)

    def rerun(self) -> None:
        """The run at the current rate, with the faults now active."""
        from dataclasses import replace

        from desktop.core.sim.load import elements_for_flow, run_load

        if self.elements is None:
            return
        specs = list(self.state.faults)
        if specs:
            from desktop.core.sim.faults import load_config_hooks, prepare

            elements = elements_for_flow(self.flow, prepare(self.flow, specs).options)
            config = replace(self.config(self.rps), **load_config_hooks(specs, self.flow, elements))
            self.result = run_load(elements, config, flow=self.flow.id)
        else:
            self.result = run_load(self.elements, self.config(self.rps), flow=self.flow.id)
        self.events.load.emit(self)

    def _start_sweep(self) -> None:
        """p50/p95/p99 against offered load, off the UI thread when the UI gives a runner; a
        sweep that finishes after a newer one started is dropped."""
        self._sweep_ticket += 1
        ticket = self._sweep_ticket
        elements, flow_id, rates = self.elements, self.flow.id, [m * self.capacity for m in SWEEP]
        configs = [self.config(r, SWEEP_SECONDS) for r in rates]

        def work() -> dict[str, Any]:
            import numpy as np

            from desktop.core.sim.load import run_load

            rows = [run_load(elements, c, flow=flow_id) for c in configs]
            return {"rps": np.asarray(rates), "p50": np.array([r.p50_s for r in rows]),
                    "p95": np.array([r.p95_s for r in rows]), "p99": np.array([r.p99_s for r in rows])}

        def done(sweep: dict[str, Any]) -> None:
            if ticket == self._sweep_ticket:
                self.sweep = sweep
                self.events.sweep.emit(self)

        self.sweep = None
        self.state.runner(work, done)

    def utilisation(self) -> dict[int, float]:
        return dict(self.result.utilisation) if self.result is not None else {}

    def csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        """One row per time bin: percentiles, drops, utilisation and power per layer."""
        return self.result.series({layer.number: layer.id for layer in self.state.stack.layers})
