// A button that loads files (anywidget front end; osteo_lib/views/widgets/file_button.py). Plain ES
// module, no imports.
//
// It draws a real <button type="button"> whose text is only "description" (ipywidgets' FileUpload
// writes "description (count)", and the count is always 0 here, because the kernel clears it), and a
// hidden <input type="file"> with "accept" and "multiple". Pressing the button (a click, or Enter or
// Space on the focused button) opens the browser's file chooser. When files are chosen, each is read
// (only its first "max_bytes" + 1 bytes when "max_bytes" is more than 0: enough for the kernel to see
// that it is too big) and all of them go to the kernel in one message,
//     {event: "files", files: [{name, type, size, last_modified, error}]}
// with one buffer per file, in the same order ("error" is "unreadable", and the buffer empty, for a file
// the browser could not read). Then the input is emptied, so choosing the same file again is noticed.
// "disabled" turns the button off; "button_style" ("primary", "warning", ...) picks ipywidgets' colours.

function readFile(file, limit) {
  const part = limit > 0 ? file.slice(0, limit + 1) : file;
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ buffer: reader.result, error: "" });
    reader.onerror = () => resolve({ buffer: new ArrayBuffer(0), error: "unreadable" });
    reader.readAsArrayBuffer(part);
  });
}

function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  const input = document.createElement("input");
  input.type = "file";
  input.hidden = true; // the button is the control; the input only opens the chooser
  input.tabIndex = -1;
  input.setAttribute("aria-hidden", "true");
  el.append(button, input);

  function draw() {
    const style = model.get("button_style");
    button.className = "jupyter-button ow-file-button__button" + (style ? " mod-" + style : "");
    button.textContent = model.get("description");
    button.disabled = Boolean(model.get("disabled"));
    input.disabled = button.disabled;
    input.accept = model.get("accept");
    input.multiple = Boolean(model.get("multiple"));
  }

  function choose() {
    if (button.disabled) return;
    input.value = "";
    input.click();
  }

  async function send() {
    const files = Array.from(input.files || []);
    if (!files.length) return;
    const limit = Number(model.get("max_bytes")) || 0;
    try {
      const read = await Promise.all(files.map((file) => readFile(file, limit)));
      const listed = files.map((file, i) => ({
        name: file.name,
        type: file.type,
        size: file.size,
        last_modified: file.lastModified,
        error: read[i].error,
      }));
      model.send({ event: "files", files: listed }, undefined, read.map((r) => r.buffer));
    } finally {
      input.value = ""; // so that choosing the same file again is noticed
    }
  }

  // The kernel has handled a choice (every change it made is in by now: messages arrive in order): bring
  // the button, and the message under it, back into view once the page has been laid out again.
  function handled(msg) {
    if (!msg || msg.event !== "handled") return;
    requestAnimationFrame(() => requestAnimationFrame(() => el.scrollIntoView({ block: "start" })));
  }

  const names = ["description", "disabled", "accept", "multiple", "button_style"];
  model.on("msg:custom", handled);
  button.addEventListener("click", choose);
  input.addEventListener("change", send);
  for (const name of names) model.on("change:" + name, draw);
  draw();

  return () => {
    button.removeEventListener("click", choose);
    input.removeEventListener("change", send);
    model.off("msg:custom", handled);
    for (const name of names) model.off("change:" + name, draw);
  };
}

export default { render };
