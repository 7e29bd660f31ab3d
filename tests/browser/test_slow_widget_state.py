"""The dashboard when the kernel's answer with every widget's state comes late (a phone on a slow network,
a busy room server).

When the page connects, its widget manager asks the kernel for the state of every widget at once and
waits 4 s (ipywidgets 8's ``CONTROL_COMM_TIMEOUT``); after that it asks for each widget's state on its own.
Here the page itself holds the kernel's answer back for HOLD_S seconds, longer than those 4 s whatever the
speed of the machine, so the page takes the slow way: it must still replace the first screen by the live
widgets, with no "model not found" error, and the widgets must answer a click.
"""

from __future__ import annotations

from typing import Any

import pytest

from osteo_lib.content.dashboard import load_dashboard
from tests.browser.conftest import artifact

pytest.importorskip("playwright")
from playwright.sync_api import expect

HOLD_S = 7
LOAD_TIMEOUT = 120_000
SECTIONS = [(s.id, s.name) for s in load_dashboard().sections]

# Wraps the page's WebSocket so that the kernel's "update_states" message (the answer to the widget
# manager's "request_states") reaches the page HOLD_S seconds after it arrived; every other message
# passes at once. window.__heldStates counts the held messages, so the test knows the hold happened.
HOLD_STATES = """
(() => {
  const Native = window.WebSocket;
  const holdMs = HOLD_MS;
  window.__heldStates = 0;
  const decoder = new TextDecoder();
  class HeldWebSocket extends Native {
    set onmessage(handler) {
      super.onmessage = (event) => {
        const data = event.data;
        const text = typeof data === 'string' ? data : (data instanceof ArrayBuffer ? decoder.decode(data) : '');
        if (text.includes('update_states')) {
          window.__heldStates += 1;
          setTimeout(() => handler.call(this, event), holdMs);
        } else {
          handler.call(this, event);
        }
      };
    }
    get onmessage() { return super.onmessage; }
  }
  window.WebSocket = HeldWebSocket;
})();
""".replace("HOLD_MS", str(HOLD_S * 1000))


def test_the_page_draws_its_widgets_when_their_state_comes_late(context: Any, dashboard_server: Any) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.add_init_script(HOLD_STATES)
    page.goto(dashboard_server.url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT)
    nav = page.locator(".ow-dash-nav")
    first_name, second = SECTIONS[0][1], SECTIONS[1]
    try:
        expect(nav.get_by_role("button", name=first_name, exact=True)).to_be_visible(timeout=LOAD_TIMEOUT)
    finally:
        page.screenshot(path=str(artifact("slow-widget-state.png")))
    assert page.evaluate("() => window.__heldStates") >= 1, "the kernel's answer was never held back"
    # The widgets are live: a click reaches the kernel and the part it builds is shown.
    nav.get_by_role("button", name=second[1], exact=True).click()
    expect(page.locator(f".ow-dash-section--{second[0]}")).to_be_visible(timeout=LOAD_TIMEOUT)
    assert page.get_by_text("model not found").count() == 0
    assert not [line for line in console if "widget model not found" in line], console
    page.close()
