// Provider summary: the "Print the summary" button (anywidget front end). Plain ES module, no imports.
// Pressing it prints the summary document ("document", the self-contained HTML the kernel built), not
// the dashboard page around it: the document is put in a hidden frame (sandboxed: no scripts run in
// it; same origin, so this page can ask it to print) and the frame's print() opens the print dialog.
// The click handler does it at once, so the browser sees the person's own tap. After printing, the
// frame is removed. "data-printed" on the widget counts the print requests (tests read it).

function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ow-summary-print__button";
  el.classList.add("ow-summary-print");
  el.dataset.printed = "0";
  el.append(button);

  function draw() {
    button.textContent = model.get("label");
    const ready = Boolean(model.get("document"));
    button.disabled = !ready;
    el.hidden = !ready;
  }

  function print() {
    const html = model.get("document");
    if (!html) return;
    const old = el.querySelector("iframe");
    if (old) old.remove();
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-same-origin allow-modals");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = model.get("label");
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden";
    frame.addEventListener("load", () => {
      const win = frame.contentWindow;
      el.dataset.printedTitle = frame.contentDocument ? frame.contentDocument.title : "";
      el.dataset.printed = String(Number(el.dataset.printed) + 1);
      win.focus();
      win.print();
      win.addEventListener("afterprint", () => setTimeout(() => frame.remove(), 0));
    }, { once: true });
    frame.srcdoc = html;
    el.append(frame);
  }

  button.addEventListener("click", print);
  model.on("change:document", draw);
  model.on("change:label", draw);
  draw();
  return () => {
    button.removeEventListener("click", print);
    model.off("change:document", draw);
    model.off("change:label", draw);
  };
}

export default { render };
