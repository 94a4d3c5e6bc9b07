"""Guidance in the window: the red-flag banner, area notes, the page and self-check."""
