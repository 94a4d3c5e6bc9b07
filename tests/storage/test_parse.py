"""Loading a bad file: a clear error that says where and what, and no write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.storage.conftest import episode, sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import (
    JournalError,
)
from twitchtrack.storage.journal_store import (
    BACKUP_DIR,
    JOURNAL_FILE,
    JournalStore,
)


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.tmp"))


# -- load errors -----------------------------------------------------------------


def _valid_bytes() -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    return json.dumps(data, indent=1).encode()


def _with(change: Any) -> bytes:
    data = json.loads(sample_journal().model_dump_json())
    change(data)
    return json.dumps(data, indent=1).encode()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: Any) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


_BAD_FILES: dict[str, tuple[bytes, str, str]] = {
    "syntax": (
        b'{"format": "twitchtrack-journal",\n  "episodes": [,]}',
        "line 2",
        "JSON",
    ),
    "truncated": (_valid_bytes()[:300], "line", "JSON"),
    "not utf-8": (b'{"format": "twitchtrack-\xff\xfe"}', "line 1, column 25", "UTF-8"),
    "empty": (b"", "whole file", "empty"),
    "blank": (b"  \n\n", "whole file", "empty"),
    "top-level list": (b"[1, 2]", "whole file", "top level"),
    "wrong format": (_with(_set(("format",), "other-app")), "format", "'other-app'"),
    "missing format": (_with(lambda d: d.pop("format")), "format", "missing"),
    "missing version": (
        _with(lambda d: d.pop("schema_version")),
        "schema_version",
        "missing",
    ),
    "version text": (_with(_set(("schema_version",), "1")), "schema_version", "whole"),
    "version zero": (
        _with(_set(("schema_version",), 0)),
        "schema_version",
        "unknown schema version 0",
    ),
    "intensity": (
        _with(_set(("episodes", 1, "intensity"), 11)),
        "episodes[1].intensity",
        "less than or equal to 10 (found 11)",
    ),
    "region": (
        _with(_set(("episodes", 0, "region"), "elbow_middle")),
        "episodes[0].region",
        "unknown body region",
    ),
    "unknown field": (
        _with(_set(("days", 1, "mood"), 3)),
        "days[1].mood",
        "unknown field (found 3)",
    ),
    "odd key": (_with(_set(("bad\nkey",), 1)), "['bad\\nkey']", "unknown field"),
    "naive time": (
        _with(_set(("episodes", 0, "at"), "2026-03-01T08:00:00")),
        "episodes[0].at",
        "timezone",
    ),
    "nan": (_valid_bytes().replace(b'"sleep_h": 6.5', b'"sleep_h": NaN'), "", ""),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "", "JSON"),
    "huge number": (
        b'{"format": "twitchtrack-journal", "x": 1' + b"0" * 5000 + b"}",
        "",
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(_BAD_FILES))
def test_bad_file_gives_a_clear_error_and_is_never_touched(
    folder: Path, name: str
) -> None:
    raw, where, what = _BAD_FILES[name]
    folder.mkdir()
    path = folder / JOURNAL_FILE
    path.write_bytes(raw)
    store = JournalStore(folder)
    with pytest.raises(JournalError) as caught:
        store.load()
    err = caught.value
    assert err.path == path
    assert where in err.where
    assert what in err.what
    message = str(err)
    assert message == f"{path}: {err.where}: {err.what}"
    assert "\n" not in message
    assert "Traceback" not in message
    # Saving over a file that does not load is refused, and nothing is written.
    with pytest.raises(JournalError):
        store.save(Journal(episodes=[episode(1)]))
    with pytest.raises(JournalError):
        store.update(lambda j: j)
    with pytest.raises(JournalError):
        store.backup("manual")
    assert path.read_bytes() == raw
    assert not (folder / BACKUP_DIR).exists()
    assert _temps(folder) == []


def test_a_byte_order_mark_is_accepted(folder: Path) -> None:
    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(b"\xef\xbb\xbf" + _valid_bytes())
    assert JournalStore(folder).load() == sample_journal()


def test_validation_error_reports_the_first_field_and_how_many_more(
    folder: Path,
) -> None:
    def two_problems(data: Any) -> None:
        data["episodes"][0]["intensity"] = 0
        data["days"][0]["stress"] = 99

    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(_with(two_problems))
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.where == "episodes[0].intensity"
    assert "and 1 more problem" in caught.value.what


def test_long_text_is_not_echoed_in_errors(folder: Path) -> None:
    secret = "private health note " * 600  # longer than the 10,000 allowed
    folder.mkdir()
    (folder / JOURNAL_FILE).write_bytes(_with(_set(("episodes", 0, "note"), secret)))
    with pytest.raises(JournalError) as caught:
        JournalStore(folder).load()
    assert caught.value.where == "episodes[0].note"
    assert "private health note" not in str(caught.value)


def test_save_refuses_when_the_file_went_bad_after_loading(folder: Path) -> None:
    store = JournalStore(folder)
    journal = store.save(sample_journal())
    store.path.write_bytes(b'{"format": "twitchtrack-journal", "schema_version": 1,')
    with pytest.raises(JournalError):
        store.save(journal.with_records([episode(5)]))
    assert store.path.read_bytes().endswith(b'"schema_version": 1,')
