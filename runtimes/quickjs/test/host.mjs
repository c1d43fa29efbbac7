// A Node.js implementation of the Wharf worker ABI 1 host side (docs/worker-abi.md) for
// running wharf-js.wasm without the C# host: the `wharf` import module (in-memory KV,
// canned outbound fetch, one request at a time) plus node:wasi. A development tool and a
// second reference for the ABI; the product host is src/NodeRuntime.
import { readFileSync } from "node:fs";
import { createHash, randomFillSync } from "node:crypto";
import { WASI } from "node:wasi";
import { fileURLToPath } from "node:url";

export const WASM_PATH = process.env.WHARF_JS_WASM ?? fileURLToPath(new URL("../build/wharf-js.wasm", import.meta.url));

export const ERR = { INVALID: -1, NOT_FOUND: -2, DENIED: -3, LIMIT: -4, UNAVAILABLE: -5, TIMEOUT: -6, STATE: -7 };

let compiled = null;
export function wasmModule() {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_PATH));
  return compiled;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const enc = new TextEncoder();

// An in-memory KV store shared by the requests of a worker: name -> Map(key -> entry).
export class MemoryKv {
  constructor({ maxValueBytes = 25 << 20 } = {}) {
    this.namespaces = new Map();
    this.maxValueBytes = maxValueBytes;
    this.unavailable = false;
    this.now = () => Date.now();
  }
  ns(name) {
    if (!this.namespaces.has(name)) this.namespaces.set(name, new Map());
    return this.namespaces.get(name);
  }
  live(name, key) {
    const e = this.ns(name).get(key);
    if (!e) return null;
    if (e.expiration && e.expiration * 1000 <= this.now()) { this.ns(name).delete(key); return null; }
    return e;
  }
}

function headerBlock(pairs) {
  const parts = [];
  for (const [n, v] of pairs) parts.push(Buffer.from(n.toLowerCase()), Buffer.from([0]), Buffer.from(v), Buffer.from([0]));
  return Buffer.concat(parts);
}

function parseHeaderBlock(buf) {
  const items = buf.toString("utf8").split("\0");
  items.pop();
  const out = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i], items[i + 1]]);
  return out;
}

/**
 * A loaded worker. options:
 *  bundle: {main, modules} | string (JSON)   the code bundle (init_data)
 *  bindings: {vars, secrets, kv: [names]}
 *  kv: MemoryKv (shared store)
 *  egress: [hosts] allowed for fetch (host or host:port); fetch: async-free handler
 *          (method, url, headers[[n,v]], body Buffer) -> {status, headers, body} | ERR code
 *  maxResponseBytes, snapshot (default true: each request runs on a fresh instance
 *  restored from the memory image taken after wharf_init, as the C# host does)
 */
export class Worker {
  constructor(options) {
    this.options = options;
    this.kv = options.kv ?? new MemoryKv();
    this.logs = [];
    this.bundleBytes = Buffer.from(typeof options.bundle === "string" ? options.bundle : JSON.stringify(options.bundle));
    this.bindingsBytes = Buffer.from(JSON.stringify({ vars: {}, secrets: {}, kv: [], ...(options.bindings ?? {}) }));
    this.fetchCalls = [];
  }

  // Instantiates, runs _initialize + wharf_init; returns wharf_init's result.
  load() {
    const { instance } = this.#instantiate(true);
    this.phase = "init";
    const rc = instance.exports.wharf_init();
    this.phase = "idle";
    this.instance = instance;
    if (rc === 0) this.image = Buffer.from(new Uint8Array(instance.exports.memory.buffer));
    return rc;
  }

