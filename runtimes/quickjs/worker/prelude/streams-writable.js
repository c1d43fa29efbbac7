// WritableStream, WritableStreamDefaultWriter and WritableStreamDefaultController
// (https://streams.spec.whatwg.org/#ws-class).

const WS = "WritableStream", WSDW = "WritableStreamDefaultWriter", WSDC = "WritableStreamDefaultController";
const CLOSE_SENTINEL = Symbol("close");

function newWritableRecord(pub) {
  const s = { kind: WS, pub, state: "writable", storedError: undefined, writer: undefined, controller: undefined,
    inFlightWriteRequest: undefined, closeRequest: undefined, inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined, writeRequests: [], backpressure: false };
  slots.set(pub, s);
  return s;
}

class WritableStream {
  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink !== undefined && !isObject(underlyingSink))
      throw new TypeError("WritableStream: the underlying sink must be an object");
    const strat = queuingStrategy(strategy);
    const sink = underlyingSink === undefined ? null : underlyingSink;
    const dict = sink === null ? {} : sink;
    const d = {
      abort: callbackMember(dict, "abort", "the underlying sink"),
      close: callbackMember(dict, "close", "the underlying sink"),
      start: callbackMember(dict, "start", "the underlying sink"),
      type: dict.type,
      write: callbackMember(dict, "write", "the underlying sink"),
    };
    if (d.type !== undefined) throw new RangeError("WritableStream: invalid type (no types are defined)");
    const s = newWritableRecord(this);
    const size = extractSizeAlgorithm(strat);
    const hwm = extractHighWaterMark(strat, 1);
    let pub;
    setUpWritableController(s,
      (p) => { pub = p; return d.start ? Reflect.apply(d.start, sink, [p]) : undefined; },
      d.write ? (chunk) => promiseCall(d.write, sink, chunk, pub) : () => resolvedWith(undefined),
      d.close ? () => promiseCall(d.close, sink) : () => resolvedWith(undefined),
      d.abort ? (reason) => promiseCall(d.abort, sink, reason) : () => resolvedWith(undefined),
      hwm, size);
  }
  get locked() { return isWritableLocked(slotOf(this, WS, "WritableStream.locked")); }
  abort(reason = undefined) {
    let s;
    try { s = slotOf(this, WS, "WritableStream.abort"); } catch (e) { return rejectedWith(e); }
    if (isWritableLocked(s)) return rejectedWith(new TypeError("WritableStream.abort: the stream is locked to a writer"));
    return writableStreamAbort(s, reason);
  }
  close() {
    let s;
    try { s = slotOf(this, WS, "WritableStream.close"); } catch (e) { return rejectedWith(e); }
    if (isWritableLocked(s)) return rejectedWith(new TypeError("WritableStream.close: the stream is locked to a writer"));
    if (closeQueuedOrInFlight(s)) return rejectedWith(new TypeError("WritableStream.close: the stream is already closing"));
    return writableStreamClose(s);
  }
  getWriter() { return acquireWriter(slotOf(this, WS, "WritableStream.getWriter")).pub; }
}

const isWritableLocked = (s) => s.writer !== undefined;

function writableStreamAbort(s, reason) {
  if (s.state === "closed" || s.state === "errored") return resolvedWith(undefined);
  s.controller.abortController.abort(reason);
  const state = s.state;
  if (state === "closed" || state === "errored") return resolvedWith(undefined);
  if (s.pendingAbortRequest !== undefined) return s.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") { wasAlreadyErroring = true; reason = undefined; }
  const promise = deferred();
  s.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStartErroring(s, reason);
  return promise.promise;
}

function writableStreamClose(s) {
  if (s.state === "closed" || s.state === "errored")
    return rejectedWith(new TypeError("the stream is closed or errored"));
  const promise = deferred();
  s.closeRequest = promise;
  const w = s.writer;
  if (w !== undefined && s.backpressure && s.state === "writable") w.ready.resolve(undefined);
  enqueueValueWithSize(s.controller, CLOSE_SENTINEL, 0);
  writableControllerAdvanceQueueIfNeeded(s.controller);
  return promise.promise;
}

const closeQueuedOrInFlight = (s) => s.closeRequest !== undefined || s.inFlightCloseRequest !== undefined;

