"""JupyterHub configuration for a room of nursing students working through the workbook.

Every student gets their own JupyterLab server. It opens on ``notebooks/00_start_here.ipynb`` in a
private copy of the workbook notebooks, and the Voila server extension renders the patient
dashboard at ``/user/<name>/voila/render/notebooks/dashboards/patient_dashboard.ipynb``. Idle servers
are stopped by jupyterhub-idle-culler, and each server gets a memory limit.

Start it from the repository root (see deploy/jupyterhub/README.md)::

    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Everything that changes between a laptop try-out, a workshop machine and the test suite is read
from ``OSTEO_HUB_*`` environment variables (defaults in brackets):

==============================  =================================================================
OSTEO_HUB_BIND_URL              public URL the proxy listens on [http://127.0.0.1:8000]
OSTEO_HUB_HUB_PORT              port of the hub's own API on 127.0.0.1 [8081]
OSTEO_HUB_PROXY_API_PORT        port of configurable-http-proxy's REST API on 127.0.0.1 [8001]
OSTEO_HUB_PROXY_COMMAND         configurable-http-proxy executable [./node_modules/.bin/... if present]
OSTEO_HUB_STATE_DIR             sqlite database, cookie secret, proxy pid file [current directory]
OSTEO_HUB_AUTHENTICATOR         pam | shared | dummy | a dotted class name [pam]
OSTEO_HUB_PASSWORD              the room password for ``shared`` (8+ characters) or ``dummy``
OSTEO_HUB_ROOM_CODE             a short room code (4-12 letters/digits) as the password of ``shared``:
                                case-insensitive, names made URL-safe, 10 wrong tries per address per
                                5 minutes, the friendly login page of templates/ (make classroom) []
OSTEO_HUB_ADMIN_USERS           comma-separated instructor user names []
OSTEO_HUB_ADMIN_PASSWORD        instructors' password for ``shared`` (32+ characters)
OSTEO_HUB_ALLOWED_USERS         comma-separated user names allowed to log in [everyone for shared/dummy]
OSTEO_HUB_SPAWNER               local | simple | systemd | a dotted class name [local]
OSTEO_HUB_HOME_ROOT             parent of the per-student folders for ``simple`` [/tmp/osteo-hub-homes]
OSTEO_HUB_SIMPLE_ON_NETWORK     ``yes``: allow ``simple`` with ``shared`` beyond 127.0.0.1 (one Unix account
                                for every student; see Isolation) [no]
OSTEO_HUB_STUDENT_VERSION       a folder ``make student-version`` wrote: students' copies come from its
                                notebooks/, their kernels import its package and data (no keys) []
OSTEO_HUB_WORKBOOK              folder copied into each student's ``notebooks/`` [<repo>/notebooks]
OSTEO_HUB_JUPYTER_CONFIG_PATH   folder holding the voila.json students' servers use [<repo>]
OSTEO_HUB_MEM_LIMIT             memory limit per student server [1G]
OSTEO_HUB_MEM_GUARANTEE         memory guarantee per student server [512M]
OSTEO_HUB_CPU_LIMIT             CPU cores per student server [1]
OSTEO_HUB_CULL_TIMEOUT          stop a server idle this many seconds; 0 turns culling off [3600]
OSTEO_HUB_CULL_EVERY            how often the culler checks, seconds [300]
OSTEO_HUB_CULL_MAX_AGE          stop servers older than this even if busy; 0 = never [0]
OSTEO_HUB_KERNEL_CULL_TIMEOUT   shut down a student's idle notebook kernels after this [1800]
OSTEO_HUB_MAX_SERVERS           refuse new servers beyond this many running; 0 = no cap [0]
OSTEO_HUB_ROOM_PAGE_TOKEN       the instructor's room page (make classroom): a hub-managed service at
                                /services/classroom-room/?token=... that reads and stops servers through
                                the hub's REST API; off when empty []
OSTEO_HUB_ROOM_PAGE_PORT        its port on 127.0.0.1 (needed with the token) []
OSTEO_HUB_ROOM_ADDRESS          the address students open, shown on the room page []
OSTEO_HUB_ROOM_IDLE_MINUTES     "Stop idle servers" stops servers unused this many minutes [10]
==============================  =================================================================

Memory limits: ``Spawner.mem_limit`` is *enforced* only by spawners that can enforce it, such as
jupyterhub-systemdspawner (cgroups; what The Littlest JupyterHub uses) and KubeSpawner (Kubernetes;
what Zero to JupyterHub uses). The local process spawners (``local`` and ``simple``) cannot: they only
pass the limit to the server as the ``MEM_LIMIT`` environment variable, which memory indicators such
as jupyter-resource-usage display. On one machine, use ``OSTEO_HUB_SPAWNER=systemd`` (after
``pip install jupyterhub-systemdspawner``) to have the limit enforced.

Isolation: ``simple`` (SimpleLocalProcessSpawner) runs every student's server as the same Unix user.
The hub's login and the servers' own authentication keep students out of each other's servers and
folders over the web, but code a student runs can still read the other folders on disk. It is for
trying the set-up on a laptop and for the test suite, so this file refuses to expose it (or the
``dummy`` authenticator) beyond 127.0.0.1, with one exception: ``make classroom`` sets
``OSTEO_HUB_SIMPLE_ON_NETWORK=yes`` with a room code, for one session on an instructor's laptop with no
root. A student who writes code there runs it as the instructor's account: they can read (and change)
the other students' folders, the instructor's checkout (answer keys in data/ included) and anything
else that account can read. For a real room use ``local`` or ``systemd`` (a Unix account per student),
The Littlest JupyterHub (tljh.md) or Zero to JupyterHub (values.yaml).

Voila: students' servers load the Voila *server extension*, which renders any notebook of the
student's own folder as a dashboard. That is acceptable here because each student owns the server
and can run any code in it anyway. Patients must never be given such a server: serve them the
standalone Voila of ``make workshop`` / ``make dashboard`` instead.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: Sub-folders of the workbook that students never receive (answer keys, timings).
NOT_FOR_STUDENTS = {"instructor", ".ipynb_checkpoints", "__pycache__"}
CULLER_SERVICE = "jupyterhub-idle-culler-service"


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"OSTEO_HUB_{name}", default).strip()


def env_list(name: str) -> set[str]:
    return {item.strip() for item in env(name).split(",") if item.strip()}


def env_int(name: str, default: int) -> int:
    raw = env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"OSTEO_HUB_{name} must be a whole number of seconds or a count, not {raw!r}") from None


# --- network: public proxy URL, hub API and proxy API on loopback ---------------------------------
bind_url = env("BIND_URL", "http://127.0.0.1:8000")
bind_host = urlparse(bind_url).hostname or ""
c.JupyterHub.bind_url = bind_url
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env_int('HUB_PORT', 8081)}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env_int('PROXY_API_PORT', 8001)}"
local_chp = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    env("PROXY_COMMAND") or (str(local_chp) if local_chp.exists() else "configurable-http-proxy")
]

# --- state: sqlite database, cookie secret and the proxy's pid file --------------------------------
state = Path(env("STATE_DIR") or os.getcwd()).resolve()
state.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
# When the hub stops it stops the proxy and every student's server (JupyterHub's defaults, kept explicit).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- who may log in ---------------------------------------------------------------------------
auth = env("AUTHENTICATOR", "pam")
admins = env_list("ADMIN_USERS")
allowed = env_list("ALLOWED_USERS")
room_code = env("ROOM_CODE")
if auth == "shared" and room_code:
    # A short code read off the projector instead of a password (make classroom): see RoomCodeAuthenticator.
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

    from osteo_lib.apps.workshop.join import CodeGuard, check_code

    class RoomCodeAuthenticator(SharedPasswordAuthenticator):  # type: ignore[misc]
        """The shared-password login with a room code: typed in any case, with spaces or dashes; the name
        a student types becomes a URL-safe user name ("Ana Silva" -> "ana-silva"); an address that sends
        10 wrong codes within 5 minutes must wait (the workshop's CodeGuard)."""

        _USER_PASSWORD_MIN_LENGTH = 4
        guard = CodeGuard()

        def normalize_username(self, username: str) -> str:
            name = "-".join(re.sub(r"[^a-z0-9]+", " ", username.lower()).split())
            return super().normalize_username(name)

        async def authenticate(self, handler: Any, data: dict[str, str]) -> dict[str, Any] | None:
            name = self.normalize_username(data.get("username", ""))
            typed = data.get("password", "")
            if not name or not self.guard.check(handler.request.remote_ip, typed, self.user_password):
                return None
            return {"name": name, "admin": False, "groups": []}

    c.JupyterHub.authenticator_class = RoomCodeAuthenticator
    c.RoomCodeAuthenticator.user_password = check_code(room_code)
    # The friendly login page (deploy/jupyterhub/templates/login.html); its words: data/ui/classroom.yaml.
    from osteo_lib.content.ui import ui_texts

    c.JupyterHub.template_paths = [str(Path(__file__).resolve().parent / "templates")]
    c.JupyterHub.template_vars = {"classroom": dict(ui_texts("classroom"))}
elif auth == "shared":
    c.JupyterHub.authenticator_class = "shared-password"
    if len(env("PASSWORD")) < 8:
        raise ValueError("OSTEO_HUB_AUTHENTICATOR=shared needs OSTEO_HUB_PASSWORD (8 characters or more)")
    c.SharedPasswordAuthenticator.user_password = env("PASSWORD")
    if env("ADMIN_PASSWORD"):
        c.SharedPasswordAuthenticator.admin_password = env("ADMIN_PASSWORD")
elif auth == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    if env("PASSWORD"):
        c.DummyAuthenticator.password = env("PASSWORD")
elif auth == "pam":
    c.JupyterHub.authenticator_class = "pam"
    if not allowed:
        raise ValueError("OSTEO_HUB_AUTHENTICATOR=pam needs OSTEO_HUB_ALLOWED_USERS (the students' Unix accounts)")
else:
    c.JupyterHub.authenticator_class = auth
c.Authenticator.admin_users = admins
if allowed:
    c.Authenticator.allowed_users = allowed
elif auth in {"shared", "dummy"}:
    c.Authenticator.allow_all = True

# --- one server per student ---------------------------------------------------------------------
spawner = env("SPAWNER", "local")
home_root = Path(env("HOME_ROOT") or "/tmp/osteo-hub-homes")
if spawner == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(home_root / "{username}")
elif spawner == "local":
    c.JupyterHub.spawner_class = "localprocess"
elif spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
else:
    c.JupyterHub.spawner_class = spawner

# make classroom: one session on the instructor's laptop, every student under the instructor's account.
simple_room = spawner == "simple" and auth == "shared" and bool(room_code) and env("SIMPLE_ON_NETWORK") == "yes"
if (spawner == "simple" or auth == "dummy") and bind_host not in LOOPBACK and not simple_room:
    raise ValueError(
        f"OSTEO_HUB_SPAWNER={spawner} / OSTEO_HUB_AUTHENTICATOR={auth} give students no isolation or no real "
        f"login; they may only listen on 127.0.0.1, not {bind_host!r}. Use local/systemd and pam/shared for a room."
    )

singleuser = BIN / "jupyterhub-singleuser"
c.Spawner.cmd = [str(singleuser) if singleuser.exists() else "jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
c.Spawner.mem_limit = env("MEM_LIMIT", "1G")
c.Spawner.mem_guarantee = env("MEM_GUARANTEE", "512M")
c.Spawner.cpu_limit = float(env("CPU_LIMIT", "1"))
# A full room logging in at once on a small machine: a server's process may take minutes to start and to
# answer (seen: over 60 s on a busy 2-core laptop), so the hub waits long enough before it calls a spawn failed.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {
    # The hub passes almost nothing of its own environment on (Spawner.env_keep): give the server a PATH
    # that finds this installation first, and the folder whose voila.json configures the Voila extension
    # (the same settings as `make dashboard`: sources stripped, no tracebacks, the offline "osteo" template).
    "PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "JUPYTER_CONFIG_PATH": env("JUPYTER_CONFIG_PATH") or str(REPO),
}
# The student version (make student-version): students' kernels import its package (without the instructor
# kit) and read its data (question banks without keys), ahead of the package installed in this environment.
STUDENT_VERSION = Path(env("STUDENT_VERSION")).resolve() if env("STUDENT_VERSION") else None
if STUDENT_VERSION is not None:
    if not (STUDENT_VERSION / "osteo_lib").is_dir() or not (STUDENT_VERSION / "data").is_dir():
        raise ValueError(
            f"OSTEO_HUB_STUDENT_VERSION={STUDENT_VERSION} is not a student version (no osteo_lib/ and data/ in it): "
            "run `make student-version` first"
        )
    c.Spawner.environment["PYTHONPATH"] = str(STUDENT_VERSION)
    c.Spawner.environment["OSTEO_DATA_DIR"] = str(STUDENT_VERSION / "data")
server_args: list[str] = []
kernel_cull = env_int("KERNEL_CULL_TIMEOUT", 1800)
if kernel_cull > 0:
    # Inside each student's server: shut down notebook kernels nobody has used for a while (their tab
    # closed), freeing memory before the whole server is culled.
    server_args += [
        f"--MappingKernelManager.cull_idle_timeout={kernel_cull}",
        f"--MappingKernelManager.cull_interval={max(kernel_cull // 10, 1)}",
        "--MappingKernelManager.cull_connected=False",
    ]
if spawner == "simple" and os.geteuid() == 0:
    # SimpleLocalProcessSpawner runs servers as the hub's own user; Jupyter refuses root without this
    # (containers and CI often run as root). The real spawners run each server as the student's account.
    server_args.append("--allow-root")
c.Spawner.args = server_args
c.JupyterHub.active_server_limit = env_int("MAX_SERVERS", 0)
c.JupyterHub.concurrent_spawn_limit = 20


# --- each student's own copy of the workbook ---------------------------------------------------------
WORKBOOK = Path(env("WORKBOOK") or (STUDENT_VERSION or REPO) / "notebooks")


def copy_missing(source: Path, target: Path, owner: tuple[int, int] | None = None) -> list[Path]:
    """Copy every file of `source` that `target` lacks; never overwrite a student's own work.

    Folders named in NOT_FOR_STUDENTS are skipped. Returns the files copied.
    """
    copied: list[Path] = []
    for folder, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if d not in NOT_FOR_STUDENTS)
        here = target / Path(folder).relative_to(source)
        if not here.exists():
            here.mkdir(parents=True)
            if owner:
                os.chown(here, *owner)
        for name in sorted(filenames):
            dest = here / name
            if dest.exists():
                continue
            shutil.copy2(Path(folder) / name, dest)
            if owner:
                os.chown(dest, *owner)
            copied.append(dest)
    return copied


