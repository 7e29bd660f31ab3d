// Drag and drop with a keyboard path (anywidget front end; osteo_lib/views/widgets/drag_drop.py).
// Plain ES module, no imports. Python holds the state and sends the HTML in the "markup" trait; this file
// draws it, reports what the learner did as a message {action, token, gap, before} and says each change
// in a polite live region ("announcement"). Keyboard: every token, gap and move control is a native
// <button>, so Enter and Space press it (its own click). Mouse: HTML5 drag and drop: a token onto a gap,
// a step onto a place in the list or its end, a placed token or step back onto the pool.

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ow-dd-box";
  const live = document.createElement("div");
  live.className = "ow-dd-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  el.append(box, live);

  const send = (message) => {
    if (!model.get("disabled")) model.send(message);
  };

  function draw() {
    const active = document.activeElement;
    const hadFocus = active && box.contains(active);
    const key = hadFocus ? active.getAttribute("data-key") : null;
    box.innerHTML = model.get("markup") || "";
    if (!hadFocus) return;
    const wanted = model.get("focus") || key;
    const target =
      box.querySelector(`[data-key="${CSS.escape(wanted)}"]:not([disabled])`) ||
      box.querySelector(`[data-key="${CSS.escape(key || "")}"]:not([disabled])`) ||
      box.querySelector("button:not([disabled])");
    if (target) target.focus();
  }

  function say() {
    live.textContent = model.get("announcement") || "";
  }

  function onClick(event) {
    const button = event.target.closest("button");
    if (!button || !box.contains(button) || button.disabled) return;
    const token = button.getAttribute("data-token");
    const gap = button.getAttribute("data-gap");
    const action = button.getAttribute("data-action");
    if (gap) send({ action: "drop", gap });
    else if (action) send({ action, token });
  }

  function onDragStart(event) {
    const item = event.target.closest("[data-token], [data-step]");
    if (!item || !box.contains(item)) return;
    const token = item.getAttribute("data-token") || item.getAttribute("data-step");
    event.dataTransfer.setData("text/plain", token);
    event.dataTransfer.effectAllowed = "move";
  }

  function target(event) {
    return event.target.closest("[data-gap], [data-step], [data-end], [data-pool]");
  }

  function onDragOver(event) {
    const where = target(event);
    if (where && box.contains(where)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    }
  }

  function onDrop(event) {
    const where = target(event);
    if (!where || !box.contains(where)) return;
    event.preventDefault();
    const token = event.dataTransfer.getData("text/plain");
    if (!token) return;
    if (where.hasAttribute("data-gap")) send({ action: "drop", gap: where.getAttribute("data-gap"), token });
    else if (where.hasAttribute("data-step")) send({ action: "add", token, before: where.getAttribute("data-step") });
    else if (where.hasAttribute("data-end")) send({ action: "add", token });
    else send({ action: "pool", token });
  }

  box.addEventListener("click", onClick);
  box.addEventListener("dragstart", onDragStart);
  box.addEventListener("dragover", onDragOver);
  box.addEventListener("drop", onDrop);
  model.on("change:markup", draw);
  model.on("change:announcement", say);
  draw();

  return () => {
    box.removeEventListener("click", onClick);
    box.removeEventListener("dragstart", onDragStart);
    box.removeEventListener("dragover", onDragOver);
    box.removeEventListener("drop", onDrop);
    model.off("change:markup", draw);
    model.off("change:announcement", say);
  };
}

export default { render };
