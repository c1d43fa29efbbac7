// KV namespace bindings: Cloudflare method shapes over the kv_* imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner, MemoryKv } from "./host.mjs";

function kvRunner() {
  const kv = new MemoryKv({ maxValueBytes: 1024 });
  const run = runner({ kv, bindings: { kv: ["CACHE", "OTHER"], vars: { MODE: "test", CONF: { a: 1 } }, secrets: { TOKEN: "s3cret" } } });
  return { kv, run };
}

test("Env_VarsSecretsAndKvBindings", () => {
  const { run } = kvRunner();
  assert.deepEqual(run(`return [env.MODE, env.CONF, env.TOKEN, String(env.CACHE), typeof env.CACHE.get, Object.keys(env).sort()];`),
    ["test", { a: 1 }, "s3cret", "[object KVNamespace]", "function", ["CACHE", "CONF", "MODE", "OTHER", "TOKEN"]]);
});

test("KvGet_MissingKey_Null", () => {
  const { run } = kvRunner();
  assert.deepEqual(run(`return [await env.CACHE.get("nope"), await env.CACHE.getWithMetadata("nope")];`), [null, { value: null, metadata: null }]);
});

test("KvPutGet_TextJsonArrayBufferTypes", () => {
  const { run, kv } = kvRunner();
  assert.deepEqual(run(`
    await env.CACHE.put("t", "héllo");
    await env.CACHE.put("j", JSON.stringify({ a: [1, 2] }));
    await env.CACHE.put("b", new Uint8Array([1, 2, 255]));
    await env.CACHE.put("ab", new Uint8Array([7, 8]).buffer);
    const ab = await env.CACHE.get("b", "arrayBuffer");
    return [await env.CACHE.get("t"), await env.CACHE.get("t", { type: "text" }), await env.CACHE.get("j", "json"),
      await env.CACHE.get("j", { type: "json" }), ab instanceof ArrayBuffer, [...new Uint8Array(ab)],
      [...new Uint8Array(await env.CACHE.get("ab", { type: "arrayBuffer" }))]];`),
  ["héllo", "héllo", { a: [1, 2] }, { a: [1, 2] }, true, [1, 2, 255], [7, 8]]);
  // Persisted in the host store across requests.
  assert.equal(kv.ns("CACHE").get("t").value.toString("utf8"), "héllo");
  assert.equal(run(`return await env.CACHE.get("t");`), "héllo");
});

test("KvPut_WithTtlAndMetadata_GetWithMetadataAndList", () => {
  const { run, kv } = kvRunner();
  const r = run(`
    await env.CACHE.put("k1", "v1", { expirationTtl: 120, metadata: { owner: "me" } });
    await env.CACHE.put("k2", "v2");
    return [await env.CACHE.getWithMetadata("k1"), await env.CACHE.getWithMetadata("k2", "text"), await env.CACHE.list()];`);
  assert.deepEqual(r[0], { value: "v1", metadata: { owner: "me" } });
  assert.deepEqual(r[1], { value: "v2", metadata: null });
  const exp = kv.ns("CACHE").get("k1").expiration;
  assert.ok(exp > Date.now() / 1000 + 100);
  assert.deepEqual(r[2], { keys: [{ name: "k1", expiration: exp, metadata: { owner: "me" } }, { name: "k2" }], list_complete: true, cacheStatus: null });
});

test("KvList_PrefixLimitCursor_Pages", () => {
  const { run } = kvRunner();
  assert.deepEqual(run(`
    for (const k of ["a/1", "a/2", "a/3", "b/1"]) await env.CACHE.put(k, "x");
    const p1 = await env.CACHE.list({ prefix: "a/", limit: 2 });
    const p2 = await env.CACHE.list({ prefix: "a/", limit: 2, cursor: p1.cursor });
    return [p1.keys.map((k) => k.name), p1.list_complete, typeof p1.cursor, p2.keys.map((k) => k.name), p2.list_complete, "cursor" in p2];`),
  [["a/1", "a/2"], false, "string", ["a/3"], true, false]);
});

test("KvDelete_RemovesKeyAndAbsentKeySucceeds", () => {
  const { run } = kvRunner();
  assert.deepEqual(run(`
    await env.CACHE.put("d", "x");
    await env.CACHE.delete("d");
    await env.CACHE.delete("never-existed");
    return [await env.CACHE.get("d")];`), [null]);
});

test("KvErrors_RejectedPromisesWithClearMessages", () => {
  const { run } = kvRunner();
  const r = run(`
    const out = [];
    const attempt = async (f) => { try { await f(); out.push("ok"); } catch (e) { out.push(e.name + ": " + e.message); } };
    await attempt(() => env.CACHE.put("big", "x".repeat(2000)));
    await attempt(() => env.CACHE.put("k".repeat(513), "x"));
    await attempt(() => env.CACHE.put("ttl", "x", { expirationTtl: 10 }));
    await attempt(() => env.CACHE.put("meta", "x", { metadata: { m: "y".repeat(2000) } }));
    await attempt(() => env.CACHE.get("k", "stream"));
    await attempt(() => env.CACHE.get("k", "yaml"));
    await attempt(() => env.CACHE.put("", "x"));
    await attempt(() => env.CACHE.put("v", {}));
    await attempt(() => env.CACHE.list({ limit: 5000 }));
    const p = env.CACHE.put("big", "x".repeat(2000));
    out.push(p instanceof Promise);
    await p.catch(() => {});
    return out;`);
  assert.match(r[0], /^Error: KV put failed on namespace 'CACHE': a KV limit was exceeded/);
  assert.match(r[1], /^Error: KV put failed on namespace 'CACHE': invalid argument/);
  assert.match(r[2], /^Error: KV put failed: Invalid expiration of 10/);
  assert.match(r[3], /^Error: KV put failed: metadata is \d+ bytes, over the 1024-byte limit/);
  assert.match(r[4], /^TypeError: KV get: type 'stream' is not supported/);
  assert.match(r[5], /^TypeError: KV get: unknown type 'yaml'/);
  assert.match(r[6], /^TypeError: KV put: keys must not be empty/);
  assert.match(r[7], /^TypeError: KV put: the value must be a string, ArrayBuffer or ArrayBufferView/);
  assert.match(r[8], /^RangeError: KV list: limit must be between 1 and 1000/);
  assert.equal(r[9], true);
});

test("KvUnavailableBackend_RejectsWithUnavailableMessage", () => {
  const { run, kv } = kvRunner();
  kv.unavailable = true;
  assert.match(run(`try { await env.CACHE.get("x"); return "ok"; } catch (e) { return e.message; }`),
    /KV get failed on namespace 'CACHE': the KV store is unavailable/);
});

test("KvUnboundNamespace_Denied", () => {
  // The host says the binding exists in env but refuses kv_open (spec changed under the worker).
  const kv = new MemoryKv();
  const run = runner({ kv, bindings: { kv: ["GHOST"] } });
  run.worker.options.bindings = { kv: [] };
  assert.match(run(`try { await env.GHOST.get("x"); return "ok"; } catch (e) { return e.message; }`),
    /KV get failed on namespace 'GHOST': the namespace is not bound to this worker/);
});
