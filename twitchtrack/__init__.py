"""twitchtrack: a local-first journal for muscle twitches."""

import os

__version__ = "0.1.0"

# twitchtrack uses no pydantic plugins, and looking for them reads the entry points
# of every installed package (about 15 ms) the first time a model is built: at
# every start of the window and of each command. Setting the variable yourself
# (to "" for every plugin) still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_plugin_loader() -> None:
    """With every plugin off, pydantic's plugin loader still imports
    ``importlib.metadata`` (with email, zipfile and socket: about 15 ms of every
    start) only to return no plugins; a stand-in with its one function returns
    them at once. Only when the variable turns them all off; never replaces a
    loader that is already imported."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__":
        return
    import sys
    import types

    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    loader = types.ModuleType(name, "twitchtrack: pydantic plugins are off.")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = loader


_no_plugin_loader()
