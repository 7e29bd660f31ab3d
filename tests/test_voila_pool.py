"""osteo_lib/apps/voila_pool.py against the real Voilà: the private kernel-pool parts the room server
(the osteo_lib/apps/workshop/ package) relies on still exist with the shape it expects, and the adapter's functions
work on the real preheating kernel manager. A failure here after a Voilà upgrade means: read the new
voila/voila_kernel_manager.py and update osteo_lib/apps/voila_pool.py (nothing else touches these internals)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.apps import voila_pool as vp

voila_kernel_manager = pytest.importorskip("voila.voila_kernel_manager")
from voila.app import Voila  # noqa: E402
from voila.configuration import VoilaConfiguration  # noqa: E402

NOTEBOOK = "dashboard.ipynb"


def _pooled_class() -> type:
    """The kernel manager class Voilà builds with preheat_kernel on (as voila.app.Voila.init_settings does)."""
    base = VoilaConfiguration().multi_kernel_manager_class
    return voila_kernel_manager.voila_kernel_manager_factory(base, True, 1)


def _normal_class() -> type:
    base = VoilaConfiguration().multi_kernel_manager_class
    return voila_kernel_manager.voila_kernel_manager_factory(base, False, 0)


@pytest.fixture()
def km(tmp_path: Path) -> Iterator[Any]:
    """A real preheating kernel manager; its Voila parent is not initialized, so nothing preheats by
    itself (no notebook given, an empty root folder)."""
    return _pooled_class()(parent=Voila(root_dir=str(tmp_path)))


def _run(coro: Coroutine[Any, Any, None]) -> None:
    """Run ``coro`` on a fresh event loop in its own thread: another test file in the same pytest worker
    (Playwright's sync API) may have left an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coro).result(timeout=120)


def _fail(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


# --- the internals are still there ------------------------------------------------------------------


def test_the_preheating_class_has_every_internal_the_adapter_uses() -> None:
    _fail(vp.check_compatible(_pooled_class()))


def test_a_preheating_instance_has_the_pool_and_kernel_dicts(km: Any) -> None:
    _fail(vp.check_instance(km))


@pytest.mark.parametrize("name", sorted(vp.CLASS_METHODS))
def test_each_method_keeps_the_parameters_used(name: str) -> None:
    cls = _pooled_class()
    method = getattr(cls, name, None)
    assert callable(method), f"VoilaKernelManager.{name} is gone. {vp.UPDATE_HINT}"
    params = inspect.signature(method).parameters
    for param in vp.CLASS_METHODS[name]:
        assert param in params, f"VoilaKernelManager.{name} has no parameter {param!r}. {vp.UPDATE_HINT}"


def test_get_rendered_notebook_pops_from_the_pool_and_returns_the_kernel_id_third() -> None:
    source = inspect.getsource(_pooled_class().get_rendered_notebook)
    assert "self._pools[notebook_name].pop(0)" in source, (
        f"VoilaKernelManager.get_rendered_notebook no longer takes pages from _pools. {vp.UPDATE_HINT}"
    )
    assert "return render_task, renderer.rendered_cache, kernel_id" in source, (
        f"VoilaKernelManager.get_rendered_notebook returns another shape. {vp.UPDATE_HINT}"
    )


def test_fill_if_needed_reads_the_pool_size_from_kernel_pools_config_default() -> None:
    source = inspect.getsource(_pooled_class().fill_if_needed)
    assert 'self.kernel_pools_config.get("default"' in source and '"pool_size"' in source, (
        f"VoilaKernelManager.fill_if_needed no longer reads kernel_pools_config['default']['pool_size']. "
        f"{vp.UPDATE_HINT}"
    )


def test_a_pool_entry_resolves_to_the_rendering_task_and_kernel_id() -> None:
    source = inspect.getsource(_pooled_class()._initialize)
    for key in ('"task": task', '"kernel_id": kernel_id'):
        assert key in source, f"VoilaKernelManager._initialize no longer returns {{{key}}}. {vp.UPDATE_HINT}"


def test_check_compatible_names_what_is_missing() -> None:
    problems = vp.check_compatible(_normal_class())
    assert any("fill_if_needed is gone" in p for p in problems)
    assert any("kernel_pools_config is no longer a traitlet" in p for p in problems)
    assert all(p.endswith(vp.UPDATE_HINT) for p in problems)


# --- the adapter on the real class ------------------------------------------------------------------


def test_pooled_notebook_is_the_served_notebook_and_none_without_preheating(km: Any, tmp_path: Path) -> None:
    assert vp.pooled_notebook(km) is None  # a folder, not one notebook
    km.notebook_path = NOTEBOOK
    assert vp.pooled_notebook(km) == NOTEBOOK
    normal = _normal_class()(parent=Voila(root_dir=str(tmp_path)))
    normal.notebook_path = NOTEBOOK
    assert vp.pooled_notebook(normal) is None


def test_set_pool_size_changes_only_the_default_pool_size(km: Any) -> None:
    before = km.kernel_pools_config["default"]
    vp.set_pool_size(km, 7)
    after = km.kernel_pools_config["default"]
    assert after["pool_size"] == 7
    assert {k: v for k, v in after.items() if k != "pool_size"} == {k: v for k, v in before.items() if k != "pool_size"}


def test_set_pool_size_is_a_no_op_without_preheating(tmp_path: Path) -> None:
    normal = _normal_class()(parent=Voila(root_dir=str(tmp_path)))
    vp.set_pool_size(normal, 3)
    assert not hasattr(normal, "kernel_pools_config")
    assert vp.pool_size(normal, NOTEBOOK) == 0 and vp.ready_pages(normal, NOTEBOOK) == 0


def test_refill_fills_the_pool_to_the_size_set_and_failed_pages_can_be_discarded(km: Any) -> None:
    async def scenario() -> None:
        vp.set_pool_size(km, 2)
        vp.refill(km, NOTEBOOK)
        assert vp.pool_size(km, NOTEBOOK) == 2
        tasks = vp.pool_tasks(km, NOTEBOOK)
        # The Voila parent is not initialized, so rendering fails before any kernel starts.
        await asyncio.gather(*tasks, return_exceptions=True)
        assert all(t.done() and t.exception() is not None for t in tasks)
        assert vp.ready_pages(km, NOTEBOOK) == 0
        for task in tasks:
            vp.discard_from_pool(km, NOTEBOOK, task)
            vp.discard_from_pool(km, NOTEBOOK, task)  # twice: no error
        assert vp.pool_size(km, NOTEBOOK) == 0
        vp.set_pool_size(km, 1)
        vp.refill(km, NOTEBOOK)
        assert vp.pool_size(km, NOTEBOOK) == 1
        await asyncio.gather(*vp.pool_tasks(km, NOTEBOOK), return_exceptions=True)

    _run(scenario())


def test_ready_pages_counts_entries_whose_rendering_is_done(km: Any) -> None:
    async def page(kernel_id: str, render: asyncio.Future[None]) -> dict[str, Any]:
        return {"task": render, "renderer": None, "kernel_id": kernel_id}

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        rendered, rendering = loop.create_future(), loop.create_future()
        rendered.set_result(None)
        entries = [loop.create_task(page("k1", rendered)), loop.create_task(page("k2", rendering))]
        km._pools[NOTEBOOK] = entries  # what fill_if_needed puts there, without starting kernels
        await asyncio.gather(*entries)
        assert vp.pool_size(km, NOTEBOOK) == 2
        assert vp.ready_pages(km, NOTEBOOK) == 1
        assert [vp.pool_kernel_id(t) for t in vp.pool_tasks(km, NOTEBOOK)] == ["k1", "k2"]
        rendering.set_result(None)
        assert vp.ready_pages(km, NOTEBOOK) == 2

    _run(scenario())


def test_drop_pool_empties_the_pool_and_a_failed_rendering_reports_nothing(km: Any) -> None:
    """The room's "End the session": pages still rendering fail once their kernel is stopped; nobody reads
    that failure, so asyncio would log "Task exception was never retrieved" (a traceback in the terminal)."""
    unread: list[dict[str, Any]] = []

    async def page(kernel_id: str, render: asyncio.Future[None]) -> dict[str, Any]:
        return {"task": render, "renderer": None, "kernel_id": kernel_id}

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: unread.append(context))
        rendering, starting = loop.create_future(), loop.create_future()
        started = loop.create_task(page("k1", rendering))
        await started
        km._pools[NOTEBOOK] = [started, loop.create_task(page("k2", starting))]
        assert vp.drop_pool(km, NOTEBOOK) == 2
        assert vp.pool_size(km, NOTEBOOK) == 0
        rendering.set_exception(RuntimeError("Kernel died before replying to kernel_info"))
        starting.set_exception(RuntimeError("Kernel died before replying to kernel_info"))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        del rendering, starting, started
        import gc

        gc.collect()  # (an unread exception is reported when its future is collected)

    _run(scenario())
    assert unread == []


def test_pool_tasks_is_a_copy(km: Any) -> None:
    km._pools[NOTEBOOK] = []
    vp.pool_tasks(km, NOTEBOOK).append("not in the pool")
    assert vp.pool_size(km, NOTEBOOK) == 0


def test_kernel_of_finds_a_running_kernel_and_none_for_an_unknown_id(km: Any) -> None:
    async def scenario() -> None:
        assert vp.kernel_of(km, "no-such-kernel") is None
        kernel_id = await km.start_kernel()
        try:
            kernel = vp.kernel_of(km, kernel_id)
            assert kernel is not None, f"kernel_of no longer finds running kernels in _kernels. {vp.UPDATE_HINT}"
            await kernel.ready
            assert await kernel.is_alive()
        finally:
            await km.shutdown_all()
        assert vp.kernel_of(km, kernel_id) is None

    _run(scenario())


def test_rendered_kernel_id_is_the_third_item() -> None:
    assert vp.rendered_kernel_id(("render task", ["cells"], "k-1")) == "k-1"


def test_workshop_touches_voila_internals_only_through_the_adapter() -> None:
    modules = sorted((Path(vp.__file__).parent / "workshop").glob("*.py"))
    assert {m.name for m in modules} >= {"__init__.py", "__main__.py", "room.py", "seats.py", "server.py", "cli.py"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for internal in (
            "km._pools",
            "._pools",
            "km._kernels",
            "kernel_pools_config",
            "fill_if_needed",
            "result[2]",
            "_initialize",
        ):
            assert internal not in source, (
                f"osteo_lib/apps/workshop/{module.name} uses {internal}: go through osteo_lib/apps/voila_pool.py"
            )
