// ReadableStream, its readers and the default controller
// (https://streams.spec.whatwg.org/#rs-class). Byte streams: streams-bytes.js; tee, pipes,
// async iteration and ReadableStream.from: streams-pipe.js.

const RS = "ReadableStream", RSDR = "ReadableStreamDefaultReader", RSBR = "ReadableStreamBYOBReader";
const RSDC = "ReadableStreamDefaultController", RBSC = "ReadableByteStreamController";

function newReadableRecord(pub) {
  const s = { kind: RS, pub, state: "readable", reader: undefined, storedError: undefined, disturbed: false, controller: undefined };
  slots.set(pub, s);
  return s;
}

class ReadableStream {
  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource !== undefined && !isObject(underlyingSource))
      throw new TypeError("ReadableStream: the underlying source must be an object");
    const strat = queuingStrategy(strategy);
    const src = underlyingSource === undefined ? null : underlyingSource;
    const dict = src === null ? {} : src;
    const d = {
      autoAllocateChunkSize: dict.autoAllocateChunkSize,
      cancel: callbackMember(dict, "cancel", "the underlying source"),
      pull: callbackMember(dict, "pull", "the underlying source"),
      start: callbackMember(dict, "start", "the underlying source"),
      type: dict.type,
    };
    if (d.autoAllocateChunkSize !== undefined) d.autoAllocateChunkSize = unsignedLongLong(d.autoAllocateChunkSize, "autoAllocateChunkSize");
    if (d.type !== undefined) {
      d.type = String(d.type);
      if (d.type !== "bytes") throw new TypeError(`ReadableStream: invalid type '${d.type}' (only "bytes")`);
    }
    const s = newReadableRecord(this);
    if (d.type === "bytes") {
      if (strat.size !== undefined) throw new RangeError("ReadableStream: a byte stream's strategy cannot have a size function");
      setUpByteControllerFromSource(s, src, d, extractHighWaterMark(strat, 0));
    } else {
      setUpDefaultControllerFromSource(s, src, d, extractHighWaterMark(strat, 1), extractSizeAlgorithm(strat));
    }
  }
  get locked() { return isLocked(slotOf(this, RS, "ReadableStream.locked")); }
  cancel(reason = undefined) {
    let s;
    try { s = slotOf(this, RS, "ReadableStream.cancel"); } catch (e) { return rejectedWith(e); }
    if (isLocked(s)) return rejectedWith(new TypeError("ReadableStream.cancel: the stream is locked to a reader"));
    return readableStreamCancel(s, reason);
  }
  getReader(options = undefined) {
    const s = slotOf(this, RS, "ReadableStream.getReader");
    const o = dictArg(options, "ReadableStream.getReader: options");
    let mode = o.mode;
    if (mode !== undefined) {
      mode = String(mode);
      if (mode !== "byob") throw new TypeError(`ReadableStream.getReader: invalid mode '${mode}'`);
      return acquireBYOBReader(s).pub;
    }
    return acquireDefaultReader(s).pub;
  }
  pipeThrough(transform, options = undefined) {
    const s = slotOf(this, RS, "ReadableStream.pipeThrough");
    const t = dictArg(transform, "ReadableStream.pipeThrough: transform");
    const readable = t.readable;
    if (!isKind(readable, RS)) throw new TypeError("ReadableStream.pipeThrough: transform.readable must be a ReadableStream");
    const writable = t.writable;
    if (!isKind(writable, WS)) throw new TypeError("ReadableStream.pipeThrough: transform.writable must be a WritableStream");
    const o = pipeOptions(options);
    if (isLocked(s)) throw new TypeError("ReadableStream.pipeThrough: the stream is locked");
    const ws = slots.get(writable);
    if (isWritableLocked(ws)) throw new TypeError("ReadableStream.pipeThrough: transform.writable is locked");
    markHandled(readableStreamPipeTo(s, ws, o.preventClose, o.preventAbort, o.preventCancel, o.signal));
    return readable;
  }
  pipeTo(destination, options = undefined) {
    let s, ws, o;
    try {
      s = slotOf(this, RS, "ReadableStream.pipeTo");
      if (!isKind(destination, WS)) throw new TypeError("ReadableStream.pipeTo: the destination must be a WritableStream");
      ws = slots.get(destination);
      o = pipeOptions(options);
    } catch (e) { return rejectedWith(e); }
    if (isLocked(s)) return rejectedWith(new TypeError("ReadableStream.pipeTo: the stream is locked"));
    if (isWritableLocked(ws)) return rejectedWith(new TypeError("ReadableStream.pipeTo: the destination is locked"));
    return readableStreamPipeTo(s, ws, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
  }
  tee() {
    const s = slotOf(this, RS, "ReadableStream.tee");
    return readableStreamTee(s, false).map((b) => b.pub);
  }
  values(options = undefined) {
    const s = slotOf(this, RS, "ReadableStream.values");
    const o = dictArg(options, "ReadableStream.values: options");
    return newAsyncIterator(s, Boolean(o.preventCancel));
  }
  static from(asyncIterable) { return readableStreamFromIterable(asyncIterable).pub; }
}

