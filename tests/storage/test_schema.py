"""The committed JSON Schema matches the models."""

from __future__ import annotations

import json

from twitchtrack.storage.schema import render_schema, schema_path


def test_committed_schema_is_current() -> None:
    committed = schema_path().read_text(encoding="utf-8")
    assert committed == render_schema(), (
        "resources/schema/journal.schema.json is stale: "
        "run `python -m twitchtrack.dev.schema`"
    )


def test_schema_lists_every_region_and_forbids_unknown_fields() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    episode = schema["$defs"]["Episode"]
    assert episode["additionalProperties"] is False
    assert "calf_left" in episode["properties"]["region"]["enum"]
    assert schema["properties"]["format"]["const"] == "twitchtrack-journal"
