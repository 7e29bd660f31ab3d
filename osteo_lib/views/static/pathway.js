// Pain pathway explorer (anywidget front end). Plain ES module, no imports.
// Python builds the picture as HTML (an ordered list; every stage is a native
// <button type="button" data-stage="..." aria-pressed=...> whose text is the stage name) and sends
// it in the "markup" trait. This file only draws it and attaches handlers: a click selects a stage
// (Enter and Space on a native button are clicks, so they need no code here); Left/Right (and
// Up/Down, Home/End) move between stages and select them. The choice goes back to Python in the
// "selected" trait. A polite live region reads the "status" trait so screen readers hear what changed.

const NEXT_KEYS = ["ArrowRight", "ArrowDown"];
const PREV_KEYS = ["ArrowLeft", "ArrowUp"];

function render({ model, el }) {
  const picture = document.createElement("div");
  picture.className = "ow-pathway-picture";
  const live = document.createElement("p");
  live.className = "ow-visually-hidden";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  el.append(picture, live);

  const stageIds = () => (model.get("stages") || []).map((s) => s.id);
  const stageEl = (id) =>
    Array.from(picture.querySelectorAll("button[data-stage]")).find((b) => b.getAttribute("data-stage") === id);

  function choose(id) {
    if (!id) return;
    model.set("selected", id);
    model.save_changes();
  }

  function draw() {
    const active = document.activeElement;
    const focusedId = active && picture.contains(active) ? active.getAttribute("data-stage") : null;
    picture.innerHTML = model.get("markup") || "";
    if (focusedId) {
      const again = stageEl(focusedId);
      if (again) again.focus();
    }
  }

  function onClick(event) {
    const button = event.target.closest("button[data-stage]");
    if (button && picture.contains(button)) {
      button.focus();
      choose(button.getAttribute("data-stage"));
    }
  }

  function onKeydown(event) {
    const button = event.target.closest("button[data-stage]");
    if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
    const ids = stageIds();
    const here = ids.indexOf(button.getAttribute("data-stage"));
    let target = null;
    if (NEXT_KEYS.includes(event.key)) {
      target = ids[Math.min(here + 1, ids.length - 1)];
    } else if (PREV_KEYS.includes(event.key)) {
      target = ids[Math.max(here - 1, 0)];
    } else if (event.key === "Home") {
      target = ids[0];
    } else if (event.key === "End") {
      target = ids[ids.length - 1];
    } else {
      return; // Enter and Space: the button's own click
    }
    event.preventDefault();
    const next = stageEl(target);
    if (next) next.focus();
    choose(target);
  }

  function announce() {
    live.textContent = model.get("status") || "";
  }

  picture.addEventListener("click", onClick);
  picture.addEventListener("keydown", onKeydown);
  model.on("change:markup", draw);
  model.on("change:status", announce);
  draw();

  return () => {
    picture.removeEventListener("click", onClick);
    picture.removeEventListener("keydown", onKeydown);
    model.off("change:markup", draw);
    model.off("change:status", announce);
  };
}

export default { render };
