"""Learning: lessons, grading, the lesson session, progress and handouts."""
