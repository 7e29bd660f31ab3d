"""Standalone Voilà with compressed responses and cache headers: what ``make dashboard`` runs
(``python -m osteo_lib.apps.serve`` takes Voilà's own command line), and the base of the workshop's server.

**Compression.** Tornado gzips a response (HTML, JavaScript, CSS, JSON, SVG: every ``text/*`` type and
the JSON, XML and SVG application types, from 1 KiB up) when the browser asks for it, but only if
``compress_response`` is among the settings the ``tornado.web.Application`` is *built* with: that is when
it picks its output transforms. Voilà 0.5 builds the application from :meth:`Voila.init_settings` and
only then applies ``Voila.tornado_settings``, too late; so :func:`serving_voila_class` adds the setting in
``init_settings``. ``--ServingVoila.compress=False`` turns it off (for a proxy that compresses, or to
measure the difference: ``benchmarks/page_weight.py``).

**Precompressed files.** A static file with a gzip copy beside it (``<file>.gz``: the script bundle,
compressed once at the highest level when it is built, :mod:`osteo_lib.apps.voila_page`) is sent as that
copy, with ``Content-Encoding: gzip``, to a browser that accepts gzip (:func:`accepts_gzip`), unless the
copy is older than the file; a client that does not accept gzip gets the file itself. Both carry ``Vary:
Accept-Encoding`` and the same ``Cache-Control``. Only while compression is on.

The kernel websocket is compressed too (permessage-deflate, when the browser offers it, as every current
browser does): the widgets' state a page receives when it connects is JSON and shrinks several-fold.

**Caching**, decided per route from what Voilà serves (:func:`cache_control`):

* the page itself (``/``): Voilà's handler already sends ``no-cache, no-store, must-revalidate``: every
  visit gets a new page with its own kernel.
* static files (``/voila/static/``, ``/voila/templates/<name>/static/``, ``/voila/labextensions/``,
  ``/voila/api/themes/``): ``max-age=31536000, immutable`` when the URL is versioned, meaning it carries
  a ``?v=`` content hash (the template's CSS and scripts, the widgets' chunks) or a file name with a
  content hash in it (``remoteEntry.698dcaf7.js``, ``2.3dbf81c0.js``, ``be0a084962d8066884f7.svg``); a
  new file gets a new URL, so the browser may keep the old one for a year without asking. Every other
  static URL (``voila.js`` and its chunks ``1187.voila.js``, whose names do not change when Voilà is
  upgraded) gets ``no-cache``: the browser keeps a copy but asks each time, and an unchanged file costs a
  bodiless 304 (ETag).
* everything else (the kernel API, websockets, login) keeps Jupyter server's headers.

**Health** (:data:`HEALTH_PATH`, ``GET /healthz``): ``200`` and ``{"status": "ok", "kernels": <n>}``, without a
token and without starting a kernel (any other path renders the notebook in a new kernel). HAProxy
(``make serve``) and Kubernetes (``deploy/kubernetes/``) ask it whether a process is alive and ready.

**Culling and the kernel pool** (:func:`pool_aware_kernel_manager_class`). Voilà keeps the culler off the
*ready* pages of its pool, but "assumes the init time is shorter than the cull time": a kernel still
starting and rendering for the pool could be culled (busy, no connection yet) on a slow machine, and a
page handed out after waiting in the pool longer than the idle limit could be culled before the browser
has connected to it (a phone on a slow network may take many seconds). Here a pre-heated kernel is never
culled before a visitor takes it, nor before the visitor's page has connected to it (a page that never
connects loses it :data:`CONNECT_GRACE` seconds after it was taken), and taking it counts as activity.

**Pages that left** (``--ServingVoila.left_page_timeout=SECONDS``, off by default; the workshop room turns it
on). The idle culler stops a kernel only after the idle limit (10 minutes). With a timeout set, a visitor's
kernel is stopped once its page has had no connection for that many seconds, however the visitor left
(tab closed, browser killed, phone gone from the network: the websocket's pings, every
:data:`PING_MS` ms, notice a connection that vanished without closing), so a room's seat frees within
a minute. A page that comes back within the timeout (a short network drop) keeps its kernel.

Voilà's classes are imported when :func:`serving_voila_class` first runs, so importing this module stays light.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "CONNECT_GRACE",
    "HEALTH_PATH",
    "IMMUTABLE",
    "PING_MS",
    "REVALIDATE",
    "TEND_MS",
    "WEBSOCKET_COMPRESSION",
    "accepts_gzip",
    "cache_control",
    "is_versioned",
    "main",
    "pool_aware_kernel_manager_class",
    "serving_voila_class",
]

#: How often the server looks for kernels that died (ms).
TEND_MS = 2000
#: How long a page taken from the pool has to connect to its kernel before the culler may take it back.
CONNECT_GRACE = 120.0
#: With a ``left_page_timeout``: the kernel websocket's ping interval (ms). Tornado caps the ping timeout at the
#: interval, so a page that answers no ping within about 10 s is taken as gone (Jupyter server's default: 30 s).
PING_MS = 10_000
#: The health route: answered by the process itself, no token, no kernel started (above every other route).
HEALTH_PATH = "/healthz"
#: For URLs that change whenever the file does: keep a year, never ask again.
IMMUTABLE = "max-age=31536000, immutable"
#: For static URLs that stay the same when the file changes: keep it, but ask (a 304 if unchanged).
REVALIDATE = "no-cache"
#: permessage-deflate for the kernel websocket (tornado's options). Level 1: one server process compresses
#: every frame for every visitor, and JSON shrinks almost as much at level 1 as at the default 6.
WEBSOCKET_COMPRESSION: dict[str, int] = {"compression_level": 1}
#: A content hash as the file name's last part before the extension: ``name.<8+ hex digits>.ext`` (webpack's
#: ``[name].[contenthash]``) or ``<hash>.ext`` (webpack's assets, e.g. the icon font's SVG).
_HASHED_NAME = re.compile(r"(?:^|\.)[0-9a-f]{8,}\.[A-Za-z0-9]+$")


def is_versioned(path: str, query: Mapping[str, Sequence[bytes]]) -> bool:
    """True when the URL changes whenever the file does: a non-empty ``?v=`` or a hashed file name."""
    if any(value for value in query.get("v", ())):
        return True
    return bool(_HASHED_NAME.search(path.rsplit("/", 1)[-1]))


def cache_control(path: str, query: Mapping[str, Sequence[bytes]]) -> str:
    """The ``Cache-Control`` header of a static file at ``path`` (URL path) with ``query`` arguments."""
    return IMMUTABLE if is_versioned(path, query) else REVALIDATE


def accepts_gzip(accept_encoding: str) -> bool:
    """True when an ``Accept-Encoding`` header value accepts gzip (``gzip`` or ``*``, not with ``q=0``)."""
    accepted: dict[str, bool] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip():
            accepted[name.strip().lower()] = quality > 0
    return accepted.get("gzip", accepted.get("x-gzip", accepted.get("*", False)))


@functools.cache
def pool_aware_kernel_manager_class() -> type[Any]:
    """Jupyter server's kernel manager, minus the culling races of Voilà's pool (made once, on first use)."""
    from jupyter_core.utils import ensure_async
    from jupyter_server._tz import utcnow
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    base: Any = AsyncMappingKernelManager  # (typed loosely: the coroutine overrides differ from its stubs)

    class PoolAwareKernelManager(base):  # type: ignore[misc]
        """Kernels started for the pool (Voilà marks their environment ``VOILA_PREHEAT``) are not culled
        until :meth:`claimed`, nor after it until their page has connected (at most :data:`CONNECT_GRACE`
        seconds); a claimed kernel's idle time starts when it is claimed."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._unclaimed: set[str] = set()
            self._waiting: dict[str, float] = {}  # claimed kernel -> when (monotonic), until its page connects
            self._left: dict[str, float] = {}  # kernel -> since when (monotonic) no page is connected to it

        async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
            kernel_id: str = await ensure_async(super().start_kernel(*args, **kwargs))
            if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":
                self._unclaimed.add(kernel_id)
            return kernel_id

        def claimed(self, kernel_id: str) -> None:
            """A visitor's page took ``kernel_id`` from the pool: it is culled like any other once its page
            has connected, or :data:`CONNECT_GRACE` seconds after it was taken if the page never does."""
            self._unclaimed.discard(kernel_id)
            self._waiting[kernel_id] = time.monotonic()
            if kernel_id in self:
                self.get_kernel(kernel_id).last_activity = utcnow()

        def _still_connecting(self, kernel_id: str) -> bool:
            taken = self._waiting.get(kernel_id)
            if taken is None:
                return False
            if self._kernel_connections.get(kernel_id, 0) > 0:
                del self._waiting[kernel_id]
                return False
            if time.monotonic() - taken > CONNECT_GRACE:  # the page never came: it left when taken
                del self._waiting[kernel_id]
                self._left.setdefault(kernel_id, taken)
                return False
            return True

        def notify_connect(self, kernel_id: str) -> None:
            super().notify_connect(kernel_id)
            self._left.pop(kernel_id, None)

        def notify_disconnect(self, kernel_id: str) -> None:
            super().notify_disconnect(kernel_id)
            if self._kernel_connections.get(kernel_id, 1) <= 0:
                self._left[kernel_id] = time.monotonic()

        def left_pages(self, timeout: float) -> list[str]:
            """Visitors' kernels whose page has had no connection for more than ``timeout`` seconds (a page
            taken but never connected counts once :data:`CONNECT_GRACE` has passed)."""
            for kernel_id in list(self._waiting):
                self._still_connecting(kernel_id)
            for kernel_id in [k for k in self._left if k not in self]:  # its page closed while it shut down
                del self._left[kernel_id]
            now = time.monotonic()
            return [
                kernel_id
                for kernel_id, since in self._left.items()
                if now - since > timeout and self._kernel_connections.get(kernel_id, 0) <= 0
            ]

        async def cull_kernel_if_idle(self, kernel_id: str) -> Any:
            if kernel_id in self._unclaimed or self._still_connecting(kernel_id):
                return None
            return await ensure_async(super().cull_kernel_if_idle(kernel_id))

        async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            self._unclaimed.discard(kernel_id)
            self._waiting.pop(kernel_id, None)
            self._left.pop(kernel_id, None)
            return await ensure_async(super().shutdown_kernel(kernel_id, *args, **kwargs))

    return PoolAwareKernelManager


