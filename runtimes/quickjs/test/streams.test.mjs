// WHATWG Streams in the prelude: ReadableStream (default and byte), tee, pipes, async
// iteration, TransformStream, text and compression streams, and bodies as streams.
import { test } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { runner } from "./host.mjs";

const run = runner();
const TEXT = "hello hello hello hello world, streams ".repeat(200) + "tail";

test("ReadableStream_EnqueueCloseAndAsyncIteration_YieldsChunks", () => {
  assert.deepEqual(run(`
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const out = [];
    for await (const x of rs) out.push(x);
    return [out, rs.locked];`), [["a", "b"], false]);
});

test("ReadableStream_PullWithBackpressure_PullsUpToHighWaterMark", () => {
  assert.deepEqual(run(`
    let pulls = 0;
    const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 5) c.close(); } }, { highWaterMark: 2 });
    await new Promise((r) => setTimeout(r, 1));
    const before = pulls;
    const r = rs.getReader();
    const got = [];
    for (;;) { const { done, value } = await r.read(); if (done) break; got.push(value); }
    return [before, got];`), [2, [1, 2, 3, 4, 5]]);
});

test("ReadableStream_Tee_BothBranchesSeeAllChunksAndCancelNeedsBoth", () => {
  assert.deepEqual(run(`
    let reason;
    const rs = new ReadableStream({ start(c) { c.enqueue("x"); c.enqueue("y"); }, cancel(r) { reason = r; } });
    const [a, b] = rs.tee();
    const ra = a.getReader(), rb = b.getReader();
    const got = [(await ra.read()).value, (await ra.read()).value, (await rb.read()).value];
    ra.cancel("one"); // settles only once both branches are canceled
    await new Promise((r) => setTimeout(r, 1));
    const afterOne = reason;
    await rb.cancel("two");
    return [got, afterOne === undefined, reason];`), [["x", "y", "x"], true, ["one", "two"]]);
});

test("ByteStream_ByobReader_FillsCallerBufferAndDetachesIt", () => {
  assert.deepEqual(run(`
    const rs = new ReadableStream({ type: "bytes", pull(c) {
      const v = c.byobRequest.view; v[0] = 7; v[1] = 8; c.byobRequest.respond(2); c.close(); } });
    const r = rs.getReader({ mode: "byob" });
    const buf = new Uint8Array(4);
    const a = await r.read(buf);
    const first = [Array.from(a.value), a.done, buf.byteLength];
    const b = await r.read(new Uint8Array(a.value.buffer));
    return [...first, b.done, b.value.byteLength, a.value.byteLength];`), [[7, 8], false, 0, true, 0, 0]);
});

test("ByteStream_DefaultReaderAndTee_EnqueuedBytesArrive", () => {
  assert.deepEqual(run(`
    const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
    const [a, b] = rs.tee();
    return [Array.from(new Uint8Array(await new Response(a).arrayBuffer())), Array.from(new Uint8Array(await new Response(b).arrayBuffer()))];`),
  [[1, 2, 3], [1, 2, 3]]);
});

test("PipeTo_SourceErrors_AbortsDestinationAndRejects", () => {
  assert.deepEqual(run(`
    const written = [];
    let aborted;
    const rs = new ReadableStream({ start(c) { c.enqueue(1); setTimeout(() => c.error(new Error("boom")), 1); } });
    const ws = new WritableStream({ write(x) { written.push(x); }, abort(r) { aborted = r.message; } });
    let err;
    try { await rs.pipeTo(ws); } catch (e) { err = e.message; }
    return [written, aborted, err];`), [[1], "boom", "boom"]);
});

test("PipeTo_AbortSignal_StopsThePipe", () => {
  assert.deepEqual(run(`
    const ac = new AbortController();
    const rs = new ReadableStream({ pull(c) { c.enqueue("x"); } });
    const ws = new WritableStream({ write() { ac.abort(new RangeError("stop")); } });
    try { await rs.pipeTo(ws, { signal: ac.signal }); return "no"; } catch (e) { return [e.name, rs.locked, ws.locked]; }`),
  ["RangeError", false, false]);
});

test("WritableStream_Backpressure_ReadyAndDesiredSizeFollowQueue", () => {
  assert.deepEqual(run(`
    const done = [];
    let release;
    const ws = new WritableStream({ write(c) { done.push(c); return new Promise((r) => { release = r; }); } }, { highWaterMark: 2 });
    const w = ws.getWriter();
    const sizes = [w.desiredSize];
    w.write("a"); w.write("b");
    sizes.push(w.desiredSize);
    await Promise.resolve(); await Promise.resolve();
    release(); await new Promise((r) => setTimeout(r, 1)); release();
    await w.ready;
    await w.close();
    return [sizes, done];`), [[2, 0], ["a", "b"]]);
});

