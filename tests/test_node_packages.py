"""The npm packages (package.json, package-lock.json, the Makefile): `make classroom` installs only what JupyterHub
needs (configurable-http-proxy, package.json's dependencies, with npm ci --omit=dev) and keeps a full install;
`make test` and `make node-tools` install everything, the browser tests' tools (devDependencies) too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_makefile import make

NPM_CI = "npm ci --no-audit --no-fund --loglevel=error"


def test_the_classroom_installs_only_the_npm_packages_the_hub_needs(root: Path) -> None:
    # package.json: JupyterHub's proxy is a dependency, the browser tests' tools are devDependencies, and the lock
    # agrees (npm ci refuses a lock that does not).
    package = json.loads((root / "package.json").read_text())
    assert set(package["dependencies"]) == {"configurable-http-proxy"}
    assert {"axe-core", "lighthouse"} <= set(package["devDependencies"])
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    assert lock[""]["dependencies"] == package["dependencies"]
    assert lock[""]["devDependencies"] == package["devDependencies"]
    assert "dev" not in lock["node_modules/configurable-http-proxy"]
    assert lock["node_modules/axe-core"]["dev"] is True and lock["node_modules/lighthouse"]["dev"] is True
    # From a fresh checkout, `make classroom` runs npm ci without the devDependencies, never the whole install;
    # `make test` and `make node-tools` install everything (and that counts for the classroom too).
    planned = make(root, "-n", "-B", "classroom").stdout
    npm_lines = [line for line in planned.splitlines() if "npm ci" in line]
    assert npm_lines and all("--omit=dev" in line for line in npm_lines), planned
    for target in ("test", "node-tools"):
        assert f"{NPM_CI}\n" in make(root, "-n", "-B", target).stdout + "\n"


@pytest.mark.slow
def test_the_classroom_npm_step_installs_the_proxy_and_keeps_a_full_install(tmp_path: Path) -> None:
    """The recipe for real, in a copy of the Makefile and package files: npm works offline from its cache, which
    `make test`'s own npm ci has filled."""
    root = Path(__file__).resolve().parent.parent
    for name in ("Makefile", "package.json", "package-lock.json"):
        shutil.copy2(root / name, tmp_path / name)
    env = {**os.environ, "npm_config_offline": "true"}

    def run() -> subprocess.CompletedProcess[str]:
        command = ["make", "--no-print-directory", "node_modules/.installed-hub"]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)

    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    modules = tmp_path / "node_modules"
    proxy = modules / ".bin" / "configurable-http-proxy"
    version = subprocess.run([str(proxy), "--version"], capture_output=True, text=True, timeout=60)
    assert (
        version.stdout.strip()
        == json.loads((root / "package.json").read_text())["dependencies"]["configurable-http-proxy"]
    )
    assert not (modules / "axe-core").exists() and not (modules / "lighthouse").exists()
    assert "npm ci" not in run().stdout  # stamped: a second run installs nothing

    # After a full install (make test, make node-tools) the classroom's step keeps the tools: no npm ci at all.
    (modules / "axe-core").mkdir()
    (modules / ".installed-hub").unlink()
    (modules / ".installed").touch()
    again = run()
    assert again.returncode == 0, again.stdout + again.stderr
    # (npm ci would have emptied node_modules first.)
    assert (modules / "axe-core").is_dir() and (modules / ".installed-hub").exists()
