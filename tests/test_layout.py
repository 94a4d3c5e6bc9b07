"""The house stays in small rooms: module sizes and an import graph without cycles."""

from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "twitchtrack"
MAX_LINES = 500


def _line_count(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := _line_count(path)) > MAX_LINES
    }
    assert long == {}


def test_the_line_check_sees_a_long_module(tmp_path: Path) -> None:
    # The size check above must be able to fail: a 501-line file counts as 501.
    sample = tmp_path / "long.py"
    sample.write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    assert _line_count(sample) == MAX_LINES + 1


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan, iterative)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child)
                    work.append((child, iter(sorted(imported))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_import_cycles_between_modules() -> None:
    # grimp counts imports inside functions and under TYPE_CHECKING too.
    graph = grimp.build_graph("twitchtrack", cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle(tmp_path: Path, monkeypatch) -> None:
    pkg = tmp_path / "cyclic_sample"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""Sample."""\n', encoding="utf-8")
    (pkg / "a.py").write_text("def f():\n    from cyclic_sample import b\n")
    (pkg / "b.py").write_text("from cyclic_sample import a\n", encoding="utf-8")
    (pkg / "c.py").write_text("from cyclic_sample import a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclic_sample", cache_dir=None)
    assert _cycles(graph) == [["cyclic_sample.a", "cyclic_sample.b"]]
