"""The `make serve` launcher without serving: its plan, the HAProxy settings it renders (which Debian's
`haproxy -c` must accept), its command lines, its messages for bad input, and how it reports a process
that stopped. tests/test_serve_replicas.py and tests/browser/test_serve_replicas_browser.py run it for real."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from osteo_lib.apps import replicas as rp
from osteo_lib.apps.serve import HEALTH_PATH
from tests.serving import free_port

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "haproxy" / "haproxy.cfg.j2"
HAPROXY = "/usr/sbin/haproxy"


def settings(tmp_path: Path, replicas: int = 3, **kwargs: object) -> tuple[rp.Plan, Path, str]:
    plan = rp.make_plan(replicas, run_dir=tmp_path, **kwargs)  # type: ignore[arg-type]
    text = rp.haproxy_config(plan, TEMPLATE)
    plan.config_path.write_text(text)
    return plan, plan.config_path, text


def directives(text: str, section: str) -> list[str]:
    """The lines of one section (``backend replicas``, ``defaults``, ...), comments left out."""
    lines, inside = [], False
    for line in text.splitlines():
        if line and not line[0].isspace():
            inside = line.strip() == section
            continue
        if inside and line.strip() and not line.strip().startswith("#"):
            lines.append(" ".join(line.split()))
    return lines


@pytest.mark.parametrize("replicas", [1, 3, 8])
def test_generated_settings_pass_haproxy_check(tmp_path: Path, replicas: int) -> None:
    _, path, _ = settings(tmp_path, replicas, port=18000)
    result = subprocess.run([HAPROXY, "-c", "-f", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    assert rp.check_config(HAPROXY, path) is None


def test_settings_are_sticky_carry_websockets_check_health_and_leave_compression(tmp_path: Path) -> None:
    plan, _, text = settings(tmp_path, 3, port=18000, host="0.0.0.0")
    assert directives(text, "frontend dashboard") == ["bind 0.0.0.0:18000", "default_backend replicas"]
    backend = directives(text, "backend replicas")
    assert f"cookie {rp.COOKIE} insert indirect nocache httponly attr SameSite=Lax" in backend
    servers = [line for line in backend if line.startswith("server ")]
    assert servers == [f"server replica{i} 127.0.0.1:{18000 + i} cookie replica{i} check" for i in (1, 2, 3)]
    assert [r.port for r in plan.replicas] == [18001, 18002, 18003] and plan.stats_port == 18004
    assert "option httpchk" in backend and f"http-check send meth GET uri {HEALTH_PATH}" in backend
    defaults = directives(text, "defaults")
    assert f"timeout tunnel {rp.TIMEOUTS['tunnel']}s" in defaults and "option redispatch" in defaults
    assert not any(line.startswith("compression") for line in text.splitlines())
    assert directives(text, "frontend stats")[0] == "bind 127.0.0.1:18004"


def test_a_broken_template_is_refused_by_haproxy_with_its_words(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cfg.j2"
    broken.write_text(TEMPLATE.read_text().replace("balance leastconn", "balance nosuchalgorithm"))
    plan = rp.make_plan(2, port=18000, run_dir=tmp_path)
    plan.config_path.write_text(rp.haproxy_config(plan, broken))
    details = rp.check_config(HAPROXY, plan.config_path)
    assert details is not None and "balance only supports" in details and "haproxy-18000.cfg" in details, details
    assert "NOTICE" not in details


@pytest.mark.parametrize("replicas", [0, -1, rp.MAX_REPLICAS + 1])
def test_replica_count_out_of_range_is_named(replicas: int) -> None:
    with pytest.raises(
        ValueError, match=rf"REPLICAS must be a whole number from 1 to {rp.MAX_REPLICAS}, not {replicas}"
    ):
        rp.make_plan(replicas)


def test_ports_past_65535_are_named() -> None:
    with pytest.raises(ValueError, match="the ports 65534 to 65537 do not fit"):
        rp.make_plan(3, port=65533)


def test_replica_command_is_the_dashboard_server_on_its_own_port(tmp_path: Path) -> None:
    plan = rp.make_plan(2, port=18000, voila_args=["--VoilaConfiguration.default_pool_size=2"], run_dir=tmp_path)
    command = rp.replica_command(plan, plan.replicas[1])
    assert command[:3] == [sys.executable, "-m", "osteo_lib.apps.serve"]
    assert "--port=18002" in command and "--Voila.ip=127.0.0.1" in command
    assert "--KernelManager.transport=ipc" in command  # no TCP port races between the processes' kernels
    assert command[-2:] == ["--VoilaConfiguration.default_pool_size=2", rp.DEFAULT_NOTEBOOK]


def test_voila_options_after_double_dash_reach_every_process() -> None:
    args = rp.parse_args(["nb.ipynb", "--replicas=2", "--", "--MappingKernelManager.cull_idle_timeout=5"])
    assert args.notebook == "nb.ipynb" and args.replicas == 2
    assert args.voila_args == ["--MappingKernelManager.cull_idle_timeout=5"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--haproxy=/no/such/haproxy"],
            "HAProxy is not installed at /no/such/haproxy: run make haproxy (it installs Debian's haproxy package)",
        ),
        (["--template=/no/such.j2"], "the HAProxy settings template /no/such.j2 does not exist"),
        (["missing.ipynb"], "notebook not found: missing.ipynb"),
        (["--replicas=0"], "REPLICAS must be a whole number from 1 to 16, not 0"),
    ],
)
def test_bad_settings_stop_before_anything_starts(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = rp.main([*argv, f"--run-dir={tmp_path}", "--port=18000"])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"serve: {message}"
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_busy_port_is_named_with_another_to_try(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.chdir(ROOT)
    # Three ports in a row, free, from this worker's own slice below the ephemeral range: a port the OS picks
    # (bind 0) can have a neighbour a kernel holds, and then the message rightly names that one instead.
    first = free_port(count=3)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", first + 2))
        port = busy.getsockname()[1]
        args = rp.parse_args([f"--port={first}", "--replicas=2", f"--run-dir={tmp_path}"])
        with pytest.raises(ValueError, match=rf"port {port} is busy; try another, e\.g\. make serve PORT=\d+"):
            rp._prepare(args)


def test_a_stopped_process_is_reported_once_and_the_last_one_ends_serving(tmp_path: Path) -> None:
    plan = rp.make_plan(2, port=18000, run_dir=tmp_path)
    out = io.StringIO()
    supervisor = rp.Supervisor(plan, HAPROXY, restart=False, out=out)
    alive = subprocess.Popen(["sleep", "60"])
    killed = subprocess.Popen(["sleep", "60"])
    supervisor.replicas = {"replica1": alive, "replica2": killed}
    try:
        killed.kill()
        killed.wait()
        assert supervisor.watch_once() and supervisor.watch_once()
        reports = re.findall(r"replica2 \(port 18002\) stopped \(killed by signal SIGKILL\)", out.getvalue())
        assert len(reports) == 1, out.getvalue()
        alive.terminate()
        alive.wait()
        assert not supervisor.watch_once()
        assert "replica1 (port 18001) stopped (killed by signal SIGTERM)" in out.getvalue()
        assert "Every dashboard process has stopped" in out.getvalue()
    finally:
        supervisor.stop()
    assert alive.poll() is not None and killed.poll() is not None
