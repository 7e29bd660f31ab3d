"""`make classroom` (osteo_lib.apps.classroom): its argument checks name the bad setting, the hub settings it
passes, and what deploy/jupyterhub/jupyterhub_config.py makes of them (the room code login, the simple
spawner on the network only for a room code, the student version in the students' kernels)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from osteo_lib.apps import classroom
from tests.hub.test_deploy_config import load


def settings(*argv: str) -> classroom.Settings:
    return classroom.check_settings(classroom.parse_args(list(argv)))


def test_defaults_and_a_given_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(classroom.CODE_ENV, raising=False)
    s = settings()
    assert (s.room, s.port, s.ip, s.idle_minutes) == (30, 8000, "0.0.0.0", 60.0)
    assert s.max_servers == 35 and len(s.code) == 5 and s.code.isalpha() and s.code.isupper()
    assert settings("--code", " kd-pmt ").code == "KDPMT"
    monkeypatch.setenv(classroom.CODE_ENV, "room7")
    assert settings().code == "ROOM7"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--room", "thirty"], "ROOM must be a whole number from 1 to 200, not thirty"),
        (["--room", "0"], "ROOM must be a whole number from 1 to 200, not 0"),
        (["--room", "500"], "ROOM must be a whole number from 1 to 200, not 500"),
        (["--port", "80"], "PORT must be a whole number from 1024 to 65535, not 80"),
        (["--port", "8k"], "PORT must be a whole number from 1024 to 65535, not 8k"),
        (["--port", "70000"], "PORT must be a whole number"),
        (["--code", "ab"], "CODE 'ab' cannot be used; it must be 4 to 12 letters or digits"),
        (["--code", "room code!"], "CODE 'room code!' cannot be used"),
        (["--idle-minutes", "0"], "IDLE must be a positive number of minutes, not 0"),
        (["--idle-minutes", "soon"], "IDLE must be a positive number of minutes, not soon"),
    ],
)
def test_bad_settings_are_named(argv: list[str], named: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match=named.replace("(", r"\(").replace("!", "!")):
        settings(*argv)
    # main() stops before building or starting anything, with exit status 2 and the message.
    assert classroom.main([*argv, "--dir", "/nonexistent/never-made"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("make classroom: ") and named in err
    assert not Path("/nonexistent/never-made").exists()


def test_a_busy_port_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        if port < 1024:  # pragma: no cover - never on Linux
            pytest.fail("the OS gave a privileged port")
        assert classroom.main(["--ip", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path / "c")]) == 2
    assert f"PORT {port} is in use" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_hub_settings_for_a_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings("--room", "12", "--port", "8123", "--code", "KDPMT", "--dir", str(tmp_path / "c"))
    env = classroom.hub_environment(s, Path("/x/chp"))
    assert env["OSTEO_HUB_BIND_URL"] == "http://0.0.0.0:8123"
    assert env["OSTEO_HUB_AUTHENTICATOR"] == "shared" and env["OSTEO_HUB_ROOM_CODE"] == "KDPMT"
    assert env["OSTEO_HUB_SPAWNER"] == "simple" and env["OSTEO_HUB_SIMPLE_ON_NETWORK"] == "yes"
    assert env["OSTEO_HUB_MAX_SERVERS"] == "17"
    assert env["OSTEO_HUB_CULL_TIMEOUT"] == "3600" and env["OSTEO_HUB_CULL_EVERY"] == "300"
    assert env["OSTEO_HUB_HOME_ROOT"] == str(tmp_path / "c" / "students")

    # What the hub config makes of them (a fake student version: the config checks its two folders).
    sv = tmp_path / "sv"
    for part in ("osteo_lib", "data", "notebooks"):
        (sv / part).mkdir(parents=True)
    hub = {k.removeprefix("OSTEO_HUB_"): v for k, v in env.items() if k != "OSTEO_HUB_STATE_DIR"}
    hub["STUDENT_VERSION"] = str(sv)
    c, ns = load(monkeypatch, tmp_path, **hub)
    assert c.JupyterHub.authenticator_class.__name__ == "RoomCodeAuthenticator"
    assert c.RoomCodeAuthenticator.user_password == "KDPMT"
    assert c.JupyterHub.spawner_class == "simple"
    assert c.JupyterHub.active_server_limit == 17
    assert c.Spawner.environment["PYTHONPATH"] == str(sv)
    assert c.Spawner.environment["OSTEO_DATA_DIR"] == str(sv / "data")
    assert ns["WORKBOOK"] == sv / "notebooks"
    (templates,) = c.JupyterHub.template_paths
    assert (Path(templates) / "login.html").is_file()
    assert c.JupyterHub.template_vars["classroom"]["login_code_label"] == "Room code"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        # The simple spawner beyond loopback needs both the room code and the explicit yes.
        (
            {"SPAWNER": "simple", "AUTHENTICATOR": "shared", "ROOM_CODE": "KDPMT", "BIND_URL": "http://0.0.0.0:8000"},
            "only listen on 127.0.0.1",
        ),
        (
            {
                "SPAWNER": "simple",
                "AUTHENTICATOR": "shared",
                "PASSWORD": "room-pass-1",
                "SIMPLE_ON_NETWORK": "yes",
                "BIND_URL": "http://0.0.0.0:8000",
            },
            "only listen on 127.0.0.1",
        ),
        (
            {"SPAWNER": "simple", "AUTHENTICATOR": "dummy", "SIMPLE_ON_NETWORK": "yes", "BIND_URL": "http://0.0.0.0:1"},
            "only listen on 127.0.0.1",
        ),
        ({"AUTHENTICATOR": "shared", "ROOM_CODE": "k!"}, "CODE must be 4 to 12 letters or digits"),
        ({"AUTHENTICATOR": "shared", "ROOM_CODE": "KDPMT", "STUDENT_VERSION": "/nowhere"}, "make student-version"),
    ],
)
def test_unsafe_classroom_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load(monkeypatch, tmp_path, **env)


def test_room_code_login(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The authenticator itself: any case and dashes for the code, names made URL-safe, and an address
    that sends 10 wrong codes must wait even with the right one; another address is not held up."""
    from types import SimpleNamespace

    c, _ = load(monkeypatch, tmp_path, AUTHENTICATOR="shared", ROOM_CODE="KDPMT")
    auth = c.JupyterHub.authenticator_class(config=c)

    def handler(ip: str) -> object:
        return SimpleNamespace(request=SimpleNamespace(remote_ip=ip))

    def login(ip: str, name: str, code: str) -> object:
        return asyncio.run(auth.authenticate(handler(ip), {"username": name, "password": code}))

    ok = login("10.0.0.1", " Ana  Silva ", "kd-pmt")
    assert ok == {"name": "ana-silva", "admin": False, "groups": []}
    assert login("10.0.0.1", "Ben", "") is None
    assert login("10.0.0.1", "!!", "KDPMT") is None
    for _ in range(10):
        assert login("10.0.0.9", "eve", "AAAAA") is None
    assert login("10.0.0.9", "eve", "KDPMT") is None
    assert login("10.0.0.2", "Cai", "KDPMT") is not None
