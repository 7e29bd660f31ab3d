"""deploy/jupyterhub: the hub config's settings and safety checks, its workbook seeding, and the
Zero to JupyterHub values that must say the same things (default URL, limits, culling, seeding)."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from traitlets.config import Config

from tests.serving import ROOT

DEPLOY = ROOT / "deploy" / "jupyterhub"
CONFIG = DEPLOY / "jupyterhub_config.py"


def load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> tuple[Config, dict[str, Any]]:
    """Execute the config file as JupyterHub does, with only the given OSTEO_HUB_* variables set."""
    import os

    for key in list(os.environ):
        if key.startswith("OSTEO_HUB_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("OSTEO_HUB_STATE_DIR", str(tmp_path / "state"))
    for key, value in env.items():
        monkeypatch.setenv(f"OSTEO_HUB_{key}", value)
    config = Config()
    namespace: dict[str, Any] = {"get_config": lambda: config, "__file__": str(CONFIG), "__name__": "config"}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)
    return config, namespace


def test_room_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c, _ = load(
        monkeypatch,
        tmp_path,
        AUTHENTICATOR="shared",
        PASSWORD="room-pass-1",
        SPAWNER="systemd",
        BIND_URL="http://0.0.0.0:8000",
        ADMIN_USERS="instructor",
    )
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "room-pass-1"
    assert c.Authenticator.admin_users == {"instructor"}
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.Spawner.default_url == "/lab/tree/notebooks/00_start_here.ipynb"
    assert (c.Spawner.mem_limit, c.Spawner.mem_guarantee, c.Spawner.cpu_limit) == ("1G", "512M", 1.0)
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'state' / 'jupyterhub.sqlite'}"
    # The hub's API and the proxy's API stay on loopback whatever the public address is.
    assert c.JupyterHub.hub_bind_url.startswith("http://127.0.0.1:")
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    # Idle culling: a hub-managed jupyterhub-idle-culler with only the scopes it needs.
    (service,) = c.JupyterHub.services
    assert service["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in service["command"] and "--cull-every=300" in service["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == [service["name"]]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}
    assert "--MappingKernelManager.cull_idle_timeout=1800" in c.Spawner.args


def test_culling_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c, _ = load(
        monkeypatch, tmp_path, AUTHENTICATOR="shared", PASSWORD="room-pass-1", CULL_TIMEOUT="0", KERNEL_CULL_TIMEOUT="0"
    )
    assert "services" not in c.JupyterHub and "load_roles" not in c.JupyterHub
    assert not any("cull" in a for a in c.Spawner.args)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "SPAWNER": "simple",
                "AUTHENTICATOR": "shared",
                "PASSWORD": "room-pass-1",
                "BIND_URL": "http://0.0.0.0:8000",
            },
            "only listen on 127.0.0.1",
        ),
        (
            {"SPAWNER": "local", "AUTHENTICATOR": "dummy", "BIND_URL": "http://192.168.1.20:8000"},
            "only listen on 127.0.0.1",
        ),
        ({"AUTHENTICATOR": "shared", "PASSWORD": "short"}, "8 characters"),
        ({"AUTHENTICATOR": "pam"}, "OSTEO_HUB_ALLOWED_USERS"),
        ({"AUTHENTICATOR": "shared", "PASSWORD": "room-pass-1", "CULL_TIMEOUT": "soon"}, "whole number"),
    ],
)
def test_unsafe_or_incomplete_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load(monkeypatch, tmp_path, **env)


def _fake_spawner(home: Path, name: str) -> Any:
    return SimpleNamespace(home_dir=str(home), user=SimpleNamespace(name=name), log=logging.getLogger("test"))


def test_seeding_copies_the_workbook_once_and_keeps_student_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    workbook = tmp_path / "workbook"
    (workbook / "dashboards").mkdir(parents=True)
    (workbook / "instructor").mkdir()
    (workbook / "00_start_here.ipynb").write_text("original")
    (workbook / "dashboards" / "patient_dashboard.ipynb").write_text("dashboard")
    (workbook / "instructor" / "workshop_guide.ipynb").write_text("answer keys")
    c, ns = load(
        monkeypatch,
        tmp_path,
        AUTHENTICATOR="dummy",
        SPAWNER="simple",
        WORKBOOK=str(workbook),
        HOME_ROOT=str(tmp_path / "homes"),
    )
    assert c.Spawner.pre_spawn_hook is ns["seed_workbook"]
    home = tmp_path / "homes" / "ana"
    ns["seed_workbook"](_fake_spawner(home, "ana"))
    copied = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert copied == ["notebooks/00_start_here.ipynb", "notebooks/dashboards/patient_dashboard.ipynb"]
    # The student edits a notebook and deletes another; the next start restores only what is missing.
    (home / "notebooks" / "00_start_here.ipynb").write_text("my answers")
    (home / "notebooks" / "dashboards" / "patient_dashboard.ipynb").unlink()
    ns["seed_workbook"](_fake_spawner(home, "ana"))
    assert (home / "notebooks" / "00_start_here.ipynb").read_text() == "my answers"
    assert (home / "notebooks" / "dashboards" / "patient_dashboard.ipynb").read_text() == "dashboard"


def test_default_seed_is_the_repository_notebooks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c, ns = load(monkeypatch, tmp_path, AUTHENTICATOR="dummy", SPAWNER="simple")
    assert ns["WORKBOOK"] == ROOT / "notebooks"
    assert (ns["WORKBOOK"] / "00_start_here.ipynb").is_file()
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(ROOT)
    assert (ROOT / "voila.json").is_file()  # what the students' Voila extension reads there


def _values() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text())


def test_values_match_the_hub_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    c, _ = load(
        monkeypatch, tmp_path, AUTHENTICATOR="shared", PASSWORD="room-pass-1", SPAWNER="local", ALLOWED_USERS="a"
    )
    v = _values()
    single = v["singleuser"]
    assert single["defaultUrl"] == c.Spawner.default_url
    assert (single["memory"]["limit"], single["memory"]["guarantee"]) == (c.Spawner.mem_limit, c.Spawner.mem_guarantee)
    assert v["cull"]["enabled"] is True and v["cull"]["timeout"] == 3600 and v["cull"]["every"] == 300
    assert v["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    profiles = single["profileList"]
    assert sum(1 for p in profiles if p.get("default")) == 1
    bigger = [p["kubespawner_override"] for p in profiles if "kubespawner_override" in p]
    assert bigger and all({"mem_limit", "mem_guarantee"} <= set(o) for o in bigger)
    # The image carries the repository at /srv/workbook (repo2docker --target-repo-dir), where postStart copies from.
    text = (DEPLOY / "values.yaml").read_text()
    assert "--target-repo-dir /srv/workbook" in text


def test_values_post_start_seeds_the_home(tmp_path: Path) -> None:
    """Run the postStart command against a fake image folder: workbook copied, instructor left out,
    a student's edited notebook kept, and a second start does not fail."""
    command = _values()["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    image = tmp_path / "srv" / "workbook" / "notebooks"
    (image / "dashboards").mkdir(parents=True)
    (image / "instructor").mkdir()
    (image / "00_start_here.ipynb").write_text("original")
    (image / "dashboards" / "patient_dashboard.ipynb").write_text("dashboard")
    (image / "instructor" / "workshop_guide.ipynb").write_text("keys")
    home = tmp_path / "home"
    home.mkdir()
    run = [part.replace("/srv/workbook", str(tmp_path / "srv" / "workbook")) for part in command]
    subprocess.run(run, env={"HOME": str(home), "PATH": "/usr/bin:/bin"}, check=True)
    assert sorted(p.name for p in (home / "notebooks").iterdir()) == ["00_start_here.ipynb", "dashboards"]
    (home / "notebooks" / "00_start_here.ipynb").write_text("mine")
    subprocess.run(run, env={"HOME": str(home), "PATH": "/usr/bin:/bin"}, check=True)
    assert (home / "notebooks" / "00_start_here.ipynb").read_text() == "mine"
