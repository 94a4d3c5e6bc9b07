"""Two Syncthing daemons on loopback only, driven through their REST API.

Each daemon gets its own home, a GUI/REST address and a sync listen address on
127.0.0.1 with free ports, an API key, and the other device with an explicit
``tcp://127.0.0.1:PORT`` address. Global discovery, local announcements, relays,
NAT traversal, STUN, usage reporting, crash reporting and upgrade checks are all
switched off in the config before the daemon first starts, so nothing beyond
127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

FOLDER_ID = "twitchtrack"
# The ignore file docs/journal-format.md recommends: per-computer files stay out
# of sync.
STIGNORE = """\
// twitchtrack: files that belong to this computer only
.journal.lock
.window.lock
.journal*.tmp
/backups
/conflicts
/journal-damaged-*
"""

# Options that would make a daemon reach beyond loopback, and their off values.
_OFFLINE_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "urSeen": "3",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "stunKeepaliveStartS": "0",
    "announceLANAddresses": "false",
    "setLowPriority": "false",
    "reconnectionIntervalS": "1",
}

T = TypeVar("T")


class Deadline:
    """One time budget for a whole scenario: every wait fails, never hangs."""

    def __init__(self, seconds: float, describe: Callable[[], str]) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self._describe = describe

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.start)

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def wait_for(
        self, what: str, check: Callable[[], T | None], every: float = 0.1
    ) -> T:
        """Poll ``check`` until it returns something truthy; fail at the deadline."""
        last_error: BaseException | None = None
        while True:
            try:
                got = check()
            except (OSError, ValueError, KeyError) as err:
                got, last_error = None, err
            if got:
                return got
            if self.remaining() <= 0:
                extra = f"; last error: {last_error!r}" if last_error else ""
                raise AssertionError(
                    f"gave up after {self.elapsed():.0f} s waiting for {what}"
                    f"{extra}\n{self._describe()}"
                )
            time.sleep(min(every, max(self.remaining(), 0)))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def syncthing_binary() -> str | None:
    return shutil.which("syncthing")


class Daemon:
    """One Syncthing instance: its home, ports, folder and process."""

    def __init__(self, binary: str, name: str, root: Path) -> None:
        self.binary = binary
        self.name = name
        self.home = root / f"{name}-home"
        self.folder = root / f"{name}-folder"
        self.log = root / f"{name}.log"
        self.gui_port = free_port()
        self.sync_port = free_port()
        self.api_key = secrets.token_urlsafe(24)
        self.proc: subprocess.Popen[bytes] | None = None
        self.device_id = ""

    # -- set-up ----------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("STTRACE", "STGUI", "STNODE", "ALL_PROXY"))
        }
        env.update(
            HOME=str(self.home),
            STNODEFAULTFOLDER="1",
            STNOUPGRADE="1",
            STNORESTART="1",
            # No proxy may carry a connection elsewhere.
            NO_PROXY="*",
            no_proxy="*",
        )
        for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env.pop(key, None)
        return env

    def generate(self) -> None:
        self.home.mkdir(parents=True)
        self.folder.mkdir(parents=True)
        # The folder marker must exist, or Syncthing refuses to use the folder.
        (self.folder / ".stfolder").mkdir()
        (self.folder / ".stignore").write_text(STIGNORE, encoding="utf-8")
        subprocess.run(
            [
                self.binary,
                "generate",
                f"--home={self.home}",
                "--no-default-folder",
                "--skip-port-probing",
            ],
            env=self._env(),
            check=True,
            capture_output=True,
            timeout=30,
        )
        tree = ET.parse(self.home / "config.xml")
        (device,) = tree.getroot().findall("device")
        self.device_id = device.attrib["id"]

    def configure(self, peer: Daemon) -> None:
        """Write the loopback-only config: GUI, options, the peer and the folder."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("enabled", "true")
        gui.set("tls", "false")
        _text(gui, "address", f"127.0.0.1:{self.gui_port}")
        _text(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for el in options.findall("listenAddress"):
            options.remove(el)
        for el in options.findall("globalAnnounceServer"):
            options.remove(el)
        ET.SubElement(
            options, "listenAddress"
        ).text = f"tcp://127.0.0.1:{self.sync_port}"
        for key, value in _OFFLINE_OPTIONS.items():
            _text(options, key, value)
        for el in root.findall("device"):
            if el.attrib["id"] == self.device_id:
                for addr in el.findall("address"):
                    el.remove(addr)
                ET.SubElement(el, "address").text = f"tcp://127.0.0.1:{self.sync_port}"
        other = ET.SubElement(
            root,
            "device",
            id=peer.device_id,
            name=peer.name,
            compression="metadata",
            introducer="false",
        )
        ET.SubElement(other, "address").text = f"tcp://127.0.0.1:{peer.sync_port}"
        _text(other, "paused", "false")
        _text(other, "autoAcceptFolders", "false")
        folder = ET.Element(
            "folder",
            id=FOLDER_ID,
            label=FOLDER_ID,
            path=str(self.folder),
            type="sendreceive",
            # Scans come from the test (REST), not from timers or inotify.
            rescanIntervalS="3600",
            fsWatcherEnabled="false",
            fsWatcherDelayS="1",
            ignorePerms="false",
            autoNormalize="true",
        )
        _text(folder, "filesystemType", "basic")
        for dev in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=dev, introducedBy="")
        _text(folder, "paused", "false")
        _text(folder, "markerName", ".stfolder")
        _text(folder, "maxConflicts", "10")
        # Folders come before devices in Syncthing's own files; order is not
        # significant to its parser, but keep it familiar.
        root.insert(0, folder)
        tree.write(path, encoding="utf-8", xml_declaration=False)

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.binary,
                    "serve",
                    f"--home={self.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--no-default-folder",
                    "--logflags=3",
                ],
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    # -- REST ------------------------------------------------------------------

    def api(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        timeout: float = 10,
    ) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        # An opener without proxy handlers: requests go to 127.0.0.1 directly.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def alive(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise AssertionError(f"syncthing {self.name} exited:\n{self.log_tail()}")
        try:
            return bool(self.api("GET", "/rest/system/ping").get("ping") == "pong")
        except (OSError, urllib.error.URLError):
            return False

    def connected_to(self, peer: Daemon) -> bool:
        conns = self.api("GET", "/rest/system/connections")["connections"]
        return bool(conns.get(peer.device_id, {}).get("connected"))

    def set_paused(self, paused: bool) -> None:
        self.api("PATCH", f"/rest/config/folders/{FOLDER_ID}", {"paused": paused})

    def folder_paused(self) -> bool:
        return bool(self.api("GET", f"/rest/config/folders/{FOLDER_ID}")["paused"])

    def scan(self) -> None:
        self.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def status(self) -> dict[str, Any]:
        result: dict[str, Any] = self.api("GET", f"/rest/db/status?folder={FOLDER_ID}")
        return result

    def peer_completion(self, peer: Daemon) -> dict[str, Any]:
        result: dict[str, Any] = self.api(
            "GET", f"/rest/db/completion?folder={FOLDER_ID}&device={peer.device_id}"
        )
        return result

    def in_sync_with(self, peer: Daemon) -> bool:
        """Idle, needing nothing, and the peer needing nothing from us."""
        status = self.status()
        completion = self.peer_completion(peer)
        return (
            status.get("state") == "idle"
            and status.get("needTotalItems") == 0
            and status.get("pullErrors", 0) == 0
            and completion.get("completion") == 100
            and completion.get("needItems") == 0
            and completion.get("needDeletes", 0) == 0
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return f"--- {self.name} log ---\n" + "\n".join(text[-lines:])


def _text(parent: ET.Element, tag: str, value: str) -> None:
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = value


def synced_files(folder: Path) -> dict[str, bytes]:
    """What Syncthing shares of a folder: every file but the ignored ones."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        top = rel.parts[0]
        if top in (".stfolder", ".stignore", "backups", "conflicts") or top.endswith(
            ".lock"
        ):
            continue
        if path.is_file() and not path.name.endswith(".tmp"):
            out[str(rel)] = path.read_bytes()
    return out


@contextlib.contextmanager
def two_daemons(binary: str, root: Path) -> Iterator[tuple[Daemon, Daemon]]:
    """Two configured, running, connected daemons; always stopped afterwards."""
    a, b = Daemon(binary, "laptop", root), Daemon(binary, "desktop", root)
    try:
        for d in (a, b):
            d.generate()
        a.configure(b)
        b.configure(a)
        for d in (a, b):
            d.start()
        yield a, b
    finally:
        for d in (a, b):
            d.stop()


def settled(a: Daemon, b: Daemon) -> bool:
    """Both idle and needing nothing, and both folders holding the same files."""
    return (
        a.in_sync_with(b)
        and b.in_sync_with(a)
        and synced_files(a.folder) == synced_files(b.folder)
    )


def settle(deadline: Deadline, a: Daemon, b: Daemon, what: str) -> None:
    """Wait until the two folders are the same and both daemons are idle."""
    tick = {"n": 0}

    def check() -> bool:
        tick["n"] += 1
        if tick["n"] % 20 == 0:  # every ~2 s, in case a change went unnoticed
            a.scan()
            b.scan()
        return settled(a, b)

    deadline.wait_for(what, check)
