"""The one place that touches Voilà's kernel-pool internals (what ``osteo_lib.apps.workshop`` needs of them).
Its messages are in ``data/ui/voila_pool.yaml``.

Voilà's preheating kernel manager (the ``VoilaKernelManager`` class that
``voila.voila_kernel_manager.voila_kernel_manager_factory(..., preheat_kernel=True, ...)`` builds on top
of jupyter_server's ``AsyncMappingKernelManager``) has no public API for reading or resizing its pool of
pre-rendered pages. The room server needs exactly that, so it uses the private parts listed here and
nowhere else. Every function names the internal it touches; all were checked against
:data:`VOILA_CHECKED` (with jupyter_client 8.10 for ``_kernels``). ``tests/test_voila_pool.py`` imports
the real classes and fails with "Voilà changed: update osteo_lib/apps/voila_pool.py" when an upgrade moves any
of them; :func:`check_compatible` is the list it checks.

No server imports here: the functions take the kernel manager the running Voilà app already has.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "ASYNC_METHODS",
    "CLASS_METHODS",
    "CLASS_TRAITS",
    "INSTANCE_ATTRS",
    "INSTANCE_DICTS",
    "RETURN_SHAPES",
    "UPDATE_HINT",
    "VOILA_CHECKED",
    "check_compatible",
    "check_instance",
    "discard_from_pool",
    "drop_pool",
    "kernel_of",
    "pool_kernel_id",
    "pool_size",
    "pool_tasks",
    "pooled_notebook",
    "ready_pages",
    "refill",
    "rendered_kernel_id",
    "set_pool_size",
]

#: The Voilà version whose internals this module was written and tested against.
VOILA_CHECKED = "0.5.13"


def _text() -> UiTexts:
    """The messages of this module (``data/ui/voila_pool.yaml``)."""
    return ui_texts("voila_pool")


#: The end of every problem message: what to do when an upgrade moved an internal.
UPDATE_HINT = _text()["update_hint"]


def pooled_notebook(km: Any) -> str | None:
    """The notebook whose pages ``km`` preheats, or None when preheating is off (or Voilà serves a folder).

    Touches ``VoilaKernelManager.notebook_path`` (set in ``__init__``, relative to ``root_dir``) and the
    presence of ``VoilaKernelManager.fill_if_needed`` (absent from the non-preheating
    ``NormalKernelManager``). Checked against Voilà 0.5.13."""
    notebook = getattr(km, "notebook_path", None)
    if notebook is None or not hasattr(km, "fill_if_needed"):
        return None
    return str(notebook)


def pool_tasks(km: Any, notebook: str) -> list[asyncio.Task[Any]]:
    """A copy of the pool for ``notebook``: one task per preheated page, oldest (next handed out) first.

    Touches ``VoilaKernelManager._pools`` (dict: notebook name -> list of ``asyncio.Task``; each task
    starts a kernel and resolves to ``{"task": <rendering task>, "renderer": ..., "kernel_id": str}``).
    Empty when preheating is off. Checked against Voilà 0.5.13."""
    return list(getattr(km, "_pools", {}).get(notebook, []))


def discard_from_pool(km: Any, notebook: str, task: asyncio.Task[Any]) -> None:
    """Take ``task`` out of the pool for ``notebook`` so it is never handed to a visitor (no-op if gone).

    Touches ``VoilaKernelManager._pools`` (the list for ``notebook``, which Voilà pops from the front in
    ``get_rendered_notebook``). Checked against Voilà 0.5.13."""
    pool = getattr(km, "_pools", {}).get(notebook, [])
    if task in pool:
        pool.remove(task)


def drop_pool(km: Any, notebook: str) -> int:
    """Take every page out of the pool for ``notebook`` (before their kernels are stopped) and keep their
    rendering from reporting the stopped kernel as an error nobody read ("Task exception was never
    retrieved": a page still rendering fails once its kernel is gone). Returns how many were taken.

    Touches ``VoilaKernelManager._pools`` and the result shape of ``VoilaKernelManager._initialize``
    (``{"task": <rendering task>, ...}``). Checked against Voilà 0.5.13."""
    tasks = pool_tasks(km, notebook)
    for task in tasks:
        discard_from_pool(km, notebook, task)
        task.add_done_callback(_quiet_rendering)
    return len(tasks)


def _quiet_rendering(task: asyncio.Task[Any]) -> None:
    if task.cancelled() or task.exception() is not None:
        return
    render = task.result().get("task")
    if isinstance(render, asyncio.Future):
        render.add_done_callback(lambda done: None if done.cancelled() else done.exception())


def pool_size(km: Any, notebook: str) -> int:
    """How many pages are in the pool for ``notebook`` (started or ready), 0 when preheating is off.

    Touches ``VoilaKernelManager._pools`` (the length of the list for ``notebook``). Checked against
    Voilà 0.5.13."""
    return len(getattr(km, "_pools", {}).get(notebook, []))


def pool_kernel_id(task: asyncio.Task[Any]) -> str:
    """The kernel id of a finished pool task (see :func:`pool_tasks`; the task must be done without error).

    Touches the result shape of ``VoilaKernelManager._initialize`` (``{"kernel_id": ...}``). Checked
    against Voilà 0.5.13."""
    kernel_id: str = task.result()["kernel_id"]
    return kernel_id


def ready_pages(km: Any, notebook: str) -> int:
    """How many preheated pages are fully rendered and waiting (0 when preheating is off).

    A pool entry is a task that starts a kernel and returns ``{"task": <rendering task>, ...}``; the page
    is ready when that rendering task is done too. Touches ``VoilaKernelManager._pools`` and the result
    shape of ``VoilaKernelManager._initialize``. Checked against Voilà 0.5.13."""
    ready = 0
    for task in pool_tasks(km, notebook):
        if task.done() and not task.cancelled() and task.exception() is None:
            render = task.result().get("task")
            ready += int(render is None or render.done())
    return ready


def kernel_of(km: Any, kernel_id: str) -> Any | None:
    """The running kernel's ``KernelManager`` (with ``is_alive()`` and ``ready``), or None if not running.

    Touches ``MultiKernelManager._kernels`` (jupyter_client 8.10; dict: kernel id -> kernel manager),
    which Voilà's kernel manager inherits; used instead of ``get_kernel`` because jupyter_server's
    ``get_kernel`` raises an HTTP 404 error for an unknown id. Checked against Voilà 0.5.13."""
    return getattr(km, "_kernels", {}).get(kernel_id)


def set_pool_size(km: Any, size: int) -> None:
    """Set the pool size Voilà's preheating kernel manager fills up to (read on every fill); no-op when
    preheating is off.

    Touches ``VoilaKernelManager.kernel_pools_config`` (traitlet dict: ``{"default": {"pool_size": n,
    ...}, <notebook>: {...}}``; only the ``"default"`` entry is changed). Checked against Voilà 0.5.13."""
    if not hasattr(km, "kernel_pools_config"):
        return
    config = dict(km.kernel_pools_config)
    config["default"] = {**config.get("default", {}), "pool_size": size}
    km.kernel_pools_config = config


def refill(km: Any, notebook: str) -> None:
    """Start kernels right away until the pool for ``notebook`` reaches its configured size.

    Touches ``VoilaKernelManager.fill_if_needed(delay=..., notebook_name=...)``. Checked against
    Voilà 0.5.13."""
    km.fill_if_needed(delay=0, notebook_name=notebook)


def rendered_kernel_id(result: Any) -> str:
    """The kernel id in what ``VoilaKernelManager.get_rendered_notebook`` returns.

    Touches the result shape of ``get_rendered_notebook``: ``(render_task, rendered_cache, kernel_id)``
    (Voilà's page handler calls that method on the kernel manager, so the room server wraps it to see
    which kernel each visitor gets). Checked against Voilà 0.5.13."""
    kernel_id: str = result[2]
    return kernel_id


# What this module relies on, per attribute: (kind, detail). Instance attributes (set in __init__) are
# checked on an instance by tests/test_voila_pool.py; the rest here, on the class.
CLASS_METHODS = {
    "fill_if_needed": ("delay", "notebook_name"),
    "get_rendered_notebook": ("notebook_name",),
    "_initialize": ("notebook_path", "kernel_id"),
}
ASYNC_METHODS = {"get_rendered_notebook", "_initialize"}
CLASS_TRAITS = ("kernel_pools_config",)
INSTANCE_DICTS = ("_pools", "_kernels")
INSTANCE_ATTRS = ("notebook_path",)
#: The return statements the code relies on, as patterns over the methods' source (any spacing).
RETURN_SHAPES = {
    "get_rendered_notebook": r"return\s+render_task,\s*renderer\.rendered_cache,\s*kernel_id\b",
    "_initialize": r"[\"']task[\"']\s*:\s*task\b",
}


def check_compatible(km_class: type) -> list[str]:
    """Problems (empty when none) with the preheating kernel manager class ``km_class`` for this module:
    each names the Voilà internal that moved and ends with :data:`UPDATE_HINT`.

    Checks on the class: ``fill_if_needed``, ``get_rendered_notebook`` and ``_initialize`` with the
    parameters used here (the last two coroutines), the ``kernel_pools_config`` traitlet, and that
    ``get_rendered_notebook``'s source still returns ``kernel_id`` third and ``_initialize``'s still
    returns the ``"task"``/``"kernel_id"`` dict. Instance attributes (``_pools``, ``_kernels``,
    ``notebook_path``) need an instance: see :func:`check_instance`. Checked against Voilà 0.5.13."""
    text = _text()
    cls = km_class.__name__
    problems = []
    for name, params in CLASS_METHODS.items():
        method = getattr(km_class, name, None)
        if not callable(method):
            problems.append(text.format("method_gone", cls=cls, name=name))
            continue
        found = inspect.signature(method).parameters
        missing = [p for p in params if p not in found]
        if missing:
            problems.append(text.format("lost_parameters", cls=cls, name=name, params=", ".join(missing)))
        if name in ASYNC_METHODS and not inspect.iscoroutinefunction(method):
            problems.append(text.format("not_coroutine", cls=cls, name=name))
    traits = km_class.class_traits() if hasattr(km_class, "class_traits") else {}
    for name in CLASS_TRAITS:
        if name not in traits:
            problems.append(text.format("not_traitlet", cls=cls, name=name))
    for name, pattern in RETURN_SHAPES.items():
        method = getattr(km_class, name, None)
        if callable(method) and not re.search(pattern, _source(method)):
            problems.append(text.format("other_shape", cls=cls, name=name, needle=pattern))
    return [text.format("problem", problem=problem, hint=text["update_hint"]) for problem in problems]


def check_instance(km: Any) -> list[str]:
    """Problems (empty when none) with a live preheating kernel manager: ``_pools`` and ``_kernels``
    must be dicts and ``notebook_path`` must exist. Checked against Voilà 0.5.13."""
    text = _text()
    cls = type(km).__name__
    problems = []
    for name in INSTANCE_DICTS:
        if not isinstance(getattr(km, name, None), dict):
            problems.append(text.format("not_dict", cls=cls, name=name))
    for name in INSTANCE_ATTRS:
        if not hasattr(km, name):
            problems.append(text.format("attribute_gone", cls=cls, name=name))
    return [text.format("problem", problem=problem, hint=text["update_hint"]) for problem in problems]


def _source(func: Any) -> str:
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""
