"""A time series the UI can plot and query cheaply: breakpoints plus values, linear or stepped.

Faults add series beside power (inlet temperature after a chiller trip, say). Keeping them as
breakpoints rather than densely sampled arrays keeps a timeline small, exact at the moments
that matter, and fast to query at any playback time with one ``searchsorted``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Series:
    """``values[i]`` holds at ``times[i]``; between breakpoints it is linear, or held (``step``)."""

    name: str
    unit: str
    times: np.ndarray
    values: np.ndarray
    step: bool = False
    figures: tuple[str, ...] = ()      # where the numbers came from

    def __post_init__(self) -> None:
        times = np.asarray(self.times, dtype=np.float64)
        values = np.asarray(self.values, dtype=np.float64)
        if times.shape != values.shape or times.ndim != 1 or not len(times):
            raise ValueError(f"series {self.name}: times and values must be equal, non-empty 1-D arrays")
        if np.any(np.diff(times) < 0):
            raise ValueError(f"series {self.name}: times must not decrease")
        times.setflags(write=False)
        values.setflags(write=False)
        object.__setattr__(self, "times", times)
        object.__setattr__(self, "values", values)

    def at(self, t: float) -> float:
        """The value at time ``t`` (held flat before the first and after the last breakpoint)."""
        if self.step:
            k = int(np.searchsorted(self.times, t, side="right")) - 1
            return float(self.values[max(k, 0)])
        return float(np.interp(t, self.times, self.values))

    def sample(self, grid: np.ndarray) -> np.ndarray:
        grid = np.asarray(grid, dtype=np.float64)
        if self.step:
            k = np.clip(np.searchsorted(self.times, grid, side="right") - 1, 0, len(self.times) - 1)
            return self.values[k]
        return np.interp(grid, self.times, self.values)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "unit": self.unit, "step": self.step, "figures": list(self.figures),
                "times": self.times.tolist(), "values": self.values.tolist()}
