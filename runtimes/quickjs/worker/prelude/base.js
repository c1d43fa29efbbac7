// Shared helpers for the prelude. Everything here runs inside `(function (native) { ... })`
// (see embed.sh); `native` holds the C primitives of wharf-js.c, one per `wharf` import.

const defineGlobal = (name, value) =>
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

// ABI error codes (docs/worker-abi.md) -> names used in messages.
const ERR_NAMES = {
  "-1": "invalid argument", "-2": "not found", "-3": "denied", "-4": "limit exceeded",
  "-5": "backend unavailable", "-6": "timed out", "-7": "wrong state",
};
const errName = (code) => ERR_NAMES[code] || `error ${code}`;

// True while wharf_handle runs. I/O (fetch, KV, timers, randomness) is refused outside a
// request, as in Cloudflare Workers: the host snapshots the global scope after init.
let inRequest = false;
function requireRequest(what) {
  if (!inRequest)
    throw new Error(`Disallowed operation called within global scope: ${what} can only be used while handling a request`);
}

const DOM_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

class DOMException extends Error {
  #name;
  constructor(message = "", name = "Error") {
    super(String(message));
    this.#name = String(name);
  }
  get name() { return this.#name; }
  get code() { return DOM_CODES[this.#name] || 0; }
}
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: "DOMException", configurable: true });
defineGlobal("DOMException", DOMException);

const isBufferSource = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);

// A Uint8Array view of a BufferSource (no copy).
function bytesOf(v, what = "argument") {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${what} must be an ArrayBuffer or ArrayBufferView`);
}

// A fresh ArrayBuffer holding a copy of a BufferSource's bytes.
function copyBuffer(v) {
  const b = bytesOf(v);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

const utf8Encode = (s) => native.utf8Encode(String(s)); // -> ArrayBuffer
const utf8Decode = (b) => native.utf8Decode(b, false, false); // -> string, U+FFFD for bad bytes

// Runs fn and returns a promise of its result (errors become rejections).
function settle(fn) {
  try { return Promise.resolve(fn()); } catch (e) { return Promise.reject(e); }
}
