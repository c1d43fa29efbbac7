// crypto, timers, queueMicrotask, structuredClone, console, Math.random, limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { runner, worker } from "./host.mjs";

const run = runner();

test("CryptoGetRandomValues_FillsIntegerArrays_RejectsFloatAndOversize", () => {
  assert.deepEqual(run(`
    const a = new Uint8Array(64), b = new Uint32Array(8);
    const same = crypto.getRandomValues(a) === a;
    crypto.getRandomValues(b);
    const out = [same, a.some((x) => x !== 0), b.some((x) => x !== 0)];
    for (const f of [() => crypto.getRandomValues(new Float64Array(2)), () => crypto.getRandomValues(new Uint8Array(65537))])
      try { f(); out.push("ok"); } catch (e) { out.push(e.name); }
    return out;`), [true, true, true, "TypeMismatchError", "QuotaExceededError"]);
});

test("CryptoRandomUUID_Version4Format_Distinct", () => {
  const [a, b] = run(`return [crypto.randomUUID(), crypto.randomUUID()];`);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});

test("SubtleDigest_AllAlgorithms_MatchNodeHashes", () => {
  const got = run(`
    const data = new TextEncoder().encode("wharf");
    const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
    const out = [];
    for (const alg of ["SHA-1", "SHA-256", { name: "sha-384" }, "SHA-512"]) out.push(hex(await crypto.subtle.digest(alg, data)));
    out.push(hex(await crypto.subtle.digest("SHA-256", data.buffer)));
    return out;`);
  const h = (a) => createHash(a).update("wharf").digest("hex");
  assert.deepEqual(got, [h("sha1"), h("sha256"), h("sha384"), h("sha512"), h("sha256")]);
});

test("SubtleDigest_UnknownAlgorithm_RejectsNotSupported", () => {
  assert.deepEqual(run(`
    const out = [];
    try { await crypto.subtle.digest("MD5", new Uint8Array(1)); } catch (e) { out.push(e.name); }
    try { await crypto.subtle.encrypt({ name: "AES-GCM" }, null, new Uint8Array(1)); } catch (e) { out.push(e.name); }
    try { await crypto.subtle.importKey("raw", new Uint8Array(4), { name: "ECDSA" }, false, ["sign"]); } catch (e) { out.push(e.name); }
    return out;`), ["NotSupportedError", "NotSupportedError", "NotSupportedError"]);
});

test("SubtleHmac_SignVerify_MatchNodeHmac", () => {
  const longKey = "k".repeat(200);
  const got = run(`
    const enc = new TextEncoder();
    const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
    const out = [];
    for (const [hash, secret] of [["SHA-1", "key"], ["SHA-256", "key"], ["SHA-384", "key"], ["SHA-512", "key"], ["SHA-256", ${JSON.stringify(longKey)}]]) {
      const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash }, false, ["sign", "verify"]);
      const sig = await crypto.subtle.sign("HMAC", key, enc.encode("message"));
      out.push([hex(sig), await crypto.subtle.verify("HMAC", key, sig, enc.encode("message")),
        await crypto.subtle.verify({ name: "HMAC" }, key, sig, enc.encode("messagE"))]);
    }
    return out;`);
  const h = (alg, key) => createHmac(alg, key).update("message").digest("hex");
  assert.deepEqual(got, [[h("sha1", "key"), true, false], [h("sha256", "key"), true, false], [h("sha384", "key"), true, false],
    [h("sha512", "key"), true, false], [h("sha256", longKey), true, false]]);
});

test("SubtleHmac_KeyShapesExportAndUsages", () => {
  assert.deepEqual(run(`
    const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", key));
    const jwk = await crypto.subtle.exportKey("jwk", key);
    const back = await crypto.subtle.importKey("jwk", jwk, { name: "HMAC", hash: { name: "SHA-256" } }, false, ["verify"]);
    const out = [key instanceof CryptoKey, key.type, key.algorithm.name, key.algorithm.hash.name, key.algorithm.length, raw.length, jwk.kty, jwk.alg];
    try { await crypto.subtle.exportKey("raw", back); } catch (e) { out.push(e.name); }
    try { await crypto.subtle.sign("HMAC", back, new Uint8Array(1)); } catch (e) { out.push(e.name); }
    out.push(crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])));
    return out;`), [true, "secret", "HMAC", "SHA-256", 512, 64, "oct", "HS256", "InvalidAccessError", "InvalidAccessError", true, false]);
});

