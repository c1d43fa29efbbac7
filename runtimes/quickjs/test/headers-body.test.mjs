// Headers, Request and Response.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner } from "./host.mjs";

const run = runner();

test("Headers_CaseInsensitive_GetHasDelete", () => {
  assert.deepEqual(run(`
    const h = new Headers({ "Content-Type": "text/html", "X-A": "1" });
    const before = [h.get("content-type"), h.has("x-a"), h.has("X-B")];
    h.delete("X-A");
    return [...before, h.has("x-a"), h.get("nope")];`), ["text/html", true, false, false, null]);
});

test("Headers_AppendSameName_CombinesWithCommaSpace", () => {
  assert.deepEqual(run(`
    const h = new Headers([["Accept", "a"], ["accept", "b"]]);
    h.append("Set-Cookie", "x=1"); h.append("set-cookie", "y=2");
    return [h.get("accept"), h.get("set-cookie"), h.getSetCookie(), h.getAll("Set-Cookie")];`),
  ["a, b", "x=1, y=2", ["x=1", "y=2"], ["x=1", "y=2"]]);
});

test("Headers_Iteration_SortedLowercaseAndSetCookieSeparate", () => {
  assert.deepEqual(run(`
    const h = new Headers();
    h.append("Zeta", "z"); h.append("alpha", "a1"); h.append("Alpha", "a2");
    h.append("set-cookie", "c1"); h.append("set-cookie", "c2");
    const fe = []; h.forEach((v, k) => fe.push(k + "=" + v));
    return { entries: [...h], keys: [...h.keys()], values: [...h.values()], fe };`), {
    entries: [["alpha", "a1, a2"], ["set-cookie", "c1"], ["set-cookie", "c2"], ["zeta", "z"]],
    keys: ["alpha", "set-cookie", "set-cookie", "zeta"],
    values: ["a1, a2", "c1", "c2", "z"],
    fe: ["alpha=a1, a2", "set-cookie=c1", "set-cookie=c2", "zeta=z"],
  });
});

test("Headers_SetReplacesAllAndTrimsValue", () => {
  assert.deepEqual(run(`
    const h = new Headers([["a", "1"], ["b", "2"], ["A", "3"]]);
    h.set("a", "  new\\t ");
    return [...h];`), [["a", "new"], ["b", "2"]]);
});

test("Headers_InvalidNameOrValue_ThrowsTypeError", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const f of [() => new Headers({ "bad name": "x" }), () => new Headers().set("a", "x\\ny"), () => new Headers([["a"]])])
      try { f(); out.push("no"); } catch (e) { out.push(e.constructor.name); }
    return out;`), ["TypeError", "TypeError", "TypeError"]);
});

test("Headers_IncomingRequest_Immutable", () => {
  assert.deepEqual(run(`
    try { request.headers.set("x", "1"); return "mutated"; } catch (e) { return [e.name, e.message]; }`),
  ["TypeError", "Can't modify immutable headers."]);
});

test("Request_IncomingRequest_MethodUrlHeadersBody", () => {
  const r = run(`return { m: request.method, u: request.url, ua: request.headers.get("User-Agent"), body: await request.text(), used: request.bodyUsed };`,
    { method: "PUT", url: "https://w.example/a/b?c=d", headers: [["User-Agent", "test/1"]], body: "payload" });
  assert.deepEqual(r, { m: "PUT", u: "https://w.example/a/b?c=d", ua: "test/1", body: "payload", used: true });
});

test("Request_JsonAndArrayBuffer_ParseBody", () => {
  assert.deepEqual(run(`
    const a = new Request("http://x/", { method: "POST", body: '{"k":[1,2]}' });
    const b = new Request("http://x/", { method: "POST", body: new Uint8Array([1, 2, 3]) });
    const buf = await b.arrayBuffer();
    return [await a.json(), buf instanceof ArrayBuffer, [...new Uint8Array(buf)], a.headers.get("content-type"), b.headers.get("content-type")];`),
  [{ k: [1, 2] }, true, [1, 2, 3], "text/plain;charset=UTF-8", null]);
});

test("Request_BodyReadTwice_RejectsWithTypeError", () => {
  assert.deepEqual(run(`
    const r = new Request("http://x/", { method: "POST", body: "once" });
    await r.text();
    try { await r.text(); return "read twice"; } catch (e) { return [e.name, r.bodyUsed]; }`), ["TypeError", true]);
});

test("Request_Clone_IndependentBodies", () => {
  assert.deepEqual(run(`
    const r = new Request("http://x/p", { method: "POST", body: "abc", headers: { "x-a": "1" } });
    const c = r.clone();
    return [await r.text(), await c.text(), c.method, c.url, c.headers.get("x-a")];`), ["abc", "abc", "POST", "http://x/p", "1"]);
});

test("Request_FromRequestWithInit_OverridesAndCopies", () => {
  assert.deepEqual(run(`
    const base = new Request("http://x/a", { method: "POST", body: "b", headers: { "x-a": "1" } });
    const r = new Request(base, { method: "put", headers: { "x-b": "2" } });
    const g = new Request(request.url);
    return [r.method, r.url, r.headers.get("x-a"), r.headers.get("x-b"), await r.text(), base.bodyUsed, g.method, g.redirect];`),
  ["PUT", "http://x/a", null, "2", "b", true, "GET", "follow"]);
});

test("Request_GetWithBodyOrRelativeUrl_ThrowsTypeError", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const f of [() => new Request("http://x/", { body: "x" }), () => new Request("/relative"), () => new Request("http://x/", { method: "bad method" })])
      try { f(); out.push("no"); } catch (e) { out.push(e.name); }
    return out;`), ["TypeError", "TypeError", "TypeError"]);
});