def _claiming(km: Any) -> None:
    """Make ``km`` (Voilà's pooling manager) tell itself which kernel each page took from the pool.

    Voilà's ``get_rendered_notebook`` does not call its base class, so the hook wraps the instance's method.
    """
    take = km.get_rendered_notebook

    async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
        result = await take(*args, **kwargs)
        km.claimed(result[2])  # (render task, rendered cells, kernel id)
        return result

    km.get_rendered_notebook = get_rendered_notebook


@functools.cache
def serving_voila_class() -> type[Any]:
    """Voilà's application class with compression on and the cache headers of :func:`cache_control` on
    every static file route (made once, on first use)."""
    import tornado.web
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from jupyter_server.utils import url_path_join
    from traitlets import Bool, Float
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    def with_cache_headers(handler: type[tornado.web.StaticFileHandler]) -> type[Any]:
        class Cached(handler):  # type: ignore[valid-type, misc]
            #: The file sent is the gzip copy of the one asked for.
            precompressed = False

            def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
                path: str | None = super().validate_absolute_path(root, absolute_path)
                packed = f"{path}.gz"
                if (
                    path is not None
                    and self.settings.get("compress_response")
                    and accepts_gzip(self.request.headers.get("Accept-Encoding", ""))
                    and os.path.isfile(packed)
                    and os.stat(packed).st_mtime >= os.stat(path).st_mtime  # (never a stale copy)
                ):
                    self.precompressed = True
                    packed_path: str | None = super().validate_absolute_path(root, packed)  # (its size, its time)
                    return packed_path
                return path

            def get_content_type(self) -> str:
                if not self.precompressed:
                    return str(super().get_content_type())
                mime_type, _ = mimetypes.guess_type(self.absolute_path.removesuffix(".gz"))  # (as tornado does)
                return mime_type or "application/octet-stream"

            def set_headers(self) -> None:
                super().set_headers()  # may add Jupyter's own Cache-Control: replaced here
                self.set_header("Cache-Control", cache_control(self.request.path, self.request.arguments))
                if self.precompressed:  # (tornado's gzip step then leaves the body alone and adds the Vary)
                    self.set_header("Content-Encoding", "gzip")

        Cached.__name__ = Cached.__qualname__ = f"Cached{handler.__name__}"
        return Cached

    class Health(tornado.web.RequestHandler):
        """``GET /healthz``: the process answers; how many kernels it runs (never which ones)."""

        def get(self) -> None:
            self.set_header("Cache-Control", "no-store")
            manager = self.settings.get("kernel_manager")
            self.finish({"status": "ok", "kernels": len(manager.list_kernel_ids()) if manager is not None else 0})

    class PageHandler(TornadoVoilaHandler):  # type: ignore[misc]
        """Voilà's page, with its ``_xsrf`` cookie set. When the page is closed, Voilà's script posts "shut
        down my kernel" with that cookie's value; a page served from the pool of ready pages never sets it,
        so the post was refused (403 "'_xsrf' argument missing") and the kernel ran on until the idle
        culler came (10 minutes)."""

        async def get(self, path: str | None = None) -> None:
            self.xsrf_token  # noqa: B018 (reading it sets the cookie)
            await super().get(path)

    class ServingVoila(Voila):  # type: ignore[misc]
        """Voilà with gzip-compressed responses and cache headers per route."""

        #: gzip responses when the browser accepts it; turn off only behind a proxy that compresses
        #: (``--ServingVoila.compress=False``), or to measure the difference.
        compress = Bool(True, config=True)
        #: Stop a visitor's kernel once its page has been gone this many seconds (0: only the idle culler).
        left_page_timeout = Float(0.0, config=True)

        def init_settings(self) -> dict[str, Any]:
            vc = self.voila_configuration
            if vc.multi_kernel_manager_class is AsyncMappingKernelManager:  # not chosen by the config
                vc.multi_kernel_manager_class = pool_aware_kernel_manager_class()
            settings: dict[str, Any] = super().init_settings()  # builds the kernel manager
            if hasattr(self.kernel_manager, "claimed") and hasattr(self.kernel_manager, "get_rendered_notebook"):
                _claiming(self.kernel_manager)
            settings["compress_response"] = self.compress
            if self.compress:  # the kernel websocket too (permessage-deflate): the widgets' state is JSON
                settings["websocket_compression_options"] = WEBSOCKET_COMPRESSION
            if self.left_page_timeout > 0:  # notice a page that vanished without closing its websocket
                settings["ws_ping_interval"] = PING_MS
            self.trust_served_notebook()
            return settings

        def trust_served_notebook(self) -> None:
            """Sign the notebook this server serves, in the notary's store (kept in memory by voila.json).

            Jupyter's contents manager checks a notebook's signature each time it reads it and logs "Notebook
            ... is not trusted" when it is unsigned, which ours always are (committed without outputs): one
            warning per page rendered, 30 when a room of 30 fills its pool, pushing the room's link and QR code
            off the terminal. Trust only decides whether JupyterLab shows a notebook's *stored* HTML and
            JavaScript outputs; Voilà shows only what its own run of the notebook displays, so signing changes
            nothing on the page. ``NotebookNotary.db_file = ":memory:"`` (voila.json): nothing is written to the
            user's trust database, and a notebook edited while the server runs is simply unsigned again."""
            if not self.notebook_path:
                return
            import nbformat

            read: Any = nbformat.read  # (nbformat has no type hints)
            self.contents_manager.notary.sign(read(self.notebook_path, as_version=4))

        def listen(self) -> None:
            import tornado.ioloop

            tornado.ioloop.PeriodicCallback(self.tend_kernels, TEND_MS).start()
            super().listen()

        async def tend_kernels(self) -> None:
            """Every :data:`TEND_MS` ms: drop ready pages whose kernel has died (so nobody is handed a dead
            page; the pool fills up again), and stop visitors' kernels that died, so their page says at once
            that it stopped working (a reload gives a working page) instead of when the culler comes.
            Kernels are never restarted in place (voila.json: a restarted kernel has none of the page's
            widgets)."""
            from osteo_lib.apps import voila_pool

            km = self.kernel_manager
            notebook = voila_pool.pooled_notebook(km)
            pooled: set[str] = set()
            if notebook is not None:
                for task in voila_pool.pool_tasks(km, notebook):
                    if not task.done():
                        continue
                    if task.cancelled() or task.exception() is not None:
                        voila_pool.discard_from_pool(km, notebook, task)
                        continue
                    kernel_id = voila_pool.pool_kernel_id(task)
                    kernel = voila_pool.kernel_of(km, kernel_id)
                    if kernel is None or not await kernel.is_alive():
                        voila_pool.discard_from_pool(km, notebook, task)
                        await self._stop_dead(kernel_id, "A ready page lost its kernel %s; starting another")
                        self.refill_pool(notebook)
                    else:
                        pooled.add(kernel_id)
            for kernel_id in set(km.list_kernel_ids()) - pooled:
                kernel = voila_pool.kernel_of(km, kernel_id)
                if kernel is not None and kernel.ready.done() and not await kernel.is_alive():
                    await self._stop_dead(kernel_id, "A visitor's kernel %s died; stopping it")
            if self.left_page_timeout > 0 and hasattr(km, "left_pages"):
                for kernel_id in km.left_pages(self.left_page_timeout):
                    self.log.info("The page of kernel %s has gone; stopping its kernel", kernel_id)
                    with contextlib.suppress(Exception):
                        await km.shutdown_kernel(kernel_id, now=True)

        def refill_pool(self, notebook: str) -> None:
            """Start kernels until the pool is full again (the workshop room decides how full)."""
            from osteo_lib.apps import voila_pool

            voila_pool.refill(self.kernel_manager, notebook)

        async def _stop_dead(self, kernel_id: str, message: str) -> None:
            self.log.warning(message, kernel_id)
            with contextlib.suppress(Exception):
                await self.kernel_manager.shutdown_kernel(kernel_id, now=True)

        def init_handlers(self) -> list[Any]:
            handlers: list[Any] = [(url_path_join(self.server_url, HEALTH_PATH), Health)]  # before the catch-all
            for spec in super().init_handlers():
                if isinstance(spec[1], type) and issubclass(spec[1], tornado.web.StaticFileHandler):
                    spec = (spec[0], with_cache_headers(spec[1]), *spec[2:])
                elif spec[1] is TornadoVoilaHandler:
                    spec = (spec[0], PageHandler, *spec[2:])
                handlers.append(spec)
            return handlers

    return ServingVoila


def main(argv: Sequence[str] | None = None) -> None:
    """Serve like the ``voila`` command, with the same arguments (``argv``; default: the command line).

    Kernels talk to the server over Unix sockets where the system allows (as in the workshop room and
    ``make serve``): TCP ports picked for one kernel can be taken by another process's kernel before it
    binds them, and that kernel then dies with its page. ``--KernelManager.transport=tcp`` keeps TCP."""
    from osteo_lib.apps.workshop.server import kernel_transport

    args = list(sys.argv[1:] if argv is None else argv)
    if not any(a.startswith("--KernelManager.transport") for a in args):
        args.insert(0, f"--KernelManager.transport={kernel_transport()}")
    serving_voila_class().launch_instance(args)


if __name__ == "__main__":
    main()
