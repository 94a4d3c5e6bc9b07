"""twitchtrack: a local-first journal for muscle twitches."""

import os

__version__ = "0.1.0"

# twitchtrack uses no pydantic plugins, and looking for them reads the entry points
# of every installed package (about 15 ms) the first time a model is built: at
# every start of the window and of each command. Setting the variable yourself
# (to "" for every plugin) still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
