// A 0-10 scale as large buttons (anywidget front end; osteo_lib/views/widgets/scale_buttons.py).
// Plain ES module, no imports. Python builds the buttons as HTML (native <button type="button"
// data-value="..." aria-pressed="...">, see templates/scale/buttons.html.j2) and sends it in the
// "markup" trait; this file draws it and sends the chosen number back in the "value" trait. A click
// (or Enter / Space, a native button's own click) chooses a number; Left/Right (and Up/Down, Home/End)
// move between the numbers and choose them. The pressed state is shown at once, before the kernel
// answers with the new markup.

const NEXT_KEYS = ["ArrowRight", "ArrowDown"];
const PREV_KEYS = ["ArrowLeft", "ArrowUp"];

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ow-scale-box";
  el.append(box);

  const buttons = () => Array.from(box.querySelectorAll("button[data-value]"));

  function show(value) {
    for (const b of buttons()) {
      const on = b.getAttribute("data-value") === String(value);
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.classList.toggle("ow-scale__button--pressed", on);
    }
  }

  function choose(button) {
    const value = Number(button.getAttribute("data-value"));
    show(value);
    model.set("value", value);
    model.save_changes();
  }

  function draw() {
    const active = document.activeElement;
    const focused = active && box.contains(active) ? active.getAttribute("data-value") : null;
    box.innerHTML = model.get("markup") || "";
    if (focused !== null) {
      const again = buttons().find((b) => b.getAttribute("data-value") === focused);
      if (again) again.focus();
    }
  }

  function onClick(event) {
    const button = event.target.closest("button[data-value]");
    if (button && box.contains(button)) {
      button.focus();
      choose(button);
    }
  }

  function onKeydown(event) {
    const button = event.target.closest("button[data-value]");
    if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
    const all = buttons();
    const here = all.indexOf(button);
    let target = null;
    if (NEXT_KEYS.includes(event.key)) {
      target = all[Math.min(here + 1, all.length - 1)];
    } else if (PREV_KEYS.includes(event.key)) {
      target = all[Math.max(here - 1, 0)];
    } else if (event.key === "Home") {
      target = all[0];
    } else if (event.key === "End") {
      target = all[all.length - 1];
    } else {
      return; // Enter and Space: the button's own click
    }
    event.preventDefault();
    target.focus();
    choose(target);
  }

  box.addEventListener("click", onClick);
  box.addEventListener("keydown", onKeydown);
  model.on("change:markup", draw);
  draw();

  return () => {
    box.removeEventListener("click", onClick);
    box.removeEventListener("keydown", onKeydown);
    model.off("change:markup", draw);
  };
}

export default { render };
