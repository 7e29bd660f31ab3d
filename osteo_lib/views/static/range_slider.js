// A labelled slider (anywidget front end; osteo_lib/views/widgets/range_slider.py). Plain ES module, no
// imports. Python builds the markup (templates/scale/range.html.j2: a native <input type="range"> with its
// <label>) and sends it in the "markup" trait; this file draws it, shows the number while the thumb moves,
// and sends the value back in the "value" trait when the person lets go (the "change" event), as an
// ipywidgets slider with continuous_update=False does.

function render({ model, el }) {
  const box = document.createElement("div");
  el.append(box);
  const input = () => box.querySelector("input[type=range]");

  function draw() {
    const had = document.activeElement === input();
    box.innerHTML = model.get("markup") || "";
    if (had && input()) input().focus();
  }

  function onInput(event) {
    const out = box.querySelector("output");
    if (out && event.target === input()) out.textContent = event.target.value;
  }

  function onChange(event) {
    if (event.target !== input()) return;
    model.set("value", Number(event.target.value));
    model.save_changes();
  }

  box.addEventListener("input", onInput);
  box.addEventListener("change", onChange);
  model.on("change:markup", draw);
  draw();
  return () => {
    box.removeEventListener("input", onInput);
    box.removeEventListener("change", onChange);
    model.off("change:markup", draw);
  };
}

export default { render };
