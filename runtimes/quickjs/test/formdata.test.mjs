// Blob, File, FormData and form bodies, with Node's fetch implementation (undici) as the
// other end of multipart encoding and parsing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runner } from "./host.mjs";

const run = runner();

test("Blob_PartsSliceAndReaders", () => {
  assert.deepEqual(run(`
    const b = new Blob(["hé", new Uint8Array([33]), new Blob(["?"])], { type: "Text/Plain" });
    const s = b.slice(1, -1, "x/y");
    const parts = [];
    for await (const c of b.stream()) parts.push(c.length);
    return [b.size, b.type, await b.text(), s.size, s.type, [...new Uint8Array(await s.arrayBuffer())], parts, String(b)];`),
  [5, "text/plain", "hé!?", 3, "x/y", [0xc3, 0xa9, 33], [5], "[object Blob]"]);
});

test("File_NameTypeLastModified", () => {
  assert.deepEqual(run(`
    const f = new File(["abc"], "a.txt", { type: "text/plain", lastModified: 42 });
    return [f instanceof Blob, f.name, f.type, f.size, f.lastModified, await f.text()];`), [true, "a.txt", "text/plain", 3, 42, "abc"]);
});

test("FormData_Methods_AppendSetGetDeleteIterate", () => {
  assert.deepEqual(run(`
    const fd = new FormData();
    fd.append("a", "1"); fd.append("b", new Blob(["x"]), "x.bin"); fd.append("a", "2"); fd.append("c", new Blob(["y"]));
    const before = [fd.get("a"), fd.getAll("a"), fd.has("b"), fd.get("b").name, fd.get("c").name, fd.get("zz")];
    fd.set("a", "3");
    fd.delete("c");
    const seen = []; fd.forEach((v, k) => seen.push(k));
    return [...before, [...fd.keys()], seen, fd.get("a")];`),
  ["1", ["1", "2"], true, "x.bin", "blob", null, ["a", "b"], ["a", "b"], "3"]);
});

test("FormData_WorkerEncodedMultipart_ParsedByNode", async () => {
  const r = run(`
    const fd = new FormData();
    fd.append("field", "välue\\nline");
    fd.append("upload", new File([new Uint8Array([0, 1, 2, 255])], "data.bin", { type: "application/octet-stream" }));
    return new Response(fd);`);
  const type = r.header("content-type");
  assert.match(type, /^multipart\/form-data; boundary=/);
  const parsed = await new Response(r.body, { headers: { "content-type": type } }).formData();
  assert.equal(parsed.get("field"), "välue\r\nline");
  const file = parsed.get("upload");
  assert.equal(file.name, "data.bin");
  assert.deepEqual([...new Uint8Array(await file.arrayBuffer())], [0, 1, 2, 255]);
});

test("FormData_NodeEncodedMultipart_ParsedByWorker", async () => {
  const fd = new FormData();
  fd.append("name", "wharf ✓");
  fd.append("file", new File([new Uint8Array([10, 13, 10, 0, 45, 45])], "f.bin", { type: "application/x-test" }));
  const req = new Request("http://x/", { method: "POST", body: fd });
  const body = Buffer.from(await req.arrayBuffer());
  const got = run(`
    const form = await request.formData();
    const f = form.get("file");
    return [form.get("name"), f.name, f.type, [...new Uint8Array(await f.arrayBuffer())], [...form.keys()]];`,
  { method: "POST", headers: [["content-type", req.headers.get("content-type")]], body });
  assert.deepEqual(got, ["wharf ✓", "f.bin", "application/x-test", [10, 13, 10, 0, 45, 45], ["name", "file"]]);
});

test("FormData_UrlencodedBodyAndBlobBody", () => {
  assert.deepEqual(run(`
    const r = new Request("http://x/", { method: "POST", body: new URLSearchParams("a=1&b=x+y") });
    const form = await r.formData();
    const blob = await new Response(new Blob(["hi"], { type: "text/x" })).blob();
    let bad; try { await new Response("x", { headers: { "content-type": "text/plain" } }).formData(); } catch (e) { bad = e.name; }
    return [[...form], new Response(new Blob(["z"], { type: "a/b" })).headers.get("content-type"), blob.type, await blob.text(), bad];`),
  [[["a", "1"], ["b", "x y"]], "a/b", "text/x", "hi", "TypeError"]);
});
