// Event, EventTarget, AbortController and AbortSignal (https://dom.spec.whatwg.org/), a
// compact subset: no capture phase or event paths (there is no DOM tree). fetch() checks a
// signal before it starts; it cannot abort a request in flight (http_fetch is synchronous).

class Event {
  #type; #cancelable; #bubbles; #composed; #defaultPrevented = false; #stop = false; #stopProp = false;
  constructor(type, init = undefined) {
    if (arguments.length === 0) throw new TypeError("Event: 1 argument required");
    if (init !== undefined && init !== null && typeof init !== "object" && typeof init !== "function")
      throw new TypeError("Event: eventInitDict must be an object");
    this.#type = String(type);
    this.#bubbles = Boolean(init && init.bubbles);
    this.#cancelable = Boolean(init && init.cancelable);
    this.#composed = Boolean(init && init.composed);
    Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
    this.target = null;
    this.currentTarget = null;
    this.timeStamp = performance.now();
  }
  get type() { return this.#type; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get composed() { return this.#composed; }
  get eventPhase() { return this.currentTarget === null ? 0 : 2; }
  get srcElement() { return this.target; }
  get defaultPrevented() { return this.#defaultPrevented; }
  get returnValue() { return !this.#defaultPrevented; }
  set returnValue(v) { if (!v) this.preventDefault(); }
  get cancelBubble() { return this.#stopProp; }
  set cancelBubble(v) { if (v) this.#stopProp = true; }
  composedPath() { return this.currentTarget === null ? [] : [this.currentTarget]; }
  preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
  stopImmediatePropagation() { this.#stop = true; this.#stopProp = true; }
  stopPropagation() { this.#stopProp = true; }
  static stopped(e) { return e.#stop; }
}
const isTrustedGetter = Object.getOwnPropertyDescriptor({ get isTrusted() { return false; } }, "isTrusted").get;
for (const [k, v] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
  Object.defineProperty(Event, k, { value: v, enumerable: true });
  Object.defineProperty(Event.prototype, k, { value: v, enumerable: true });
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
  #aborted = false; #reason = undefined; #dependent = false; #sources = []; #dependents = [];
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
  // https://dom.spec.whatwg.org/#create-a-dependent-abort-signal
  static any(signals) {
    const result = new AbortSignal(signalKey);
    const list = [...signals];
    for (const s of list) if (!(s instanceof AbortSignal)) throw new TypeError("AbortSignal.any: every element must be an AbortSignal");
    for (const s of list) {
      if (s.#aborted) { result.#aborted = true; result.#reason = s.#reason; return result; }
    }
    result.#dependent = true;
    for (const s of list) {
      const sources = s.#dependent ? s.#sources : [s];
      for (const src of sources) {
        if (!result.#sources.includes(src)) result.#sources.push(src);
        src.#dependents.push(result);
      }
    }
    return result;
  }
  // https://dom.spec.whatwg.org/#abortsignal-signal-abort: reasons are set on the signal and
  // its dependents first, then the signal's own "abort" event fires, then the dependents'.
  static fire(s, reason) {
    if (s.#aborted) return;
    s.#aborted = true;
    s.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
    const toAbort = [];
    for (const d of s.#dependents) {
      if (d.#aborted) continue;
      d.#aborted = true;
      d.#reason = s.#reason;
      toAbort.push(d);
    }
    s.dispatchEvent(new Event("abort"));
    for (const d of toAbort) d.dispatchEvent(new Event("abort"));
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
