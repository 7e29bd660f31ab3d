"""deploy/jupyterhub/jupyterhub_config.py, run for real: three students share one JupyterHub.

JupyterHub 6 with DummyAuthenticator (a password set here) and SimpleLocalProcessSpawner, the proxy
from ./node_modules, everything on free 127.0.0.1 ports with its state in a temporary directory. Each
student logs in over HTTP, gets their own JupyterLab with their own copy of the workbook, opens
``notebooks/00_start_here.ipynb`` and runs every code cell in a kernel over the websocket; nobody can
reach another student's server, kernel or files. A second, smaller hub shows the idle culler stopping
a forgotten server. Timings go to test-artifacts/hub_test.json.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import websocket

from tests.hub.harness import Hub, Student, processes_in, rss_mb, running_hub, still_running, stop_hub
from tests.serving import ROOT

PASSWORD = "workshop-room-7"
NAMES = ("ana", "ben", "cai")
MEM_LIMIT = "768M"
NOTEBOOK = "notebooks/00_start_here.ipynb"
DASHBOARD = "notebooks/dashboards/patient_dashboard.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
TIMINGS: dict[str, Any] = {}


def _record(**values: Any) -> None:
    TIMINGS.update(values)
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "hub_test.json").write_text(json.dumps(TIMINGS, indent=2))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    started = time.monotonic()
    with running_hub(
        tmp_path_factory.mktemp("hub"),
        {
            "OSTEO_HUB_AUTHENTICATOR": "dummy",
            "OSTEO_HUB_PASSWORD": PASSWORD,
            "OSTEO_HUB_MEM_LIMIT": MEM_LIMIT,
        },
    ) as h:
        _record(hub_start_seconds=round(time.monotonic() - started, 1))
        yield h


@pytest.fixture(scope="module")
def students(hub: Hub) -> dict[str, Student]:
    """All three log in at the same moment, as a room does, and wait for their own servers."""
    people = {name: Student(hub, name, PASSWORD) for name in NAMES}

    def arrive(student: Student) -> tuple[str, float]:
        t0 = time.monotonic()
        r = student.login()
        assert r.status_code == 200, f"{student.name} could not log in: {r.status_code}"
        landing = student.wait_for_server()
        return landing, time.monotonic() - t0

    t0 = time.monotonic()
    with ThreadPoolExecutor(len(people)) as pool:
        results = dict(zip(people, pool.map(arrive, people.values()), strict=True))
    _record(
        students=len(people),
        login_to_lab_seconds={n: round(s, 1) for n, (_, s) in results.items()},
        all_servers_ready_seconds=round(time.monotonic() - t0, 1),
    )
    for name, (landing, _) in results.items():
        people[name].landing = landing
    return people


def test_wrong_password_is_refused(hub: Hub) -> None:
    intruder = Student(hub, "eve", "not-the-room-password")
    r = intruder.login()
    assert r.status_code == 403 and "/hub/login" in r.url
    assert not any(c.name == "jupyterhub-session-id" for c in intruder.session.cookies)
    assert not (hub.homes / "eve").exists()


def test_each_student_gets_their_own_server_and_workbook(hub: Hub, students: dict[str, Student]) -> None:
    for name, student in students.items():
        # The hub sends the student straight to the first notebook (Spawner.default_url). While a server
        # is still starting, the hub may add ?redirects=N to the address; only the path matters here.
        assert urllib.parse.urlsplit(student.landing).path.endswith(f"/user/{name}/lab/tree/{NOTEBOOK}")
        me = student.api("GET", "me")
        assert me.status_code == 200 and me.json()["identity"]["username"] == name
        # Their own folder, seeded with the workbook, without instructor material.
        assert (hub.homes / name / NOTEBOOK).is_file()
        listing = student.contents("notebooks")
        assert "00_start_here.ipynb" in listing and "dashboards" in listing
        assert "instructor" not in listing
        shipped = sorted(
            p.name
            for p in (ROOT / DASHBOARD).parent.iterdir()
            if not p.name.startswith(".") and p.name != "__pycache__"
        )
        assert student.contents("notebooks/dashboards") == shipped
        # A server process of their own, working in their own folder.
        servers = [cmd for cmd in processes_in(hub.homes / name).values() if "jupyterhub-singleuser" in cmd]
        assert len(servers) == 1, servers


def _run_notebook(student: Student) -> dict[str, Any]:
    nb, kernel_id = student.open_notebook(NOTEBOOK)
    channel = student.connect(kernel_id)
    t0 = time.monotonic()
    try:
        replies = [
            channel.execute("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"])
            for cell in nb["cells"]
            if cell["cell_type"] == "code"
        ]
        where = channel.execute("import os; print(os.getcwd()); print(os.environ.get('MEM_LIMIT'))")
        note = channel.execute(f"from pathlib import Path; Path('my_notes.txt').write_text('notes of {student.name}')")
    finally:
        channel.close()
    return {"kernel_id": kernel_id, "replies": replies, "where": where, "note": note, "seconds": time.monotonic() - t0}


@pytest.fixture(scope="module")
def runs(students: dict[str, Student]) -> dict[str, dict[str, Any]]:
    with ThreadPoolExecutor(len(students)) as pool:
        results = dict(zip(students, pool.map(_run_notebook, students.values()), strict=True))
    _record(
        notebook_run_seconds={n: round(r["seconds"], 1) for n, r in results.items()},
        # What sizing a room needs: each student's server plus the kernel of the notebook they ran.
        memory_per_student_mb={n: rss_mb(list(processes_in(students[n].hub.homes / n))) for n in results},
    )
    return results


def test_each_student_runs_a_workbook_notebook(
    hub: Hub, students: dict[str, Student], runs: dict[str, dict[str, Any]]
) -> None:
    for name, run in runs.items():
        replies = run["replies"]
        assert replies, "the notebook has no code cells"
        failed = [r.text()[-800:] for r in replies if r.status != "ok"]
        assert not failed, f"{name}: cells failed:\n" + "\n---\n".join(failed)
        mimes = set().union(*(r.mime_types() for r in replies))
        assert "text/html" in mimes and WIDGET_MIME in mimes, f"{name}: no rendered widget or HTML: {mimes}"
        cwd, mem = run["where"].text().split()
        assert cwd == str((hub.homes / name / "notebooks").resolve())
        # Spawner.mem_limit reaches the server as MEM_LIMIT (bytes): 768M = 768 * 1024**2.
        assert mem == str(768 * 1024**2)
        assert run["note"].status == "ok"
        assert (hub.homes / name / "notebooks" / "my_notes.txt").read_text() == f"notes of {name}"


def test_nobody_sees_another_students_files(
    hub: Hub, students: dict[str, Student], runs: dict[str, dict[str, Any]]
) -> None:
    for name, me in students.items():
        assert "my_notes.txt" in me.contents("notebooks")
        r = me.api("GET", "contents/notebooks/my_notes.txt")
        assert r.json()["content"] == f"notes of {name}"
        for other_name, other in students.items():
            if other_name == name:
                continue
            # Another student's server refuses my cookies, for the API and for the JupyterLab page.
            api = me.get(f"{other.server}/api/contents/notebooks")
            assert api.status_code == 403, f"{name} read {other_name}'s files: {api.status_code}"
            assert "my_notes" not in api.text
            page = me.get(f"{other.server}/lab")
            assert page.status_code == 403 and not page.url.startswith(f"{other.server}/lab")
            # My own server cookie, presented under the other student's cookie name, is not accepted.
            mine = next(c.value for c in me.session.cookies if c.name == f"jupyterhub-user-{name}")
            forged = requests.get(
                f"{other.server}/api/contents", cookies={f"jupyterhub-user-{other_name}": mine}, timeout=30
            )
            assert forged.status_code == 403
            # My own contents API cannot climb out of my folder into theirs.
            for path in (f"..%2F{other_name}", f"..%2F{other_name}%2Fnotebooks%2Fmy_notes.txt"):
                escape = me.api("GET", f"contents/{path}")
                assert escape.status_code == 404 and "outside root" in escape.text, escape.text[:200]
            # And I cannot attach to their kernel's websocket.
            with pytest.raises(websocket.WebSocketBadStatusException) as refused:
                _connect_to_other_kernel(me, other, runs[other_name]["kernel_id"])
            assert refused.value.status_code == 403


def _connect_to_other_kernel(me: Student, other: Student, kernel_id: str) -> None:
    url = other.server.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
    websocket.create_connection(
        url, header=[f"Cookie: {me.cookie_header(me.server + '/')}"], origin=me.hub.url, timeout=30
    ).close()


def test_a_student_renders_the_dashboard_with_voila(students: dict[str, Student]) -> None:
    """Students may use the Voila server extension on their own server (patients never do)."""
    ana = students["ana"]
    t0 = time.monotonic()
    r = ana.get(f"{ana.server}/voila/render/{DASHBOARD}")
    _record(voila_render_seconds=round(time.monotonic() - t0, 1))
    assert r.status_code == 200, r.text[:500]
    html = r.text
    assert '<script type="application/vnd.voila.cell-output+json">' in html, "no executed output on the page"
    # The repository's voila.json reaches the extension: the offline "osteo" template, sources stripped.
    assert "cdn.jsdelivr.net" not in html
    nb = json.loads((ROOT / DASHBOARD).read_text())
    first_code = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert first_code.strip() and first_code.strip() not in html


def test_stopping_the_hub_stops_every_server_and_kernel(
    hub: Hub, students: dict[str, Student], runs: dict[str, dict[str, Any]]
) -> None:
    before = still_running(hub)
    servers = [cmd for cmd in before.values() if "jupyterhub-singleuser" in cmd]
    kernels = [cmd for cmd in before.values() if "ipykernel" in cmd]
    assert len(servers) == len(NAMES) and len(kernels) >= len(NAMES), before
    assert any("configurable-http-proxy" in cmd for cmd in before.values())
    stop_hub(hub)
    _record(hub_stop_seconds=round(hub.stop_seconds, 1), processes_before_stop=len(before))
    assert hub.process.returncode is not None
    assert hub.leftovers == [], "left running after the hub stopped:\n" + "\n".join(hub.leftovers)
    assert still_running(hub) == {}


def test_idle_server_is_culled(tmp_path: Path) -> None:
    """A second hub with a 15-second idle timeout and the room-password authenticator: a student who
    logs in and walks away has their server stopped by jupyterhub-idle-culler."""
    t0 = time.monotonic()
    with running_hub(
        tmp_path,
        {
            "OSTEO_HUB_AUTHENTICATOR": "shared",
            "OSTEO_HUB_PASSWORD": "room-password-2026",
            "OSTEO_HUB_CULL_TIMEOUT": "15",
            "OSTEO_HUB_CULL_EVERY": "3",
        },
    ) as hub:
        dee = Student(hub, "dee", "room-password-2026")
        assert dee.login().status_code == 200
        dee.wait_for_server()
        assert dee.api("GET", "status").status_code == 200
        ready = time.monotonic()
        deadline = ready + 60
        while time.monotonic() < deadline:
            if "Culling server dee" in hub.log_text() and not any(
                "jupyterhub-singleuser" in cmd for cmd in still_running(hub).values()
            ):
                break
            time.sleep(1)
        else:
            pytest.fail("the idle server was not culled within 60 s:\n" + hub.log_text()[-3000:])
        culled_after = time.monotonic() - ready
        gone = dee.get(f"{dee.server}/api/status")
        assert not (gone.status_code == 200 and gone.url.startswith(dee.server)), "the culled server still answers"
    _record(cull_after_idle_seconds=round(culled_after, 1), cull_test_seconds=round(time.monotonic() - t0, 1))
    assert hub.leftovers == []
