"""Guidance items (a red flag or a tip, worded for the user) and the report of them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

ItemKind = Literal["red_flag", "tip"]
Evidence = dict[str, str | int | float | list[str]]


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    """One red flag or tip, worded for the user, with what in their data raised it."""

    id: str
    kind: ItemKind
    title: str
    detail: str
    action: str
    first_seen: date | None
    source: str
    fingerprint: str
    evidence: Evidence = field(default_factory=dict, hash=False)
    # When to call the emergency number now (cards where sudden onset matters).
    urgent: str = ""
    # The rule in one sentence, its numbers, and where it differs from its source.
    rule: str = ""
    threshold: str = ""
    why: str = ""

    def texts(self) -> tuple[str, ...]:
        """Every user-facing sentence (title, detail, action, urgent line, why)."""
        return tuple(
            t
            for t in (self.title, self.detail, self.action, self.urgent, self.why)
            if t
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; red flags carry ``first_seen``, tips do not."""
        out: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "detail": self.detail,
        }
        if self.kind == "red_flag":
            out["first_seen"] = self.first_seen.isoformat() if self.first_seen else None
        out["source"] = self.source
        out["action"] = self.action
        out["urgent"] = self.urgent or None
        out["rule"] = self.rule
        out["threshold"] = self.threshold
        out["why"] = self.why or None
        out["fingerprint"] = self.fingerprint
        out["evidence"] = dict(self.evidence)
        return out


@dataclass(frozen=True, slots=True)
class GuidanceReport:
    """What :func:`evaluate` found: active red flags and tips, and dismissed items."""

    red_flags: list[GuidanceItem]
    tips: list[GuidanceItem]
    hidden: list[GuidanceItem] = field(default_factory=list)
    today: date | None = None

    @property
    def items(self) -> list[GuidanceItem]:
        """Active red flags, then active tips."""
        return [*self.red_flags, *self.tips]

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        """``{"red_flags": [...], "tips": [...]}`` as the CLI prints it."""
        return {
            "red_flags": [i.to_dict() for i in self.red_flags],
            "tips": [i.to_dict() for i in self.tips],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


BRING_REPORT: Final = "Bring this journal's report."

_EMERGENCY: Final = "call the emergency number (such as 999, 112 or 911) now."
# One plain sentence per kind of card where a sudden change needs help today.
URGENT_SUDDEN: Final = (
    "If weakness, numbness, a drooping face or trouble speaking comes on "
    f"suddenly, especially on one side of the body, {_EMERGENCY}"
)
URGENT_SPEECH: Final = (
    "If speaking or swallowing suddenly gets much worse, one side of the face "
    f"droops, or breathing becomes hard, {_EMERGENCY}"
)
URGENT_FACE: Final = (
    "If one side of the face suddenly droops or goes weak, or speech suddenly "
    f"slurs, {_EMERGENCY}"
)


def digest(*parts: object) -> str:
    """A short stable hash of the material facts behind an item."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
