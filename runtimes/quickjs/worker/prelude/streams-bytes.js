// Readable byte streams: ReadableByteStreamController and ReadableStreamBYOBRequest
// (https://streams.spec.whatwg.org/#rbs-controller-class). Buffers handed to the stream are
// transferred (detached) as the spec says, with native.transfer.

const BYOBREQ = "ReadableStreamBYOBRequest";

class ReadableByteStreamController {
  constructor() { throw new TypeError("Illegal constructor"); }
  get byobRequest() {
    const r = byteControllerGetBYOBRequest(slotOf(this, RBSC, "byobRequest"));
    return r === null ? null : r.pub;
  }
  get desiredSize() { return byteControllerDesiredSize(slotOf(this, RBSC, "desiredSize")); }
  close() {
    const c = slotOf(this, RBSC, "ReadableByteStreamController.close");
    if (c.closeRequested) throw new TypeError("close: the stream is already closing");
    if (c.stream.state !== "readable") throw new TypeError("close: the stream is not readable");
    byteControllerClose(c);
  }
  enqueue(chunk) {
    const c = slotOf(this, RBSC, "ReadableByteStreamController.enqueue");
    if (!isArrayBufferView(chunk)) throw new TypeError("enqueue: chunk must be an ArrayBufferView");
    if (chunk.byteLength === 0) throw new TypeError("enqueue: chunk must have a non-zero byteLength");
    if (chunk.buffer.byteLength === 0) throw new TypeError("enqueue: chunk's buffer must have a non-zero byteLength");
    if (c.closeRequested) throw new TypeError("enqueue: the stream is closing");
    if (c.stream.state !== "readable") throw new TypeError("enqueue: the stream is not readable");
    byteControllerEnqueue(c, chunk);
  }
  error(e = undefined) { byteControllerError(slotOf(this, RBSC, "ReadableByteStreamController.error"), e); }
}

class ReadableStreamBYOBRequest {
  constructor() { throw new TypeError("Illegal constructor"); }
  get view() { return slotOf(this, BYOBREQ, "view").view; }
  respond(bytesWritten) {
    const r = slotOf(this, BYOBREQ, "ReadableStreamBYOBRequest.respond");
    if (arguments.length === 0) throw new TypeError("respond: 1 argument required");
    const n = unsignedLongLong(bytesWritten, "bytesWritten");
    if (r.controller === undefined) throw new TypeError("respond: this request has been invalidated");
    if (isDetached(r.view.buffer)) throw new TypeError("respond: the view's buffer has been detached");
    byteControllerRespond(r.controller, n);
  }
  respondWithNewView(view) {
    const r = slotOf(this, BYOBREQ, "ReadableStreamBYOBRequest.respondWithNewView");
    if (!isArrayBufferView(view)) throw new TypeError("respondWithNewView: view must be an ArrayBufferView");
    if (r.controller === undefined) throw new TypeError("respondWithNewView: this request has been invalidated");
    if (isDetached(view.buffer)) throw new TypeError("respondWithNewView: the view's buffer has been detached");
    byteControllerRespondWithNewView(r.controller, view);
  }
}

function setUpByteController(s, start, pull, cancel, hwm, autoAllocateChunkSize) {
  const pub = Object.create(ReadableByteStreamController.prototype);
  const c = {
    kind: RBSC, pub, stream: s, pullAgain: false, pulling: false, byobRequest: null, queue: [], queueTotalSize: 0,
    closeRequested: false, started: false, strategyHWM: hwm, pullAlgorithm: pull, cancelAlgorithm: cancel,
    autoAllocateChunkSize, pendingPullIntos: [],
    cancelSteps(reason) {
      byteControllerClearPendingPullIntos(c);
      resetQueue(c);
      const result = c.cancelAlgorithm(reason);
      byteControllerClearAlgorithms(c);
      return result;
    },
    pullSteps(req) {
      if (c.queueTotalSize > 0) { byteControllerFillReadRequestFromQueue(c, req); return; }
      const aacs = c.autoAllocateChunkSize;
      if (aacs !== undefined) {
        let buffer;
        try { buffer = new ArrayBuffer(aacs); } catch (e) { req.errorSteps(e); return; }
        c.pendingPullIntos.push({ buffer, bufferByteLength: aacs, byteOffset: 0, byteLength: aacs, bytesFilled: 0,
          minimumFill: 1, elementSize: 1, viewConstructor: Uint8Array, readerType: "default" });
      }
      addReadRequest(s, req);
      byteControllerCallPullIfNeeded(c);
    },
    releaseSteps() {
      if (c.pendingPullIntos.length > 0) {
        const first = c.pendingPullIntos[0];
        first.readerType = "none";
        c.pendingPullIntos = [first];
      }
    },
  };
  slots.set(pub, c);
  s.controller = c;
  const startResult = start(pub);
  upon(resolvedWith(startResult), () => {
    c.started = true;
    byteControllerCallPullIfNeeded(c);
  }, (r) => byteControllerError(c, r));
  return c;
}

