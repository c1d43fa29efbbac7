// The worker life cycle: ABI surface, bundle loading and load errors, handler results and
// errors, ctx.waitUntil, snapshot isolation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker, worker, wasmModule, MemoryKv } from "./host.mjs";

const errors = (logs) => logs.filter((l) => l.level === 3).map((l) => l.msg).join("\n");

const ABI_IMPORTS = ["init_data", "bindings", "result_read", "request_method", "request_url", "request_headers",
  "request_body_read", "response_set_status", "response_add_header", "response_write", "log", "now_ms",
  "random_fill", "crypto_digest", "kv_open", "kv_get", "kv_get_with_metadata", "kv_put", "kv_delete", "kv_list", "http_fetch"];

test("Module_Exports_AbiV1ReactorSurface", () => {
  const m = wasmModule();
  const exports = WebAssembly.Module.exports(m).map((e) => `${e.kind}:${e.name}`).sort();
  assert.deepEqual(exports, ["function:_initialize", "function:wharf_abi_version", "function:wharf_handle", "function:wharf_init", "memory:memory"]);
  for (const i of WebAssembly.Module.imports(m)) {
    assert.ok(i.module === "wasi_snapshot_preview1" || (i.module === "wharf" && ABI_IMPORTS.includes(i.name)), `${i.module}.${i.name}`);
  }
});

test("Bundle_RelativeAndNestedImports_Resolve", () => {
  const w = worker({
    "src/index.js": `import { greet } from "./lib/greet.js"; import cfg from "../config.js"; import { v } from "/top.js";
      export default { fetch() { return new Response(greet(cfg.name) + v); } };`,
    "src/lib/greet.js": `import { suffix } from "../util/./suffix.js"; export const greet = (n) => "hi " + n + suffix;`,
    "src/util/suffix.js": `export const suffix = "!";`,
    "config.js": `export default { name: "wharf" };`,
    "top.js": `export const v = "?";`,
  }, { main: "src/index.js" });
  assert.equal(w.rc, 0, errors(w.logs));
  assert.equal(w.handle().text, "hi wharf!?");
});

test("Bundle_MissingImport_LoadFailsNamingModule", () => {
  const w = worker({ "index.js": `import x from "./nope.js"; export default { fetch() {} };` });
  assert.equal(w.rc, 1);
  assert.match(errors(w.logs), /could not load module 'nope\.js': not in the worker bundle/);
});

test("Load_SyntaxError_NonZeroWithMessage", () => {
  const w = worker(`export default { fetch() { return new Response("x" } };`);
  assert.equal(w.rc, 1);
  assert.match(errors(w.logs), /^worker failed to load: SyntaxError: /);
  assert.match(errors(w.logs), /index\.js:1/);
});

test("Load_NoDefaultExportOrNoFetch_NonZeroWithMessage", () => {
  const a = worker(`export const fetch = () => new Response("x");`);
  assert.equal(a.rc, 1);
  assert.match(errors(a.logs), /main module has no default export/);
  const b = worker(`export default { scheduled() {} };`);
  assert.equal(b.rc, 1);
  assert.match(errors(b.logs), /default export has no fetch method/);
});

test("Load_TopLevelThrowAndRejectedAwait_NonZero", () => {
  const a = worker(`throw new RangeError("bad config"); export default { fetch() {} };`);
  assert.equal(a.rc, 1);
  assert.match(errors(a.logs), /RangeError: bad config/);
  const b = worker(`await Promise.reject(new Error("async init failed")); export default { fetch() {} };`);
  assert.equal(b.rc, 1);
  assert.match(errors(b.logs), /Error: async init failed/);
});

test("Load_TopLevelAwait_Supported", () => {
  const w = worker(`const v = await Promise.resolve(41).then((x) => x + 1); export default { fetch() { return new Response(String(v)); } };`);
  assert.equal(w.rc, 0, errors(w.logs));
  assert.equal(w.handle().text, "42");
});

test("Load_IoInGlobalScope_Disallowed", () => {
  for (const code of [`setTimeout(() => {}, 1);`, `crypto.getRandomValues(new Uint8Array(4));`, `await fetch("https://x.example/");`]) {
    const w = worker(`${code} export default { fetch() { return new Response("x"); } };`);
    assert.equal(w.rc, 1, code);
    assert.match(errors(w.logs), /Disallowed operation called within global scope/, code);
  }
});