function pipeOptions(options) {
  const o = dictArg(options, "pipe options");
  const r = { preventAbort: Boolean(o.preventAbort), preventCancel: Boolean(o.preventCancel), preventClose: Boolean(o.preventClose), signal: o.signal };
  if (r.signal !== undefined && !(r.signal instanceof AbortSignal)) throw new TypeError("pipe options: signal must be an AbortSignal");
  return r;
}

// ---- stream abstract operations
const isLocked = (s) => s.reader !== undefined;

function readableStreamCancel(s, reason) {
  s.disturbed = true;
  if (s.state === "closed") return resolvedWith(undefined);
  if (s.state === "errored") return rejectedWith(s.storedError);
  readableStreamClose(s);
  const reader = s.reader;
  if (reader !== undefined && reader.kind === RSBR) {
    const reqs = reader.readIntoRequests;
    reader.readIntoRequests = [];
    for (const r of reqs) r.closeSteps(undefined);
  }
  return transformPromise(s.controller.cancelSteps(reason), noop);
}

function readableStreamClose(s) {
  s.state = "closed";
  const reader = s.reader;
  if (reader === undefined) return;
  reader.closed.resolve(undefined);
  if (reader.kind === RSDR) {
    const reqs = reader.readRequests;
    reader.readRequests = [];
    for (const r of reqs) r.closeSteps();
  }
}

function readableStreamError(s, e) {
  s.state = "errored";
  s.storedError = e;
  const reader = s.reader;
  if (reader === undefined) return;
  reader.closed.reject(e);
  markHandled(reader.closed.promise);
  if (reader.kind === RSDR) errorReadRequests(reader, e);
  else errorReadIntoRequests(reader, e);
}

const addReadRequest = (s, r) => { s.reader.readRequests.push(r); };
const addReadIntoRequest = (s, r) => { s.reader.readIntoRequests.push(r); };
function fulfillReadRequest(s, chunk, done) {
  const r = s.reader.readRequests.shift();
  if (done) r.closeSteps(); else r.chunkSteps(chunk);
}
function fulfillReadIntoRequest(s, chunk, done) {
  const r = s.reader.readIntoRequests.shift();
  if (done) r.closeSteps(chunk); else r.chunkSteps(chunk);
}
const numReadRequests = (s) => s.reader.readRequests.length;
const numReadIntoRequests = (s) => s.reader.readIntoRequests.length;
const hasDefaultReader = (s) => s.reader !== undefined && s.reader.kind === RSDR;
const hasBYOBReader = (s) => s.reader !== undefined && s.reader.kind === RSBR;