function setUpByteControllerFromSource(s, src, d, hwm) {
  if (d.autoAllocateChunkSize === 0) throw new TypeError("ReadableStream: autoAllocateChunkSize must be greater than 0");
  let pub;
  const start = d.start ? (c) => Reflect.apply(d.start, src, [c]) : () => undefined;
  const pull = d.pull ? () => promiseCall(d.pull, src, pub) : () => resolvedWith(undefined);
  const cancel = d.cancel ? (reason) => promiseCall(d.cancel, src, reason) : () => resolvedWith(undefined);
  setUpByteController(s, (p) => { pub = p; return start(p); }, pull, cancel, hwm, d.autoAllocateChunkSize);
}

function createReadableByteStream(start, pull, cancel) {
  const s = newReadableRecord(Object.create(ReadableStream.prototype));
  setUpByteController(s, start, pull, cancel, 0, undefined);
  return s;
}

function byteControllerCallPullIfNeeded(c) {
  if (!byteControllerShouldCallPull(c)) return;
  if (c.pulling) { c.pullAgain = true; return; }
  c.pulling = true;
  upon(c.pullAlgorithm(), () => {
    c.pulling = false;
    if (c.pullAgain) { c.pullAgain = false; byteControllerCallPullIfNeeded(c); }
  }, (e) => byteControllerError(c, e));
}
function byteControllerShouldCallPull(c) {
  const s = c.stream;
  if (s.state !== "readable" || c.closeRequested || !c.started) return false;
  if (hasDefaultReader(s) && numReadRequests(s) > 0) return true;
  if (hasBYOBReader(s) && numReadIntoRequests(s) > 0) return true;
  return byteControllerDesiredSize(c) > 0;
}
function byteControllerClearAlgorithms(c) { c.pullAlgorithm = undefined; c.cancelAlgorithm = undefined; }
function byteControllerClearPendingPullIntos(c) { byteControllerInvalidateBYOBRequest(c); c.pendingPullIntos = []; }
function byteControllerDesiredSize(c) {
  const st = c.stream.state;
  if (st === "errored") return null;
  if (st === "closed") return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function byteControllerClose(c) {
  const s = c.stream;
  if (c.closeRequested || s.state !== "readable") return;
  if (c.queueTotalSize > 0) { c.closeRequested = true; return; }
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    if (first.bytesFilled % first.elementSize !== 0) {
      const e = new TypeError("close: a partial element is pending in the BYOB request");
      byteControllerError(c, e);
      throw e;
    }
  }
  byteControllerClearAlgorithms(c);
  readableStreamClose(s);
}

function byteControllerError(c, e) {
  const s = c.stream;
  if (s.state !== "readable") return;
  byteControllerClearPendingPullIntos(c);
  resetQueue(c);
  byteControllerClearAlgorithms(c);
  readableStreamError(s, e);
}

function commitPullIntoDescriptor(s, pid) {
  let done = false;
  if (s.state === "closed") done = true;
  const filled = convertPullIntoDescriptor(pid);
  if (pid.readerType === "default") fulfillReadRequest(s, filled, done);
  else fulfillReadIntoRequest(s, filled, done);
}
function convertPullIntoDescriptor(pid) {
  const buffer = transferArrayBuffer(pid.buffer);
  return new pid.viewConstructor(buffer, pid.byteOffset, pid.bytesFilled / pid.elementSize);
}