test("Timers_SetTimeout_OrderByDeadlineAndArgs", () => {
  assert.deepEqual(run(`
    const out = [];
    setTimeout((x) => out.push(x), 30, "c");
    setTimeout((x) => out.push(x), 0, "a");
    setTimeout((x) => out.push(x), 10, "b");
    const id = setTimeout(() => out.push("cancelled"), 5);
    clearTimeout(id);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 40));
    return [out, Date.now() - t0 >= 39];`), [["a", "b", "c"], true]);
});

test("Timers_SetInterval_RepeatsUntilCleared", () => {
  assert.equal(run(`
    let n = 0;
    await new Promise((resolve) => { const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(); } }, 2); });
    return n;`), 3);
});

test("Timers_ThrowingCallback_LoggedAndLoopContinues", () => {
  const w = run.worker;
  const out = run(`
    setTimeout(() => { throw new Error("boom in timer"); }, 0);
    await new Promise((r) => setTimeout(r, 5));
    return "survived";`);
  assert.equal(out, "survived");
  assert.ok(w.logs.some((l) => l.level === 3 && l.msg.includes("boom in timer")));
});

test("Timers_PendingAfterResponse_Dropped", () => {
  const t0 = Date.now();
  assert.equal(run(`setTimeout(() => {}, 60000); return "done";`), "done");
  assert.ok(Date.now() - t0 < 5000);
});

test("PerformanceNow_MonotonicSinceRequestStart", () => {
  const [a, b, origin] = run(`const a = performance.now(); await new Promise((r) => setTimeout(r, 15)); return [a, performance.now(), performance.timeOrigin];`);
  assert.ok(a >= 0 && a < 1000, String(a));
  assert.ok(b - a >= 14, `${a} ${b}`);
  assert.ok(Math.abs(origin - Date.now()) < 5000);
});

test("QueueMicrotask_RunsBeforeTimers", () => {
  assert.deepEqual(run(`
    const out = [];
    setTimeout(() => out.push("timer"), 0);
    queueMicrotask(() => out.push("micro"));
    Promise.resolve().then(() => out.push("promise"));
    out.push("sync");
    await new Promise((r) => setTimeout(r, 1));
    return out;`), ["sync", "micro", "promise", "timer"]);
});

test("StructuredClone_BuiltinsAndCycles", () => {
  assert.deepEqual(run(`
    const o = { n: 1, s: "x", d: new Date(5), m: new Map([["k", { v: 1 }]]), set: new Set([1, 2]), u8: new Uint8Array([1, 2, 3]),
      ab: new Uint8Array([9]).buffer, re: /a+/gi, big: 10n, nested: [1, [2, { deep: true }]], err: new RangeError("bad") };
    o.self = o;
    o.twice = [o.nested, o.nested];
    const c = structuredClone(o);
    return [c !== o, c.self === c, c.twice[0] === c.twice[1], c.twice[0] !== o.nested, c.d instanceof Date && c.d.getTime(),
      c.m instanceof Map && c.m.get("k").v, c.m.get("k") !== o.m.get("k"), [...c.set], c.u8 instanceof Uint8Array && [...c.u8],
      c.ab instanceof ArrayBuffer && new Uint8Array(c.ab)[0], c.re.source + "/" + c.re.flags, typeof c.big === "bigint" && String(c.big),
      c.nested[1][1].deep, c.err instanceof RangeError && c.err.message];`),
  [true, true, true, true, 5, 1, true, [1, 2], [1, 2, 3], 9, "a+/gi", "10", true, "bad"]);
});

