"""Run every cell of the notebook open in JupyterLab, the way Galata (JupyterLab's own test framework) does.

JupyterLab must be started with ``--LabApp.expose_app_in_browser=True`` (``window.jupyterapp``). Wait until
the notebook's context and kernel session are ready, then await the ``notebook:run-all-cells`` command, whose
promise settles once the last cell has run. Clicking Run ▸ Run All Cells instead raced the menu and the
kernel's start: in about one run in thirty the cells never ran (seen in test_notebooks_axe and, in CI, in
test_citation_links).
"""

from __future__ import annotations

from typing import Any

#: The flag that exposes ``window.jupyterapp`` to the page.
EXPOSE_APP = "--LabApp.expose_app_in_browser=True"

#: Returns what ran: whether the command succeeded, the code cells, how many got a prompt number, the errors
#: and the kernel's status (what a failure message needs).
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const limit = new Promise(resolve => setTimeout(() => resolve('timed out after 600 s'), 600000));
  const ok = await Promise.race([app.commands.execute('notebook:run-all-cells'), limit]);
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const errors = cells.flatMap(c => c.model.outputs.toJSON().filter(o => o.output_type === 'error')
    .map(o => `${o.ename}: ${o.evalue}`));
  return {ok, code: cells.length, ran: cells.filter(c => c.model.executionCount !== null).length, errors,
          kernel: panel.sessionContext.session?.kernel?.status ?? 'none'};
}"""


def wait_for_app(page: Any) -> None:
    """Until JupyterLab shows the notebook and its session."""
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=120_000,
    )


def run_all(page: Any, name: str) -> dict[str, Any]:
    """Run every cell of the open notebook; fail naming what did not run (or the errors) if any cell did not."""
    wait_for_app(page)
    ran: dict[str, Any] = page.evaluate(RUN_ALL)
    assert ran["ok"] is True and ran["ran"] == ran["code"] and not ran["errors"], f"{name}: {ran}"
    return ran
