// Request and Response (https://fetch.spec.whatwg.org/). A body is held as bytes while that
// suffices and becomes a ReadableStream (streams-*.js) when `.body` is used or a stream is given.

// Extracts [ArrayBuffer|null, default content-type|null, ReadableStream record|null] from a BodyInit.
function extractBody(body) {
  if (body === undefined || body === null) return [null, null, null];
  if (typeof body === "string") return [utf8Encode(body), "text/plain;charset=UTF-8", null];
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return [copyBuffer(body), null, null];
  if (body instanceof URLSearchParams) return [utf8Encode(body.toString()), "application/x-www-form-urlencoded;charset=UTF-8", null];
  if (body instanceof Blob) return [blobBytes.get(body).slice().buffer, body.type || null, null];
  if (body instanceof FormData) return [...encodeMultipart(body), null];
  if (isKind(body, RS)) {
    const s = slots.get(body);
    if (s.disturbed || isLocked(s)) throw new TypeError("the body ReadableStream is locked or has already been read");
    return [null, null, s];
  }
  return [utf8Encode(String(body)), "text/plain;charset=UTF-8", null];
}

// A byte ReadableStream (record) over one buffer, enqueued on the first pull.
function streamFromBytes(ab) {
  let s, sent = false;
  s = createReadableByteStream(noop, () => {
    if (!sent) {
      sent = true;
      if (ab.byteLength) byteControllerEnqueue(s.controller, new Uint8Array(ab));
      byteControllerClose(s.controller);
    }
    return resolvedWith(undefined);
  }, () => resolvedWith(undefined));
  return s;
}

// A byte ReadableStream (record) that reads the incoming request body from the host in
// chunks as the worker consumes it.
function streamFromHost() {
  let s;
  s = createReadableByteStream(noop, () => {
    const b = native.requestBodyRead(65536);
    if (typeof b === "number") byteControllerError(s.controller, new Error(`reading the request body failed: ${errName(b)}`));
    else if (b.byteLength === 0) {
      byteControllerClose(s.controller);
      const req = s.controller.pendingPullIntos.length ? byteControllerGetBYOBRequest(s.controller) : null;
      if (req !== null) byteControllerRespond(s.controller, 0);
    } else byteControllerEnqueue(s.controller, new Uint8Array(b));
    return resolvedWith(undefined);
  }, () => resolvedWith(undefined));
  return s;
}

// Reads a stream (record) to the end: a promise of one ArrayBuffer. Chunks must be Uint8Array.
function readAllBytes(s) {
  const reader = acquireDefaultReader(s);
  const chunks = [];
  let total = 0;
  return new $Promise((resolve, reject) => {
    const step = () => defaultReaderRead(reader, {
      chunkSteps: (c) => {
        if (!(c instanceof Uint8Array)) {
          const e = new TypeError("a body stream chunk is not a Uint8Array");
          readableStreamCancel(s, e);
          reject(e);
          return;
        }
        chunks.push(c); total += c.byteLength;
        microtask(step);
      },
      closeSteps: () => {
        const out = new Uint8Array(total);
        let o = 0;
        for (const c of chunks) { out.set(c, o); o += c.byteLength; }
        resolve(out.buffer);
      },
      errorSteps: reject,
    });
    step();
  });
}

// A body: whole bytes (fast path), a lazily read host body (`source`), or a stream record.
// `.body` turns the first two into a stream on demand.
class BodyState {
  constructor(bytes, source = null, stream = null) { this.bytes = bytes; this.source = source; this.stream = stream; this.used = false; }
  has() { return this.bytes !== null || this.source !== null || this.stream !== null; }
  isUsed() { return this.used || (this.stream !== null && this.stream.disturbed); }
  streamRecord() {
    if (this.stream === null && this.has()) {
      if (this.source !== null) { this.stream = streamFromHost(); this.source = null; }
      else { this.stream = streamFromBytes(this.bytes); this.bytes = null; }
    }
    return this.stream;
  }
  // Bytes without consuming (only for non-stream bodies).
  peek() {
    if (this.source) {
      const b = native.requestBody();
      if (typeof b === "number") throw new Error(`reading the request body failed: ${errName(b)}`);
      this.bytes = b.byteLength ? b : null;
      this.source = null;
    }
    return this.bytes;
  }
  consume(kind) {
    if (this.isUsed()) return rejectedWith(new TypeError(`${kind}: body has already been used`));
    if (this.stream !== null) {
      if (isLocked(this.stream)) return rejectedWith(new TypeError(`${kind}: the body stream is locked`));
      return readAllBytes(this.stream);
    }
    this.used = this.has();
    try {
      return resolvedWith(this.peek() ?? new ArrayBuffer(0));
    } catch (e) {
      return rejectedWith(e);
    }
  }
  // A copy for clone(): tees a stream, copies bytes.
  cloneState() {
    if (this.stream !== null || this.source !== null) {
      const [a, b] = readableStreamTee(this.streamRecord(), true);
      this.stream = a;
      return new BodyState(null, null, b);
    }
    return new BodyState(this.bytes === null ? null : this.bytes.slice(0));
  }
  // Moves the body out (to a new Request, or to be sent): the state becomes used.
  take() {
    const t = new BodyState(this.bytes, this.source, this.stream);
    if (this.has()) this.used = true;
    if (this.stream !== null) this.stream.disturbed = true;
    return t;
  }
}

