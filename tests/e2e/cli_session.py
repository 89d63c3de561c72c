"""Running the ``posylka`` command as a user does: the installed console script in a subprocess,
with its own data directory and none of the caller's ``POSYLKA_*`` settings, and the Ozon sandbox
served by ``posylka sandbox serve`` in the background."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

COMMAND_TIMEOUT_SECONDS = 120
STARTUP_TIMEOUT_SECONDS = 30
WIDE_TERMINAL = "250"
"""Columns the commands believe they have, so a message is never wrapped onto a second line."""


def posylka_command() -> Path:
    """The ``posylka`` script installed beside the running interpreter."""
    return Path(sys.executable).parent / "posylka"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clean_environment(data_dir: Path, **settings: str) -> dict[str, str]:
    """The caller's environment without its posylka settings, plus the data directory and
    ``settings`` (``database_url="..."`` becomes ``POSYLKA_DATABASE_URL``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSYLKA_")}
    env["POSYLKA_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = WIDE_TERMINAL
    env["PYTHONUNBUFFERED"] = "1"
    for name, value in settings.items():
        env[f"POSYLKA_{name.upper()}"] = value
    return env


@dataclass(frozen=True)
class Outcome:
    """What one command printed and how it ended."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return (
            f"posylka {' '.join(self.args)} exited {self.code}\n"
            f"--- stdout\n{self.out}--- stderr\n{self.err}"
        )


class Posylka:
    """The command line of one installation (one data directory)."""

    def __init__(self, workdir: Path, data_dir: Path, **settings: str) -> None:
        self.workdir = workdir
        self.data_dir = data_dir
        self.env = clean_environment(data_dir, **settings)

    def start(self, *args: str, stderr: int | IO[str] = subprocess.PIPE) -> subprocess.Popen[str]:
        """Start a command in its own process group, so it can be stopped with all it started."""
        return subprocess.Popen(
            [str(posylka_command()), *args],
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )

    def run(self, *args: str) -> Outcome:
        return finish(self.start(*args))


def finish(process: subprocess.Popen[str]) -> Outcome:
    """Wait for a started command and collect what it printed."""
    try:
        out, err = process.communicate(timeout=COMMAND_TIMEOUT_SECONDS)
    finally:
        stop(process)
    args = tuple(str(arg) for arg in process.args[1:])
    return Outcome(args, process.returncode, out, err)


def stop(process: subprocess.Popen[str]) -> None:
    """End a command and everything it started: SIGTERM to its process group, then SIGKILL."""
    if process.poll() is None:
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@dataclass(frozen=True)
class Background:
    """A long-running command (a server) and what it printed before it was ready."""

    process: subprocess.Popen[str]
    port: int
    banner: str
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def in_background(cli: Posylka, *args: str, port: int, ready: str) -> Iterator[Background]:
    """Start a server command, wait for its ``ready`` line and for its port to listen; stop it
    (with anything it started) when the block ends. Its log goes to a file in the workdir: a pipe
    nobody reads could fill up and stall the server."""
    log = cli.workdir / f"{args[0]}-{port}.log"
    with log.open("w", encoding="utf-8") as sink:
        process = cli.start(*args, stderr=sink)
        try:
            banner = _read_until(process, ready)
            if not any(line.strip().startswith(ready) for line in banner):
                raise RuntimeError(
                    f"posylka {' '.join(args)} did not start:\n{''.join(banner)}"
                    f"{log.read_text(encoding='utf-8')}"
                )
            _wait_for_port(port, process)
            yield Background(process, port, "".join(banner), log)
        finally:
            stop(process)


def _read_until(process: subprocess.Popen[str], ready: str) -> list[str]:
    """The lines printed up to and including the one starting with ``ready``; fewer when the
    command ends or stays silent for too long."""
    lines: list[str] = []
    done = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.strip().startswith(ready):
                break
        done.set()

    threading.Thread(target=read, name="banner-reader", daemon=True).start()
    done.wait(STARTUP_TIMEOUT_SECONDS)
    return list(lines)


def _wait_for_port(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


@dataclass(frozen=True)
class ServedSandbox:
    url: str
    client_id: str
    api_key: str
    banner: str


@contextmanager
def served_sandbox(cli: Posylka, *args: str) -> Iterator[ServedSandbox]:
    """``posylka sandbox serve`` on a free port, with the credentials it printed."""
    port = free_port()
    command = ("sandbox", "serve", "--port", str(port), *args)
    with in_background(cli, *command, port=port, ready="control:") as served:
        printed = dict(
            line.strip().split(":", 1)
            for line in served.banner.splitlines()
            if line.strip().startswith(("Client-Id:", "Api-Key:"))
        )
        yield ServedSandbox(
            url=served.url,
            client_id=printed["Client-Id"].strip(),
            api_key=printed["Api-Key"].strip(),
            banner=served.banner,
        )
