"""Load mode's state: the flow under traffic, the bottleneck's utilisation ρ, the run at that ρ
and the hockey-stick sweep of p50 and p99 against ρ.

Queueing depends on how busy the busiest resource is, not on requests per second, so the
control is ρ itself (``desktop.core.sim.utilisation``): one server per resource, the arrival
rate that puts the bottleneck at ρ, warm-up discarded. Past ρ = 1 the queue grows for as long
as requests arrive and requests time out or are dropped (``overload``). The sweep (a run per ρ)
goes through the state's ``runner`` so the UI can run it off its thread; headless and in tests
it runs inline.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.app.events import Events
from desktop.core.sim.rho import RHO_RANGE

if TYPE_CHECKING:
    from desktop.app.state import AppState

DEFAULT_RHO = 0.5
SWEEP_RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3)
SWEEP_REQUESTS = 5_000        # per point of the sweep: a steady enough p99 in well under a second
SEED = 1


def clamp_rho(rho: float) -> float:
    low, high = RHO_RANGE
    return round(max(low, min(high, float(rho))), 2)


class LoadRun:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.events = Events("load", "sweep")
        self.flow = None
        self.rho = DEFAULT_RHO
        self.neck = None              # desktop.core.sim.utilisation.Bottleneck of the flow
        self.result = None
        self.sweep: dict[str, Any] | None = None
        self._sweep_ticket = 0
        self._last_faults: tuple = ()

    # what the view reads -------------------------------------------------------------------
    @property
    def rps(self) -> float:
        """The arrival rate that puts the bottleneck at ρ."""
        return self.rho * self.capacity

    @property
    def capacity(self) -> float:
        """Requests per second at which the bottleneck is busy all the time (ρ = 1)."""
        return self.neck.capacity_rps if self.neck is not None else 0.0

    @property
    def bottleneck(self) -> str:
        return self.neck.component if self.neck is not None else ""

    @property
    def overloaded(self) -> bool:
        return self.rho >= 1.0

    def overload(self) -> str:
        """Past ρ = 1: how many requests timed out or were dropped, in words ("" below 1)."""
        from desktop.core.sim.utilisation import overload_words

        if self.result is None or not self.overloaded:
            return ""
        return overload_words(self.result)

    def utilisation(self) -> dict[int, float]:
        """How busy each layer's resources were (the gauges on the bands)."""
        return dict(self.result.utilisation) if self.result is not None else {}

    # actions ------------------------------------------------------------------------------
    def load(self, ident: str | None, *, rps: float | None = None, utilisation: float | None = None) -> None:
        """Send traffic through flow ``ident`` at ``utilisation`` (ρ), or at ``rps`` requests
        per second turned into the ρ it puts the bottleneck at (a lesson's "load" action)."""
        from desktop.core.library import find_flow
        from desktop.core.sim.load import elements_for_flow
        from desktop.core.sim.utilisation import bottleneck

        if not ident:
            return
        self.flow = find_flow(ident, self.state.stack)
        self.neck = bottleneck(elements_for_flow(self.flow, self._options(), figures=self.state.figures))
        if utilisation is not None:
            self.rho = clamp_rho(utilisation)
        elif rps is not None and self.capacity > 0:
            self.rho = clamp_rho(rps / self.capacity)
        self.rerun(sweep=True)

    def set_utilisation(self, rho: float) -> None:
        rho = clamp_rho(rho)
        if rho != self.rho:
            self.rho = rho
            self.rerun()

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.state.flow.flow is not None and self.state.flow.flow is self.flow:
            options.update(self.state.flow.options())
        specs = list(self.state.faults)
        if specs and self.flow is not None:
            from desktop.core.sim.faults import prepare

            options = dict(prepare(self.flow, specs, options).options)
        return options

    def _hooks(self):
        specs = list(self.state.faults)
        flow = self.flow
        if not specs:
            return None

        def hooks(elements: Any, _config: Any) -> Any:
            from desktop.core.sim.faults import load_config_hooks

            return load_config_hooks(specs, flow, elements)

        return hooks

    def rerun(self, *, sweep: bool | None = None) -> None:
        """The run at the current ρ with the faults now active; the sweep follows when the
        flow or the faults changed (``sweep`` None: when faults are on, since they may move
        the curve)."""
        from desktop.core.sim.utilisation import run_at_utilisation

        if self.flow is None:
            return
        self.result = run_at_utilisation(self.flow, self.rho, self._options(), hooks=self._hooks(),
                                         figures=self.state.figures, seed=SEED)
        self.events.load.emit(self)
        if sweep or (sweep is None and self._last_faults != tuple(self.state.faults)):
            self._start_sweep()

    def _start_sweep(self) -> None:
        """p50/p99 against ρ, off the UI thread when the UI gives a runner; a sweep that
        finishes after a newer one started is dropped."""
        self._sweep_ticket += 1
        ticket = self._sweep_ticket
        self._last_faults = tuple(self.state.faults)
        flow, options, hooks, figures = self.flow, self._options(), self._hooks(), self.state.figures

        def work() -> dict[str, Any]:
            import numpy as np

            from desktop.core.sim.utilisation import sweep

            points = sweep(flow, SWEEP_RHOS, options, hooks=hooks, requests=SWEEP_REQUESTS,
                           figures=figures, seed=SEED)
            column = (lambda name: np.array([getattr(p, name) for p in points], dtype=np.float64))
            return {"rho": column("rho"), "rps": column("rps"), "p50": column("p50_s"),
                    "p99": column("p99_s"), "wait_p99": column("wait_p99_s"),
                    "lost": column("timed_out") + column("dropped"), "requests": column("requests"),
                    "unloaded": points[0].unloaded_s if points else float("nan")}

        def done(sweep: dict[str, Any]) -> None:
            if ticket == self._sweep_ticket:
                self.sweep = sweep
                self.events.sweep.emit(self)

        self.sweep = None
        self.state.runner(work, done)

    def csv_rows(self) -> tuple[list[str], list[list[Any]]]:
        """One row per time bin: percentiles, drops, utilisation and power per layer."""
        return self.result.series({layer.number: layer.id for layer in self.state.stack.layers})
