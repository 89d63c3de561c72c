"""Real stand-ins of printers for tests: a TCP server on a free port that keeps what it is sent,
a port that never answers, and a fake ``lp`` executable that records its arguments and input."""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RawPrinter:
    """A raw-port printer: accepts connections and keeps each connection's bytes."""

    def __init__(self, port: int = 0) -> None:
        self._server = socket.create_server(("127.0.0.1", port))
        self.port: int = self._server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        self._received = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self._server.settimeout(0.2)
        while not self._done.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            with self._received:
                self.jobs.append(b"".join(chunks))
                self._received.notify_all()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[bytes]:
        with self._received:
            self._received.wait_for(lambda: len(self.jobs) >= count, timeout=timeout)
            return list(self.jobs)

    def close(self) -> None:
        self._done.set()
        self._server.close()
        self._thread.join(timeout=2)


@contextmanager
def raw_printer(port: int = 0) -> Iterator[RawPrinter]:
    """A raw printer on ``port`` (a free one when 0)."""
    printer = RawPrinter(port)
    try:
        yield printer
    finally:
        printer.close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port whose listen queue is full: a connection attempt waits until it times out, as with
    a printer that is switched off."""
    server = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=1)
    try:
        yield port
    finally:
        filler.close()
        server.close()


def closed_port() -> int:
    """A port nothing listens on (connections are refused)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


FAKE_LP = """#!{python}
import json, os, sys
folder = os.environ["FAKE_LP_DIR"]
data = sys.stdin.buffer.read()
count = len([n for n in os.listdir(folder) if n.endswith(".json")])
with open(os.path.join(folder, f"job{{count}}.bin"), "wb") as f:
    f.write(data)
with open(os.path.join(folder, f"job{{count}}.json"), "w") as f:
    json.dump(sys.argv[1:], f)
if os.environ.get("FAKE_LP_FAIL"):
    sys.stderr.write("lp: The printer or class does not exist.\\n")
    sys.exit(1)
print(f"request id is Zebra-{{count + 1}} (1 file(s))")
"""


def install_fake_lp(folder: Path) -> Path:
    """Write an ``lp`` executable into ``folder/bin`` that records each call in ``folder``."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text(FAKE_LP.format(python=sys.executable), encoding="utf-8")
    lp.chmod(0o755)
    return bin_dir


def lp_calls(folder: Path) -> list[tuple[list[str], bytes]]:
    import json

    calls = []
    for index in range(len(list(folder.glob("job*.json")))):
        args = json.loads((folder / f"job{index}.json").read_text(encoding="utf-8"))
        calls.append((args, (folder / f"job{index}.bin").read_bytes()))
    return calls


def path_with(bin_dir: Path) -> str:
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
