"""Start the dashboard exactly as `make dashboard` does, on a free port, for tests and benchmarks.

``serve()`` runs ``make <target> PORT=<free port>`` (plus any make variables, e.g.
``VOILA_ARGS=--MappingKernelManager.cull_idle_timeout=5``), waits until the server answers, yields a
:class:`Server` and always stops it afterwards: the make process group gets SIGTERM (Voila then shuts
its kernels down), and any kernel the server started that is still alive after that is killed by pid.

The readiness probe is a ``HEAD /`` request: Voila answers it (405) without starting a kernel, so the
probe never takes the pre-heated kernel a visitor's first page should get.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium with the project's flags, driven by Playwright (sync API), closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


#: What the command line of a process serving Voila holds (in its first three parts).
VOILA_PROCESSES = ("voila", "osteo_lib.apps.serve", "osteo_lib.apps.workshop")
#: Voila logs this line each time its pool of pre-heated kernels is full again.
POOL_FILLED = re.compile(r"Kernel pool of .+ is filled with \d+ kernel")


_handed_out: set[int] = set()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port(count: int = 1) -> int:
    """A free loopback port for a server a test starts (with ``count`` > 1: the first of that many free ports
    in a row, e.g. for `make serve`, whose processes take the ports after its own).

    Tests run in parallel workers (pytest-xdist), and kernels bind random ports of their own. A port
    asked from the OS (``bind(0)``) comes from the ephemeral range, where a kernel or another worker
    may take it before our server binds it. So each worker takes ports from its own slice *below* the
    ephemeral range, never hands the same one out twice, and checks that it is free right now.
    """
    low, high = 20000, _ephemeral_low()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    width = 600
    start = low + (index * width) % max(high - low - width, 1)
    if high - low < width:  # an unusual machine: fall back to the OS's choice
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])
    for port in range(start, start + width - count + 1):
        span = range(port, port + count)
        if _handed_out.intersection(span) or not all(_is_free(p) for p in span):
            continue
        _handed_out.update(span)
        return port
    raise RuntimeError(f"no free port left in {start}-{start + width} for worker {worker}")


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop_process_group(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM the process group started with ``start_new_session=True``; SIGKILL it after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def count(self, pattern: str | re.Pattern[str]) -> int:
        """How many times ``pattern`` (a regular expression) occurs in the server log so far."""
        return len(re.findall(pattern, self.log_text()))

    def wait_for_log(self, pattern: str | re.Pattern[str], count: int = 1, timeout: float = 120.0) -> None:
        """Wait until ``pattern`` occurs at least ``count`` times in the server log."""
        deadline = time.monotonic() + timeout
        while self.count(pattern) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{pattern!r} did not appear {count} time(s) in {timeout} s:\n{self.log_text()[-3000:]}"
                )
            time.sleep(0.1)

    def voila_pid(self) -> int:
        """The pid of the Voila process `make` started (make's child): ``voila`` itself or the launchers
        that run it (``python -m osteo_lib.apps.serve``, ``python -m osteo_lib.apps.workshop``)."""
        import psutil

        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if any(name in part for part in child.cmdline()[:3] for name in VOILA_PROCESSES):
                    return int(child.pid)
        raise RuntimeError("no voila process under make")

    def replica_pid(self, port: int) -> int:
        """The pid of the dashboard process of `make serve` that listens on ``port`` (one of the replicas)."""
        import psutil

        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                cmd = child.cmdline()
                if "osteo_lib.apps.serve" in cmd and f"--port={port}" in cmd:
                    return int(child.pid)
        raise AssertionError(f"no dashboard process on port {port}")

    def kernel_pids(self) -> list[int]:
        """The pids of the kernels this server runs (children of its Voila process)."""
        import psutil

        pids = []
        for child in psutil.Process(self.voila_pid()).children(recursive=False):
            with contextlib.suppress(psutil.Error):
                if "ipykernel_launcher" in child.cmdline():
                    pids.append(int(child.pid))
        return sorted(pids)


def _answers(url: str) -> bool:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is up (Voila answers HEAD / with 405)
    except OSError:
        return False


@contextlib.contextmanager
def serve(
    target: str = "dashboard",
    extra: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    log_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    wait_for_pool: bool = False,
    ports: int = 1,
    port: int | None = None,
) -> Iterator[Server]:
    """Run `make <target> PORT=<free port> [NAME=value ...]` and yield once the server answers; stop it
    afterwards.

    ``extra``: more make variables (e.g. ``{"VOILA_ARGS": "--MappingKernelManager.cull_interval=1"}``,
    ``{"DASHBOARD": "benchmarks/hello.ipynb"}``). ``env``: environment variables added to the server's
    environment (e.g. ``TMPDIR`` or ``JUPYTER_RUNTIME_DIR`` pointing at a test's own directory).
    ``wait_for_pool``: also wait until Voila reports its pre-heated kernel pool full. ``ports``: how many free
    ports in a row the target takes (`make serve` with 3 replicas: 5, its own, the replicas' and HAProxy's
    status page). ``port``: serve on this port (a server started again at the same address, e.g. to test a
    restart) instead of a free one.
    """
    port = port or free_port(ports)
    log_dir = log_dir or ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    log = log_dir / f"server-{target}-{port}.log"
    if target == "serve":  # the replicas' logs and HAProxy settings beside the log, not in build/ of the checkout
        extra = {"RUN_DIR": str(log_dir / f"serve-{port}"), **(extra or {})}
    args = ["make", "--no-print-directory", target, f"PORT={port}", *(f"{k}={v}" for k, v in (extra or {}).items())]
    proc_env = {**os.environ, **(env or {})}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=proc_env
        )
    url = f"http://127.0.0.1:{port}/"
    server = Server(url, proc, log)
    kernels: set[int] = set()
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if proc.poll() is not None:
                raise RuntimeError(f"`{' '.join(args)}` exited with {proc.returncode}:\n{server.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s:\n{server.log_text()[-3000:]}")
            time.sleep(0.3)
        if wait_for_pool:
            server.wait_for_log(POOL_FILLED, timeout=max(1.0, deadline - time.monotonic()))
        yield server
    finally:
        with contextlib.suppress(Exception):
            kernels.update(server.kernel_pids())
        stop_process_group(proc, timeout=20)
        _reap_kernels(kernels)


def _reap_kernels(pids: set[int]) -> None:
    """Kernels run in their own sessions; Voila stops them on SIGTERM. Kill any that outlived it."""
    if not pids:
        return
    import psutil

    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            p = psutil.Process(pid)
            if "ipykernel_launcher" in p.cmdline():
                procs.append(p)
    _, alive = psutil.wait_procs(procs, timeout=10)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()


def run_coroutine(coro: Any, timeout: float = 120) -> Any:
    """Run ``coro`` to the end in a thread of its own and return its result: a test process that has
    started Playwright (its sync API keeps an event loop running in the main thread) cannot asyncio.run."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=timeout)