test("TransformStream_PipeThrough_TransformsAndFlushes", () => {
  assert.equal(run(`
    const upper = new TransformStream({ transform(c, k) { k.enqueue(c.toUpperCase()); }, flush(k) { k.enqueue("!"); } });
    const rs = new Response("héllo wörld").body.pipeThrough(new TextDecoderStream()).pipeThrough(upper).pipeThrough(new TextEncoderStream());
    return await new Response(rs).text();`), "HÉLLO WÖRLD!");
});

test("TextEncoderStream_SurrogatePairSplitAcrossChunks_EncodedWhole", () => {
  assert.deepEqual(run(`
    const s = new TextEncoderStream();
    const w = s.writable.getWriter();
    w.write("a\\ud83d"); w.write("\\ude00b"); w.close();
    return Array.from(new Uint8Array(await new Response(s.readable).arrayBuffer()));`), [0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62]);
});

test("ReadableStreamFrom_AsyncGenerator_Streams", () => {
  assert.deepEqual(run(`
    async function* gen() { yield 1; yield 2; }
    const out = [];
    for await (const x of ReadableStream.from(gen())) out.push(x);
    return out;`), [1, 2]);
});

for (const fmt of ["gzip", "deflate", "deflate-raw"]) {
  test(`CompressionStream_${fmt}_NodeZlibInflatesIt`, () => {
    const r = run(`const data = new TextEncoder().encode(${JSON.stringify(TEXT)});
      const s = new Blob([data.slice(0, 1000), data.slice(1000)]).stream().pipeThrough(new CompressionStream("${fmt}"));
      return new Response(await new Response(s).arrayBuffer());`);
    const inflate = { gzip: zlib.gunzipSync, deflate: zlib.inflateSync, "deflate-raw": zlib.inflateRawSync }[fmt];
    assert.equal(inflate(r.body).toString(), TEXT);
    assert.ok(r.body.length < TEXT.length / 4, `compressed to ${r.body.length}`);
  });

  test(`DecompressionStream_${fmt}_InflatesNodeZlibOutputInSmallChunks`, () => {
    const deflate = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, "deflate-raw": zlib.deflateRawSync }[fmt];
    for (const level of [0, 1, 9]) {
      const comp = deflate(TEXT, { level });
      assert.equal(run(`const b = new Uint8Array(await request.arrayBuffer());
        const rs = new ReadableStream({ start(c) { for (let i = 0; i < b.length; i += 5) c.enqueue(b.slice(i, i + 5)); c.close(); } });
        return await new Response(rs.pipeThrough(new DecompressionStream("${fmt}"))).text();`, { body: comp }), TEXT);
    }
  });
}

test("DecompressionStream_CorruptOrTruncatedOrTrailing_TypeError", () => {
  const good = zlib.gzipSync("abc");
  const cases = [Buffer.from("not gzip at all"), good.subarray(0, good.length - 3), Buffer.concat([good, Buffer.from([1])])];
  for (const body of cases) {
    assert.equal(run(`try { await new Response(new Response(await request.arrayBuffer()).body.pipeThrough(new DecompressionStream("gzip"))).text(); return "ok"; }
      catch (e) { return e.name; }`, { body }), "TypeError");
  }
});

test("Response_StreamBody_SentChunkByChunkAsProduced", () => {
  const r = run(`const { readable, writable } = new TransformStream();
    const w = writable.getWriter();
    (async () => { for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 2)); await w.write(new TextEncoder().encode("chunk" + i + "\\n")); } await w.close(); })();
    return new Response(readable);`);
  assert.equal(r.text, "chunk0\nchunk1\nchunk2\n");
});

test("Response_StreamBodyWithNonBytesChunk_RequestFails", () => {
  assert.throws(() => run(`return new Response(new ReadableStream({ start(c) { c.enqueue("text"); c.close(); } }));`), /not a Uint8Array/);
});

test("Request_BodyStream_ReadsHostBodyInChunks", () => {
  const body = Buffer.alloc(200000, 97);
  assert.deepEqual(run(`const rd = request.body.getReader(); let n = 0, chunks = 0;
    for (;;) { const { done, value } = await rd.read(); if (done) break; n += value.length; chunks++; }
    return [n, chunks > 1, request.bodyUsed];`, { body, headers: [["x-a", "1"]] }), [200000, true, true]);
});

test("Body_Clone_StreamBodyTeedForBoth", () => {
  assert.deepEqual(run(`const r = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } }));
    const c = r.clone();
    return [await r.text(), await c.text(), r.bodyUsed];`), ["hi", "hi", true]);
});
