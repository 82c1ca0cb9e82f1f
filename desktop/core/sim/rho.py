"""The utilisation range the app and lessons offer (ρ, how busy the bottleneck is).

Its own module, free of numpy, because the lesson reader checks a lesson's ``utilisation``
against it and reading lessons must stay cheap."""
from __future__ import annotations

RHO_RANGE = (0.1, 1.3)      # ρ = 1 is saturation; past it the queue grows for as long as the run