const bodyOf = new WeakMap(); // Request|Response -> BodyState

const bodyMixin = {
  get bodyUsed() { return bodyOf.get(this).isUsed(); },
  get body() {
    const st = bodyOf.get(this);
    return st.has() ? st.streamRecord().pub : null;
  },
  arrayBuffer() { return bodyOf.get(this).consume("arrayBuffer()").then((b) => b.slice(0)); },
  bytes() { return bodyOf.get(this).consume("bytes()").then((b) => new Uint8Array(b.slice(0))); },
  text() { return bodyOf.get(this).consume("text()").then((b) => utf8Decode(b)); },
  json() { return bodyOf.get(this).consume("json()").then((b) => JSON.parse(utf8Decode(b))); },
  formData() {
    const type = this.headers.get("content-type") || "";
    return bodyOf.get(this).consume("formData()").then((b) => {
      const essence = type.split(";")[0].trim().toLowerCase();
      if (essence === "multipart/form-data") return parseMultipart(new Uint8Array(b), type);
      if (essence === "application/x-www-form-urlencoded") {
        const form = new FormData();
        for (const [k, v] of formParse(utf8Decode(b))) form.append(k, v);
        return form;
      }
      throw new TypeError(`formData(): unsupported content-type '${type}' (multipart/form-data or application/x-www-form-urlencoded)`);
    });
  },
  blob() {
    const type = this.headers.get("content-type") || "";
    return bodyOf.get(this).consume("blob()").then((b) => new Blob([b], { type }));
  },
};
function mixBody(cls) {
  for (const k of Object.keys(bodyMixin)) Object.defineProperty(cls.prototype, k, Object.getOwnPropertyDescriptor(bodyMixin, k));
}

const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]; // not PATCH: https://fetch.spec.whatwg.org/#concept-method-normalize
function normalizeMethod(m) {
  m = String(m);
  if (!TOKEN.test(m)) throw new TypeError(`Invalid HTTP method: '${m}'`);
  const up = m.toUpperCase();
  if (["CONNECT", "TRACE", "TRACK"].includes(up)) throw new TypeError(`Forbidden HTTP method: '${m}'`);
  return METHODS.includes(up) ? up : m;
}

