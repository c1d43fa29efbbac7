// Blob, File and FormData (https://w3c.github.io/FileAPI/, https://xhr.spec.whatwg.org/#formdata)
// with in-memory bytes, and multipart/form-data encoding and parsing for bodies.

const blobBytes = new WeakMap(); // Blob -> Uint8Array

function normalizeType(t) {
  t = t === undefined ? "" : String(t);
  return /[^\x20-\x7e]/.test(t) ? "" : t.toLowerCase();
}

class Blob {
  #type;
  constructor(parts = [], options = {}) {
    if (parts === null || typeof parts !== "object" || typeof parts[Symbol.iterator] !== "function")
      throw new TypeError("Blob: the first argument must be a sequence of parts");
    const chunks = [];
    for (const p of parts) {
      if (p instanceof Blob) chunks.push(blobBytes.get(p));
      else if (isBufferSource(p)) chunks.push(bytesOf(p).slice());
      else chunks.push(new Uint8Array(utf8Encode(p)));
    }
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) { all.set(c, o); o += c.length; }
    blobBytes.set(this, all);
    this.#type = normalizeType(options && options.type);
  }
  get size() { return blobBytes.get(this).length; }
  get type() { return this.#type; }
  arrayBuffer() { return Promise.resolve(blobBytes.get(this).slice().buffer); }
  bytes() { return Promise.resolve(blobBytes.get(this).slice()); }
  text() { return Promise.resolve(utf8Decode(blobBytes.get(this))); }
  slice(start = 0, end = undefined, type = "") {
    const b = blobBytes.get(this);
    const rel = (v, d) => v === undefined ? d : v < 0 ? Math.max(b.length + v, 0) : Math.min(v, b.length);
    const s = rel(start, 0), e = rel(end, b.length);
    const out = new Blob([], { type });
    blobBytes.set(out, b.slice(s, Math.max(s, e)));
    return out;
  }
  stream() { return streamFromBytes(blobBytes.get(this).slice().buffer).pub; }
  [INSPECT]() { return { size: this.size, type: this.type }; }
}
Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });

class File extends Blob {
  #name; #lastModified;
  constructor(parts, name, options = {}) {
    if (arguments.length < 2) throw new TypeError("File: 2 arguments required");
    super(parts, options);
    this.#name = toUSV(name);
    this.#lastModified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
  }
  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
  [INSPECT]() { return { name: this.name, size: this.size, type: this.type, lastModified: this.lastModified }; }
}
Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });

function formEntry(name, value, filename) {
  name = toUSV(name);
  if (value instanceof Blob) {
    if (!(value instanceof File) || filename !== undefined) {
      const f = new File([], filename !== undefined ? filename : value instanceof File ? value.name : "blob", { type: value.type });
      blobBytes.set(f, blobBytes.get(value));
      value = f;
    }
    return [name, value];
  }
  return [name, toUSV(value)];
}

class FormData {
  #list = [];
  constructor(form) {
    if (form !== undefined) throw new TypeError("FormData: there are no HTML forms in a worker");
  }
  append(name, value, filename) { this.#list.push(formEntry(name, value, filename)); }
  set(name, value, filename) {
    const e = formEntry(name, value, filename);
    const i = this.#list.findIndex(([n]) => n === e[0]);
    if (i < 0) this.#list.push(e);
    else { this.#list[i] = e; this.#list = this.#list.filter(([n], j) => j <= i || n !== e[0]); }
  }
  get(name) { name = toUSV(name); const e = this.#list.find(([n]) => n === name); return e ? e[1] : null; }
  getAll(name) { name = toUSV(name); return this.#list.filter(([n]) => n === name).map(([, v]) => v); }
  has(name) { name = toUSV(name); return this.#list.some(([n]) => n === name); }
  delete(name) { name = toUSV(name); this.#list = this.#list.filter(([n]) => n !== name); }
  forEach(cb, thisArg) { for (const [n, v] of this.#list.slice()) cb.call(thisArg, v, n, this); }
  *entries() { for (const [n, v] of this.#list.slice()) yield [n, v]; }
  *keys() { for (const [n] of this.entries()) yield n; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  [INSPECT]() { return Object.fromEntries(this.#list); }
}
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });

// multipart/form-data (RFC 7578) encoding: [ArrayBuffer, content-type].
function encodeMultipart(form) {
  let boundary = "----WharfFormBoundary";
  for (let i = 0; i < 16; i++) boundary += "0123456789abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 36)];
  const esc = (s) => s.replace(/\r\n|\r|\n/g, "\r\n").replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const parts = [];
  for (const [name, value] of form) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${esc(name)}"`;
    if (value instanceof File) {
      head += `; filename="${esc(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
      parts.push(head, blobBytes.get(value), "\r\n");
    } else parts.push(head + "\r\n\r\n" + value.replace(/\r\n|\r|\n/g, "\r\n") + "\r\n");
  }
  parts.push(`--${boundary}--\r\n`);
  return [blobBytes.get(new Blob(parts)).buffer, `multipart/form-data; boundary=${boundary}`];
}

function indexOfBytes(hay, needle, from) {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function parseMultipart(bytes, contentType) {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new TypeError("formData(): multipart/form-data without a boundary");
  const delim = new Uint8Array(utf8Encode("--" + (m[1] || m[2])));
  const form = new FormData();
  let pos = indexOfBytes(bytes, delim, 0);
  if (pos < 0) throw new TypeError("formData(): malformed multipart body (no boundary)");
  for (;;) {
    pos += delim.length;
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) return form; // closing "--"
    if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) pos += 2;
    const headEnd = indexOfBytes(bytes, [0x0d, 0x0a, 0x0d, 0x0a], pos);
    if (headEnd < 0) throw new TypeError("formData(): malformed multipart body (part headers)");
    const headers = {};
    for (const line of utf8Decode(bytes.subarray(pos, headEnd)).split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const next = indexOfBytes(bytes, delim, headEnd + 4);
    if (next < 0) throw new TypeError("formData(): malformed multipart body (unterminated part)");
    const content = bytes.subarray(headEnd + 4, next - 2); // minus the CRLF before the delimiter
    const disp = headers["content-disposition"] || "";
    const param = (k) => { const r = new RegExp(`;\\s*${k}="([^"]*)"`, "i").exec(disp); return r ? r[1].replace(/%22/g, '"').replace(/%0D/g, "\r").replace(/%0A/g, "\n") : null; };
    const name = param("name");
    if (name === null) throw new TypeError("formData(): a multipart part has no name");
    const filename = param("filename");
    if (filename !== null) form.append(name, new File([content], filename, { type: headers["content-type"] || "" }));
    else form.append(name, utf8Decode(content));
    pos = next;
  }
}

defineGlobal("Blob", Blob);
defineGlobal("File", File);
defineGlobal("FormData", FormData);
