// The NGN matrix grid and bowtie (anywidget front end; osteo_lib/views/widgets/ngn_layout.py).
// Plain ES module, no imports. Python holds the state and sends the HTML in the "markup" trait; this file
// draws it and reports each change of a radio button or checkbox as a message
// {action: "set", part, choice, on, seq}. The controls are native inputs, so Tab, Space and the arrow keys
// (inside a radio group) work as everywhere; a redraw updates them in place (patch), else the focus goes
// back to the control that had it (data-key). A refused tick (a bowtie part is full) is said in a polite live region ("announcement").

// Numbers the changes this page sends (all views of the page count on it); the kernel answers with the
// number of the latest change it handled ("answered").
let sent = 0;

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ow-ngn-box";
  const live = document.createElement("div");
  live.className = "ow-ngn-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  el.append(box, live);

  // A redraw that keeps the same controls (the usual case: a tick changed) updates them in place, so the
  // focus and a screen reader's place stay where they are; only the parts marked data-redraw (the bowtie's
  // slots) are replaced. Anything else (a first draw) replaces the whole box.
  function patch(html) {
    const fresh = document.createElement("div");
    fresh.innerHTML = html;
    const inputs = [...fresh.querySelectorAll("input[data-key]")];
    const old = [...box.querySelectorAll("input[data-key]")];
    const same = old.length > 0 && inputs.length === old.length &&
      inputs.every((input, i) => input.getAttribute("data-key") === old[i].getAttribute("data-key"));
    if (!same) return false;
    inputs.forEach((input, i) => {
      old[i].checked = input.hasAttribute("checked");
      old[i].disabled = input.hasAttribute("disabled");
    });
    const parts = [...fresh.querySelectorAll("[data-redraw]")];
    const here = [...box.querySelectorAll("[data-redraw]")];
    if (parts.length !== here.length) return false;
    parts.forEach((part, i) => here[i].replaceWith(part));
    const root = fresh.firstElementChild;
    if (root && box.firstElementChild) box.firstElementChild.className = root.className;
    return true;
  }

  function draw() {
    // A change sent since is still on its way: this markup is older than what the page shows. Drawing it would
    // undo a quick second key press; the answer to the last change brings the markup to draw.
    if ((model.get("answered") || 0) < sent) return;
    const html = model.get("markup") || "";
    if (patch(html)) return;
    const active = document.activeElement;
    const key = active && box.contains(active) ? active.getAttribute("data-key") : null;
    box.innerHTML = html;
    if (!key) return;
    const target = box.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (target) target.focus();
  }

  function say() {
    live.textContent = model.get("announcement") || "";
  }

  function onChange(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !box.contains(input) || model.get("disabled")) return;
    const part = input.getAttribute("data-part");
    const choice = input.getAttribute("data-choice");
    if (part && choice) {
      sent += 1;
      model.send({ action: "set", part, choice, on: input.checked, seq: sent });
    }
  }

  box.addEventListener("change", onChange);
  model.on("change:markup change:revision change:answered", draw);
  model.on("change:announcement", say);
  draw();
  say();

  return () => {
    box.removeEventListener("change", onChange);
    model.off("change:markup change:revision change:answered", draw);
    model.off("change:announcement", say);
  };
}

export default { render };
