"""The Qt views. Everything here sits on top of ``desktop.core`` and never computes physics."""
