// Event, EventTarget, AbortController and AbortSignal (https://dom.spec.whatwg.org/), a
// compact subset: no capture phase or event paths (there is no DOM tree). fetch() checks a
// signal before it starts; it cannot abort a request in flight (http_fetch is synchronous).

class Event {
  #type; #cancelable; #defaultPrevented = false; #stop = false;
  constructor(type, init = {}) {
    if (arguments.length === 0) throw new TypeError("Event: 1 argument required");
    this.#type = String(type);
    this.#cancelable = Boolean(init && init.cancelable);
    this.target = null;
    this.currentTarget = null;
    this.timeStamp = Date.now();
  }
  get type() { return this.#type; }
  get cancelable() { return this.#cancelable; }
  get defaultPrevented() { return this.#defaultPrevented; }
  preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
  stopImmediatePropagation() { this.#stop = true; }
  stopPropagation() {}
  static stopped(e) { return e.#stop; }
}
const eventStopped = Event.stopped;
delete Event.stopped;

class EventTarget {
  #listeners = new Map(); // type -> [{ fn, once }]
  addEventListener(type, fn, options) {
    if (fn === null || fn === undefined) return;
    const once = typeof options === "object" && options !== null && Boolean(options.once);
    const list = this.#listeners.get(type) ?? [];
    if (!list.some((l) => l.fn === fn)) list.push({ fn, once });
    this.#listeners.set(type, list);
    if (typeof options === "object" && options !== null && options.signal)
      options.signal.addEventListener("abort", () => this.removeEventListener(type, fn));
  }
  removeEventListener(type, fn) {
    const list = this.#listeners.get(type);
    if (list) this.#listeners.set(type, list.filter((l) => l.fn !== fn));
  }
  dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError("dispatchEvent: argument must be an Event");
    event.target = this;
    event.currentTarget = this;
    const handler = this["on" + event.type];
    const list = [...(this.#listeners.get(event.type) ?? [])];
    if (typeof handler === "function") list.unshift({ fn: handler, once: false, attr: true });
    for (const l of list) {
      if (l.once) this.removeEventListener(event.type, l.fn);
      try {
        if (typeof l.fn === "function") l.fn.call(this, event);
        else if (l.fn && typeof l.fn.handleEvent === "function") l.fn.handleEvent(event);
      } catch (e) {
        native.log(3, `Uncaught exception in an event listener: ${formatError(e)}`);
      }
      if (eventStopped(event)) break;
    }
    event.currentTarget = null;
    return !event.defaultPrevented;
  }
}

class AbortSignal extends EventTarget {
  #aborted = false; #reason = undefined;
  constructor(key) {
    if (key !== signalKey) throw new TypeError("Illegal constructor (use new AbortController().signal)");
    super();
    this.onabort = null;
  }
  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }
  throwIfAborted() { if (this.#aborted) throw this.#reason; }
  static abort(reason) {
    const s = new AbortSignal(signalKey);
    s.#aborted = true;
    s.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
    return s;
  }
  static timeout(ms) {
    const c = new AbortController();
    setTimeout(() => c.abort(new DOMException("The operation timed out.", "TimeoutError")), ms);
    return c.signal;
  }
  static any(signals) {
    const c = new AbortController();
    for (const s of signals) {
      if (s.aborted) { c.abort(s.reason); break; }
      s.addEventListener("abort", () => c.abort(s.reason), { once: true });
    }
    return c.signal;
  }
  static fire(s, reason) {
    if (s.#aborted) return;
    s.#aborted = true;
    s.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
    s.dispatchEvent(new Event("abort"));
  }
}
const signalKey = Symbol("AbortSignal");
const fireAbort = AbortSignal.fire;
delete AbortSignal.fire;
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: "AbortSignal", configurable: true });

class AbortController {
  #signal = new AbortSignal(signalKey);
  get signal() { return this.#signal; }
  abort(reason) { fireAbort(this.#signal, reason); }
}

defineGlobal("Event", Event);
defineGlobal("EventTarget", EventTarget);
defineGlobal("AbortSignal", AbortSignal);
defineGlobal("AbortController", AbortController);
