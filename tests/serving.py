"""Start the dashboard exactly as `make dashboard` does, on a free port, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def serve(target: str = "dashboard", extra: dict[str, str] | None = None, timeout: float = 120.0,
          log_dir: Path | None = None) -> Iterator[Server]:
    """Run `make <target> PORT=<free port>` and yield once the page answers; stop it afterwards."""
    port = free_port()
    log_dir = log_dir or ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    log = log_dir / f"server-{target}-{port}.log"
    args = ["make", "--no-print-directory", target, f"PORT={port}", *(f"{k}={v}" for k, v in (extra or {}).items())]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"`{' '.join(args)}` exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.5)
        yield Server(url, proc, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