def home_of(spawner: Any) -> tuple[Path, tuple[int, int] | None]:
    """The student's home folder and, when the hub runs as root for real Unix users, its owner."""
    if getattr(spawner, "home_dir", None):  # SimpleLocalProcessSpawner: a folder per hub user name
        return Path(spawner.home_dir), None
    import pwd

    entry = pwd.getpwnam(spawner.user.name)
    owner = (entry.pw_uid, entry.pw_gid) if os.geteuid() == 0 else None
    return Path(entry.pw_dir), owner


def seed_workbook(spawner: Any) -> None:
    """Before each start: give the student ``~/notebooks`` with any workbook files they do not have yet."""
    home, owner = home_of(spawner)
    if not home.exists():
        home.mkdir(parents=True, mode=0o755)
        if owner:
            os.chown(home, *owner)
    copied = copy_missing(WORKBOOK, home / "notebooks", owner)
    spawner.log.info("Workbook for %s: %d new file(s) in %s", spawner.user.name, len(copied), home / "notebooks")


c.Spawner.pre_spawn_hook = seed_workbook


# --- hub-managed services: the idle culler and the instructor's room page ------------------------------
services: list[dict[str, Any]] = []
roles: list[dict[str, Any]] = []
cull_timeout = env_int("CULL_TIMEOUT", 3600)
if cull_timeout > 0:
    if importlib.util.find_spec("jupyterhub_idle_culler") is None:
        raise RuntimeError(
            "idle culling needs jupyterhub-idle-culler next to JupyterHub: pip install jupyterhub-idle-culler==2.0.0 "
            "(or set OSTEO_HUB_CULL_TIMEOUT=0 to run without culling)"
        )
    roles.append(
        {
            "name": "jupyterhub-idle-culler-role",
            # Only what the culler needs: list users, read activity and servers, stop servers.
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": [CULLER_SERVICE],
        }
    )
    services.append(
        {
            "name": CULLER_SERVICE,
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={cull_timeout}",
                f"--cull-every={env_int('CULL_EVERY', 300)}",
                f"--max-age={env_int('CULL_MAX_AGE', 0)}",
            ],
        }
    )

