// ReadableStream tee, pipeTo, async iteration and ReadableStream.from
// (https://streams.spec.whatwg.org/#rs-tee, #readable-stream-pipe-to, #rs-asynciterator).

function readableStreamTee(s, cloneForBranch2) {
  return s.controller.kind === RBSC ? byteStreamTee(s) : defaultTee(s, cloneForBranch2);
}

function defaultTee(s, cloneForBranch2) {
  const reader = acquireDefaultReader(s);
  let reading = false, readAgain = false, canceled1 = false, canceled2 = false, reason1, reason2, branch1, branch2;
  const cancelPromise = deferred();
  const pull = () => {
    if (reading) { readAgain = true; return resolvedWith(undefined); }
    reading = true;
    defaultReaderRead(reader, {
      chunkSteps: (chunk) => microtask(() => {
        readAgain = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled2 && cloneForBranch2) {
          try { chunk2 = structuredClone(chunk); } catch (e) {
            defaultControllerError(branch1.controller, e);
            defaultControllerError(branch2.controller, e);
            cancelPromise.resolve(readableStreamCancel(s, e));
            return;
          }
        }
        if (!canceled1) defaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) defaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pull();
      }),
      closeSteps: () => {
        reading = false;
        if (!canceled1) defaultControllerClose(branch1.controller);
        if (!canceled2) defaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    });
    return resolvedWith(undefined);
  };
  const cancel1 = (reason) => {
    canceled1 = true; reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2 = (reason) => {
    canceled2 = true; reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  branch1 = createReadableStream(noop, pull, cancel1);
  branch2 = createReadableStream(noop, pull, cancel2);
  upon(reader.closed.promise, undefined, (r) => {
    defaultControllerError(branch1.controller, r);
    defaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

function cloneAsUint8Array(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function byteStreamTee(s) {
  let reader = acquireDefaultReader(s);
  let reading = false, readAgain1 = false, readAgain2 = false, canceled1 = false, canceled2 = false;
  let reason1, reason2, branch1, branch2;
  const cancelPromise = deferred();
  const forwardReaderError = (thisReader) => {
    upon(thisReader.closed.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      byteControllerError(branch1.controller, r);
      byteControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
  };
  const afterChunk = () => {
    reading = false;
    if (readAgain1) pull1(); else if (readAgain2) pull2();
  };
  const pullWithDefaultReader = () => {
    if (reader.kind === RSBR) {
      byobReaderRelease(reader);
      reader = acquireDefaultReader(s);
      forwardReaderError(reader);
    }
    defaultReaderRead(reader, {
      chunkSteps: (chunk) => microtask(() => {
        readAgain1 = false; readAgain2 = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled1 && !canceled2) {
          try { chunk2 = cloneAsUint8Array(chunk); } catch (e) {
            byteControllerError(branch1.controller, e);
            byteControllerError(branch2.controller, e);
            cancelPromise.resolve(readableStreamCancel(s, e));
            return;
          }
        }
        if (!canceled1) byteControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) byteControllerEnqueue(branch2.controller, chunk2);
        afterChunk();
      }),
      closeSteps: () => {
        reading = false;
        if (!canceled1) byteControllerClose(branch1.controller);
        if (!canceled2) byteControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) byteControllerRespond(branch1.controller, 0);
        if (branch2.controller.pendingPullIntos.length > 0) byteControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    });
  };
  const pullWithBYOBReader = (view, forBranch2) => {
    if (reader.kind === RSDR) {
      defaultReaderRelease(reader);
      reader = acquireBYOBReader(s);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    byobReaderRead(reader, view, 1, {
      chunkSteps: (chunk) => microtask(() => {
        readAgain1 = false; readAgain2 = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!otherCanceled) {
          let clone;
          try { clone = cloneAsUint8Array(chunk); } catch (e) {
            byteControllerError(byobBranch.controller, e);
            byteControllerError(otherBranch.controller, e);
            cancelPromise.resolve(readableStreamCancel(s, e));
            return;
          }
          if (!byobCanceled) byteControllerRespondWithNewView(byobBranch.controller, chunk);
          byteControllerEnqueue(otherBranch.controller, clone);
        } else if (!byobCanceled) byteControllerRespondWithNewView(byobBranch.controller, chunk);
        afterChunk();
      }),
      closeSteps: (chunk) => {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) byteControllerClose(byobBranch.controller);
        if (!otherCanceled) byteControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) byteControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) byteControllerRespond(otherBranch.controller, 0);
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve(undefined);
      },
      errorSteps: () => { reading = false; },
    });
  };
  const pull1 = () => {
    if (reading) { readAgain1 = true; return resolvedWith(undefined); }
    reading = true;
    const req = byteControllerGetBYOBRequest(branch1.controller);
    if (req === null) pullWithDefaultReader(); else pullWithBYOBReader(req.view, false);
    return resolvedWith(undefined);
  };
  const pull2 = () => {
    if (reading) { readAgain2 = true; return resolvedWith(undefined); }
    reading = true;
    const req = byteControllerGetBYOBRequest(branch2.controller);
    if (req === null) pullWithDefaultReader(); else pullWithBYOBReader(req.view, true);
    return resolvedWith(undefined);
  };
  const cancel1 = (reason) => {
    canceled1 = true; reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2 = (reason) => {
    canceled2 = true; reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  branch1 = createReadableByteStream(noop, pull1, cancel1);
  branch2 = createReadableByteStream(noop, pull2, cancel2);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// ---- pipeTo
function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  const reader = acquireDefaultReader(source);
  const writer = acquireWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  let currentWrite = resolvedWith(undefined);
  const result = deferred();
  let abortListener;

  const finalize = (isError, error) => {
    writerRelease(writer);
    defaultReaderRelease(reader);
    if (signal !== undefined) signal.removeEventListener("abort", abortListener);
    if (isError) result.reject(error); else result.resolve(undefined);
  };
  const waitForWritesToFinish = () => {
    const old = currentWrite;
    return transformPromise(currentWrite, () => (old !== currentWrite ? waitForWritesToFinish() : undefined));
  };
  const shutdownWithAction = (action, originalIsError, originalError) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      upon(action(), () => finalize(originalIsError, originalError), (e) => finalize(true, e));
    };
    if (dest.state === "writable" && !closeQueuedOrInFlight(dest)) upon(waitForWritesToFinish(), doTheRest);
    else doTheRest();
  };
  const shutdown = (isError, error) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === "writable" && !closeQueuedOrInFlight(dest)) upon(waitForWritesToFinish(), () => finalize(isError, error));
    else finalize(isError, error);
  };

  if (signal !== undefined) {
    abortListener = () => {
      const error = signal.reason;
      const actions = [];
      if (!preventAbort) actions.push(() => (dest.state === "writable" ? writableStreamAbort(dest, error) : resolvedWith(undefined)));
      if (!preventCancel) actions.push(() => (source.state === "readable" ? readableStreamCancel(source, error) : resolvedWith(undefined)));
      shutdownWithAction(() => $Promise.all(actions.map((a) => a())), true, error);
    };
    if (signal.aborted) { abortListener(); return result.promise; }
    signal.addEventListener("abort", abortListener);
  }

  const pipeStep = () => {
    if (shuttingDown) return resolvedWith(true);
    return transformPromise(writer.ready.promise, () => new $Promise((resolveRead, rejectRead) => {
      defaultReaderRead(reader, {
        chunkSteps: (chunk) => {
          currentWrite = transformPromise(writerWrite(writer, chunk), undefined, noop);
          resolveRead(false);
        },
        closeSteps: () => resolveRead(true),
        errorSteps: rejectRead,
      });
    }));
  };
  const pipeLoop = () => new $Promise((resolveLoop, rejectLoop) => {
    const next = (done) => {
      if (done) resolveLoop();
      else $then.call(pipeStep(), next, rejectLoop);
    };
    next(false);
  });

  // Errors and closures, forward and backward.
  const onSourceError = (e) => {
    if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, e), true, e);
    else shutdown(true, e);
  };
  const onDestError = (e) => {
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, e), true, e);
    else shutdown(true, e);
  };
  const onSourceClosed = () => {
    if (!preventClose) shutdownWithAction(() => writerCloseWithErrorPropagation(writer));
    else shutdown();
  };
  if (source.state === "errored") onSourceError(source.storedError);
  else upon(reader.closed.promise, undefined, onSourceError);
  if (dest.state === "errored") onDestError(dest.storedError);
  else upon(writer.closed.promise, undefined, onDestError);
  if (source.state === "closed") onSourceClosed();
  else upon(reader.closed.promise, onSourceClosed);
  if (closeQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeError("the destination stream is closed or closing");
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }
  markHandled(pipeLoop());
  return result.promise;
}

