// Keeps JupyterLab's notebook shortcuts out of a widget (anywidget front end;
// osteo_lib/views/widgets/keyboard_scope.py). Plain ES module, no imports. It draws nothing: it finds
// the nearest ancestor with the class "scope" (the widget's root, e.g. the quiz's .ow-quiz box) and
// gives the attribute data-lm-suppress-shortcuts to that root AND to every element in it that can take
// the keyboard focus, now and whenever the widget draws new ones (a MutationObserver).
//
// Why every focusable element and not only the root: Lumino's CommandRegistry (JupyterLab 4.6) walks
// from the keydown's target upward and, at each element, first stops if it has the attribute, else
// tries it against each key binding's selector. The notebook's command-mode bindings (ArrowDown moves to
// the next cell, Enter edits it, ...) use ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus",
// which the focused radio button itself matches, before the walk reaches the root. So the focused
// element must carry the attribute itself. Elsewhere (Voila, a static page) the attribute changes nothing.
//
// ipywidgets draws a child before its box is on the page, so the root is looked for once per frame until
// the element is attached (at most about two seconds).

const ATTRIBUTE = "data-lm-suppress-shortcuts";
const FOCUSABLE = "input, select, textarea, button, a[href], [tabindex], [contenteditable]";
const MAX_FRAMES = 120;

function markAll(root) {
  if (!root.hasAttribute(ATTRIBUTE)) root.setAttribute(ATTRIBUTE, "true");
  for (const node of root.querySelectorAll(FOCUSABLE)) {
    if (!node.hasAttribute(ATTRIBUTE)) node.setAttribute(ATTRIBUTE, "true");
  }
}

function render({ model, el }) {
  let frames = 0;
  let stopped = false;
  let observer = null;
  const find = () => {
    if (stopped) return;
    const scope = model.get("scope");
    const root = scope ? el.closest(`.${CSS.escape(scope)}`) : null;
    if (root) {
      markAll(root);
      observer = new MutationObserver(() => markAll(root));
      observer.observe(root, { childList: true, subtree: true });
      return;
    }
    frames += 1;
    if (frames < MAX_FRAMES) requestAnimationFrame(find);
  };
  el.hidden = true;
  find();
  return () => {
    stopped = true;
    if (observer) observer.disconnect();
  };
}

export default { render };