  #instantiate(initialize) {
    const wasi = new WASI({ version: "preview1", args: [this.options.name ?? "worker"], env: {}, returnOnExit: true });
    const state = { memory: null };
    const instance = new WebAssembly.Instance(wasmModule(), {
      wasi_snapshot_preview1: wasi.wasiImport,
      wharf: this.#imports(state),
    });
    state.memory = instance.exports.memory;
    if (instance.exports.wharf_abi_version() !== 1) throw new Error("wharf_abi_version is not 1");
    if (initialize) wasi.initialize(instance);
    else wasi.initialize({ exports: { memory: instance.exports.memory } });
    return { instance, wasi };
  }

  /**
   * Handles one request {method, url, headers: [[n, v]] | {n: v}, body}. Returns
   * {rc, status, headers: [[n, v]], body: Buffer, text, logs}.
   */
  handle(req = {}) {
    let instance = this.instance;
    if (this.options.snapshot !== false) {
      if (!this.image) throw new Error("the worker is not loaded");
      instance = this.#instantiate(false).instance;
      const mem = instance.exports.memory;
      const pages = this.image.length / 65536 - mem.buffer.byteLength / 65536;
      if (pages > 0) mem.grow(pages);
      new Uint8Array(mem.buffer).set(this.image);
    }
    const headers = Array.isArray(req.headers) ? req.headers : Object.entries(req.headers ?? {});
    this.request = {
      method: req.method ?? "GET",
      url: req.url ?? "http://example.com/",
      headers,
      body: Buffer.from(req.body ?? ""),
      bodyPos: 0,
    };
    this.response = { status: 200, headers: [], chunks: [], size: 0 };
    this.fetchCount = 0;
    const logStart = this.logs.length;
    this.phase = "request";
    this.kvHandles = [];
    let rc;
    try {
      rc = instance.exports.wharf_handle();
    } finally {
      this.phase = "idle";
    }
    const body = Buffer.concat(this.response.chunks);
    return {
      rc,
      status: this.response.status,
      headers: this.response.headers,
      header: (n) => (this.response.headers.find(([k]) => k.toLowerCase() === n.toLowerCase()) ?? [])[1] ?? null,
      body,
      text: body.toString("utf8"),
      logs: this.logs.slice(logStart),
    };
  }

  #imports(state) {
    const host = this;
    const mem = () => new Uint8Array(state.memory.buffer);
    let pending = null; // Buffer of the pending result
    const setResult = (buf) => { pending = Buffer.from(buf); return pending.length; };
    const inBounds = (ptr, len) => ptr >= 0 && len >= 0 && ptr + len <= state.memory.buffer.byteLength;
    const bytes = (ptr, len) => {
      if (!inBounds(ptr >>> 0, len >>> 0)) throw ERR.INVALID;
      return Buffer.from(mem().subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0)));
    };
    const str = (ptr, len) => {
      try { return utf8.decode(bytes(ptr, len)); } catch { throw ERR.INVALID; }
    };
    // Wraps an import: thrown error codes become return values.
    const call = (phases, fn) => (...args) => {
      if (!phases.includes(host.phase)) return ERR.DENIED;
      try { return fn(...args); } catch (e) { if (typeof e === "number") return e; throw e; }
    };
    const ANY = ["init", "request"], REQ = ["request"];
    const kvName = (h) => {
      const n = host.kvHandles[h - 1];
      if (n === undefined) throw ERR.NOT_FOUND;
      if (host.kv.unavailable) throw ERR.UNAVAILABLE;
      return n;
    };
    const checkKey = (k) => { if (k.length < 1 || k.length > 512) throw ERR.INVALID; return utf8.decode(k); };
    const safeHeader = (s) => { if (/[\0\r\n]/.test(s)) throw ERR.INVALID; return s; };

    return {
      init_data: call(ANY, () => setResult(host.bundleBytes)),
      bindings: call(ANY, () => setResult(host.bindingsBytes)),
      result_read: call(ANY, (ptr, len) => {
        if (!inBounds(ptr >>> 0, len >>> 0)) return ERR.INVALID;
        if (!pending) return 0;
        const n = Math.min(len, pending.length);
        mem().set(pending.subarray(0, n), ptr);
        pending = pending.subarray(n);
        return n;
      }),
      request_method: call(REQ, () => setResult(Buffer.from(host.request.method))),
      request_url: call(REQ, () => setResult(Buffer.from(host.request.url))),
      request_headers: call(REQ, () => setResult(headerBlock(host.request.headers))),
      request_body_read: call(REQ, (ptr, len) => {
        if (!inBounds(ptr >>> 0, len >>> 0)) return ERR.INVALID;
        const r = host.request;
        const n = Math.min(len, r.body.length - r.bodyPos);
        mem().set(r.body.subarray(r.bodyPos, r.bodyPos + n), ptr);
        r.bodyPos += n;
        return n;
      }),
      response_set_status: call(REQ, (status) => {
        if (status < 100 || status > 599) return ERR.INVALID;
        if (host.response.size > 0) return ERR.STATE;
        host.response.status = status;
        return 0;
      }),
      response_add_header: call(REQ, (np, nl, vp, vl) => {
        host.response.headers.push([safeHeader(str(np, nl)), safeHeader(str(vp, vl))]);
        return 0;
      }),
      response_write: call(REQ, (ptr, len) => {
        const b = bytes(ptr, len);
        if (host.response.size + b.length > (host.options.maxResponseBytes ?? 1 << 30)) return ERR.LIMIT;
        host.response.chunks.push(b);
        host.response.size += b.length;
        return 0;
      }),
      log: (level, ptr, len) => {
        host.logs.push({ level, msg: bytes(ptr, len).toString("utf8") });
        if (process.env.WHARF_TEST_LOG) process.stderr.write(`[worker ${level}] ${bytes(ptr, len).toString("utf8")}\n`);
      },
      now_ms: () => Date.now(),
      random_fill: call(REQ, (ptr, len) => {
        if (!inBounds(ptr >>> 0, len >>> 0)) return ERR.INVALID;
        randomFillSync(mem(), ptr, len);
        return 0;
      }),
      crypto_digest: call(ANY, (alg, ptr, len) => {
        const name = { 1: "sha1", 2: "sha256", 3: "sha384", 4: "sha512" }[alg];
        if (!name) return ERR.INVALID;
        return setResult(createHash(name).update(bytes(ptr, len)).digest());
      }),
      kv_open: call(REQ, (ptr, len) => {
        const name = str(ptr, len);
        if (!(host.options.bindings?.kv ?? []).includes(name)) return ERR.DENIED;
        host.kvHandles.push(name);
        return host.kvHandles.length;
      }),
      kv_get: call(REQ, (h, kp, kl) => {
        const name = kvName(h);
        const e = host.kv.live(name, checkKey(bytes(kp, kl)));
        if (!e) return ERR.NOT_FOUND;
        return setResult(e.value);
      }),
      kv_get_with_metadata: call(REQ, (h, kp, kl) => {
        const name = kvName(h);
        const e = host.kv.live(name, checkKey(bytes(kp, kl)));
        if (!e) return ERR.NOT_FOUND;
        const len = Buffer.alloc(4);
        len.writeUInt32LE(e.value.length);
        return setResult(Buffer.concat([len, e.value, Buffer.from(e.metadata ?? "")]));
      }),
      kv_put: call(REQ, (h, kp, kl, vp, vl, ttl, mp, ml) => {
        const name = kvName(h);
        const key = checkKey(bytes(kp, kl));
        const value = bytes(vp, vl);
        const meta = bytes(mp, ml);
        ttl = Number(ttl);
        if (ttl !== 0 && ttl < 60) return ERR.INVALID;
        if (meta.length > 1024) return ERR.INVALID;
        if (meta.length) { try { JSON.parse(utf8.decode(meta)); } catch { return ERR.INVALID; } }
        if (value.length > host.kv.maxValueBytes) return ERR.LIMIT;
        host.kv.ns(name).set(key, {
          value,
          expiration: ttl ? Math.floor(host.kv.now() / 1000) + ttl : 0,
          metadata: meta.length ? meta.toString("utf8") : null,
        });
        return 0;
      }),
      kv_delete: call(REQ, (h, kp, kl) => {
        host.kv.ns(kvName(h)).delete(checkKey(bytes(kp, kl)));
        return 0;
      }),
      kv_list: call(REQ, (h, pp, pl, cp, cl, limit) => {
        const name = kvName(h);
        const prefix = str(pp, pl), cursor = str(cp, cl);
        if (limit < 0 || limit > 1000) return ERR.INVALID;
        limit = limit || 1000;
        const after = cursor ? Buffer.from(cursor, "base64url").toString("utf8") : null;
        const names = [...host.kv.ns(name).keys()].filter((k) => k.startsWith(prefix) && host.kv.live(name, k))
          .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
          .filter((k) => after === null || Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0);
        const page = names.slice(0, limit);
        const complete = page.length === names.length;
        const keys = page.map((k) => {
          const e = host.kv.live(name, k);
          const o = { name: k };
          if (e.expiration) o.expiration = e.expiration;
          if (e.metadata) o.metadata = JSON.parse(e.metadata);
          return o;
        });
        const next = complete ? "" : Buffer.from(page[page.length - 1]).toString("base64url");
        return setResult(Buffer.from(JSON.stringify({ keys, list_complete: complete, cursor: next })));
      }),
      http_fetch: call(REQ, (mp, ml, up, ul, hp, hl, bp, bl) => {
        const method = str(mp, ml), url = str(up, ul);
        const headers = parseHeaderBlock(bytes(hp, hl));
        for (const [n, v] of headers) { safeHeader(n); safeHeader(v); }
        const body = bytes(bp, bl);
        let u;
        try { u = new URL(url); } catch { return ERR.INVALID; }
        const egress = host.options.egress ?? [];
        if (!egress.includes(u.host) && !egress.includes(u.hostname)) return ERR.DENIED;
        host.fetchCalls.push({ method, url, headers, body });
        const r = host.options.fetch ? host.options.fetch(method, url, headers, body) : ERR.UNAVAILABLE;
        if (typeof r === "number") return r;
        const hb = headerBlock(Array.isArray(r.headers) ? r.headers : Object.entries(r.headers ?? {}));
        const head = Buffer.alloc(8);
        head.writeUInt32LE(r.status ?? 200, 0);
        head.writeUInt32LE(hb.length, 4);
        return setResult(Buffer.concat([head, hb, Buffer.from(r.body ?? "")]));
      }),
    };
  }
}