// ---- async iteration
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
const RSAI = "ReadableStreamAsyncIterator";
const END = Symbol("end");

const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
  next: {
    value: function next() {
      let it;
      try { it = slotOf(this, RSAI, "next"); } catch (e) { return rejectedWith(e); }
      const nextSteps = () => {
        if (it.finished) return resolvedWith({ value: undefined, done: true });
        const r = it.reader;
        const d = deferred();
        defaultReaderRead(r, {
          chunkSteps: (chunk) => d.resolve(chunk),
          closeSteps: () => { defaultReaderRelease(r); d.resolve(END); },
          errorSteps: (e) => { defaultReaderRelease(r); d.reject(e); },
        });
        return transformPromise(d.promise, (v) => {
          it.ongoing = null;
          if (v === END) { it.finished = true; return { value: undefined, done: true }; }
          return { value: v, done: false };
        }, (e) => { it.ongoing = null; it.finished = true; throw e; });
      };
      it.ongoing = it.ongoing ? transformPromise(it.ongoing, nextSteps, nextSteps) : nextSteps();
      return it.ongoing;
    },
    writable: true, enumerable: true, configurable: true,
  },
  return: {
    value: function (value) {
      let it;
      try { it = slotOf(this, RSAI, "return"); } catch (e) { return rejectedWith(e); }
      const returnSteps = () => {
        if (it.finished) return resolvedWith({ value, done: true });
        it.finished = true;
        const r = it.reader;
        if (r.stream === undefined) return resolvedWith(undefined);
        if (!it.preventCancel) {
          const result = readableStreamCancel(r.stream, value);
          defaultReaderRelease(r);
          return result;
        }
        defaultReaderRelease(r);
        return resolvedWith(undefined);
      };
      it.ongoing = it.ongoing ? transformPromise(it.ongoing, returnSteps, returnSteps) : returnSteps();
      return transformPromise(it.ongoing, () => ({ value, done: true }));
    },
    writable: true, enumerable: true, configurable: true,
  },
  [Symbol.toStringTag]: { value: "ReadableStream AsyncIterator", configurable: true },
});

