// The hooks wharf-js.c calls: readBundle, setup (worker module namespace -> handler + env),
// handle (one request), timerDelay/runTimers (event loop), reset, formatError.

function formatError(e) {
  if (e instanceof Error) {
    const head = `${e.name}: ${e.message}`;
    return typeof e.stack === "string" && e.stack ? `${head}\n${e.stack}`.trimEnd() : head;
  }
  try { return inspect(e); } catch { return String(e); }
}

function readBundle() {
  const text = native.initData();
  if (typeof text === "number") throw new Error(`the host has no code bundle for this worker (init_data: ${errName(text)})`);
  let bundle;
  try { bundle = JSON.parse(text); } catch (e) { throw new Error(`the code bundle is not valid JSON: ${e.message}`); }
  if (!bundle || typeof bundle !== "object" || typeof bundle.main !== "string" || !bundle.modules || typeof bundle.modules !== "object")
    throw new Error('the code bundle must be {"main": path, "modules": {path: source}}');
  for (const [k, v] of Object.entries(bundle.modules))
    if (typeof v !== "string") throw new Error(`the code bundle's module '${k}' is not a string`);
  if (typeof bundle.modules[bundle.main] !== "string") throw new Error(`the code bundle's main module '${bundle.main}' is missing`);
  return bundle;
}

let handler = null;
let env = null;

function buildEnv() {
  const text = native.bindings();
  if (typeof text === "number") throw new Error(`the host refused the bindings (${errName(text)})`);
  const b = JSON.parse(text);
  const out = {};
  for (const [k, v] of Object.entries(b.vars || {})) out[k] = v;
  for (const [k, v] of Object.entries(b.secrets || {})) out[k] = String(v);
  for (const name of b.kv || []) out[name] = new KVNamespace(name);
  return Object.freeze(out);
}

function setup(ns) {
  const d = ns.default;
  if (d === undefined)
    throw new TypeError("the worker's main module has no default export (expected `export default { async fetch(request, env, ctx) { ... } }`)");
  if (d === null || (typeof d !== "object" && typeof d !== "function") || typeof d.fetch !== "function")
    throw new TypeError("the worker's default export has no fetch method (expected `export default { async fetch(request, env, ctx) { ... } }`)");
  handler = d;
  env = buildEnv();
}

class ExecutionContext {
  #waits;
  constructor(waits) { this.#waits = waits; }
  waitUntil(p) { this.#waits.push(Promise.resolve(p)); }
  // No-op: an exception always produces a 500 from the host; there is no origin to fall back to.
  passThroughOnException() {}
}

async function sendResponse(res) {
  if (!(res instanceof Response)) {
    const got = res === undefined ? "undefined" : res === null ? "null" : typeof res === "object" ? (res.constructor && res.constructor.name) || "object" : typeof res;
    throw new TypeError(`the fetch handler must return a Response (or a promise of one), got ${got}`);
  }
  const [status, flat, body, stream] = responseParts(res);
  if (status === 0) throw new TypeError("the fetch handler returned Response.error()");
  let r = native.responseSetStatus(status);
  if (r < 0) throw new Error(`response_set_status(${status}) failed: ${errName(r)}`);
  for (let i = 0; i + 1 < flat.length; i += 2) {
    r = native.responseAddHeader(flat[i], flat[i + 1]);
    if (r < 0) throw new Error(`response_add_header(${flat[i]}) failed: ${errName(r)}`);
  }
  const write = (bytes) => {
    const w = native.responseWrite(bytes);
    if (w < 0) throw new Error(`response_write failed: ${w === -4 ? "the response body exceeds the worker's maximum response size" : errName(w)}`);
  };
  if (body !== null && body.byteLength) write(body);
  if (stream !== null) await pumpToHost(stream, write);
}

// Streams a response body to the host chunk by chunk, as the worker produces it.
function pumpToHost(s, write) {
  const reader = acquireDefaultReader(s);
  return new $Promise((resolve, reject) => {
    const fail = (e) => { readableStreamCancel(s, e); reject(e); };
    const step = () => defaultReaderRead(reader, {
      chunkSteps: (c) => {
        if (!(c instanceof Uint8Array)) { fail(new TypeError("a response body chunk is not a Uint8Array")); return; }
        try { if (c.byteLength) write(c); } catch (e) { fail(e); return; }
        microtask(step);
      },
      closeSteps: () => resolve(),
      errorSteps: reject,
    });
    step();
  });
}

async function handle() {
  inRequest = true;
  timeOrigin = Date.now();
  kvHandles = new Map();
  const waits = [];
  const ctx = new ExecutionContext(waits);
  let failure = null;
  try {
    const req = incomingRequest();
    const res = await handler.fetch(req, env, ctx);
    await sendResponse(res);
  } catch (e) {
    failure = e;
  }
  // Drain ctx.waitUntil() promises (more may be added while waiting).
  for (let done = 0; done < waits.length;) {
    const batch = waits.slice(done);
    done = waits.length;
    for (const r of await Promise.allSettled(batch))
      if (r.status === "rejected") native.log(3, `Uncaught (in ctx.waitUntil): ${formatError(r.reason)}`);
  }
  if (failure !== null) throw failure;
}

function reset() {
  clearAllTimers();
  kvHandles = new Map();
  inRequest = false;
}

return { readBundle, setup, handle, timerDelay, runTimers, reset, formatError };
