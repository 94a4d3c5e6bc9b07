"""Regenerate the journal's JSON Schema: ``python -m twitchtrack.dev.schema``."""

from __future__ import annotations

from pathlib import Path

from twitchtrack.storage.schema import render_schema, schema_path


def write_schema(target: Path | None = None) -> Path:
    """Write the schema built from the models where it is committed (or ``target``)."""
    target = schema_path() if target is None else target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_schema(), encoding="utf-8")
    return target


def main() -> int:
    print(f"wrote {write_schema()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
