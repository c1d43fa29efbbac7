// URL and URLSearchParams, checked against Node's WHATWG URL implementation as the oracle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner } from "./host.mjs";

const run = runner();
const PROPS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];

function nodeParse([input, base]) {
  try {
    const u = base === undefined ? new URL(input) : new URL(input, base);
    return Object.fromEntries(PROPS.map((p) => [p, u[p]]));
  } catch {
    return "TypeError";
  }
}

function workerParse(cases) {
  return run(`
    const PROPS = ${JSON.stringify(PROPS)};
    return ${JSON.stringify(cases)}.map(([input, base]) => {
      try {
        const u = base === undefined ? new URL(input) : new URL(input, base);
        return Object.fromEntries(PROPS.map((p) => [p, u[p]]));
      } catch (e) { return e.name; }
    });`);
}

const CASES = [
  ["http://example.com"],
  ["HTTP://User:Pa%20ss@EXAMPLE.com:80/a/./b/../c?q=1 2#frag ment"],
  ["https://example.com:443/"],
  ["https://example.com:8443/x"],
  ["http://example.com:65536/"],
  ["https://ex ample.com/"],
  ["http://[::1]:8080/path"],
  ["http://[2001:db8:0:0:1:0:0:1]/"],
  ["http://[::ffff:192.168.0.1]/"],
  ["http://[1:2:3:4:5:6:7:8:9]/"],
  ["http://0x7f.1/"],
  ["http://192.168.257/"],
  ["http://1.2.3.4.5/"],
  ["http://999999999999/"],
  ["http://example.com/%7Efoo/ä?ü=ö#ß"],
  ["http://example.com/a\\b\\..\\c"],
  ["http://example.com/foo/%2e%2E/bar"],
  ["http://example.com/a?b='c'&d=\"e\""],
  ["http://example.com/?#"],
  ["http://a@b@c/"],
  ["http://:@host/"],
  ["http://bücher.example/"],
  ["http://EXAMPLE.COM./"],
  ["mailto:someone@example.com?subject=hi"],
  ["data:text/plain,hello world"],
  ["javascript:alert(1)"],
  ["urn:isbn:0451450523"],
  ["foo://host/path?q#f"],
  ["foo://Host:99/"],
  ["file:///C:/x/y"],
  ["file://localhost/etc/passwd"],
  ["file:///tmp/../x"],
  ["ws://example.com/chat"],
  ["wss://example.com:443/chat"],
  ["   http://trim.example/  "],
  ["http://exa\tmple.com/a\nb"],
  ["not a url"],
  [""],
  ["//x.example/p", "https://base.example/a/b"],
  ["/abs?x", "https://base.example/a/b?y#z"],
  ["rel/path", "https://base.example/a/b"],
  ["../up", "https://base.example/a/b/c"],
  ["?q=2", "https://base.example/a/b?y#z"],
  ["#h", "https://base.example/a/b?y#z"],
  ["", "https://base.example/a/b?y#z"],
  ["http:rel", "http://base.example/a/"],
  ["x", "mailto:a@b"],
  ["https://other.example/", "not a base"],
];

test("URL_Parse_MatchesWhatwgOracle", () => {
  const got = workerParse(CASES);
  CASES.forEach((c, i) => assert.deepEqual(got[i], nodeParse(c), `case ${JSON.stringify(c)}`));
});