class Request {
  #method; #url; #headers; #redirect; #cf; #signal;
  constructor(input, init = {}) {
    if (arguments.length === 0) throw new TypeError("Request: 1 argument required");
    init = init ?? {};
    let src = null;
    if (input instanceof Request) src = input;
    else {
      let u;
      try { u = new URL(String(input)); } catch { throw new TypeError(`Invalid URL: ${input}`); }
      if (u.username || u.password) throw new TypeError(`Request URL must not include credentials: ${input}`);
      this.#url = u.href;
    }
    if (src) this.#url = src.url;
    this.#method = init.method !== undefined ? normalizeMethod(init.method) : src ? src.method : "GET";
    this.#redirect = init.redirect ?? (src ? src.redirect : "follow");
    if (!["follow", "manual", "error"].includes(this.#redirect)) throw new TypeError(`Invalid redirect mode: '${this.#redirect}'`);
    this.#cf = init.cf ?? (src ? src.cf : undefined);
    this.#signal = init.signal ?? (src ? src.signal : null);
    this.#headers = new Headers(init.headers !== undefined ? init.headers : src ? src.headers : undefined);
    let state;
    if (init.body !== undefined && init.body !== null) {
      const [bytes, type, stream] = extractBody(init.body);
      state = new BodyState(bytes, null, stream);
      if (type && !this.#headers.has("content-type")) this.#headers.set("content-type", type);
    } else if (src && init.body === undefined) {
      const s = bodyOf.get(src);
      if (s.isUsed()) throw new TypeError("Request: cannot construct a Request from one whose body has already been used");
      state = s.take(); // the body moves to the new request
    } else state = new BodyState(null);
    if ((this.#method === "GET" || this.#method === "HEAD") && state.has())
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    bodyOf.set(this, state);
  }
  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() { return this.#headers; }
  get redirect() { return this.#redirect; }
  get cf() { return this.#cf; }
  get signal() { return this.#signal; }
  get keepalive() { return false; }
  get integrity() { return ""; }
  clone() {
    const st = bodyOf.get(this);
    if (st.isUsed()) throw new TypeError("Request.clone: body has already been used");
    const copy = new Request(this.#url, { method: this.#method, headers: this.#headers, redirect: this.#redirect, cf: this.#cf, signal: this.#signal });
    bodyOf.set(copy, st.cloneState());
    return copy;
  }
  [INSPECT]() { return { method: this.method, url: this.url, headers: this.headers, bodyUsed: this.bodyUsed }; }
}
mixBody(Request);
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });

// The incoming request: lazily reads its body from the host, headers immutable.
function incomingRequest() {
  const method = native.requestMethod();
  const url = native.requestUrl();
  const flat = native.requestHeaders();
  if (typeof method !== "string" || typeof url !== "string" || !Array.isArray(flat))
    throw new Error(`the host refused the request data (${errName(typeof method === "number" ? method : url)})`);
  const req = new Request(url, { method, headers: [] });
  const hasBody = method !== "GET" && method !== "HEAD";
  bodyOf.set(req, new BodyState(null, hasBody ? true : null));
  const headers = req.headers;
  for (let i = 0; i + 1 < flat.length; i += 2) headers.append(flat[i], flat[i + 1]);
  headerGuard.set(headers, "immutable");
  return req;
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const NULL_BODY_STATUSES = [101, 204, 205, 304];

class Response {
  #status; #statusText; #headers; #url; #redirected; #type; #webSocket;
  constructor(body = null, init = {}) {
    init = init ?? {};
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new RangeError(`Response: status must be an integer in the range 200 to 599 (got ${init.status})`);
    const statusText = init.statusText === undefined ? "" : String(init.statusText);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(statusText)) throw new TypeError("Response: invalid statusText");
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = new Headers(init.headers);
    this.#url = "";
    this.#redirected = false;
    this.#type = "default";
    this.#webSocket = null;
    const [bytes, type, stream] = extractBody(body);
    if ((bytes !== null || stream !== null) && NULL_BODY_STATUSES.includes(status))
      throw new TypeError(`Response with null body status ${status} cannot have a body`);
    if (type && !this.#headers.has("content-type")) this.#headers.set("content-type", type);
    bodyOf.set(this, new BodyState(bytes, null, stream));
  }
  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Response.json: data is not JSON-serializable");
    const headers = new Headers(init && init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(text, { ...init, headers });
  }
  static redirect(url, status = 302) {
    const href = new URL(String(url)).href;
    if (!REDIRECT_STATUSES.includes(status)) throw new RangeError(`Response.redirect: invalid redirect status ${status}`);
    return new Response(null, { status, headers: { location: href } });
  }
  static error() {
    const r = new Response(null, { status: 200 });
    r.#status = 0; r.#type = "error";
    headerGuard.set(r.#headers, "immutable");
    return r;
  }
  get status() { return this.#status; }
  get statusText() { return this.#statusText; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get headers() { return this.#headers; }
  get url() { return this.#url; }
  get redirected() { return this.#redirected; }
  get type() { return this.#type; }
  get webSocket() { return this.#webSocket; }
  clone() {
    const st = bodyOf.get(this);
    if (st.isUsed()) throw new TypeError("Response.clone: body has already been used");
    const copy = new Response(null, { status: this.#status === 0 ? 200 : this.#status, statusText: this.#statusText, headers: this.#headers });
    copy.#status = this.#status; copy.#url = this.#url; copy.#redirected = this.#redirected; copy.#type = this.#type;
    bodyOf.set(copy, st.cloneState());
    return copy;
  }
  [INSPECT]() {
    return { status: this.status, statusText: this.statusText, headers: this.headers, ok: this.ok, redirected: this.redirected, url: this.url, bodyUsed: this.bodyUsed };
  }
  // Builds the Response of an outbound fetch (status may be outside 200..599, e.g. 101/1xx are not expected).
  static fromUpstream(status, flat, body, url) {
    const r = new Response(null);
    r.#status = status;
    r.#headers = headersFromFlat(flat, true);
    r.#url = url;
    bodyOf.set(r, new BodyState(NULL_BODY_STATUSES.includes(status) || body.byteLength === 0 ? null : body));
    return r;
  }
  // Used when sending: status, raw header pairs, and the body: bytes (or null) or a stream record.
  static parts(r) {
    const st = bodyOf.get(r);
    if (st.isUsed()) throw new TypeError("the Response's body has already been used");
    if (st.stream !== null) {
      if (isLocked(st.stream)) throw new TypeError("the Response's body stream is locked");
      return [r.#status, flattenHeaders(r.#headers), null, st.stream];
    }
    return [r.#status, flattenHeaders(r.#headers), st.peek(), null];
  }
}
mixBody(Response);
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });
const responseFromUpstream = Response.fromUpstream;
const responseParts = Response.parts;
delete Response.fromUpstream;
delete Response.parts;
defineGlobal("Request", Request);
defineGlobal("Response", Response);