// ---- readers
function genericReaderInit(r, s) {
  r.stream = s;
  s.reader = r;
  if (s.state === "readable") r.closed = deferred();
  else if (s.state === "closed") r.closed = resolvedDeferred(undefined);
  else r.closed = rejectedDeferred(s.storedError);
}
function genericReaderRelease(r) {
  const s = r.stream;
  const e = new TypeError("the reader's lock was released");
  if (s.state === "readable") r.closed.reject(e);
  else r.closed = rejectedDeferred(e);
  markHandled(r.closed.promise);
  s.controller.releaseSteps();
  s.reader = undefined;
  r.stream = undefined;
}
function errorReadRequests(r, e) {
  const reqs = r.readRequests;
  r.readRequests = [];
  for (const q of reqs) q.errorSteps(e);
}
function errorReadIntoRequests(r, e) {
  const reqs = r.readIntoRequests;
  r.readIntoRequests = [];
  for (const q of reqs) q.errorSteps(e);
}
function defaultReaderRelease(r) {
  genericReaderRelease(r);
  errorReadRequests(r, new TypeError("the reader's lock was released"));
}
function byobReaderRelease(r) {
  genericReaderRelease(r);
  errorReadIntoRequests(r, new TypeError("the reader's lock was released"));
}

function setUpDefaultReader(pub, s) {
  if (isLocked(s)) throw new TypeError("ReadableStreamDefaultReader: the stream is already locked to a reader");
  const r = { kind: RSDR, pub, stream: undefined, closed: undefined, readRequests: [] };
  slots.set(pub, r);
  genericReaderInit(r, s);
  return r;
}
function acquireDefaultReader(s) { return setUpDefaultReader(Object.create(ReadableStreamDefaultReader.prototype), s); }

function defaultReaderRead(r, req) {
  const s = r.stream;
  s.disturbed = true;
  if (s.state === "closed") req.closeSteps();
  else if (s.state === "errored") req.errorSteps(s.storedError);
  else s.controller.pullSteps(req);
}

function readIntoPromise() {
  const d = deferred();
  return {
    promise: d.promise,
    chunkSteps: (value) => d.resolve({ value, done: false }),
    closeSteps: (value) => d.resolve({ value, done: true }),
    errorSteps: (e) => d.reject(e),
  };
}

class ReadableStreamDefaultReader {
  constructor(stream) {
    if (arguments.length === 0) throw new TypeError("ReadableStreamDefaultReader: 1 argument required");
    setUpDefaultReader(this, slotOf(stream, RS, "ReadableStreamDefaultReader"));
  }
  get closed() {
    try { return slotOf(this, RSDR, "closed").closed.promise; } catch (e) { return rejectedWith(e); }
  }
  read() {
    let r;
    try { r = slotOf(this, RSDR, "ReadableStreamDefaultReader.read"); } catch (e) { return rejectedWith(e); }
    if (r.stream === undefined) return rejectedWith(new TypeError("read: the reader has been released"));
    const req = readIntoPromise();
    const close = req.closeSteps;
    req.closeSteps = () => close(undefined);
    defaultReaderRead(r, req);
    return req.promise;
  }
  releaseLock() {
    const r = slotOf(this, RSDR, "ReadableStreamDefaultReader.releaseLock");
    if (r.stream !== undefined) defaultReaderRelease(r);
  }
  cancel(reason = undefined) {
    let r;
    try { r = slotOf(this, RSDR, "ReadableStreamDefaultReader.cancel"); } catch (e) { return rejectedWith(e); }
    if (r.stream === undefined) return rejectedWith(new TypeError("cancel: the reader has been released"));
    return readableStreamCancel(r.stream, reason);
  }
}

function setUpBYOBReader(pub, s) {
  if (isLocked(s)) throw new TypeError("ReadableStreamBYOBReader: the stream is already locked to a reader");
  if (s.controller.kind !== RBSC) throw new TypeError("ReadableStreamBYOBReader: the stream is not a byte stream");
  const r = { kind: RSBR, pub, stream: undefined, closed: undefined, readIntoRequests: [] };
  slots.set(pub, r);
  genericReaderInit(r, s);
  return r;
}
function acquireBYOBReader(s) { return setUpBYOBReader(Object.create(ReadableStreamBYOBReader.prototype), s); }

