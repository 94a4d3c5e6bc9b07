"""The one safe writer for files a person names: reports, exports, pictures, menus.

A path typed on the command line or picked in a dialog may be anything: a folder,
a device node such as ``/dev/full`` (which a plain rename would replace, as root),
a socket, a link, another user's file. :func:`write_output` writes only where a
regular file of ours is or may be created, through the one durable write
(``storage.durable``):

* a missing file is created (its missing folders too, private: 0700);
* an existing regular file is replaced atomically;
* a link to a regular file is written *through*: the file it points to is
  replaced in its own folder and the link stays, as it would with an editor;
* anything else (a folder, a device, a socket, a FIFO, a dangling link, a file
  of another user, a read-only file) is refused with :class:`OutputError`, and
  nothing is changed.

:func:`check_output` runs the same checks without writing, so a command can refuse
before it spends seconds drawing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from twitchtrack.storage.durable import (
    FILE_MODE,
    atomic_write_bytes,
    make_private_folders,
)
from twitchtrack.storage.errors import StorageError

__all__ = ["OutputError", "check_output", "write_output"]


class OutputError(StorageError):
    """A file a person named cannot be written; the message says which and why."""


def _reason(err: OSError) -> str:
    return err.strerror or str(err) or type(err).__name__


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISFIFO(mode):
        return "is a pipe"
    return "is not a regular file"


def _target(path: Path, example: str) -> Path:
    """Where the bytes for ``path`` go: ``path`` itself, or the regular file a link
    points to. Raises OutputError for anything that is not ours to replace."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return path  # a file in the way of a folder is said by _folder
    except OSError as err:
        raise OutputError(f"{path} cannot be used: {_reason(err)}") from None
    target = path
    if stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(path))
        try:
            st = os.stat(target)
        except FileNotFoundError:
            raise OutputError(
                f"{path} is a link to {target}, which does not exist"
            ) from None
        except OSError as err:
            raise OutputError(f"{path} cannot be used: {_reason(err)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(
            f"{path} is a folder; give a file name, e.g. {path / example}"
        )
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{path} {_kind(st.st_mode)}, not a file that can be replaced"
        )
    if st.st_uid != os.geteuid():
        raise OutputError(f"{path} belongs to another user; choose another file")
    if not os.access(target, os.W_OK) or not st.st_mode & stat.S_IWUSR:
        raise OutputError(f"{path} is read-only; choose another file")
    return target


def _folder(target: Path, *, make: bool) -> None:
    folder = target.parent
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        raise OutputError(f"{folder} is not a folder, so {target} cannot be written")
    if not make:
        raise OutputError(f"the folder {folder} does not exist")
    try:
        make_private_folders(folder)  # 0700 whatever the umask, parents too
    except FileExistsError as err:
        if not folder.is_dir():
            raise OutputError(
                f"{err.filename or folder} is not a folder, so {target} cannot be "
                "written"
            ) from None
    except OSError as err:
        raise OutputError(
            f"could not create the folder {folder}: {_reason(err)}"
        ) from None


def check_output(path: str | os.PathLike[str], *, example: str = "name") -> Path:
    """The file :func:`write_output` would replace for ``path``; OutputError when it
    would refuse. Missing folders are not created here. ``example`` is a file name
    to suggest when ``path`` is a folder."""
    target = _target(Path(path), example)
    folder = target.parent
    if not folder.is_dir() and (folder.exists() or folder.is_symlink()):
        raise OutputError(f"{folder} is not a folder, so {target} cannot be written")
    return target


def write_output(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    mode: int = FILE_MODE,
    make_folders: bool = True,
    example: str = "name",
) -> Path:
    """Write ``data`` to the file a person named (see the module doc); returns the
    file written (the link's target for a link).

    Raises :class:`OutputError` for a target that is not ours to replace and
    :class:`SaveError` when writing fails (a full disk, say); the old file is then
    left as it was.
    """
    target = _target(Path(path), example)
    _folder(target, make=make_folders)
    atomic_write_bytes(target, data, mode=mode)
    return target
