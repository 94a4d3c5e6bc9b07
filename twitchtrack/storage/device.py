"""This computer's random device id, kept in the app's config folder (never synced).

Records carry the id of the computer that made their version, and the journal
file the id of the computer that wrote it last: that tells a journal received
through a sync folder from one this computer wrote. The id lives outside the
data folder on purpose, so a sync tool cannot copy one computer's id to another.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path
from typing import Final

from twitchtrack.storage.durable import DIR_MODE, FILE_MODE
from twitchtrack.storage.places import default_config_dir

DEVICE_FILE: Final = "device-id"
# 16 hex digits (64 random bits): unique among a person's computers by far, and
# short enough that the last four identify one in History's details.
_ID_BYTES: Final = 8
_VALID: Final = re.compile(r"[0-9a-f]{8,64}")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read(path: Path) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | _O_CLOEXEC | _O_NOFOLLOW)
    except OSError:
        return None
    try:
        text = os.read(fd, 256).decode("ascii", "replace").strip()
    except OSError:
        return None
    finally:
        os.close(fd)
    return text if _VALID.fullmatch(text) else None


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=DIR_MODE, parents=True)
    except FileExistsError:
        return
    # mkdir's mode is masked by the umask; only the folder made here is changed.
    os.chmod(folder, DIR_MODE)


def device_id(config_dir: Path | None = None) -> str | None:
    """This computer's id, made (0600, folder 0700) the first time it is asked for.

    None when it can be neither read nor kept (a read-only home): records then
    name no computer, rather than a different made-up one in every process.
    """
    folder = default_config_dir() if config_dir is None else Path(config_dir)
    path = folder / DEVICE_FILE
    found = _read(path)
    if found is not None:
        return found
    new = secrets.token_hex(_ID_BYTES)
    tmp = folder / f".{DEVICE_FILE}.{secrets.token_hex(6)}.tmp"
    try:
        _make_folder(folder)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, FILE_MODE)
        try:
            os.write(fd, f"{new}\n".encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.is_symlink() or path.exists():
            # Damaged (not an id): replaced, since nothing can be read from it.
            os.replace(tmp, path)
        else:
            # A link never replaces: two programs starting at once agree on the
            # one that got there first.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return _read(path)