function writableDealWithRejection(s, error) {
  if (s.state === "writable") { writableStartErroring(s, error); return; }
  writableFinishErroring(s);
}

function writableFinishErroring(s) {
  s.state = "errored";
  resetQueue(s.controller);
  const storedError = s.storedError;
  for (const r of s.writeRequests) r.reject(storedError);
  s.writeRequests = [];
  if (s.pendingAbortRequest === undefined) { rejectCloseAndClosedPromiseIfNeeded(s); return; }
  const abortRequest = s.pendingAbortRequest;
  s.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.promise.reject(storedError);
    rejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  const c = s.controller;
  const p = c.abortAlgorithm(abortRequest.reason);
  writableControllerClearAlgorithms(c);
  upon(p, () => {
    abortRequest.promise.resolve(undefined);
    rejectCloseAndClosedPromiseIfNeeded(s);
  }, (reason) => {
    abortRequest.promise.reject(reason);
    rejectCloseAndClosedPromiseIfNeeded(s);
  });
}

function writableFinishInFlightClose(s) {
  s.inFlightCloseRequest.resolve(undefined);
  s.inFlightCloseRequest = undefined;
  if (s.state === "erroring") {
    s.storedError = undefined;
    if (s.pendingAbortRequest !== undefined) {
      s.pendingAbortRequest.promise.resolve(undefined);
      s.pendingAbortRequest = undefined;
    }
  }
  s.state = "closed";
  if (s.writer !== undefined) s.writer.closed.resolve(undefined);
}
function writableFinishInFlightCloseWithError(s, error) {
  s.inFlightCloseRequest.reject(error);
  s.inFlightCloseRequest = undefined;
  if (s.pendingAbortRequest !== undefined) {
    s.pendingAbortRequest.promise.reject(error);
    s.pendingAbortRequest = undefined;
  }
  writableDealWithRejection(s, error);
}
function writableFinishInFlightWrite(s) { s.inFlightWriteRequest.resolve(undefined); s.inFlightWriteRequest = undefined; }
function writableFinishInFlightWriteWithError(s, error) {
  s.inFlightWriteRequest.reject(error);
  s.inFlightWriteRequest = undefined;
  writableDealWithRejection(s, error);
}
const hasOperationMarkedInFlight = (s) => s.inFlightWriteRequest !== undefined || s.inFlightCloseRequest !== undefined;

function rejectCloseAndClosedPromiseIfNeeded(s) {
  if (s.closeRequest !== undefined) {
    s.closeRequest.reject(s.storedError);
    s.closeRequest = undefined;
  }
  const w = s.writer;
  if (w !== undefined) {
    w.closed.reject(s.storedError);
    markHandled(w.closed.promise);
  }
}

function writableStartErroring(s, reason) {
  s.state = "erroring";
  s.storedError = reason;
  const w = s.writer;
  if (w !== undefined) writerEnsureReadyPromiseRejected(w, reason);
  if (!hasOperationMarkedInFlight(s) && s.controller.started) writableFinishErroring(s);
}

function writableUpdateBackpressure(s, backpressure) {
  const w = s.writer;
  if (w !== undefined && backpressure !== s.backpressure) {
    if (backpressure) w.ready = deferred();
    else w.ready.resolve(undefined);
  }
  s.backpressure = backpressure;
}

// ---- writer
function setUpWriter(pub, s) {
  if (isWritableLocked(s)) throw new TypeError("WritableStreamDefaultWriter: the stream is already locked to a writer");
  const w = { kind: WSDW, pub, stream: s, ready: undefined, closed: undefined };
  slots.set(pub, w);
  s.writer = w;
  const state = s.state;
  if (state === "writable") {
    w.ready = !closeQueuedOrInFlight(s) && s.backpressure ? deferred() : resolvedDeferred(undefined);
    w.closed = deferred();
  } else if (state === "erroring") {
    w.ready = rejectedDeferred(s.storedError);
    w.closed = deferred();
  } else if (state === "closed") {
    w.ready = resolvedDeferred(undefined);
    w.closed = resolvedDeferred(undefined);
  } else {
    w.ready = rejectedDeferred(s.storedError);
    w.closed = rejectedDeferred(s.storedError);
  }
  return w;
}
const acquireWriter = (s) => setUpWriter(Object.create(WritableStreamDefaultWriter.prototype), s);

