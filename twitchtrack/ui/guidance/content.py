"""Guidance texts: loading the bundled topics, and the fixed sentences around them."""

from __future__ import annotations

import html
from pathlib import Path

from twitchtrack._resources import resource_path
from twitchtrack.domain.guidance import (
    GuidanceContent,
    GuidanceContentError,
    Topic,
    parse_content,
)

DISCLAIMER = (
    "General information to help you talk to a doctor: not medical advice and not a "
    "diagnosis. If you are worried about your health, speak to a doctor."
)
NOTHING_FLAGGED = (
    "No notes from the checks right now. The checks cannot rule anything out; if "
    "something worries you, a doctor is still the right person to ask."
)
DOCTOR_HEADING = "Worth discussing with a doctor"


def load_guidance_content(folder: Path | None = None) -> GuidanceContent:
    """Read and check every ``*.json`` in the guidance folder (bundled by default)."""
    folder = folder or resource_path("guidance")
    try:
        files = {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.json"))}
    except (OSError, UnicodeDecodeError) as err:
        raise GuidanceContentError(
            f"cannot read guidance text in {folder}: {err}"
        ) from None
    if not files:
        raise GuidanceContentError(f"no guidance files found in {folder}")
    return parse_content(files)


def paragraphs_html(topic: Topic) -> str:
    """A topic's paragraphs and bullets as rich text for a label."""
    parts = [f"<p>{html.escape(p)}</p>" for p in topic.body]
    if topic.bullets:
        items = "".join(f"<li>{html.escape(b)}</li>" for b in topic.bullets)
        parts.append(f"<ul style='margin-left:-18px'>{items}</ul>")
    if topic.urgent:
        parts.append(f"<p><b>In an emergency:</b> {html.escape(topic.urgent)}</p>")
    return "".join(parts)
