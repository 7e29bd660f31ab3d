"""osteo_lib.apps.serve: which static URLs count as versioned, and the Voilà application it builds (gzip
among the transforms, cache headers on every static route). The headers of a served page are checked in
tests/test_serving_headers.py."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest

from osteo_lib.apps.serve import (
    CONNECT_GRACE,
    HEALTH_PATH,
    IMMUTABLE,
    REVALIDATE,
    WEBSOCKET_COMPRESSION,
    accepts_gzip,
    cache_control,
    is_versioned,
    pool_aware_kernel_manager_class,
    serving_voila_class,
)
from tests.serving import ROOT, run_coroutine

DASHBOARD = "notebooks/dashboards/patient_dashboard.ipynb"


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("x-gzip", True),
        ("", False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip; q=0.0, br", False),
        ("*;q=0", False),
        ("br, *;q=0.5, gzip;q=0", False),
        ("gzip;q=oops", False),
    ],
)
def test_accepts_gzip_reads_the_accept_encoding_header(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/voila/templates/osteo/static/index.css", {"v": [b"ee8de085778696b327"]}),
        ("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/7.2a0ce575775f5aad.js", {}),
        ("/voila/labextensions/anywidget/static/remoteEntry.698dcaf7.js", {}),
        ("/voila/labextensions/anywidget/static/2.3dbf81c0.js", {}),
        ("/voila/templates/osteo/static/be0a084962d8066884f7.svg", {}),
    ],
)
def test_versioned_urls_are_kept_for_a_year(path: str, query: dict[str, list[bytes]]) -> None:
    assert is_versioned(path, query)
    assert cache_control(path, query) == IMMUTABLE == "max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/voila/static/voila.js", {}),
        ("/voila/static/1187.voila.js", {}),  # a chunk number, not a content hash
        ("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json", {}),
        ("/voila/templates/osteo/static/index.css", {"v": [b""]}),  # an empty ?v= versions nothing
        ("/voila/static/deadbeefcafe/voila.js", {}),  # a hash in a folder name, not in the file's
        ("/voila/static/voila.js", {"x": [b"0123456789abcdef"]}),
    ],
)
def test_other_static_urls_are_revalidated(path: str, query: dict[str, list[bytes]]) -> None:
    assert not is_versioned(path, query)
    assert cache_control(path, query) == REVALIDATE == "no-cache"


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The application `make dashboard` runs, configured (voila.json, the command line), not started."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))
    previous = signal.getsignal(signal.SIGTERM)
    app = serving_voila_class()()
    try:
        app.initialize(["--no-browser", "--Voila.ip=127.0.0.1", "--port=8866", DASHBOARD])
    finally:
        signal.signal(signal.SIGTERM, previous)  # Voila installs its own handler
    yield app
    # init_settings() builds Voila's kernel manager, which at once queues the filling of its pre-heated pool on the
    # current event loop. This app is never started, so those tasks could only fail ("no attribute 'app'") and be
    # logged when collected -- and Python 3.11 formats that traceback with ast.parse, re-entering any ast.parse the
    # collector interrupted (SystemError "AST constructor recursion depth mismatch" in an unrelated test).
    for pool in getattr(getattr(app, "kernel_manager", None), "_pools", {}).values():
        for task in pool:
            task.cancel()


def test_the_application_is_built_with_gzip(app: Any) -> None:
    import tornado.web

    settings = app.init_settings()
    assert settings["compress_response"] is True
    assert settings["websocket_compression_options"] == WEBSOCKET_COMPRESSION  # the kernel websocket
    # What Voila's start() does: the transforms are fixed when the application is built.
    built = tornado.web.Application(**settings)
    assert tornado.web.GZipContentEncoding in built.transforms
    assert app.voila_configuration.template == "osteo"  # voila.json still applies to the subclass


def test_compression_can_be_turned_off(app: Any) -> None:
    import tornado.web

    app.compress = False
    settings = app.init_settings()
    assert tornado.web.GZipContentEncoding not in tornado.web.Application(**settings).transforms
    assert "websocket_compression_options" not in settings


def test_every_static_route_gets_the_cache_policy(app: Any) -> None:
    import tornado.web
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    app.init_settings()
    stock = {spec[0]: spec[1] for spec in Voila.init_handlers(app)}
    ours = {spec[0]: spec[1] for spec in app.init_handlers()}
    # The same routes, in the same places, after the health route (first: before Voila's catch-all, which would
    # render the notebook in a new kernel for any other path).
    assert list(ours) == [HEALTH_PATH, *stock]
    static = {route for route, cls in stock.items() if issubclass(cls, tornado.web.StaticFileHandler)}
    assert {r.rsplit("/", 2)[-2] for r in static} >= {"static", "templates", "labextensions", "themes"}
    for route in static:
        assert ours[route] is not stock[route] and issubclass(ours[route], stock[route]), route
        assert "set_headers" in vars(ours[route]), route
    # The page handler is Voila's own (it sends "no-cache, no-store, must-revalidate" itself), made to set the
    # _xsrf cookie the page's "shut down my kernel" post needs (tests/browser/test_page_close.py).
    page = [route for route, cls in stock.items() if cls is TornadoVoilaHandler]
    assert page and all(issubclass(ours[route], TornadoVoilaHandler) for route in page)
    assert all(ours[route] is not TornadoVoilaHandler and "get" in vars(ours[route]) for route in page)


def test_a_pool_kernel_is_culled_only_after_a_page_takes_it() -> None:
    """With an idle limit of 0 s, a kernel started for the pool survives the culler until it is claimed,
    and then until its page has connected; claiming counts as activity; after that it is culled like any
    other. Kernels started otherwise are
    culled as before. (That Voila's pool calls ``claimed`` is shown by the culling browser test.)"""

    km = pool_aware_kernel_manager_class()(cull_idle_timeout=0, cull_busy=True)
    results: list[bool] = []

    async def scenario() -> None:
        pooled = await km.start_kernel(kernel_name="python3", env={**os.environ, "VOILA_PREHEAT": "True"})
        other = await km.start_kernel(kernel_name="python3")
        try:
            await km.cull_kernel_if_idle(pooled)
            await km.cull_kernel_if_idle(other)
            results.extend([pooled in km, other not in km])
            before = km.get_kernel(pooled).last_activity
            km.claimed(pooled)
            results.append(km.get_kernel(pooled).last_activity > before)
            await km.cull_kernel_if_idle(pooled)
            results.append(pooled in km)  # taken, but its page has not connected yet
            km._kernel_connections[pooled] = 1  # the page connects (what the websocket handler counts) ...
            await km.cull_kernel_if_idle(pooled)
            km._kernel_connections[pooled] = 0  # ... and is closed
            await km.cull_kernel_if_idle(pooled)
            results.append(pooled not in km)
        finally:
            for kernel_id in list(km.list_kernel_ids()):
                await km.shutdown_kernel(kernel_id, now=True)

    # (in a thread of its own: the Voila fixtures of this module leave an event loop running in this one)
    run_coroutine(scenario())
    assert results == [True, True, True, True, True]


def test_a_page_that_went_away_is_reported_after_the_timeout_and_one_that_came_back_is_not() -> None:
    """``left_pages``: kernels whose page has had no connection for longer than the timeout (the server stops
    them when ``left_page_timeout`` is set); a page that reconnects clears its kernel's clock; a page taken
    from the pool that never connects counts from when it was taken, once CONNECT_GRACE has passed."""
    import asyncio

    km = pool_aware_kernel_manager_class()()
    ids: dict[str, str] = {}
    seen: dict[str, list[str]] = {}

    async def scenario() -> None:
        for name in ("gone", "back", "never"):
            ids[name] = await km.start_kernel(kernel_name="python3", env={**os.environ, "VOILA_PREHEAT": "True"})
        try:
            seen["untaken"] = km.left_pages(0)  # pool kernels nobody took have not "left"
            for kernel_id in ids.values():
                km.claimed(kernel_id)
            for name in ("gone", "back"):
                km.notify_connect(ids[name])
                km.notify_disconnect(ids[name])
            km.notify_connect(ids["back"])  # a short network drop: the page is back
            await asyncio.sleep(0.05)
            seen["now"] = sorted(km.left_pages(0))
            seen["hour"] = km.left_pages(3600)  # none has been gone for an hour
            km._waiting[ids["never"]] -= CONNECT_GRACE + 1  # taken long ago, never connected
            seen["grace"] = sorted(km.left_pages(0))
            await km.shutdown_kernel(ids["gone"], now=True)
            seen["stopped"] = km.left_pages(0)
            km._left[ids["gone"]] = 0.0  # its websocket closed while the kernel was shutting down
            seen["closed_late"] = km.left_pages(0)  # a kernel that no longer exists is never reported
        finally:
            for kernel_id in list(km.list_kernel_ids()):
                await km.shutdown_kernel(kernel_id, now=True)

    run_coroutine(scenario())
    assert seen == {
        "untaken": [],
        "now": [ids["gone"]],
        "hour": [],
        "grace": sorted([ids["gone"], ids["never"]]),
        "stopped": [ids["never"]],
        "closed_late": [ids["never"]],
    }


def test_the_served_notebook_is_read_without_a_trust_warning(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Jupyter's contents manager logs "Notebook ... is not trusted" each time it reads an unsigned notebook:
    once per page rendered (30 for a room of 30, which pushed the room's link and QR code off the terminal).
    The server signs the notebook it serves, in an in-memory signature store, so reading it is quiet."""
    import nbformat

    app.init_settings()
    notary = app.contents_manager.notary
    assert notary.db_file == ":memory:"  # voila.json: nothing written to the user's trust database
    relative = os.path.relpath(DASHBOARD, app.root_dir)
    with caplog.at_level("WARNING"):
        model = app.contents_manager.get(relative)
    assert model["type"] == "notebook"
    assert not [r for r in caplog.records if "not trusted" in r.getMessage()], caplog.text
    # The check is real: another notebook, or the same one changed, is still reported.
    changed = nbformat.read(ROOT / DASHBOARD, as_version=4)
    changed.cells.append(nbformat.v4.new_markdown_cell("changed"))
    assert not notary.check_signature(changed)
    assert notary.check_signature(nbformat.read(ROOT / DASHBOARD, as_version=4))
