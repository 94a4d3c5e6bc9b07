"""CSV files in health exports: decoded, split into rows, checked for a cut-off end."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from twitchtrack.storage.health.common import damaged


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its 1-based line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty cell among ``names`` (stripped), else ``""``."""
        for name in names:
            value = self.cells.get(name, "").strip()
            if value:
                return value
        return ""


def read_text(path: Path) -> str:
    """A CSV file's text (UTF-8, a BOM allowed); a damaged file is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise damaged(path, 0, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise damaged(path, line, "is not UTF-8 text (damaged?)") from None


def sniff_delimiter(header_line: str) -> str:
    """``,`` ``;`` or tab, whichever the header line uses most."""
    return max((",", ";", "\t"), key=header_line.count)


def rows(
    path: Path, text: str, *, skip_lines: int = 0, names: list[str] | None = None
) -> tuple[list[str], Iterator[Row]]:
    """The header's column names and the data rows after it.

    ``skip_lines`` lines before the header are left out (Samsung's metadata line);
    ``names`` replaces the header's names (e.g. normalised ones) position by
    position. A row with fewer cells than the header, or an unclosed quote, means
    a damaged or cut-short file and is refused with its line.
    """
    lines = text.splitlines(keepends=True)
    body = "".join(lines[skip_lines:])
    first = lines[skip_lines] if len(lines) > skip_lines else ""
    reader = csv.reader(
        io.StringIO(body), delimiter=sniff_delimiter(first), strict=True
    )
    try:
        header = next(reader)
    except StopIteration:
        raise damaged(path, 0, "is empty") from None
    except csv.Error as exc:
        raise damaged(path, skip_lines + 1, f"has a broken header ({exc})") from None
    columns = names if names is not None else [h.strip() for h in header]
    width = len([c for c in header if c.strip()])

    def generate() -> Iterator[Row]:
        try:
            for cells in reader:
                line = skip_lines + reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) < width:
                    raise damaged(
                        path,
                        line,
                        f"row has {len(cells)} of {width} columns (cut short?)",
                    )
                yield Row(line, dict(zip(columns, cells, strict=False)))
        except csv.Error as exc:
            raise damaged(
                path, skip_lines + reader.line_num, f"is damaged ({exc})"
            ) from None

    return columns, generate()