function byobReaderRead(r, view, min, req) {
  const s = r.stream;
  s.disturbed = true;
  if (s.state === "errored") req.errorSteps(s.storedError);
  else byteControllerPullInto(s.controller, view, min, req);
}

class ReadableStreamBYOBReader {
  constructor(stream) {
    if (arguments.length === 0) throw new TypeError("ReadableStreamBYOBReader: 1 argument required");
    setUpBYOBReader(this, slotOf(stream, RS, "ReadableStreamBYOBReader"));
  }
  get closed() {
    try { return slotOf(this, RSBR, "closed").closed.promise; } catch (e) { return rejectedWith(e); }
  }
  read(view, options = undefined) {
    let r, min;
    try {
      r = slotOf(this, RSBR, "ReadableStreamBYOBReader.read");
      if (!isArrayBufferView(view)) throw new TypeError("ReadableStreamBYOBReader.read: view must be an ArrayBufferView");
      const o = dictArg(options, "ReadableStreamBYOBReader.read: options");
      min = o.min === undefined ? 1 : unsignedLongLong(o.min, "min");
    } catch (e) { return rejectedWith(e); }
    if (view.byteLength === 0) return rejectedWith(new TypeError("read: view must have a non-zero byteLength"));
    if (view.buffer.byteLength === 0) return rejectedWith(new TypeError("read: view's buffer must have a non-zero byteLength"));
    if (isDetached(view.buffer)) return rejectedWith(new TypeError("read: view's buffer is detached"));
    if (min === 0) return rejectedWith(new TypeError("read: min must be greater than 0"));
    if (view instanceof DataView) {
      if (min > view.byteLength) return rejectedWith(new RangeError("read: min must not exceed the view's byteLength"));
    } else if (min > view.length) return rejectedWith(new RangeError("read: min must not exceed the view's length"));
    if (r.stream === undefined) return rejectedWith(new TypeError("read: the reader has been released"));
    const req = readIntoPromise();
    byobReaderRead(r, view, min, req);
    return req.promise;
  }
  releaseLock() {
    const r = slotOf(this, RSBR, "ReadableStreamBYOBReader.releaseLock");
    if (r.stream !== undefined) byobReaderRelease(r);
  }
  cancel(reason = undefined) {
    let r;
    try { r = slotOf(this, RSBR, "ReadableStreamBYOBReader.cancel"); } catch (e) { return rejectedWith(e); }
    if (r.stream === undefined) return rejectedWith(new TypeError("cancel: the reader has been released"));
    return readableStreamCancel(r.stream, reason);
  }
}

// ---- default controller
class ReadableStreamDefaultController {
  constructor() { throw new TypeError("Illegal constructor"); }
  get desiredSize() { return defaultControllerDesiredSize(slotOf(this, RSDC, "desiredSize")); }
  close() {
    const c = slotOf(this, RSDC, "ReadableStreamDefaultController.close");
    if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeError("close: the stream is closed or closing");
    defaultControllerClose(c);
  }
  enqueue(chunk = undefined) {
    const c = slotOf(this, RSDC, "ReadableStreamDefaultController.enqueue");
    if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeError("enqueue: the stream is closed or closing");
    defaultControllerEnqueue(c, chunk);
  }
  error(e = undefined) { defaultControllerError(slotOf(this, RSDC, "ReadableStreamDefaultController.error"), e); }
}

function setUpDefaultController(s, start, pull, cancel, hwm, size) {
  const pub = Object.create(ReadableStreamDefaultController.prototype);
  const c = {
    kind: RSDC, pub, stream: s, queue: [], queueTotalSize: 0, started: false, closeRequested: false,
    pullAgain: false, pulling: false, strategySizeAlgorithm: size, strategyHWM: hwm,
    pullAlgorithm: pull, cancelAlgorithm: cancel,
    cancelSteps(reason) {
      resetQueue(c);
      const result = c.cancelAlgorithm(reason);
      defaultControllerClearAlgorithms(c);
      return result;
    },
    pullSteps(req) {
      if (c.queue.length > 0) {
        const chunk = dequeueValue(c);
        if (c.closeRequested && c.queue.length === 0) {
          defaultControllerClearAlgorithms(c);
          readableStreamClose(s);
        } else defaultControllerCallPullIfNeeded(c);
        req.chunkSteps(chunk);
      } else {
        addReadRequest(s, req);
        defaultControllerCallPullIfNeeded(c);
      }
    },
    releaseSteps() {},
  };
  slots.set(pub, c);
  s.controller = c;
  const startResult = start(pub);
  upon(resolvedWith(startResult), () => {
    c.started = true;
    defaultControllerCallPullIfNeeded(c);
  }, (r) => defaultControllerError(c, r));
  return c;
}

