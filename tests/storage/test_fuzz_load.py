"""Garbled journal files: loading gives a Journal or a JournalError, never more, and
the file on disk is never changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.conftest import sample_journal
from twitchtrack.domain.models import Journal
from twitchtrack.storage.errors import JournalError, ReadOnlyJournalError
from twitchtrack.storage.journal_store import JOURNAL_FILE, JournalStore


def _base() -> bytes:
    """A valid file exactly as the store writes it."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = JournalStore(Path(tmp))
        store.save(sample_journal())
        return store.path.read_bytes()


BASE = _base()
TOKENS = [
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"NaN",
    b"Infinity",
    b"\\u0000",
    b"\\ud800",
    b"\\",
    b'"id":',
    b"\n",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
]
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def garbled_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE)
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        kind = draw(
            st.sampled_from(["truncate", "byte", "insert", "delete", "token", "repeat"])
        )
        if kind == "truncate":
            del data[pos:]
        elif kind == "byte":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 80))]
        elif kind == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        else:
            end = min(len(data), pos + draw(st.integers(1, 200)))
            data[pos:pos] = data[pos:end]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["calf_left", "2026-03-01", "2026-03-01T08:00:00+01:00"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated_json(draw: st.DrawFn) -> bytes:
    data: Any = json.loads(BASE)
    for _ in range(draw(st.integers(1, 3))):
        # Walk down a random path and replace, add or delete what is there.
        parent: Any = None
        key: Any = None
        node = data
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            parent = node
            key = draw(
                st.sampled_from(
                    sorted(node) if isinstance(node, dict) else range(len(node))
                )
            )
            node = node[key]
        action = draw(st.sampled_from(["replace", "add", "delete", "version"]))
        if action == "version" and isinstance(data, dict):
            data["schema_version"] = draw(st.integers(-2, 4) | JSON_VALUES)
        elif action == "replace" and parent is not None:
            parent[key] = draw(JSON_VALUES)
        elif action == "delete" and parent is not None:
            del parent[key]
        elif isinstance(node, dict):
            node[draw(st.text(max_size=8))] = draw(JSON_VALUES)
        elif isinstance(node, list):
            node.append(draw(JSON_VALUES))
        else:
            data = draw(JSON_VALUES)
    return json.dumps(data).encode()


def _check(folder: Path, raw: bytes) -> None:
    path = folder / JOURNAL_FILE
    path.write_bytes(raw)
    store = JournalStore(folder)
    error: JournalError | None = None
    try:
        journal = store.load()
    except JournalError as err:
        error = err
    if error is not None:
        assert error.path == path
        assert "\n" not in str(error)
        with pytest.raises(JournalError):
            store.save(Journal())
    else:
        assert isinstance(journal, Journal)
        if store.read_only:
            with pytest.raises(ReadOnlyJournalError):
                store.save(journal)
    assert path.read_bytes() == raw
    assert not list(folder.glob("*.tmp"))


@settings(FUZZ, max_examples=1400)
@given(raw=garbled_bytes())
def test_garbled_bytes_load_or_fail_cleanly(tmp_path: Path, raw: bytes) -> None:
    _check(tmp_path, raw)


@settings(FUZZ, max_examples=800)
@given(raw=mutated_json())
def test_mutated_json_loads_or_fails_cleanly(tmp_path: Path, raw: bytes) -> None:
    _check(tmp_path, raw)