function writerEnsureClosedPromiseRejected(w, error) {
  if (w.closed.state === "pending") w.closed.reject(error);
  else w.closed = rejectedDeferred(error);
  markHandled(w.closed.promise);
}
function writerEnsureReadyPromiseRejected(w, error) {
  if (w.ready.state === "pending") w.ready.reject(error);
  else w.ready = rejectedDeferred(error);
  markHandled(w.ready.promise);
}
function writerDesiredSize(w) {
  const st = w.stream.state;
  if (st === "errored" || st === "erroring") return null;
  if (st === "closed") return 0;
  return w.stream.controller.strategyHWM - w.stream.controller.queueTotalSize;
}
function writerRelease(w) {
  const s = w.stream;
  const e = new TypeError("the writer's lock was released");
  writerEnsureReadyPromiseRejected(w, e);
  writerEnsureClosedPromiseRejected(w, e);
  s.writer = undefined;
  w.stream = undefined;
}
function writerWrite(w, chunk) {
  const s = w.stream;
  const c = s.controller;
  const chunkSize = writableControllerGetChunkSize(c, chunk);
  if (s !== w.stream) return rejectedWith(new TypeError("write: the writer's lock was released"));
  const state = s.state;
  if (state === "errored") return rejectedWith(s.storedError);
  if (closeQueuedOrInFlight(s) || state === "closed") return rejectedWith(new TypeError("write: the stream is closing or closed"));
  if (state === "erroring") return rejectedWith(s.storedError);
  const d = deferred();
  s.writeRequests.push(d);
  writableControllerWrite(c, chunk, chunkSize);
  return d.promise;
}
function writerCloseWithErrorPropagation(w) {
  const s = w.stream;
  const state = s.state;
  if (closeQueuedOrInFlight(s) || state === "closed") return resolvedWith(undefined);
  if (state === "errored") return rejectedWith(s.storedError);
  return writableStreamClose(s);
}

class WritableStreamDefaultWriter {
  constructor(stream) {
    if (arguments.length === 0) throw new TypeError("WritableStreamDefaultWriter: 1 argument required");
    setUpWriter(this, slotOf(stream, WS, "WritableStreamDefaultWriter"));
  }
  get closed() {
    try { return slotOf(this, WSDW, "closed").closed.promise; } catch (e) { return rejectedWith(e); }
  }
  get desiredSize() {
    const w = slotOf(this, WSDW, "desiredSize");
    if (w.stream === undefined) throw new TypeError("desiredSize: the writer's lock was released");
    return writerDesiredSize(w);
  }
  get ready() {
    try { return slotOf(this, WSDW, "ready").ready.promise; } catch (e) { return rejectedWith(e); }
  }
  abort(reason = undefined) {
    let w;
    try { w = slotOf(this, WSDW, "WritableStreamDefaultWriter.abort"); } catch (e) { return rejectedWith(e); }
    if (w.stream === undefined) return rejectedWith(new TypeError("abort: the writer's lock was released"));
    return writableStreamAbort(w.stream, reason);
  }
  close() {
    let w;
    try { w = slotOf(this, WSDW, "WritableStreamDefaultWriter.close"); } catch (e) { return rejectedWith(e); }
    const s = w.stream;
    if (s === undefined) return rejectedWith(new TypeError("close: the writer's lock was released"));
    if (closeQueuedOrInFlight(s)) return rejectedWith(new TypeError("close: the stream is already closing"));
    return writableStreamClose(s);
  }
  releaseLock() {
    const w = slotOf(this, WSDW, "WritableStreamDefaultWriter.releaseLock");
    if (w.stream !== undefined) writerRelease(w);
  }
  write(chunk = undefined) {
    let w;
    try { w = slotOf(this, WSDW, "WritableStreamDefaultWriter.write"); } catch (e) { return rejectedWith(e); }
    if (w.stream === undefined) return rejectedWith(new TypeError("write: the writer's lock was released"));
    return writerWrite(w, chunk);
  }
}

// ---- controller
class WritableStreamDefaultController {
  constructor() { throw new TypeError("Illegal constructor"); }
  get signal() { return slotOf(this, WSDC, "signal").abortController.signal; }
  error(e = undefined) {
    const c = slotOf(this, WSDC, "WritableStreamDefaultController.error");
    if (c.stream.state !== "writable") return;
    writableControllerError(c, e);
  }
}

