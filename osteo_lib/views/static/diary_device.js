// The pain diary kept in this web browser (anywidget front end). Plain ES module, no imports.
//
// It draws nothing. On load it reads this device's choice ("keep my diary on this device", under
// the "settings_key") and the stored diary (under "key") from localStorage, and sends both to the
// kernel in one message (traits keep, stored, storage_error, loaded). From then on the kernel sends
// the diary as text ("payload"), and this file writes it to localStorage while "keep" is on and the
// kernel says writing is safe ("writable" is false while the device holds a diary the kernel could
// not read: that text is never overwritten, only removed by "forget"). Turning "keep" off removes a
// readable stored diary. Each change of "forgotten" removes the stored diary. A failed write (storage
// full, or storage blocked) is reported in "storage_error"; what was stored before stays as it was.
// "focus_count" asks to move the keyboard focus to the element with the class "focus_class".

function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null; // a browser that blocks storage for this page
  }
}

function isQuotaError(error) {
  return (
    error instanceof DOMException &&
    (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22)
  );
}

function readDevice(model) {
  const store = storage();
  const found = { keep: model.get("default_keep"), stored: null, storage_error: "" };
  if (store === null) return { ...found, keep: false, storage_error: "unavailable" };
  try {
    const setting = JSON.parse(store.getItem(model.get("settings_key")) || "null");
    if (setting && typeof setting.keep === "boolean") found.keep = setting.keep;
  } catch (error) {
    // an unreadable setting: the page's default stands
  }
  try {
    found.stored = store.getItem(model.get("key"));
  } catch (error) {
    return { ...found, keep: false, storage_error: "unavailable" };
  }
  return found;
}

function report(model, problem) {
  if (model.get("storage_error") !== problem) {
    model.set("storage_error", problem);
    model.save_changes();
  }
}

function write(model) {
  if (!model.get("loaded")) return;
  const store = storage();
  if (store === null) return report(model, "unavailable");
  const key = model.get("key");
  const keep = model.get("keep");
  try {
    store.setItem(model.get("settings_key"), JSON.stringify({ keep }));
    if (model.get("writable")) {
      const payload = model.get("payload");
      if (!keep) store.removeItem(key);
      else if (payload) store.setItem(key, payload);
    }
    report(model, "");
  } catch (error) {
    report(model, isQuotaError(error) ? "full" : "unavailable");
  }
}

function forget(model) {
  const store = storage();
  if (store === null) return;
  try {
    store.removeItem(model.get("key"));
    store.setItem(model.get("settings_key"), JSON.stringify({ keep: false }));
  } catch (error) {
    report(model, "unavailable");
  }
}

function moveFocus(model) {
  const cls = model.get("focus_class");
  let tries = 0;
  function attempt() {
    const target = cls ? document.querySelector("." + CSS.escape(cls)) : null;
    if (target && target.getClientRects().length > 0) {
      if (!target.hasAttribute("tabindex") && !target.matches("button, a, input, select, textarea")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    } else if (tries++ < 120) {
      requestAnimationFrame(attempt); // the element is drawn by another widget's view, maybe a frame later
    }
  }
  attempt();
}

function initialize({ model }) {
  if (!model.get("loaded")) {
    const found = readDevice(model);
    model.set({ ...found, loaded: true });
    model.save_changes();
  }
  const onWrite = () => write(model);
  const onForget = () => forget(model);
  const onFocus = () => moveFocus(model);
  model.on("change:payload", onWrite);
  model.on("change:keep", onWrite);
  model.on("change:writable", onWrite);
  model.on("change:forgotten", onForget);
  model.on("change:focus_count", onFocus);
  return () => {
    model.off("change:payload", onWrite);
    model.off("change:keep", onWrite);
    model.off("change:writable", onWrite);
    model.off("change:forgotten", onForget);
    model.off("change:focus_count", onFocus);
  };
}

function render() {}

export default { initialize, render };