test("Response_Constructor_BodyKindsAndDefaults", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const b of ["text", new TextEncoder().encode("u8"), new Uint8Array([104, 105]).buffer, null, undefined, new URLSearchParams("a=1&b=2")]) {
      const r = new Response(b);
      out.push([r.status, r.ok, r.statusText, r.headers.get("content-type"), await r.text()]);
    }
    return out;`), [
    [200, true, "", "text/plain;charset=UTF-8", "text"],
    [200, true, "", null, "u8"],
    [200, true, "", null, "hi"],
    [200, true, "", null, ""],
    [200, true, "", null, ""],
    [200, true, "", "application/x-www-form-urlencoded;charset=UTF-8", "a=1&b=2"],
  ]);
});

test("Response_StatusAndStatusText_Exposed", () => {
  assert.deepEqual(run(`
    const r = new Response("nope", { status: 404, statusText: "Not Found", headers: [["x-a", "b"]] });
    return [r.status, r.ok, r.statusText, r.headers.get("x-a"), r.type, r.redirected, r.url];`),
  [404, false, "Not Found", "b", "default", false, ""]);
});

test("Response_InvalidStatus_ThrowsRangeError", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const s of [199, 600, 1.5]) try { new Response("", { status: s }); out.push("ok"); } catch (e) { out.push(e.name); }
    try { new Response("body", { status: 204 }); out.push("ok"); } catch (e) { out.push(e.name); }
    return out;`), ["RangeError", "RangeError", "RangeError", "TypeError"]);
});

test("Response_Json_SetsContentTypeAndBody", () => {
  assert.deepEqual(run(`
    const r = Response.json({ a: [1, "x"] }, { status: 201, headers: { "x-h": "1" } });
    return [r.status, r.headers.get("content-type"), r.headers.get("x-h"), await r.json()];`),
  [201, "application/json", "1", { a: [1, "x"] }]);
});

test("Response_Redirect_LocationAndStatus", () => {
  assert.deepEqual(run(`
    const r = Response.redirect("https://example.com/a b", 301);
    let bad; try { Response.redirect("https://example.com/", 200); } catch (e) { bad = e.name; }
    return [r.status, r.headers.get("location"), Response.redirect("http://x/").status, bad];`),
  [301, "https://example.com/a%20b", 302, "RangeError"]);
});

test("Response_Clone_BothReadable", () => {
  assert.deepEqual(run(`
    const r = new Response("twice", { status: 202, headers: { a: "1" } });
    const c = r.clone();
    return [await r.text(), await c.text(), c.status, c.headers.get("a"), r.bodyUsed, c.bodyUsed];`),
  ["twice", "twice", 202, "1", true, true]);
});

test("Response_Returned_SentWithStatusHeadersAndBinaryBody", () => {
  const r = run(`return new Response(new Uint8Array([0, 255, 10]), { status: 418, headers: [["X-One", "1"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]] });`);
  assert.equal(r.status, 418);
  assert.deepEqual([...r.body], [0, 255, 10]);
  assert.deepEqual(r.headers, [["x-one", "1"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
});

test("Body_Stream_ReaderAndAsyncIteration", () => {
  assert.deepEqual(run(`
    const out = [];
    const r = new Response("chunk");
    const reader = r.body.getReader();
    const first = await reader.read();
    out.push(new TextDecoder().decode(first.value), first.done, (await reader.read()).done, r.bodyUsed, r.body.locked);
    try { await r.text(); out.push("read again"); } catch (e) { out.push(e.name); }
    const parts = [];
    for await (const c of new Response(new Uint8Array([1, 2])).body) parts.push([...c]);
    out.push(parts, new Response(null).body, Object.prototype.toString.call(new Response("x").body));
    // Not a ReadableStream: converted to a string as the spec's BodyInit union says.
    out.push(await new Response({ getReader() {} }).text());
    return out;`), ["chunk", false, true, true, true, "TypeError", [[1, 2]], null, "[object ReadableStream]", "[object Object]"]);
});

test("Body_StreamPassThrough_MovesBytesBetweenRequestAndResponse", () => {
  assert.deepEqual(run(`
    const src = new Response("moved", { status: 203, headers: { "x-a": "1" } });
    const copy = new Response(src.body, src);
    const req = new Request("http://x/", { method: "POST", body: request.body });
    return [copy.status, copy.headers.get("x-a"), await copy.text(), src.bodyUsed, await req.text(), request.bodyUsed];`,
    { method: "POST", body: "incoming" }), [203, "1", "moved", true, "incoming", true]);
});
