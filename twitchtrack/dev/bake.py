"""Regenerate the body-map bake: ``python -m twitchtrack.dev.bake [FOLDER]``."""

from __future__ import annotations

import sys
from pathlib import Path

from twitchtrack._resources import resource_path
from twitchtrack.graphics.body.bake import write_bake


def main(argv: list[str] | None = None) -> int:
    """Write ``baked.json`` next to the spec files (the bundled ones by default)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else resource_path("body")
    print(f"Wrote {write_bake(folder)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