function byteControllerEnqueue(c, chunk) {
  const s = c.stream;
  if (c.closeRequested || s.state !== "readable") return;
  const { buffer, byteOffset, byteLength } = chunk;
  if (isDetached(buffer)) throw new TypeError("enqueue: the chunk's buffer is detached");
  const transferred = transferArrayBuffer(buffer);
  if (c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    if (isDetached(first.buffer)) throw new TypeError("enqueue: the BYOB request's buffer is detached");
    byteControllerInvalidateBYOBRequest(c);
    first.buffer = transferArrayBuffer(first.buffer);
    if (first.readerType === "none") enqueueDetachedPullIntoToQueue(c, first);
  }
  if (hasDefaultReader(s)) {
    processReadRequestsUsingQueue(c);
    if (numReadRequests(s) === 0) enqueueChunkToQueue(c, transferred, byteOffset, byteLength);
    else {
      if (c.pendingPullIntos.length > 0) shiftPendingPullInto(c);
      fulfillReadRequest(s, new Uint8Array(transferred, byteOffset, byteLength), false);
    }
  } else if (hasBYOBReader(s)) {
    enqueueChunkToQueue(c, transferred, byteOffset, byteLength);
    for (const pid of processPullIntoDescriptorsUsingQueue(c)) commitPullIntoDescriptor(s, pid);
  } else {
    enqueueChunkToQueue(c, transferred, byteOffset, byteLength);
  }
  byteControllerCallPullIfNeeded(c);
}

function enqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}
function enqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
  let clone;
  try { clone = buffer.slice(byteOffset, byteOffset + byteLength); } catch (e) { byteControllerError(c, e); throw e; }
  enqueueChunkToQueue(c, clone, 0, byteLength);
}
function enqueueDetachedPullIntoToQueue(c, pid) {
  if (pid.bytesFilled > 0) enqueueClonedChunkToQueue(c, pid.buffer, pid.byteOffset, pid.bytesFilled);
  shiftPendingPullInto(c);
}

function fillPullIntoDescriptorFromQueue(c, pid) {
  const maxBytesToCopy = Math.min(c.queueTotalSize, pid.byteLength - pid.bytesFilled);
  const maxBytesFilled = pid.bytesFilled + maxBytesToCopy;
  let remaining = maxBytesToCopy;
  let ready = false;
  const maxAligned = maxBytesFilled - (maxBytesFilled % pid.elementSize);
  if (maxAligned >= pid.minimumFill) { remaining = maxAligned - pid.bytesFilled; ready = true; }
  while (remaining > 0) {
    const head = c.queue[0];
    const n = Math.min(remaining, head.byteLength);
    new Uint8Array(pid.buffer, pid.byteOffset + pid.bytesFilled, n).set(new Uint8Array(head.buffer, head.byteOffset, n));
    if (head.byteLength === n) c.queue.shift();
    else { head.byteOffset += n; head.byteLength -= n; }
    c.queueTotalSize -= n;
    pid.bytesFilled += n;
    remaining -= n;
  }
  return ready;
}

function byteControllerFillReadRequestFromQueue(c, req) {
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  byteControllerHandleQueueDrain(c);
  req.chunkSteps(new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength));
}

function byteControllerGetBYOBRequest(c) {
  if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
    const first = c.pendingPullIntos[0];
    const view = new Uint8Array(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
    const pub = Object.create(ReadableStreamBYOBRequest.prototype);
    const r = { kind: BYOBREQ, pub, controller: c, view };
    slots.set(pub, r);
    c.byobRequest = r;
  }
  return c.byobRequest;
}

function byteControllerHandleQueueDrain(c) {
  if (c.queueTotalSize === 0 && c.closeRequested) {
    byteControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  } else byteControllerCallPullIfNeeded(c);
}

function byteControllerInvalidateBYOBRequest(c) {
  if (c.byobRequest === null) return;
  c.byobRequest.controller = undefined;
  c.byobRequest.view = null;
  c.byobRequest = null;
}

function processPullIntoDescriptorsUsingQueue(c) {
  const filled = [];
  while (c.pendingPullIntos.length > 0) {
    if (c.queueTotalSize === 0) break;
    const pid = c.pendingPullIntos[0];
    if (fillPullIntoDescriptorFromQueue(c, pid)) {
      shiftPendingPullInto(c);
      filled.push(pid);
    }
  }
  return filled;
}
function processReadRequestsUsingQueue(c) {
  const reader = c.stream.reader;
  while (reader.readRequests.length > 0) {
    if (c.queueTotalSize === 0) return;
    byteControllerFillReadRequestFromQueue(c, reader.readRequests.shift());
  }
}

