"""``posylka sandbox serve`` as a user runs it: it prints the credentials it accepts and serves."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

LAUNCH = "from posylka.entrypoints.cli import main; main()"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served() -> Iterator[tuple[str, list[str]]]:
    port = _free_port()
    command = [
        sys.executable, "-c", LAUNCH, "sandbox", "serve", "--port", str(port), "--seed", "4",
        "--postings", "200", "--client-id", "777", "--latency-ms", "0", "--fault-rate", "0",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    try:
        while not any("control:" in line for line in lines):
            line = process.stdout.readline()
            if not line:
                pytest.fail("the sandbox exited early:\n" + "".join(lines))
            lines.append(line)
        base_url = f"http://127.0.0.1:{port}"
        for _ in range(500):
            try:
                httpx.get(f"{base_url}/__sandbox")
                break
            except httpx.TransportError:
                time.sleep(0.02)
        yield base_url, lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_prints_the_credentials_it_accepts(served: tuple[str, list[str]]) -> None:
    base_url, lines = served
    printed = dict(
        line.strip().split(":", 1)
        for line in lines
        if line.strip().startswith(("Client-Id", "Api-Key"))
    )
    client_id, api_key = printed["Client-Id"].strip(), printed["Api-Key"].strip()
    assert client_id == "777"
    answer = httpx.post(
        f"{base_url}/v2/posting/fbs/cancel-reason/list",
        headers={"Client-Id": client_id, "Api-Key": api_key},
    )
    assert answer.status_code == 200
    info = httpx.get(f"{base_url}/__sandbox").json()
    assert (info["seed"], info["postings"], info["api_key"]) == (4, 200, api_key)


def test_serve_refuses_an_unknown_fault_kind() -> None:
    command = [sys.executable, "-c", LAUNCH, "sandbox", "serve", "--fault-kinds", "meteor"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode != 0
    assert "meteor" in finished.stdout + finished.stderr
