// Patient dashboard: a polite live region (anywidget front end). Plain ES module, no imports.
// The region is created once and only its text changes, so screen readers announce each new
// "message" (e.g. "Now showing: What may help.") after a navigation button is pressed.
//
// It also brings the part just opened into view: each time "reveal_count" goes up, the heading and
// main message of the part "reveal" (.ow-dash-section--<id> .ow-dash-section__lead) are scrolled into
// view if any of them is off screen (on a phone the header and the buttons fill most of the screen).
// The part may be drawn a few frames after the message arrives, so it is looked for once per frame
// for up to about two seconds. No smooth scrolling: the page jumps, as it does for a link.

const MAX_FRAMES = 120;

function bringIntoView(id) {
  let frames = 0;
  const look = () => {
    const lead = document.querySelector(`.ow-dash-section--${CSS.escape(id)} .ow-dash-section__lead`);
    if (lead && lead.getClientRects().length > 0) {
      const box = lead.getBoundingClientRect();
      const height = window.innerHeight || document.documentElement.clientHeight;
      if (box.top < 0 || box.bottom > height) lead.scrollIntoView({ block: "nearest", inline: "nearest" });
      return;
    }
    frames += 1;
    if (frames < MAX_FRAMES) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

function render({ model, el }) {
  const live = document.createElement("p");
  live.className = "ow-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  el.append(live);

  function update() {
    live.textContent = model.get("message") || "";
  }
  function reveal() {
    const id = model.get("reveal");
    if (id) bringIntoView(id);
  }

  model.on("change:message", update);
  model.on("change:reveal_count", reveal);
  update();
  return () => {
    model.off("change:message", update);
    model.off("change:reveal_count", reveal);
  };
}

export default { render };
