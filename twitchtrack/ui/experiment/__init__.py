"""Self-experiments in the window: the plan wizard, the Log banner and the result."""
