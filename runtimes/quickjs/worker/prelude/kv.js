// KV namespace bindings with Cloudflare's method shapes
// (https://developers.cloudflare.com/kv/api/), over the kv_* imports. Handles are opened
// lazily per request (the ABI makes them per request).

let kvHandles = new Map(); // binding name -> handle, reset per request

function kvError(op, name, code) {
  const detail = {
    "-1": "invalid argument (a key must be 1..512 bytes of UTF-8; metadata must be JSON of at most 1024 bytes)",
    "-3": "the namespace is not bound to this worker",
    "-4": "a KV limit was exceeded (value size, key count or namespace size)",
    "-5": "the KV store is unavailable",
    "-6": "the KV operation timed out",
  }[code] || errName(code);
  return new Error(`KV ${op} failed on namespace '${name}': ${detail}`);
}

const VALUE_TYPES = ["text", "json", "arrayBuffer", "stream"];

function valueType(options) {
  const t = typeof options === "string" ? options : options && options.type !== undefined ? options.type : "text";
  if (!VALUE_TYPES.includes(t)) throw new TypeError(`KV get: unknown type '${t}' (text, json, arrayBuffer)`);
  if (t === "stream") throw new TypeError("KV get: type 'stream' is not supported by Wharf (use text, json or arrayBuffer)");
  return t;
}

function convertValue(buf, type) {
  if (type === "arrayBuffer") return buf;
  const text = utf8Decode(buf);
  return type === "json" ? JSON.parse(text) : text;
}

function checkKey(op, key) {
  if (key === undefined || key === null) throw new TypeError(`KV ${op}: a key is required`);
  key = String(key);
  if (key === "") throw new TypeError(`KV ${op}: keys must not be empty`);
  return key;
}

class KVNamespace {
  #name;
  constructor(name) { this.#name = name; }
  #handle(op) {
    requireRequest(`KV ${op}()`);
    let h = kvHandles.get(this.#name);
    if (h === undefined) {
      h = native.kvOpen(this.#name);
      if (h < 0) throw kvError(op, this.#name, h);
      kvHandles.set(this.#name, h);
    }
    return h;
  }
  get(key, options) {
    return settle(() => {
      const type = valueType(options);
      key = checkKey("get", key);
      const r = native.kvGet(this.#handle("get"), key);
      if (r === -2) return null;
      if (typeof r === "number") throw kvError("get", this.#name, r);
      return convertValue(r, type);
    });
  }
  getWithMetadata(key, options) {
    return settle(() => {
      const type = valueType(options);
      key = checkKey("getWithMetadata", key);
      const r = native.kvGetWithMetadata(this.#handle("getWithMetadata"), key);
      if (r === -2) return { value: null, metadata: null };
      if (typeof r === "number") throw kvError("getWithMetadata", this.#name, r);
      const [value, meta] = native.splitMeta(r);
      return { value: convertValue(value, type), metadata: meta === "" ? null : JSON.parse(meta) };
    });
  }
  put(key, value, options = {}) {
    return settle(() => {
      key = checkKey("put", key);
      options = options ?? {};
      let bytes;
      if (typeof value === "string") bytes = value;
      else if (isBufferSource(value)) bytes = bytesOf(value);
      else if (value && typeof value.getReader === "function") throw new TypeError("KV put: ReadableStream values are not supported by Wharf");
      else throw new TypeError("KV put: the value must be a string, ArrayBuffer or ArrayBufferView");
      let ttl = 0;
      if (options.expirationTtl !== undefined) ttl = Math.floor(Number(options.expirationTtl));
      else if (options.expiration !== undefined) ttl = Math.floor(Number(options.expiration) - Date.now() / 1000);
      if (options.expirationTtl !== undefined || options.expiration !== undefined) {
        if (!(ttl >= 60)) throw new Error(`KV put failed: Invalid expiration of ${options.expirationTtl ?? options.expiration}. Expiration times must be at least 60 seconds in the future.`);
      }
      let meta = "";
      if (options.metadata !== undefined && options.metadata !== null) {
        meta = JSON.stringify(options.metadata);
        if (meta === undefined) throw new TypeError("KV put: metadata must be JSON-serializable");
        if (utf8Encode(meta).byteLength > 1024) throw new Error(`KV put failed: metadata is ${utf8Encode(meta).byteLength} bytes, over the 1024-byte limit`);
      }
      const r = native.kvPut(this.#handle("put"), key, bytes, ttl, meta);
      if (r < 0) throw kvError("put", this.#name, r);
      return undefined;
    });
  }
  delete(key) {
    return settle(() => {
      key = checkKey("delete", key);
      const r = native.kvDelete(this.#handle("delete"), key);
      if (r < 0 && r !== -2) throw kvError("delete", this.#name, r);
      return undefined;
    });
  }
  list(options = {}) {
    return settle(() => {
      options = options ?? {};
      const limit = options.limit === undefined || options.limit === null ? 1000 : Math.floor(Number(options.limit));
      if (!(limit >= 1 && limit <= 1000)) throw new RangeError(`KV list: limit must be between 1 and 1000 (got ${options.limit})`);
      const prefix = options.prefix === undefined || options.prefix === null ? "" : String(options.prefix);
      const cursor = options.cursor === undefined || options.cursor === null ? "" : String(options.cursor);
      const r = native.kvList(this.#handle("list"), prefix, cursor, limit);
      if (typeof r === "number") throw kvError("list", this.#name, r);
      const res = JSON.parse(r);
      const keys = (res.keys || []).map((k) => {
        const o = { name: k.name };
        if (k.expiration !== undefined && k.expiration !== null) o.expiration = k.expiration;
        if (k.metadata !== undefined && k.metadata !== null) o.metadata = k.metadata;
        return o;
      });
      const out = { keys, list_complete: Boolean(res.list_complete) };
      if (!out.list_complete && res.cursor) out.cursor = res.cursor;
      out.cacheStatus = null;
      return out;
    });
  }
  [INSPECT]() { return { name: this.#name }; }
}
Object.defineProperty(KVNamespace.prototype, Symbol.toStringTag, { value: "KVNamespace", configurable: true });
