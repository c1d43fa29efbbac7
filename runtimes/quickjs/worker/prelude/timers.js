// setTimeout / setInterval / queueMicrotask. Timers live in a queue here; the C event loop
// (wharf-js.c) asks timerDelay() how long to wait when no promise job is pending, sleeps
// (WASI poll_oneoff) and calls runTimers(). Timers exist only within a request: pending
// ones are dropped when the request ends (reset()).

let timerSeq = 0;
const timers = new Map(); // id -> { at, seq, fn, args, interval }

function reportUncaught(e, where) {
  native.log(3, `Uncaught exception in ${where}: ${formatError(e)}`);
}

function addTimer(fn, ms, args, repeat) {
  requireRequest(repeat ? "setInterval()" : "setTimeout()");
  if (typeof fn !== "function") throw new TypeError("timer callback must be a function (strings are not evaluated)");
  let delay = Number(ms);
  if (!(delay > 0)) delay = 0;
  delay = Math.min(delay, 2147483647);
  const id = ++timerSeq;
  timers.set(id, { at: Date.now() + delay, seq: id, fn, args, interval: repeat ? Math.max(delay, 1) : 0 });
  return id;
}
const clearTimer = (id) => { timers.delete(Number(id)); };

defineGlobal("setTimeout", (fn, ms, ...args) => addTimer(fn, ms, args, false));
defineGlobal("setInterval", (fn, ms, ...args) => addTimer(fn, ms, args, true));
defineGlobal("clearTimeout", clearTimer);
defineGlobal("clearInterval", clearTimer);
defineGlobal("queueMicrotask", (fn) => {
  if (typeof fn !== "function") throw new TypeError("queueMicrotask: callback must be a function");
  Promise.resolve().then(() => {
    try { fn(); } catch (e) { reportUncaught(e, "a microtask"); }
  });
});

function nextTimer() {
  let best = null;
  for (const t of timers.values()) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
  return best;
}

// Milliseconds until the earliest timer (0 = due now), or -1 when there is none.
function timerDelay() {
  const t = nextTimer();
  return t ? Math.max(0, t.at - Date.now()) : -1;
}

// Runs the earliest due timer (one per call so promise jobs run between timers).
function runTimers() {
  const t = nextTimer();
  if (!t || t.at > Date.now()) return;
  const id = [...timers].find(([, v]) => v === t)[0];
  if (t.interval) { t.at += t.interval; t.seq = ++timerSeq; }
  else timers.delete(id);
  try { t.fn(...t.args); } catch (e) { reportUncaught(e, "a timer callback"); }
}

const clearAllTimers = () => timers.clear();

// performance.now(): milliseconds since the request started (the wall clock; Workers also
// expose a coarse clock here). timeOrigin is set per request in reset/handle.
let timeOrigin = Date.now();
const performanceObject = {
  now: () => Date.now() - timeOrigin,
  get timeOrigin() { return timeOrigin; },
};
defineGlobal("performance", performanceObject);
