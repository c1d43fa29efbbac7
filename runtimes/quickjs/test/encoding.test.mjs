// TextEncoder / TextDecoder and atob / btoa, with Node's implementations as the oracle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner } from "./host.mjs";

const run = runner();

test("TextEncoder_Encode_Utf8IncludingAstralAndLoneSurrogate", () => {
  const strings = ["", "abc", "é", "€", "😀", "a\ud800b", "\udc00", "mixed ü 中 🎉"];
  const got = run(`return ${JSON.stringify(strings)}.map((s) => [...new TextEncoder().encode(s)]);`);
  strings.forEach((s, i) => assert.deepEqual(got[i], [...new TextEncoder().encode(s)], JSON.stringify(s)));
});

test("TextEncoder_EncodeInto_StopsAtWholeCodePoints", () => {
  assert.deepEqual(run(`
    const dst = new Uint8Array(5);
    const r = new TextEncoder().encodeInto("a€😀", dst);
    return [r, [...dst], new TextEncoder().encoding];`), [{ read: 2, written: 4 }, [97, 226, 130, 172, 0], "utf-8"]);
});

test("TextDecoder_Decode_ReplacementMatchesWhatwg", () => {
  const inputs = [[], [104, 105], [0xef, 0xbb, 0xbf, 65], [0xc3, 0xa9], [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80],
    [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80], [65, 0x80, 66], [0xf0, 0x9f, 0x98, 0x80]];
  const got = run(`return ${JSON.stringify(inputs)}.map((b) => new TextDecoder().decode(new Uint8Array(b)));`);
  inputs.forEach((b, i) => assert.equal(got[i], new TextDecoder().decode(new Uint8Array(b)), JSON.stringify(b)));
});

test("TextDecoder_Fatal_ThrowsTypeErrorOnInvalid", () => {
  assert.deepEqual(run(`
    const d = new TextDecoder("utf-8", { fatal: true });
    const ok = d.decode(new Uint8Array([0xc3, 0xa9]));
    try { d.decode(new Uint8Array([0xc3, 0x28])); return "no throw"; } catch (e) { return [ok, e.name, d.fatal]; }`),
  ["é", "TypeError", true]);
});

test("TextDecoder_IgnoreBomAndStream", () => {
  assert.deepEqual(run(`
    const keep = new TextDecoder("utf8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
    const d = new TextDecoder();
    const parts = [d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }), d.decode(new Uint8Array([0xac, 0x21]))];
    return [keep.length, keep.charCodeAt(0), parts];`), [2, 0xfeff, ["", "€!"]]);
});

test("TextDecoder_UnsupportedLabel_ThrowsRangeError", () => {
  assert.equal(run(`try { new TextDecoder("latin1"); return "ok"; } catch (e) { return e.name; }`), "RangeError");
});

test("TextDecoder_DataViewAndArrayBufferInput", () => {
  assert.deepEqual(run(`
    const buf = new TextEncoder().encode("xhiy").buffer;
    return [new TextDecoder().decode(new DataView(buf, 1, 2)), new TextDecoder().decode(buf), new TextDecoder().decode()];`), ["hi", "xhiy", ""]);
});

test("Btoa_Atob_RoundTripAndMatchNode", () => {
  const inputs = ["", "f", "fo", "foo", "foob", "hello world", "\u00ff\u00fe\u0000"];
  const got = run(`return ${JSON.stringify(inputs)}.map((s) => [btoa(s), atob(btoa(s))]);`);
  inputs.forEach((s, i) => assert.deepEqual(got[i], [btoa(s), s]));
});

test("Atob_ForgivingBase64_WhitespaceAndMissingPadding", () => {
  const inputs = [" Zm9v\nYmE= ", "Zm9vYg", "YQ", "YQ=="];
  const got = run(`return ${JSON.stringify(inputs)}.map((s) => atob(s));`);
  inputs.forEach((s, i) => assert.equal(got[i], atob(s)));
});

test("AtobBtoa_InvalidInput_InvalidCharacterError", () => {
  assert.deepEqual(run(`
    const out = [];
    for (const f of [() => btoa("€"), () => atob("Zm9v!"), () => atob("Z"), () => atob("Zm9=v")])
      try { f(); out.push("ok"); } catch (e) { out.push([e.name, e.code, e instanceof DOMException, e instanceof Error]); }
    return out;`), Array(4).fill(["InvalidCharacterError", 5, true, true]));
});
