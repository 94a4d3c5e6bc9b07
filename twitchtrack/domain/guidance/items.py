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

    def texts(self) -> tuple[str, str, str]:
        """The three user-facing sentences (title, detail, action)."""
        return (self.title, self.detail, self.action)

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


def digest(*parts: object) -> str:
    """A short stable hash of the material facts behind an item."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
