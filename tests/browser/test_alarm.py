"""The heat and cold helper's "time is up" alarm in a real page (osteo_lib/views/static/alarm.js): each
ring vibrates (where the device can), beeps through Web Audio, and puts the message in the browser tab
until the person comes back to the page. Served by `make dashboard` with a notebook made for the test
(an Alarm and a button that rings it), so no one waits fifteen minutes for a real session to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import expect

from tests.serving import serve

RECORDER = """
window.__vibrations = [];
navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
window.__tones = 0;
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  createOscillator() { window.__tones += 1; return super.createOscillator(); }
};
"""


def test_the_alarm_vibrates_beeps_and_names_itself_in_the_tab(tmp_path: Path, context: Any) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\n"
            "from osteo_lib.views.widgets.alarm import Alarm\n"
            "alarm = Alarm()\n"
            "button = w.Button(description='Ring it')\n"
            "button.on_click(lambda _b: alarm.ring('Time is up: take the pack off'))\n"
            "w.VBox([button, alarm])"
        )
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    path = tmp_path / "alarm.ipynb"
    nbformat.write(nb, path)
    with serve("dashboard", extra={"DASHBOARD": str(path)}) as srv:
        page = context.new_page()
        page.add_init_script(RECORDER)
        page.goto(srv.url)
        button = page.get_by_role("button", name="Ring it")
        button.wait_for(timeout=90_000)
        before = page.title()
        assert before != "Time is up: take the pack off"
        button.click()
        page.wait_for_function("() => document.title === 'Time is up: take the pack off'", timeout=60_000)
        assert page.evaluate("window.__vibrations") == [[400, 200, 400, 200, 400]]
        assert page.evaluate("window.__tones") == 3
        # Coming back to the page (a tap) puts the tab's own title back.
        page.mouse.click(5, 5)
        expect(page).to_have_title(before)
        button.click()  # it rings again for the next session
        page.wait_for_function("() => window.__vibrations.length === 2", timeout=60_000)