// Convenience: a worker from a single module source (index.js) plus options; loads it.
export function worker(source, options = {}) {
  const modules = typeof source === "string" ? { "index.js": source } : source;
  const w = new Worker({ bundle: { main: options.main ?? "index.js", modules }, ...options });
  w.rc = w.load();
  return w;
}

// Runs `body` (statements, may use await) inside a fetch handler and returns the
// JSON-decoded value of its `return`; throws if the worker failed.
export function evalInWorker(body, options = {}) {
  const w = worker(`export default { async fetch(request, env, ctx) {
    const __result = await (async () => { ${body} })();
    return new Response(JSON.stringify(__result === undefined ? null : __result));
  } };`, options);
  if (w.rc !== 0) throw new Error(`load failed: ${w.logs.map((l) => l.msg).join("\n")}`);
  const r = w.handle(options.request);
  if (r.rc !== 0) throw new Error(`handler failed: ${r.logs.map((l) => l.msg).join("\n")}`);
  return JSON.parse(r.text);
}

// A worker that runs the request body as the body of an async function (request, env, ctx)
// and answers with the JSON of its return value. run(code, options) -> value; a thrown
// error or a failed request throws with the worker's log. One load for many snippets.
export function runner(options = {}) {
  const w = worker(`const AsyncFunction = (async () => {}).constructor;
export default { async fetch(request, env, ctx) {
  const code = request.headers.get("x-code") !== null ? decodeURIComponent(request.headers.get("x-code")) : await request.text();
  const result = await new AsyncFunction("request", "env", "ctx", code)(request, env, ctx);
  if (result instanceof Response) return result;
  return new Response(JSON.stringify(result === undefined ? null : result), { headers: { "content-type": "application/json" } });
} };`, options);
  if (w.rc !== 0) throw new Error(`load failed: ${w.logs.map((l) => l.msg).join("\n")}`);
  const run = (code, req = {}) => {
    const r = w.handle({ method: "POST", url: "http://worker.test/", ...req,
      ...(req.body !== undefined ? { headers: [...(req.headers ?? []), ["x-code", encodeURIComponent(code)]] } : { body: code }) });
    if (r.rc !== 0) {
      const e = new Error(`worker failed: ${r.logs.map((l) => l.msg).join("\n")}`);
      e.result = r;
      throw e;
    }
    return r.header("content-type") === "application/json" ? JSON.parse(r.text) : r;
  };
  run.worker = w;
  return run;
}

