// fetch() over http_fetch: egress allow-list, request shape, response shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner, ERR } from "./host.mjs";

function fetchRunner(handler) {
  return runner({ egress: ["api.example", "up.example:8443"], fetch: handler });
}

test("Fetch_AllowedHost_ReturnsResponseWithStatusHeadersBody", () => {
  const run = fetchRunner((method, url, headers, body) => ({
    status: 201, headers: [["content-type", "application/json"], ["x-echo", `${method} ${url}`], ["set-cookie", "a=1"], ["set-cookie", "b=2"]],
    body: JSON.stringify({ got: body.toString("utf8"), hdr: headers }),
  }));
  const r = run(`
    const res = await fetch("https://api.example/v1/items?x=1#frag", { method: "POST", headers: { "X-Key": "k" }, body: "payload" });
    return [res.status, res.ok, res.url, res.headers.get("x-echo"), res.headers.getSetCookie(), await res.json()];`);
  assert.deepEqual(r, [201, true, "https://api.example/v1/items?x=1", "POST https://api.example/v1/items?x=1",
    ["a=1", "b=2"], { got: "payload", hdr: [["x-key", "k"], ["content-type", "text/plain;charset=UTF-8"]] }]);
  assert.equal(run.worker.fetchCalls.length, 1);
});

test("Fetch_RequestObjectInput_ForwardsMethodHeadersBody", () => {
  const run = fetchRunner((method, url, headers, body) => ({ status: 200, body: `${method}|${url}|${headers.map((h) => h.join("=")).join(",")}|${body}` }));
  assert.equal(run(`
    const upstream = new Request("https://up.example:8443/p", request);
    const res = await fetch(upstream);
    return await res.text();`, { method: "PUT", url: "http://worker.test/in", headers: [["x-a", "1"]], body: "b0dy" }),
  "PUT|https://up.example:8443/p|x-a=1,x-code=" + encodeURIComponent("\n    const upstream = new Request(\"https://up.example:8443/p\", request);\n    const res = await fetch(upstream);\n    return await res.text();") + "|b0dy");
});

test("Fetch_DeniedEgress_TypeErrorWithClearMessage", () => {
  const run = fetchRunner(() => ({ status: 200 }));
  assert.deepEqual(run(`try { await fetch("https://evil.example/"); return "ok"; } catch (e) { return [e.name, e.message]; }`),
    ["TypeError", "fetch to https://evil.example failed: egress to evil.example is not allowed by this worker's egress allow-list"]);
  assert.equal(run.worker.fetchCalls.length, 0);
});

test("Fetch_HostErrors_MappedToTypeErrors", () => {
  let code = ERR.UNAVAILABLE;
  const run = fetchRunner(() => code);
  const msg = () => run(`try { await fetch("https://api.example/"); return "ok"; } catch (e) { return e.name + ": " + e.message; }`);
  assert.equal(msg(), "TypeError: fetch to https://api.example failed: could not connect to api.example");
  code = ERR.TIMEOUT;
  assert.equal(msg(), "TypeError: fetch to https://api.example failed: the upstream request timed out");
  code = ERR.LIMIT;
  assert.match(msg(), /a limit was hit/);
});

test("Fetch_NonHttpSchemeOrBadUrl_TypeError", () => {
  const run = fetchRunner(() => ({ status: 200 }));
  assert.deepEqual(run(`
    const out = [];
    for (const u of ["ftp://api.example/", "not a url", "/relative"]) try { await fetch(u); out.push("ok"); } catch (e) { out.push(e.name); }
    return out;`), ["TypeError", "TypeError", "TypeError"]);
});

test("Fetch_UpstreamStatusOutsideOkRange_NotOk", () => {
  const run = fetchRunner(() => ({ status: 503, body: "down" }));
  assert.deepEqual(run(`const r = await fetch("https://api.example/"); return [r.status, r.ok, await r.text()];`), [503, false, "down"]);
});

test("Fetch_ResponseHeadersImmutable_CloneReadable", () => {
  const run = fetchRunner(() => ({ status: 200, headers: [["x", "1"]], body: "abc" }));
  assert.deepEqual(run(`
    const r = await fetch("https://api.example/");
    let err; try { r.headers.set("y", "2"); } catch (e) { err = e.name; }
    const c = r.clone();
    const proxied = new Response(r.body, r);
    proxied.headers.set("y", "2");
    return [err, await c.text(), await proxied.text(), proxied.headers.get("x"), proxied.headers.get("y"), r.bodyUsed];`),
  ["TypeError", "abc", "abc", "1", "2", true]);
});

test("Fetch_AbortedSignal_RejectsWithoutCallingHost", () => {
  const run = fetchRunner(() => ({ status: 200 }));
  assert.deepEqual(run(`
    try { await fetch("https://api.example/", { signal: AbortSignal.abort() }); return "ok"; } catch (e) { return [e.name]; }`), ["AbortError"]);
  assert.equal(run.worker.fetchCalls.length, 0);
});
