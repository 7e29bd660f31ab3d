// A disclosure button (anywidget front end; osteo_lib/views/widgets/disclosure.py). Plain ES module,
// no imports. One native <button type="button" aria-expanded="..." aria-controls="...">: Tab reaches
// it, Enter and Space press it (a native button's own click). A press flips "expanded" at once on the
// page (so the state a screen reader hears is right before the kernel answers) and sends it back.

function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ow-disclosure__button";
  el.append(button);

  function draw() {
    button.textContent = model.get("label") || "";
    button.setAttribute("aria-expanded", model.get("expanded") ? "true" : "false");
    const controls = model.get("controls");
    if (controls) button.setAttribute("aria-controls", controls);
    else button.removeAttribute("aria-controls");
  }

  function onClick() {
    model.set("expanded", !model.get("expanded"));
    model.save_changes();
    draw();
  }

  button.addEventListener("click", onClick);
  model.on("change", draw);
  draw();
  return () => {
    button.removeEventListener("click", onClick);
    model.off("change", draw);
  };
}

export default { render };