# The instructor's room page (make classroom; osteo_lib/apps/classroom_room.py): a small Tornado app the hub
# starts and the proxy routes at /services/classroom-room/. Its own page needs the room page token; towards the
# hub it uses the API token the hub gives it, with only these scopes: list the students and their servers, stop
# a server, and shut the hub down ("End the session").
ROOM_PAGE_SERVICE = "classroom-room"
room_page_token = env("ROOM_PAGE_TOKEN")
if room_page_token:
    room_page_port = env_int("ROOM_PAGE_PORT", 0)
    if not 0 < room_page_port < 65536:
        raise ValueError("OSTEO_HUB_ROOM_PAGE_TOKEN needs OSTEO_HUB_ROOM_PAGE_PORT (a free port on 127.0.0.1)")
    roles.append(
        {
            "name": "classroom-room-role",
            "scopes": ["list:users", "read:users", "read:servers", "delete:servers", "shutdown"],
            "services": [ROOM_PAGE_SERVICE],
        }
    )
    services.append(
        {
            "name": ROOM_PAGE_SERVICE,
            "url": f"http://127.0.0.1:{room_page_port}",
            "command": [sys.executable, "-m", "osteo_lib.apps.classroom_room"],
            "display": False,
            "environment": {
                "OSTEO_CLASSROOM_ROOM_TOKEN": room_page_token,
                "OSTEO_CLASSROOM_ROOM_CODE": room_code,
                "OSTEO_CLASSROOM_ROOM_ADDRESS": env("ROOM_ADDRESS"),
                "OSTEO_CLASSROOM_ROOM_MAX_SERVERS": str(env_int("MAX_SERVERS", 0)),
                "OSTEO_CLASSROOM_ROOM_IDLE_MINUTES": env("ROOM_IDLE_MINUTES", "10"),
                "OSTEO_CLASSROOM_ROOM_CULL_MINUTES": str(cull_timeout / 60),
            },
        }
    )
if roles:
    c.JupyterHub.load_roles = roles
if services:
    c.JupyterHub.services = services
