"""The scale view's inputs and result: a preset, then whatever the sliders change."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from desktop.app.events import Events

if TYPE_CHECKING:
    from desktop.app.state import AppState


class ScaleState:
    def __init__(self, state: AppState) -> None:
        from desktop.core.scale.sizing import inputs_for_preset, preset_ids, shipped_scale

        self.state = state
        self.events = Events("inputs", "result")
        self.data = shipped_scale()
        self.inputs = inputs_for_preset(preset_ids()[0], self.data)
        self.result = None
        self.solved_for: float | None = None   # prompts/day, when the last result was worked backwards

    def preset_ids(self) -> list[str]:
        from desktop.core.scale.sizing import preset_ids

        return preset_ids()

    def apply_preset(self, ident: str) -> None:
        from desktop.core.scale.sizing import inputs_for_preset

        self.inputs = inputs_for_preset(ident, self.data)
        self.solved_for = None
        self.events.inputs.emit(self)
        self.recompute()

    def set(self, **changes: Any) -> None:
        """Change inputs (meter_mw, pue, system, cooling, workload…) and recompute."""
        new = replace(self.inputs, **changes)
        if new != self.inputs:
            self.inputs = new
            self.solved_for = None
            self.recompute()

    def recompute(self) -> None:
        from desktop.core.scale.sizing import evaluate

        self.result = evaluate(self.inputs, self.data)
        self.events.result.emit(self)

    def evaluate_inputs(self):
        """The result for the current inputs without storing it (the view's input widgets
        show its resolved values, e.g. a preset's PUE)."""
        from desktop.core.scale.sizing import evaluate

        return evaluate(self.inputs, self.data)

    def solve_for_prompts(self, prompts_per_day: float) -> None:
        """Work backwards: the megawatts at the meter that serve this many prompts a day."""
        from desktop.core.scale.sizing import for_prompts_per_day

        result = for_prompts_per_day(prompts_per_day, replace(self.inputs, workload="inference"), self.data)
        self.inputs = replace(self.inputs, meter_mw=result.meter_mw, workload="inference", preset=None)
        self.result = result
        self.solved_for = prompts_per_day
        self.events.inputs.emit(self)
        self.events.result.emit(self)
