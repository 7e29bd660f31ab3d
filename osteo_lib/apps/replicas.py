"""Several patient-dashboard processes behind HAProxy, started and stopped together: what ``make serve
REPLICAS=3`` runs (``python -m osteo_lib.apps.replicas``).

Each process is ``python -m osteo_lib.apps.serve`` (the same server as ``make dashboard``: compression,
cache headers, the kernel pool) on its own loopback port, ``port + 1`` onwards. Debian's HAProxy listens on
``host:port`` in front of them with the settings rendered from ``deploy/haproxy/haproxy.cfg.j2``
(:func:`haproxy_config`): sticky sessions by cookie (a page's kernel lives in one process, so every request
of that page must reach it), websockets, a health check on each process (``GET /healthz``,
:data:`osteo_lib.apps.serve.HEALTH_PATH`), no compression of its own (the processes compress). The settings
are checked with ``haproxy -c`` before anything starts.

:class:`Supervisor` starts the processes, waits until each one answers, then starts HAProxy. While they
run it watches them: a process that stops is reported (and started again, unless ``--no-restart``);
HAProxy's health check takes it out of rotation meanwhile, and pages that were open on it say they stopped.
Ctrl+C (or SIGTERM) stops HAProxy and every process; each process stops its own kernels. The words on the
terminal are in ``data/ui/serve_console.yaml``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from osteo_lib.apps.serve import HEALTH_PATH
from osteo_lib.apps.workshop.server import kernel_transport
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "COOKIE",
    "MAX_REPLICAS",
    "TIMEOUTS",
    "Plan",
    "Replica",
    "Supervisor",
    "check_config",
    "haproxy_config",
    "main",
    "make_plan",
    "parse_args",
    "replica_command",
]

#: The sticky-session cookie HAProxy sets: the name of the process that holds the page's kernel.
COOKIE = "OSTEO_REPLICA"
MAX_REPLICAS = 16
#: HAProxy's timeouts in seconds: an idle client, a page still being rendered, an idle websocket.
TIMEOUTS = {"client": 60, "server": 300, "tunnel": 3600}
DEFAULT_NOTEBOOK = "notebooks/dashboards/patient_dashboard.ipynb"
DEFAULT_TEMPLATE = "deploy/haproxy/haproxy.cfg.j2"
READY_SECONDS = 120


def _console() -> UiTexts:
    return ui_texts("serve_console")


@dataclass(frozen=True)
class Replica:
    """One dashboard process: its name (HAProxy's server name and cookie value) and loopback port."""

    name: str
    port: int
    host: str = "127.0.0.1"

    @property
    def health_url(self) -> str:
        return f"http://{self.host}:{self.port}{HEALTH_PATH}"


@dataclass(frozen=True)
class Plan:
    """What :class:`Supervisor` runs: HAProxy on ``host:port``, the processes, their notebook and options."""

    host: str
    port: int
    replicas: tuple[Replica, ...]
    stats_port: int
    notebook: str
    voila_args: tuple[str, ...]
    run_dir: Path

    @property
    def config_path(self) -> Path:
        return self.run_dir / f"haproxy-{self.port}.cfg"

    def log_path(self, replica: Replica) -> Path:
        return self.run_dir / f"{replica.name}-{replica.port}.log"


def make_plan(
    replicas: int,
    host: str = "127.0.0.1",
    port: int = 8866,
    first_port: int | None = None,
    notebook: str = DEFAULT_NOTEBOOK,
    voila_args: Sequence[str] = (),
    run_dir: Path = Path("build/serve"),
) -> Plan:
    """The plan for ``replicas`` processes on ports ``first_port`` (default ``port + 1``) onwards; HAProxy's
    status page on the port after them. Raises ``ValueError`` with the words for the terminal."""
    text = _console()
    if not 1 <= replicas <= MAX_REPLICAS:
        raise ValueError(text.format("bad_replicas", most=MAX_REPLICAS, value=replicas))
    first = port + 1 if first_port is None else first_port
    last = first + replicas  # the status page's port
    if not (first > 0 and last < 65536):
        raise ValueError(text.format("bad_ports", first=first, last=last))
    servers = tuple(Replica(f"replica{i + 1}", first + i) for i in range(replicas))
    return Plan(host, port, servers, last, notebook, tuple(voila_args), run_dir)


def haproxy_config(plan: Plan, template: Path) -> str:
    """HAProxy's settings for ``plan``, rendered from the Jinja2 ``template``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template.parent),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # a configuration file, not HTML
    )
    return env.get_template(template.name).render(
        bind_host=plan.host,
        port=plan.port,
        stats_port=plan.stats_port,
        cookie=COOKIE,
        health_path=HEALTH_PATH,
        servers=plan.replicas,
        timeouts=TIMEOUTS,
    )


def check_config(haproxy: str, config: Path) -> str | None:
    """``haproxy -c``: None when HAProxy accepts ``config``, else its alerts (file, line and problem)."""
    result = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return None
    said = (result.stderr + result.stdout).splitlines()
    alerts = [re.sub(r"^\[ALERT\]\s*\(\d+\)\s*:\s*", "", line) for line in said if line.startswith("[ALERT]")]
    return "; ".join(alerts or said)


def replica_command(plan: Plan, replica: Replica) -> list[str]:
    """The command line of one process: ``make dashboard``'s server on the replica's loopback port."""
    return [
        sys.executable,
        "-m",
        "osteo_lib.apps.serve",
        "--no-browser",
        f"--Voila.ip={replica.host}",
        f"--port={replica.port}",
        "--Voila.port_retries=0",
        # Unix sockets to the kernels where possible: with several processes starting kernels at once, a TCP port
        # one picks can be taken by another before its kernel binds it (the kernel dies; seen in make load).
        f"--KernelManager.transport={kernel_transport()}",
        *plan.voila_args,
        plan.notebook,
    ]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _how(code: int) -> str:
    text = _console()
    if code < 0:
        with contextlib.suppress(ValueError):
            return text.format("how_signal", signal=signal.Signals(-code).name)
    return text.format("how_exit", code=code)


class Supervisor:
    """Starts the processes and HAProxy for a :class:`Plan`, watches them, stops them all."""

    def __init__(self, plan: Plan, haproxy: str, restart: bool = True, out: IO[str] | None = None) -> None:
        self.plan, self.haproxy, self.restart = plan, haproxy, restart
        self.out = out or sys.stdout
        self.replicas: dict[str, subprocess.Popen[bytes]] = {}
        self.proxy: subprocess.Popen[bytes] | None = None
        self._reported: set[str] = set()  # stopped processes already reported
        self._restart_at: dict[str, float] = {}  # a process that keeps stopping starts again at most every 10 s

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def _start_replica(self, replica: Replica, again: bool = False) -> None:
        with self.plan.log_path(replica).open("ab" if again else "wb") as log:  # a restart adds to its log
            # Own session: Ctrl+C reaches this supervisor only, which stops each process with SIGTERM.
            self.replicas[replica.name] = subprocess.Popen(
                replica_command(self.plan, replica), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def start(self) -> None:
        text, plan = _console(), self.plan
        ports = ", ".join(str(r.port) for r in plan.replicas)
        self.say(text.format("starting", count=len(plan.replicas), ports=ports, logs=plan.run_dir))
        for replica in plan.replicas:
            self._start_replica(replica)
        deadline = time.monotonic() + READY_SECONDS
        for replica in plan.replicas:
            while not _answers(replica.health_url):
                if self.replicas[replica.name].poll() is not None or time.monotonic() > deadline:
                    log = plan.log_path(replica)
                    raise RuntimeError(
                        text.format("not_ready", name=replica.name, port=replica.port, seconds=READY_SECONDS, log=log)
                    )
                time.sleep(0.3)
        self.proxy = subprocess.Popen([self.haproxy, "-db", "-f", str(plan.config_path)], start_new_session=True)
        stats = f"http://127.0.0.1:{plan.stats_port}/stats"
        self.say(text.format("serving", count=len(plan.replicas), url=f"http://{plan.host}:{plan.port}/"))
        self.say(text.format("stats", url=stats))
        self.say(text["stop_hint"])

    def watch_once(self) -> bool:
        """One look at every process: report (and restart) those that stopped. False when serving is over."""
        text = _console()
        if self.proxy is not None and (code := self.proxy.poll()) is not None:
            self.say(text.format("haproxy_stopped", how=_how(code)))
            return False
        stopped = 0
        for replica in self.plan.replicas:
            code = self.replicas[replica.name].poll()
            if code is None:
                continue
            if replica.name not in self._reported:
                self.say(text.format("replica_stopped", name=replica.name, port=replica.port, how=_how(code)))
                self._reported.add(replica.name)
            if not self.restart:
                stopped += 1
            elif time.monotonic() >= self._restart_at.get(replica.name, 0.0):
                self.say(text.format("replica_restarted", name=replica.name, port=replica.port))
                self._restart_at[replica.name] = time.monotonic() + 10
                self._reported.discard(replica.name)
                self._start_replica(replica, again=True)
        if stopped == len(self.plan.replicas):
            self.say(text["all_stopped"])
            return False
        return True

    def run(self, interval: float = 1.0) -> int:
        """Watch until HAProxy or every process stops (exit 1), or until Ctrl+C/SIGTERM (exit 0)."""
        try:
            while self.watch_once():
                time.sleep(interval)
            return 1
        except KeyboardInterrupt:
            self.say(_console()["stopping"])
            return 0
        finally:
            self.stop()

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM HAProxy and every process (each stops its kernels); SIGKILL what is left after ``timeout``."""
        procs = [p for p in (self.proxy, *self.replicas.values()) if p is not None and p.poll() is None]
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
        deadline = time.monotonic() + timeout
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def port_is_free(port: int, host: str) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    text = _console()
    parser = argparse.ArgumentParser(prog=text["prog"], description=text["description"])
    parser.add_argument("notebook", nargs="?", default=DEFAULT_NOTEBOOK, help=text["help_notebook"])
    parser.add_argument("--replicas", type=int, default=3, help=text["help_replicas"])
    parser.add_argument("--host", default="127.0.0.1", help=text["help_host"])
    parser.add_argument("--port", type=int, default=8866, help=text["help_port"])
    parser.add_argument("--first-port", type=int, default=None, help=text["help_first_port"])
    parser.add_argument("--haproxy", default="/usr/sbin/haproxy", help=text["help_haproxy"])
    parser.add_argument("--template", type=Path, default=Path(DEFAULT_TEMPLATE), help=text["help_template"])
    parser.add_argument("--run-dir", type=Path, default=Path("build/serve"), help=text["help_run_dir"])
    parser.add_argument("--no-restart", action="store_true", help=text["help_no_restart"])
    parser.add_argument("voila_args", nargs="*", default=[], help=text["help_voila_args"])
    return parser.parse_intermixed_args(argv)  # options may follow the notebook; Voila's options after --


def _prepare(args: argparse.Namespace) -> Plan:
    """The plan, its settings written and checked; ``ValueError`` with the words for the terminal."""
    text = _console()
    plan = make_plan(args.replicas, args.host, args.port, args.first_port, args.notebook, args.voila_args, args.run_dir)
    if not Path(args.haproxy).is_file():
        raise ValueError(text.format("no_haproxy", path=args.haproxy))
    if not args.template.is_file():
        raise ValueError(text.format("no_template", path=args.template))
    if not Path(plan.notebook).is_file():
        raise ValueError(text.format("notebook_missing", notebook=plan.notebook))
    wanted = [(plan.host, plan.port)] + [(r.host, r.port) for r in plan.replicas] + [("127.0.0.1", plan.stats_port)]
    for host, port in wanted:
        if not port_is_free(port, host):
            raise ValueError(text.format("port_busy", port=port, other=plan.port + 10 * (len(plan.replicas) + 2)))
    plan.run_dir.mkdir(parents=True, exist_ok=True)
    plan.config_path.write_text(haproxy_config(plan, args.template), encoding="utf-8")
    if (details := check_config(args.haproxy, plan.config_path)) is not None:
        raise ValueError(text.format("bad_config", path=plan.config_path, details=details))
    return plan


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops serving the way Ctrl+C does."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``make serve``: returns the exit code (0 after Ctrl+C, 1 when serving failed or ended)."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    text = _console()
    try:
        plan = _prepare(args)
    except ValueError as e:
        print(text.format("error", problem=e), file=sys.stderr)
        return 2
    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell may start it with SIGINT ignored
        signal.signal(signum, _interrupt)
    supervisor = Supervisor(plan, args.haproxy, restart=not args.no_restart)
    try:
        supervisor.start()
    except (RuntimeError, KeyboardInterrupt) as e:
        supervisor.stop()
        if isinstance(e, RuntimeError):
            print(text.format("error", problem=e), file=sys.stderr)
            return 1
        return 0
    return supervisor.run()


if __name__ == "__main__":
    raise SystemExit(main())
