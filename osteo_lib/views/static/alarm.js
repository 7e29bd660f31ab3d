// Heat and cold helper: the "time is up" alarm (anywidget front end). Plain ES module, no imports.
// Each time the kernel adds one to "rings", the page beeps three times (Web Audio, no sound file),
// vibrates where the phone can, and shows "title" in the browser tab until the person comes back to
// the page (a tap, a key, or the tab shown again), so a person who looked away still learns it.

function beep(ctx, at) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 0.4);
}

function render({ model, el }) {
  el.setAttribute("hidden", "");
  let rung = model.get("rings");
  let savedTitle = null;

  function restore() {
    if (savedTitle !== null && !document.hidden) {
      document.title = savedTitle;
      savedTitle = null;
      el.dataset.ringing = "false";
    }
  }

  function ring() {
    const rings = model.get("rings");
    if (rings <= rung) { rung = rings; return; }
    rung = rings;
    el.dataset.ringing = "true";
    if (savedTitle === null) savedTitle = document.title;
    document.title = model.get("title") || document.title;
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx) {
      try {
        const ctx = new Ctx();
        [0, 0.6, 1.2].forEach((d) => beep(ctx, ctx.currentTime + d));
        setTimeout(() => ctx.close(), 2500);
      } catch (e) { /* no sound on this device: the title and the message still say it */ }
    }
  }

  model.on("change:rings", ring);
  document.addEventListener("visibilitychange", restore);
  window.addEventListener("pointerdown", restore);
  window.addEventListener("keydown", restore);
  return () => {
    model.off("change:rings", ring);
    document.removeEventListener("visibilitychange", restore);
    window.removeEventListener("pointerdown", restore);
    window.removeEventListener("keydown", restore);
  };
}

export default { render };