function setUpWritableController(s, start, write, close, abort, hwm, size) {
  const pub = Object.create(WritableStreamDefaultController.prototype);
  const c = { kind: WSDC, pub, stream: s, queue: [], queueTotalSize: 0, abortController: new AbortController(),
    started: false, strategySizeAlgorithm: size, strategyHWM: hwm,
    writeAlgorithm: write, closeAlgorithm: close, abortAlgorithm: abort };
  slots.set(pub, c);
  s.controller = c;
  writableUpdateBackpressure(s, writableControllerGetBackpressure(c));
  const startResult = start(pub);
  upon(resolvedWith(startResult), () => {
    c.started = true;
    writableControllerAdvanceQueueIfNeeded(c);
  }, (r) => {
    c.started = true;
    writableDealWithRejection(s, r);
  });
  return c;
}

function createWritableStream(start, write, close, abort, hwm = 1, size = () => 1) {
  const s = newWritableRecord(Object.create(WritableStream.prototype));
  setUpWritableController(s, start, write, close, abort, hwm, size);
  return s;
}

function writableControllerAdvanceQueueIfNeeded(c) {
  const s = c.stream;
  if (!c.started || s.inFlightWriteRequest !== undefined) return;
  if (s.state === "erroring") { writableFinishErroring(s); return; }
  if (c.queue.length === 0) return;
  const value = peekQueueValue(c);
  if (value === CLOSE_SENTINEL) writableControllerProcessClose(c);
  else writableControllerProcessWrite(c, value);
}
function writableControllerClearAlgorithms(c) {
  c.writeAlgorithm = undefined; c.closeAlgorithm = undefined; c.abortAlgorithm = undefined; c.strategySizeAlgorithm = undefined;
}
function writableControllerError(c, e) {
  writableControllerClearAlgorithms(c);
  writableStartErroring(c.stream, e);
}
function writableControllerErrorIfNeeded(c, e) { if (c.stream.state === "writable") writableControllerError(c, e); }
const writableControllerGetBackpressure = (c) => c.strategyHWM - c.queueTotalSize <= 0;
function writableControllerGetChunkSize(c, chunk) {
  if (c.strategySizeAlgorithm === undefined) return 1;
  try { return c.strategySizeAlgorithm(chunk); } catch (e) { writableControllerErrorIfNeeded(c, e); return 1; }
}
function writableControllerProcessClose(c) {
  const s = c.stream;
  s.inFlightCloseRequest = s.closeRequest;
  s.closeRequest = undefined;
  dequeueValue(c);
  const p = c.closeAlgorithm();
  writableControllerClearAlgorithms(c);
  upon(p, () => writableFinishInFlightClose(s), (r) => writableFinishInFlightCloseWithError(s, r));
}
function writableControllerProcessWrite(c, chunk) {
  const s = c.stream;
  s.inFlightWriteRequest = s.writeRequests.shift();
  upon(c.writeAlgorithm(chunk), () => {
    writableFinishInFlightWrite(s);
    const state = s.state;
    dequeueValue(c);
    if (!closeQueuedOrInFlight(s) && state === "writable") writableUpdateBackpressure(s, writableControllerGetBackpressure(c));
    writableControllerAdvanceQueueIfNeeded(c);
  }, (reason) => {
    if (s.state === "writable") writableControllerClearAlgorithms(c);
    writableFinishInFlightWriteWithError(s, reason);
  });
}
function writableControllerWrite(c, chunk, chunkSize) {
  try { enqueueValueWithSize(c, chunk, chunkSize); } catch (e) { writableControllerErrorIfNeeded(c, e); return; }
  const s = c.stream;
  if (!closeQueuedOrInFlight(s) && s.state === "writable") writableUpdateBackpressure(s, writableControllerGetBackpressure(c));
  writableControllerAdvanceQueueIfNeeded(c);
}

webidlClass(WritableStream, "WritableStream");
webidlClass(WritableStreamDefaultWriter, "WritableStreamDefaultWriter");
webidlClass(WritableStreamDefaultController, "WritableStreamDefaultController");
