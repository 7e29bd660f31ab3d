// Patient dashboard: a polite live region (anywidget front end). Plain ES module, no imports.
// The region is created once and only its text changes, so screen readers announce each new
// "message" (e.g. "Now showing: What may help.") after a navigation button is pressed.

function render({ model, el }) {
  const live = document.createElement("p");
  live.className = "ow-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  el.append(live);

  function update() {
    live.textContent = model.get("message") || "";
  }

  model.on("change:message", update);
  update();
  return () => model.off("change:message", update);
}

export default { render };
