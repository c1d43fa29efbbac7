// TransformStream and TransformStreamDefaultController
// (https://streams.spec.whatwg.org/#ts-class), plus TextEncoderStream / TextDecoderStream
// (https://encoding.spec.whatwg.org/#interface-textencoderstream).

const TS = "TransformStream", TSDC = "TransformStreamDefaultController";

class TransformStream {
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer !== undefined && !isObject(transformer)) throw new TypeError("TransformStream: the transformer must be an object");
    const wStrat = queuingStrategy(writableStrategy);
    const rStrat = queuingStrategy(readableStrategy);
    const t = transformer === undefined ? null : transformer;
    const dict = t === null ? {} : t;
    const d = {
      cancel: callbackMember(dict, "cancel", "the transformer"),
      flush: callbackMember(dict, "flush", "the transformer"),
      readableType: dict.readableType,
      start: callbackMember(dict, "start", "the transformer"),
      transform: callbackMember(dict, "transform", "the transformer"),
      writableType: dict.writableType,
    };
    if (d.readableType !== undefined) throw new RangeError("TransformStream: invalid readableType");
    if (d.writableType !== undefined) throw new RangeError("TransformStream: invalid writableType");
    const rHWM = extractHighWaterMark(rStrat, 0), rSize = extractSizeAlgorithm(rStrat);
    const wHWM = extractHighWaterMark(wStrat, 1), wSize = extractSizeAlgorithm(wStrat);
    const startPromise = deferred();
    const s = initializeTransformStream(this, startPromise, wHWM, wSize, rHWM, rSize);
    const c = setUpTransformControllerFromTransformer(s, t, d);
    if (d.start) startPromise.resolve(Reflect.apply(d.start, t, [c.pub]));
    else startPromise.resolve(undefined);
  }
  get readable() { return slotOf(this, TS, "readable").readable.pub; }
  get writable() { return slotOf(this, TS, "writable").writable.pub; }
}

function initializeTransformStream(pub, startPromise, wHWM, wSize, rHWM, rSize) {
  const s = { kind: TS, pub, readable: undefined, writable: undefined, backpressure: undefined, backpressureChangePromise: undefined, controller: undefined };
  slots.set(pub, s);
  const start = () => startPromise.promise;
  s.writable = createWritableStream(start, (chunk) => transformSinkWrite(s, chunk), () => transformSinkClose(s),
    (reason) => transformSinkAbort(s, reason), wHWM, wSize);
  s.readable = createReadableStream(start, () => transformSourcePull(s), (reason) => transformSourceCancel(s, reason), rHWM, rSize);
  transformSetBackpressure(s, true);
  return s;
}

function transformStreamError(s, e) {
  defaultControllerError(s.readable.controller, e);
  transformErrorWritableAndUnblockWrite(s, e);
}
function transformErrorWritableAndUnblockWrite(s, e) {
  transformControllerClearAlgorithms(s.controller);
  writableControllerErrorIfNeeded(s.writable.controller, e);
  if (s.backpressure) transformSetBackpressure(s, false);
}
function transformSetBackpressure(s, bp) {
  if (s.backpressureChangePromise !== undefined) s.backpressureChangePromise.resolve(undefined);
  s.backpressureChangePromise = deferred();
  s.backpressure = bp;
}

class TransformStreamDefaultController {
  constructor() { throw new TypeError("Illegal constructor"); }
  get desiredSize() { return defaultControllerDesiredSize(slotOf(this, TSDC, "desiredSize").stream.readable.controller); }
  enqueue(chunk = undefined) { transformControllerEnqueue(slotOf(this, TSDC, "TransformStreamDefaultController.enqueue"), chunk); }
  error(reason = undefined) { transformStreamError(slotOf(this, TSDC, "TransformStreamDefaultController.error").stream, reason); }
  terminate() { transformControllerTerminate(slotOf(this, TSDC, "TransformStreamDefaultController.terminate")); }
}

function setUpTransformController(s, transform, flush, cancel) {
  const pub = Object.create(TransformStreamDefaultController.prototype);
  const c = { kind: TSDC, pub, stream: s, transformAlgorithm: transform, flushAlgorithm: flush, cancelAlgorithm: cancel, finishPromise: undefined };
  slots.set(pub, c);
  s.controller = c;
  return c;
}
function setUpTransformControllerFromTransformer(s, t, d) {
  let c;
  const transform = d.transform ? (chunk) => promiseCall(d.transform, t, chunk, c.pub) : (chunk) => {
    try { transformControllerEnqueue(c, chunk); return resolvedWith(undefined); } catch (e) { return rejectedWith(e); }
  };
  const flush = d.flush ? () => promiseCall(d.flush, t, c.pub) : () => resolvedWith(undefined);
  const cancel = d.cancel ? (reason) => promiseCall(d.cancel, t, reason) : () => resolvedWith(undefined);
  c = setUpTransformController(s, transform, flush, cancel);
  return c;
}
function transformControllerClearAlgorithms(c) { c.transformAlgorithm = undefined; c.flushAlgorithm = undefined; c.cancelAlgorithm = undefined; }
function transformControllerEnqueue(c, chunk) {
  const s = c.stream;
  const rc = s.readable.controller;
  if (!defaultControllerCanCloseOrEnqueue(rc)) throw new TypeError("enqueue: the readable side is closed or errored");
  try { defaultControllerEnqueue(rc, chunk); } catch (e) {
    transformErrorWritableAndUnblockWrite(s, e);
    throw s.readable.storedError;
  }
  const bp = defaultControllerHasBackpressure(rc);
  if (bp !== s.backpressure) transformSetBackpressure(s, true);
}
function transformControllerPerformTransform(c, chunk) {
  return transformPromise(c.transformAlgorithm(chunk), undefined, (r) => { transformStreamError(c.stream, r); throw r; });
}
function transformControllerTerminate(c) {
  const s = c.stream;
  defaultControllerClose(s.readable.controller);
  transformErrorWritableAndUnblockWrite(s, new TypeError("the TransformStream was terminated"));
}

