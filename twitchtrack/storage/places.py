"""The program's folders: each its environment variable, else the platform's own."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

import platformdirs

DATA_DIR_ENV: Final = "TWITCHTRACK_DATA_DIR"
CONFIG_DIR_ENV: Final = "TWITCHTRACK_CONFIG_DIR"
CACHE_DIR_ENV: Final = "TWITCHTRACK_CACHE_DIR"


def _folder(
    name: str, platform: Callable[..., str], environ: Mapping[str, str] | None
) -> Path:
    env = os.environ if environ is None else environ
    override = env.get(name, "").strip()
    if override:
        return Path(override).expanduser().absolute()
    return Path(platform("twitchtrack", appauthor=False))


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the journal lives: ``$TWITCHTRACK_DATA_DIR`` or the platform data dir."""
    return _folder(DATA_DIR_ENV, platformdirs.user_data_dir, environ)


def default_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$TWITCHTRACK_CONFIG_DIR`` or the platform's config folder for twitchtrack."""
    return _folder(CONFIG_DIR_ENV, platformdirs.user_config_dir, environ)


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$TWITCHTRACK_CACHE_DIR`` or the platform's cache folder for twitchtrack."""
    return _folder(CACHE_DIR_ENV, platformdirs.user_cache_dir, environ)
