"""Simulation: figures, cost rules, flows, the timeline, playback clock, faults, traffic and queueing."""