function setUpDefaultControllerFromSource(s, src, d, hwm, size) {
  const start = d.start ? (c) => Reflect.apply(d.start, src, [c]) : () => undefined;
  const pull = d.pull ? (c) => promiseCall(d.pull, src, c) : () => resolvedWith(undefined);
  const cancel = d.cancel ? (reason) => promiseCall(d.cancel, src, reason) : () => resolvedWith(undefined);
  let pub;
  setUpDefaultController(s, (p) => { pub = p; return start(p); }, () => pull(pub), cancel, hwm, size);
}

function defaultControllerCallPullIfNeeded(c) {
  if (!defaultControllerShouldCallPull(c)) return;
  if (c.pulling) { c.pullAgain = true; return; }
  c.pulling = true;
  upon(c.pullAlgorithm(), () => {
    c.pulling = false;
    if (c.pullAgain) { c.pullAgain = false; defaultControllerCallPullIfNeeded(c); }
  }, (e) => defaultControllerError(c, e));
}
function defaultControllerShouldCallPull(c) {
  const s = c.stream;
  if (!defaultControllerCanCloseOrEnqueue(c) || !c.started) return false;
  if (isLocked(s) && numReadRequests(s) > 0) return true;
  return defaultControllerDesiredSize(c) > 0;
}
function defaultControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}
function defaultControllerClose(c) {
  if (!defaultControllerCanCloseOrEnqueue(c)) return;
  c.closeRequested = true;
  if (c.queue.length === 0) {
    defaultControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  }
}
function defaultControllerEnqueue(c, chunk) {
  if (!defaultControllerCanCloseOrEnqueue(c)) return;
  const s = c.stream;
  if (isLocked(s) && numReadRequests(s) > 0) fulfillReadRequest(s, chunk, false);
  else {
    let size;
    try { size = c.strategySizeAlgorithm(chunk); } catch (e) { defaultControllerError(c, e); throw e; }
    try { enqueueValueWithSize(c, chunk, size); } catch (e) { defaultControllerError(c, e); throw e; }
  }
  defaultControllerCallPullIfNeeded(c);
}
function defaultControllerError(c, e) {
  const s = c.stream;
  if (s.state !== "readable") return;
  resetQueue(c);
  defaultControllerClearAlgorithms(c);
  readableStreamError(s, e);
}
function defaultControllerDesiredSize(c) {
  const st = c.stream.state;
  if (st === "errored") return null;
  if (st === "closed") return 0;
  return c.strategyHWM - c.queueTotalSize;
}
const defaultControllerHasBackpressure = (c) => !defaultControllerShouldCallPull(c);
const defaultControllerCanCloseOrEnqueue = (c) => !c.closeRequested && c.stream.state === "readable";

// CreateReadableStream: a stream with a default controller driven by algorithms.
function createReadableStream(start, pull, cancel, hwm = 1, size = () => 1) {
  const s = newReadableRecord(Object.create(ReadableStream.prototype));
  setUpDefaultController(s, start, pull, cancel, hwm, size);
  return s;
}

webidlClass(ReadableStream, "ReadableStream");
webidlClass(ReadableStreamDefaultReader, "ReadableStreamDefaultReader");
webidlClass(ReadableStreamBYOBReader, "ReadableStreamBYOBReader");
webidlClass(ReadableStreamDefaultController, "ReadableStreamDefaultController");