function newAsyncIterator(s, preventCancel) {
  const reader = acquireDefaultReader(s);
  const pub = Object.create(ReadableStreamAsyncIteratorPrototype);
  slots.set(pub, { kind: RSAI, reader, preventCancel, ongoing: null, finished: false });
  return pub;
}
Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});

// ---- ReadableStream.from
function getAsyncIterator(obj) {
  let method = obj == null ? undefined : obj[Symbol.asyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = obj == null ? undefined : obj[Symbol.iterator];
    if (typeof syncMethod !== "function") throw new TypeError("ReadableStream.from: the argument is not iterable");
    const it = Reflect.apply(syncMethod, obj, []);
    if (!isObject(it)) throw new TypeError("ReadableStream.from: the iterator is not an object");
    const next = it.next;
    const wrap = (r) => {
      if (!isObject(r)) throw new TypeError("the iterator result is not an object");
      const done = Boolean(r.done);
      return transformPromise(resolvedWith(r.value), (value) => ({ value, done }));
    };
    return {
      iterator: {
        next() { try { return wrap(Reflect.apply(next, it, [])); } catch (e) { return rejectedWith(e); } },
        return(v) {
          try {
            const m = it.return;
            if (m === undefined || m === null) return resolvedWith({ value: v, done: true });
            return wrap(Reflect.apply(m, it, [v]));
          } catch (e) { return rejectedWith(e); }
        },
      },
    };
  }
  if (typeof method !== "function") throw new TypeError("ReadableStream.from: Symbol.asyncIterator is not a function");
  const iterator = Reflect.apply(method, obj, []);
  if (!isObject(iterator)) throw new TypeError("ReadableStream.from: the async iterator is not an object");
  return { iterator, next: iterator.next };
}

function readableStreamFromIterable(asyncIterable) {
  const rec = getAsyncIterator(asyncIterable);
  const nextMethod = rec.next ?? rec.iterator.next;
  let s;
  const pull = () => {
    let nextResult;
    try { nextResult = Reflect.apply(nextMethod, rec.iterator, []); } catch (e) { return rejectedWith(e); }
    return transformPromise(resolvedWith(nextResult), (r) => {
      if (!isObject(r)) throw new TypeError("ReadableStream.from: the iterator result is not an object");
      if (r.done) defaultControllerClose(s.controller);
      else defaultControllerEnqueue(s.controller, r.value);
    });
  };
  const cancel = (reason) => {
    let ret;
    try {
      const m = rec.iterator.return;
      if (m === undefined || m === null) return resolvedWith(undefined);
      if (typeof m !== "function") throw new TypeError("ReadableStream.from: the iterator's return is not a function");
      ret = Reflect.apply(m, rec.iterator, [reason]);
    } catch (e) { return rejectedWith(e); }
    return transformPromise(resolvedWith(ret), (r) => {
      if (!isObject(r)) throw new TypeError("ReadableStream.from: the iterator's return result is not an object");
    });
  };
  s = createReadableStream(noop, pull, cancel, 0);
  return s;
}
