"""The scale view's arithmetic: from megawatts at the meter to tokens per second."""
