"""JSON Schema of the journal, generated from the models.

Regenerate with ``python -m twitchtrack.dev.schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from twitchtrack._resources import resource_path
from twitchtrack.domain.models import SCHEMA_VERSION, Journal

SCHEMA_FILE = ("schema", "journal.schema.json")


def render_schema() -> str:
    """The schema text exactly as it is committed in resources/."""
    schema = Journal.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://twitchtrack.invalid/journal-v{SCHEMA_VERSION}.schema.json"
    schema["title"] = "twitchtrack journal"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def schema_path() -> Path:
    """Where the committed schema lives."""
    return resource_path(*SCHEMA_FILE)