test("Load_BadBundle_NonZeroWithMessage", () => {
  const cases = [["{not json", /not valid JSON/], [JSON.stringify({ main: "a.js", modules: {} }), /main module 'a\.js' is missing/],
    [JSON.stringify({ modules: {} }), /must be \{"main"/]];
  for (const [bundle, re] of cases) {
    const w = new Worker({ bundle });
    assert.equal(w.load(), 1);
    assert.match(errors(w.logs), re);
  }
});

test("Handle_ThrownError_NonZeroWithStackLogged", () => {
  const w = worker(`function inner() { throw new TypeError("handler exploded"); }
    export default { fetch() { inner(); } };`);
  const r = w.handle();
  assert.equal(r.rc, 1);
  assert.match(errors(r.logs), /Uncaught exception: TypeError: handler exploded\n\s+at inner \(index\.js:1/);
});

test("Handle_RejectedPromiseAndNonResponse_NonZero", () => {
  const a = worker(`export default { async fetch() { await null; throw new Error("late"); } };`).handle();
  assert.equal(a.rc, 1);
  assert.match(errors(a.logs), /Error: late/);
  const b = worker(`export default { fetch() { return "not a response"; } };`).handle();
  assert.equal(b.rc, 1);
  assert.match(errors(b.logs), /must return a Response \(or a promise of one\), got string/);
});

test("Handle_NeverSettles_NonZeroInsteadOfHang", () => {
  const r = worker(`export default { fetch() { return new Promise(() => {}); } };`).handle();
  assert.equal(r.rc, 1);
  assert.match(errors(r.logs), /the fetch handler never settled/);
});

test("Handle_WaitUntil_DrainedBeforeReturn", () => {
  const kv = new MemoryKv();
  const w = worker(`export default { fetch(req, env, ctx) {
      ctx.waitUntil(new Promise((r) => setTimeout(r, 10)).then(() => env.LOG.put("after", "done")));
      ctx.waitUntil(Promise.reject(new Error("background failure")));
      ctx.passThroughOnException();
      return new Response("fast");
    } };`, { kv, bindings: { kv: ["LOG"] } });
  const r = w.handle();
  assert.equal(r.rc, 0);
  assert.equal(r.text, "fast");
  assert.equal(kv.ns("LOG").get("after").value.toString(), "done");
  assert.match(errors(r.logs), /Uncaught \(in ctx\.waitUntil\): Error: background failure/);
});

test("Handle_SnapshotRestore_IsolatesRequests", () => {
  const src = `let count = 0; export default { fetch() { count++; return new Response(String(count)); } };`;
  const isolated = worker(src);
  assert.deepEqual([isolated.handle().text, isolated.handle().text], ["1", "1"]);
  const shared = worker(src, { snapshot: false });
  assert.deepEqual([shared.handle().text, shared.handle().text], ["1", "2"]);
});

test("Handle_LargeBinaryBodies_RoundTrip", () => {
  const body = Buffer.alloc(1 << 20);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 255;
  const w = worker(`export default { async fetch(req) { const b = new Uint8Array(await req.arrayBuffer()); b.reverse(); return new Response(b); } };`);
  const r = w.handle({ method: "POST", body });
  assert.equal(r.rc, 0);
  assert.ok(Buffer.from(body).reverse().equals(r.body));
});

test("Handle_ResponseOverHostLimit_NonZeroWithMessage", () => {
  const w = worker(`export default { fetch() { return new Response("x".repeat(2000)); } };`, { maxResponseBytes: 1000 });
  const r = w.handle();
  assert.equal(r.rc, 1);
  assert.match(errors(r.logs), /exceeds the worker's maximum response size/);
});

test("Handle_HeadRequestAndEmptyBody_Works", () => {
  const w = worker(`export default { async fetch(req) { return new Response(null, { status: 204, headers: { "x-m": req.method, "x-len": String((await req.text()).length) } }); } };`);
  const r = w.handle({ method: "HEAD" });
  assert.deepEqual([r.rc, r.status, r.header("x-m"), r.header("x-len"), r.body.length], [0, 204, "HEAD", "0", 0]);
});

test("Handle_UnhandledRejection_LoggedOnceLateCatchNot", () => {
  const w = worker(`export default { async fetch() {
      Promise.reject(new Error("lost"));
      const p = Promise.reject(new Error("caught later"));
      await null;
      p.catch(() => {});
      return new Response("ok");
    } };`);
  const r = w.handle();
  assert.equal(r.rc, 0);
  assert.equal(r.text, "ok");
  assert.deepEqual(r.logs.filter((l) => l.level === 3).map((l) => l.msg.split("\n")[0]), ["Uncaught (in promise) Error: lost"]);
});

test("Load_FailureInDependency_LoggedOnce", () => {
  const w = worker({ "index.js": `import "./b.js"; export default { fetch() {} };`, "b.js": `await null; throw new Error("dep failed");` });
  assert.equal(w.rc, 1);
  assert.deepEqual(w.logs.map((l) => l.msg.split("\n")[0]), ["worker failed to load: Error: dep failed"]);
});
