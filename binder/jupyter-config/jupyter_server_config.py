"""Jupyter server settings for Binder; binder/start puts this folder on JUPYTER_CONFIG_PATH.

The Binder badge opens ``<server>/dashboard/``: jupyter-server-proxy starts standalone Voila on a free
127.0.0.1 port on the first request (behind the Jupyter server's own login) and proxies to it. Voila
runs from the repository folder, so it reads the repository's voila.json, exactly as ``make
dashboard`` does: sources stripped, no tracebacks, the offline "osteo" template, kernel culling.
Voila's *server extension* is switched off, so no notebook of the server is rendered through it.
"""

import os
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by Jupyter

REPO = Path(__file__).resolve().parents[2]
#: Keep in step with DASHBOARD in the Makefile (tests/hub/test_binder.py checks).
DASHBOARD = "notebooks/dashboards/patient_dashboard.ipynb"

c.ServerApp.jpserver_extensions = {"voila.server_extension": False}
c.ServerProxy.servers = {
    "dashboard": {
        "command": [
            "/bin/sh",
            "-c",
            'cd "$0" && exec "$@"',
            str(REPO),
            sys.executable,
            "-m",
            "voila",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--port={port}",
            # Links in the page carry the public prefix; the proxy strips it before Voila sees a request.
            "--Voila.base_url={base_url}dashboard/",
            "--Voila.server_url=/",
            # Voila's anonymous-user cookie would otherwise share its name (username-<host>-<port>) with
            # the Jupyter server's login cookie, and the server would then refuse the page's requests.
            "--IdentityProvider.cookie_name=osteo-dashboard-voila",
            DASHBOARD,
        ],
        # As `make dashboard`: share/jupyter (the workbook's Voila template and kernel spec) comes first.
        "environment": {
            "JUPYTER_PATH": os.pathsep.join(
                p for p in (str(REPO / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")) if p
            ),
        },
        "absolute_url": False,
        "timeout": 120,
        "launcher_entry": {"title": "Patient dashboard", "path_info": "dashboard/"},
        "new_browser_tab": True,
    },
}