function byteControllerPullInto(c, view, min, req) {
  const s = c.stream;
  let elementSize = 1, ctor = DataView;
  if (!(view instanceof DataView)) { elementSize = view.BYTES_PER_ELEMENT; ctor = view.constructor; }
  const minimumFill = min * elementSize;
  const { byteOffset, byteLength } = view;
  let buffer;
  try { buffer = transferArrayBuffer(view.buffer); } catch (e) { req.errorSteps(e); return; }
  const pid = { buffer, bufferByteLength: buffer.byteLength, byteOffset, byteLength, bytesFilled: 0, minimumFill,
    elementSize, viewConstructor: ctor, readerType: "byob" };
  if (c.pendingPullIntos.length > 0) {
    c.pendingPullIntos.push(pid);
    addReadIntoRequest(s, req);
    return;
  }
  if (s.state === "closed") { req.closeSteps(new ctor(pid.buffer, pid.byteOffset, 0)); return; }
  if (c.queueTotalSize > 0) {
    if (fillPullIntoDescriptorFromQueue(c, pid)) {
      const filled = convertPullIntoDescriptor(pid);
      byteControllerHandleQueueDrain(c);
      req.chunkSteps(filled);
      return;
    }
    if (c.closeRequested) {
      const e = new TypeError("read: the stream closed with a partial element pending");
      byteControllerError(c, e);
      req.errorSteps(e);
      return;
    }
  }
  c.pendingPullIntos.push(pid);
  addReadIntoRequest(s, req);
  byteControllerCallPullIfNeeded(c);
}

function byteControllerRespond(c, bytesWritten) {
  const first = c.pendingPullIntos[0];
  if (c.stream.state === "closed") {
    if (bytesWritten !== 0) throw new TypeError("respond: bytesWritten must be 0 when the stream is closed");
  } else {
    if (bytesWritten === 0) throw new TypeError("respond: bytesWritten must be greater than 0");
    if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeError("respond: bytesWritten is larger than the view");
  }
  first.buffer = transferArrayBuffer(first.buffer);
  byteControllerRespondInternal(c, bytesWritten);
}

function respondInClosedState(c, first) {
  if (first.readerType === "none") shiftPendingPullInto(c);
  const s = c.stream;
  if (hasBYOBReader(s)) {
    while (numReadIntoRequests(s) > 0) commitPullIntoDescriptor(s, shiftPendingPullInto(c));
  }
}

function respondInReadableState(c, bytesWritten, pid) {
  pid.bytesFilled += bytesWritten;
  if (pid.readerType === "none") {
    enqueueDetachedPullIntoToQueue(c, pid);
    for (const p of processPullIntoDescriptorsUsingQueue(c)) commitPullIntoDescriptor(c.stream, p);
    return;
  }
  if (pid.bytesFilled < pid.minimumFill) return;
  shiftPendingPullInto(c);
  const rem = pid.bytesFilled % pid.elementSize;
  if (rem > 0) {
    const end = pid.byteOffset + pid.bytesFilled;
    enqueueClonedChunkToQueue(c, pid.buffer, end - rem, rem);
  }
  pid.bytesFilled -= rem;
  const filled = processPullIntoDescriptorsUsingQueue(c);
  commitPullIntoDescriptor(c.stream, pid);
  for (const p of filled) commitPullIntoDescriptor(c.stream, p);
}

function byteControllerRespondInternal(c, bytesWritten) {
  const first = c.pendingPullIntos[0];
  byteControllerInvalidateBYOBRequest(c);
  if (c.stream.state === "closed") respondInClosedState(c, first);
  else respondInReadableState(c, bytesWritten, first);
  byteControllerCallPullIfNeeded(c);
}

function byteControllerRespondWithNewView(c, view) {
  const first = c.pendingPullIntos[0];
  if (c.stream.state === "closed") {
    if (view.byteLength !== 0) throw new TypeError("respondWithNewView: the view must be empty when the stream is closed");
  } else if (view.byteLength === 0) throw new TypeError("respondWithNewView: the view must not be empty");
  if (first.byteOffset + first.bytesFilled !== view.byteOffset) throw new RangeError("respondWithNewView: the view's offset does not match the request");
  if (first.bufferByteLength !== view.buffer.byteLength) throw new RangeError("respondWithNewView: the view's buffer size does not match the request");
  if (first.bytesFilled + view.byteLength > first.byteLength) throw new RangeError("respondWithNewView: the view is larger than the request");
  const n = view.byteLength;
  first.buffer = transferArrayBuffer(view.buffer);
  byteControllerRespondInternal(c, n);
}

const shiftPendingPullInto = (c) => c.pendingPullIntos.shift();

webidlClass(ReadableByteStreamController, "ReadableByteStreamController");
webidlClass(ReadableStreamBYOBRequest, "ReadableStreamBYOBRequest");
