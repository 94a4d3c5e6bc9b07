"""twitchtrack: a local-first journal for muscle twitches."""

__version__ = "0.1.0"