function transformSinkWrite(s, chunk) {
  const c = s.controller;
  if (s.backpressure) {
    return transformPromise(s.backpressureChangePromise.promise, () => {
      const w = s.writable;
      if (w.state === "erroring") throw w.storedError;
      return transformControllerPerformTransform(c, chunk);
    });
  }
  return transformControllerPerformTransform(c, chunk);
}
function transformSinkAbort(s, reason) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = s.readable;
  c.finishPromise = deferred();
  const p = c.cancelAlgorithm(reason);
  transformControllerClearAlgorithms(c);
  upon(p, () => {
    if (readable.state === "errored") c.finishPromise.reject(readable.storedError);
    else { defaultControllerError(readable.controller, reason); c.finishPromise.resolve(undefined); }
  }, (r) => { defaultControllerError(readable.controller, r); c.finishPromise.reject(r); });
  return c.finishPromise.promise;
}
function transformSinkClose(s) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = s.readable;
  c.finishPromise = deferred();
  const p = c.flushAlgorithm();
  transformControllerClearAlgorithms(c);
  upon(p, () => {
    if (readable.state === "errored") c.finishPromise.reject(readable.storedError);
    else { defaultControllerClose(readable.controller); c.finishPromise.resolve(undefined); }
  }, (r) => { defaultControllerError(readable.controller, r); c.finishPromise.reject(r); });
  return c.finishPromise.promise;
}
function transformSourceCancel(s, reason) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const writable = s.writable;
  c.finishPromise = deferred();
  const p = c.cancelAlgorithm(reason);
  transformControllerClearAlgorithms(c);
  upon(p, () => {
    if (writable.state === "errored") c.finishPromise.reject(writable.storedError);
    else {
      writableControllerErrorIfNeeded(writable.controller, reason);
      if (s.backpressure) transformSetBackpressure(s, false);
      c.finishPromise.resolve(undefined);
    }
  }, (r) => {
    writableControllerErrorIfNeeded(writable.controller, r);
    if (s.backpressure) transformSetBackpressure(s, false);
    c.finishPromise.reject(r);
  });
  return c.finishPromise.promise;
}
function transformSourcePull(s) {
  transformSetBackpressure(s, false);
  return s.backpressureChangePromise.promise;
}

// A TransformStream driven by internal transform/flush functions (for the platform's own
// transform streams: text coding and compression).
function internalTransform(transform, flush) {
  const pub = Object.create(TransformStream.prototype);
  const startPromise = resolvedDeferred(undefined);
  const s = initializeTransformStream(pub, startPromise, 1, () => 1, 0, () => 1);
  let c;
  const enqueue = (chunk) => transformControllerEnqueue(c, chunk);
  c = setUpTransformController(s,
    (chunk) => { try { transform(chunk, enqueue); return resolvedWith(undefined); } catch (e) { return rejectedWith(e); } },
    () => { try { flush(enqueue); return resolvedWith(undefined); } catch (e) { return rejectedWith(e); } },
    () => resolvedWith(undefined));
  return s;
}

webidlClass(TransformStream, "TransformStream");
webidlClass(TransformStreamDefaultController, "TransformStreamDefaultController");

// ---- TextEncoderStream / TextDecoderStream
const TES = "TextEncoderStream", TDS = "TextDecoderStream";

class TextEncoderStream {
  constructor() {
    let pending = null; // a high surrogate held back for the next chunk
    const ts = internalTransform((chunk, enqueue) => {
      let s = String(chunk);
      if (pending !== null) { s = pending + s; pending = null; }
      if (s.length && /[\ud800-\udbff]/.test(s[s.length - 1])) { pending = s[s.length - 1]; s = s.slice(0, -1); }
      if (s.length) enqueue(new Uint8Array(utf8Encode(toUSV(s))));
    }, (enqueue) => {
      if (pending !== null) enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
    });
    slots.set(this, { kind: TES, ts });
  }
  get encoding() { slotOf(this, TES, "encoding"); return "utf-8"; }
  get readable() { return slotOf(this, TES, "readable").ts.readable.pub; }
  get writable() { return slotOf(this, TES, "writable").ts.writable.pub; }
}

class TextDecoderStream {
  constructor(label = "utf-8", options = undefined) {
    const decoder = new TextDecoder(label, options);
    const ts = internalTransform((chunk, enqueue) => {
      if (!isBufferSource(chunk) && !(chunk instanceof SharedArrayBuffer))
        throw new TypeError("TextDecoderStream: chunks must be ArrayBuffer or ArrayBufferView");
      const s = decoder.decode(chunk, { stream: true });
      if (s.length) enqueue(s);
    }, (enqueue) => {
      const s = decoder.decode();
      if (s.length) enqueue(s);
    });
    slots.set(this, { kind: TDS, ts, decoder });
  }
  get encoding() { return slotOf(this, TDS, "encoding").decoder.encoding; }
  get fatal() { return slotOf(this, TDS, "fatal").decoder.fatal; }
  get ignoreBOM() { return slotOf(this, TDS, "ignoreBOM").decoder.ignoreBOM; }
  get readable() { return slotOf(this, TDS, "readable").ts.readable.pub; }
  get writable() { return slotOf(this, TDS, "writable").ts.writable.pub; }
}
webidlClass(TextEncoderStream, "TextEncoderStream");
webidlClass(TextDecoderStream, "TextDecoderStream");