test("StructuredClone_FunctionOrSymbol_DataCloneError", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const v of [{ f() {} }, Symbol("s"), new Request("http://x/")])
      try { structuredClone(v); out.push("ok"); } catch (e) { out.push(e.name); }
    return out;`), ["DataCloneError", "DataCloneError", "DataCloneError"]);
});

test("Console_LevelsAndInspectFormatting", () => {
  const w = run.worker;
  const start = w.logs.length;
  run(`
    console.debug("d"); console.info("i"); console.warn("w"); console.error("e");
    const circ = { name: "c" }; circ.me = circ;
    console.log("str", 42, -0, 5n, null, undefined, true, Symbol("s"), [1, "two", [3, [4, [5]]]], { a: { b: { c: { d: 1 } } } });
    console.log(new Map([["k", 1]]), new Set(["v"]), new Uint8Array([1, 2]), new Date(0), /x/g, function named() {}, circ);
    console.log("%s is %d years and %i, %o %%", "Bob", 42.5, 42.5, { x: 1 });
    console.log(new Error("oops"));
    console.log(new Headers({ a: "1" }), new URL("http://x/"));
    return null;`);
  const logs = w.logs.slice(start);
  assert.deepEqual(logs.slice(0, 4).map((l) => [l.level, l.msg]), [[0, "d"], [1, "i"], [2, "w"], [3, "e"]]);
  assert.equal(logs[4].msg, "str 42 -0 5n null undefined true Symbol(s) [ 1, 'two', [ 3, [ 4, [Array] ] ] ] { a: { b: { c: [Object] } } }");
  assert.equal(logs[5].msg, "Map(1) { 'k' => 1 } Set(1) { 'v' } Uint8Array(2) [ 1, 2 ] 1970-01-01T00:00:00.000Z /x/g [Function: named] <ref *1> { name: 'c', me: [Circular *1] }");
  assert.equal(logs[6].msg, "Bob is 42.5 years and 42, { x: 1 } %");
  assert.match(logs[7].msg, /^Error: oops\n\s+at /);
  assert.match(logs[8].msg, /^Headers \{ a: '1' \} URL \{\s+href: 'http:\/\/x\/'/);
});

test("MathRandom_ReseededPerRequest_DiffersAcrossSnapshotRestores", () => {
  const w = worker(`const atLoad = Math.random(); export default { fetch() { return new Response(String(Math.random())); } };`);
  const a = w.handle().text, b = w.handle().text;
  assert.notEqual(a, b);
});

test("StackOverflow_BecomesRangeErrorOrInternalError_NotTrap", () => {
  assert.deepEqual(run(`
    function f(n) { return f(n + 1) + 1; }
    try { f(0); return "no overflow"; } catch (e) { return [e.name, e.message]; }`), ["InternalError", "stack overflow"]);
  // The instance still works afterwards.
  assert.equal(run(`return 1 + 1;`), 2);
});

test("DeepNesting_ParserAndJsonParse_SyntaxErrorNotTrap", () => {
  // QuickJS's parsers recurse with small shadow-stack frames but ~20,000 wasm frames deep at
  // the 512 KiB limit: needs node --stack-size=4000 (see README, "Limits").
  assert.deepEqual(run(`
    const out = [];
    for (const f of [() => eval("(".repeat(100000) + ")".repeat(100000)), () => JSON.parse("[".repeat(100000))])
      try { f(); out.push("ok"); } catch (e) { out.push([e.name, e.message]); }
    return out;`), [["SyntaxError", "stack overflow"], ["SyntaxError", "stack overflow"]]);
});

test("MemoryBomb_BecomesOutOfMemoryError_NotTrap", () => {
  assert.deepEqual(run(`
    try { const a = []; for (;;) a.push(new Array(1e5).fill(1)); } catch (e) { return [e.name, e.message]; }`),
  ["InternalError", "out of memory"]);
  assert.deepEqual(run(`
    try { const a = []; for (let i = 0; ; i++) a.push({ i }); } catch (e) { return [e.name, e.message]; }`),
  ["InternalError", "out of memory"]);
});

test("MemoryBomb_Uncaught_HandleFailsWithLoggedError", () => {
  const w = worker(`export default { fetch() { const a = []; for (;;) a.push("x".repeat(1e6) + a.length); } };`);
  const r = w.handle();
  assert.equal(r.rc, 1);
  assert.ok(r.logs.some((l) => l.level === 3 && l.msg.includes("out of memory")), JSON.stringify(r.logs));
});

test("AbortController_AbortFiresListenersAndSetsReason", () => {
  assert.deepEqual(run(`
    const c = new AbortController();
    const seen = [];
    c.signal.addEventListener("abort", (e) => seen.push(e.type + ":" + c.signal.reason), { once: true });
    c.signal.onabort = () => seen.push("onabort");
    const before = c.signal.aborted;
    c.abort("why");
    c.abort("again");
    let thrown; try { c.signal.throwIfAborted(); } catch (e) { thrown = e; }
    const t = AbortSignal.timeout(5);
    await new Promise((r) => setTimeout(r, 10));
    const a = AbortSignal.abort();
    let illegal; try { new AbortSignal(); } catch (e) { illegal = e.name; }
    return [before, c.signal.aborted, seen, thrown, t.aborted, t.reason.name, a.reason.name, illegal];`),
  [false, true, ["onabort", "abort:why"], "why", true, "TimeoutError", "AbortError", "TypeError"]);
});

test("EventTarget_DispatchToListenersAndPreventDefault", () => {
  assert.deepEqual(run(`
    const t = new EventTarget();
    const got = [];
    const fn = (e) => { got.push(e.type); e.preventDefault(); };
    t.addEventListener("ping", fn);
    t.addEventListener("ping", fn);
    t.addEventListener("ping", { handleEvent: (e) => got.push("obj") });
    const r = t.dispatchEvent(new Event("ping", { cancelable: true }));
    t.removeEventListener("ping", fn);
    t.dispatchEvent(new Event("ping"));
    return [got, r];`), [["ping", "obj", "obj"], false]);
});
