// Shared pieces of the WHATWG Streams implementation (https://streams.spec.whatwg.org/):
// promise helpers that do not look up a patched `then`, queue-with-sizes, WebIDL-style
// argument conversion and the queuing strategies. The stream classes keep their internal
// slots in plain records (never reachable from worker code), found through `slots`.

const $Promise = Promise;
const $then = Promise.prototype.then;
const $resolve = Promise.resolve.bind(Promise);
const $reject = Promise.reject.bind(Promise);
const noop = () => {};

const slots = new WeakMap(); // public stream object -> internal record

// The record of `o` if it is a `kind`, else a TypeError naming the operation.
function slotOf(o, kind, what) {
  const s = typeof o === "object" && o !== null ? slots.get(o) : undefined;
  if (s === undefined || s.kind !== kind) throw new TypeError(`${what}: illegal invocation (not a ${kind})`);
  return s;
}
const isKind = (o, kind) => {
  const s = typeof o === "object" && o !== null ? slots.get(o) : undefined;
  return s !== undefined && s.kind === kind;
};

const resolvedWith = (v) => $resolve(v);
const rejectedWith = (e) => { const p = $reject(e); return p; };
function deferred() {
  const d = { promise: null, resolve: null, reject: null, state: "pending" };
  d.promise = new $Promise((res, rej) => {
    d.resolve = (v) => { if (d.state === "pending") { d.state = "fulfilled"; res(v); } };
    d.reject = (e) => { if (d.state === "pending") { d.state = "rejected"; rej(e); } };
  });
  return d;
}
const resolvedDeferred = (v) => { const d = deferred(); d.resolve(v); return d; };
const rejectedDeferred = (e) => { const d = deferred(); d.reject(e); markHandled(d.promise); return d; };
const markHandled = (p) => { $then.call(p, undefined, noop); };
// "upon fulfillment/rejection": reactions whose own result is never observed.
function upon(p, onF, onR) { markHandled($then.call(p, onF, onR)); }
const transformPromise = (p, onF, onR) => $then.call(p, onF, onR);
// "queue a microtask"
const microtask = (fn) => { $then.call($resolve(), fn); };

// Calls f.call(thisArg, ...args) and returns a promise of the result (throws -> rejection).
function promiseCall(f, thisArg, ...args) {
  try { return $resolve(Reflect.apply(f, thisArg, args)); } catch (e) { return $reject(e); }
}

// Queue-with-sizes (https://streams.spec.whatwg.org/#queue-with-sizes).
const isNonNegativeNumber = (v) => typeof v === "number" && !Number.isNaN(v) && v >= 0;
function resetQueue(c) { c.queue = []; c.queueTotalSize = 0; }
function dequeueValue(c) {
  const pair = c.queue.shift();
  c.queueTotalSize -= pair.size;
  if (c.queueTotalSize < 0) c.queueTotalSize = 0; // rounding errors
  return pair.value;
}
function enqueueValueWithSize(c, value, size) {
  if (!isNonNegativeNumber(size) || size === Infinity) throw new RangeError("the chunk size must be a finite, non-negative number");
  c.queue.push({ value, size });
  c.queueTotalSize += size;
}
const peekQueueValue = (c) => c.queue[0].value;

// WebIDL conversions used by the constructors and methods.
const isObject = (v) => (typeof v === "object" && v !== null) || typeof v === "function";
function dictArg(v, what) {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new TypeError(`${what} must be an object`);
  return v;
}
function callbackMember(dict, name, what) {
  const f = dict[name];
  if (f === undefined) return undefined;
  if (typeof f !== "function") throw new TypeError(`${what}.${name} must be a function`);
  return f;
}
function unsignedLongLong(v, what) { // [EnforceRange] unsigned long long
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const i = Math.trunc(n);
  if (i < 0 || i > Number.MAX_SAFE_INTEGER) throw new TypeError(`${what} is out of range`);
  return i;
}
function queuingStrategy(strategy) {
  const s = dictArg(strategy, "the queuing strategy");
  const hwm = s.highWaterMark;
  const out = { highWaterMark: hwm === undefined ? undefined : Number(hwm) };
  out.size = callbackMember(s, "size", "the queuing strategy");
  return out;
}
function extractHighWaterMark(strategy, dflt) {
  if (strategy.highWaterMark === undefined) return dflt;
  const h = strategy.highWaterMark;
  if (Number.isNaN(h) || h < 0) throw new RangeError("the queuing strategy's highWaterMark must be a non-negative number");
  return h;
}
function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  return size === undefined ? () => 1 : (chunk) => size(chunk);
}

const isArrayBufferView = (v) => ArrayBuffer.isView(v);
const isDetached = (buf) => buf instanceof ArrayBuffer && native.isDetached(buf);
const transferArrayBuffer = (buf) => native.transfer(buf);
const canTransfer = (buf) => buf instanceof ArrayBuffer && !isDetached(buf);

// Queuing strategies (https://streams.spec.whatwg.org/#qs).
const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;
const countSize = { size() { return 1; } }.size;
function strategyInit(init, what) {
  if (init === undefined || init === null || !isObject(init)) {
    if (init !== undefined && init !== null) throw new TypeError(`${what}: the argument must be an object`);
    throw new TypeError(`${what}: highWaterMark is required`);
  }
  if (init.highWaterMark === undefined) throw new TypeError(`${what}: highWaterMark is required`);
  return Number(init.highWaterMark);
}
class ByteLengthQueuingStrategy {
  constructor(init) {
    if (arguments.length === 0) throw new TypeError("ByteLengthQueuingStrategy: 1 argument required");
    slots.set(this, { kind: "ByteLengthQueuingStrategy", highWaterMark: strategyInit(init, "ByteLengthQueuingStrategy") });
  }
  get highWaterMark() { return slotOf(this, "ByteLengthQueuingStrategy", "highWaterMark").highWaterMark; }
  get size() { slotOf(this, "ByteLengthQueuingStrategy", "size"); return byteLengthSize; }
}
class CountQueuingStrategy {
  constructor(init) {
    if (arguments.length === 0) throw new TypeError("CountQueuingStrategy: 1 argument required");
    slots.set(this, { kind: "CountQueuingStrategy", highWaterMark: strategyInit(init, "CountQueuingStrategy") });
  }
  get highWaterMark() { return slotOf(this, "CountQueuingStrategy", "highWaterMark").highWaterMark; }
  get size() { slotOf(this, "CountQueuingStrategy", "size"); return countSize; }
}

// Makes a class look like a WebIDL interface: @@toStringTag, non-enumerable-by-default
// members become enumerable (WebIDL operations and attributes are enumerable).
function webidlClass(cls, name) {
  const proto = cls.prototype;
  for (const k of Object.getOwnPropertyNames(proto)) {
    if (k === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(proto, k);
    d.enumerable = true;
    Object.defineProperty(proto, k, d);
  }
  Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  defineGlobal(name, cls);
}
webidlClass(ByteLengthQueuingStrategy, "ByteLengthQueuingStrategy");
webidlClass(CountQueuingStrategy, "CountQueuingStrategy");
