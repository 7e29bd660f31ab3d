// Pain pathway explorer (anywidget front end). Plain ES module, no imports.
// Python builds the SVG (every stage is a <g role="button" tabindex="0" data-stage="..."
// aria-pressed=...>) and sends it in the "svg" trait. This file only draws it and attaches
// handlers: click, Enter or Space selects a stage; Left/Right (and Up/Down, Home/End) move
// between stages and select them. The choice goes back to Python in the "selected" trait.
// A polite live region reads the "status" trait so screen readers hear what changed.

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
    Array.from(picture.querySelectorAll("[data-stage]")).find((g) => g.getAttribute("data-stage") === id);

  function choose(id) {
    if (!id) return;
    model.set("selected", id);
    model.save_changes();
  }

  function draw() {
    const active = document.activeElement;
    const focusedId = active && picture.contains(active) ? active.getAttribute("data-stage") : null;
    picture.innerHTML = model.get("svg") || "";
    if (focusedId) {
      const again = stageEl(focusedId);
      if (again) again.focus();
    }
  }

  function onClick(event) {
    const g = event.target.closest("[data-stage]");
    if (g) {
      g.focus();
      choose(g.getAttribute("data-stage"));
    }
  }

  function onKeydown(event) {
    const g = event.target.closest("[data-stage]");
    if (!g) return;
    const ids = stageIds();
    const here = ids.indexOf(g.getAttribute("data-stage"));
    let target = null;
    if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
      target = ids[here];
    } else if (NEXT_KEYS.includes(event.key)) {
      target = ids[Math.min(here + 1, ids.length - 1)];
    } else if (PREV_KEYS.includes(event.key)) {
      target = ids[Math.max(here - 1, 0)];
    } else if (event.key === "Home") {
      target = ids[0];
    } else if (event.key === "End") {
      target = ids[ids.length - 1];
    } else {
      return;
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
  model.on("change:svg", draw);
  model.on("change:status", announce);
  draw();

  return () => {
    picture.removeEventListener("click", onClick);
    picture.removeEventListener("keydown", onKeydown);
    model.off("change:svg", draw);
    model.off("change:status", announce);
  };
}

export default { render };
