"""Preferences: the settings dialog and this computer's app preferences."""