test("URL_Setters_MatchWhatwgOracle", () => {
  const ops = [
    ["https://a.example/p?q#h", "protocol", "http"],
    ["https://a.example/p", "protocol", "mailto"],
    ["https://a.example/p", "protocol", "wss:"],
    ["http://a.example:8080/p", "protocol", "https"],
    ["https://a.example/p", "host", "b.example:81"],
    ["https://a.example:99/p", "hostname", "c.example"],
    ["https://a.example/p", "hostname", "bad host"],
    ["https://a.example/p", "port", "443"],
    ["https://a.example/p", "port", "8080abc"],
    ["https://a.example:1/p", "port", ""],
    ["https://a.example/p", "port", "99999"],
    ["https://a.example/p", "pathname", "/a b/../c"],
    ["https://a.example/p", "pathname", "no-slash"],
    ["https://a.example/p?x", "search", "?a=1 2&b"],
    ["https://a.example/p?x", "search", ""],
    ["https://a.example/p#x", "hash", "#new hash"],
    ["https://a.example/p#x", "hash", ""],
    ["https://a.example/p", "username", "us er@"],
    ["https://a.example/p", "password", "p:w"],
    ["https://a.example/p", "href", "http://z.example/"],
    ["mailto:a@b", "pathname", "c@d"],
  ];
  const got = run(`
    return ${JSON.stringify(ops)}.map(([href, prop, value]) => {
      const u = new URL(href);
      u[prop] = value;
      return u.href;
    });`);
  ops.forEach(([href, prop, value], i) => {
    const u = new URL(href);
    u[prop] = value;
    assert.equal(got[i], u.href, `${href} .${prop} = ${value}`);
  });
});

test("URL_SearchParams_LiveLinkBothWays", () => {
  assert.deepEqual(run(`
    const u = new URL("https://x.example/p?a=1&b=2");
    u.searchParams.append("c", "3 4");
    const h1 = u.href;
    u.searchParams.delete("a");
    const h2 = u.href;
    u.search = "?z=9";
    const z = u.searchParams.get("z");
    u.searchParams.delete("z");
    return [h1, h2, z, u.href, u.search];`),
  ["https://x.example/p?a=1&b=2&c=3+4", "https://x.example/p?b=2&c=3+4", "9", "https://x.example/p", ""]);
});

test("URL_ToStringToJsonAndStatics", () => {
  assert.deepEqual(run(`
    const u = new URL("https://x.example/a");
    return [String(u), JSON.stringify({ u }), URL.canParse("nope"), URL.canParse("/a", "http://b/"), URL.parse("nope"), URL.parse("/a", "http://b/").href];`),
  ["https://x.example/a", '{"u":"https://x.example/a"}', false, true, null, "http://b/a"]);
});

test("URLSearchParams_Methods_MatchWhatwgOracle", () => {
  const script = `
    const p = new URLSearchParams("?a=1&b=2&a=3&c=%20x+y&d&=e&f=%zz&g=%C3%A9");
    const out = {};
    out.initial = [...p];
    out.get = [p.get("a"), p.get("missing"), p.getAll("a"), p.has("d"), p.has("a", "3"), p.has("a", "9"), p.size];
    p.append("h", "a b&c=d/é~*'()!");
    out.appended = p.toString();
    p.set("a", "X");
    out.set = p.toString();
    p.delete("b");
    p.delete("a", "nope");
    out.deleted = p.toString();
    p.sort();
    out.sorted = [...p.keys()];
    out.values = [...p.values()];
    const fe = []; p.forEach((v, k) => fe.push(k + ":" + v));
    out.forEach = fe;
    out.fromObject = new URLSearchParams({ x: "1", y: "two words" }).toString();
    out.fromPairs = new URLSearchParams([["k", "v"], ["k", "w"]]).toString();
    out.fromParams = new URLSearchParams(new URLSearchParams("q=1")).toString();
    out.unicode = new URLSearchParams("n=\\ud83d\\ude00&lone=\\ud800").toString();
    const s = new URLSearchParams("z=1&a=2&z=0&a=1"); s.sort(); out.stable = s.toString();
    return out;`;
  // The same code runs in Node for the oracle.
  const oracle = new Function(script)();
  assert.deepEqual(run(script), JSON.parse(JSON.stringify(oracle)));
});

test("URLSearchParams_BadPair_ThrowsTypeError", () => {
  assert.equal(run(`try { new URLSearchParams([["a", "b", "c"]]); return "ok"; } catch (e) { return e.name; }`), "TypeError");
});
