// TextEncoder / TextDecoder (UTF-8 only, https://encoding.spec.whatwg.org/) and atob / btoa
// (https://html.spec.whatwg.org/multipage/webappapis.html#atob, forgiving-base64).

class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(input = "") {
    return new Uint8Array(utf8Encode(input));
  }
  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) throw new TypeError("encodeInto: destination must be a Uint8Array");
    const s = String(source);
    let read = 0, written = 0;
    // Copy whole code points while they fit.
    for (const ch of s) {
      const b = new Uint8Array(utf8Encode(ch));
      if (written + b.length > destination.length) break;
      destination.set(b, written);
      written += b.length;
      read += ch.length;
    }
    return { read, written };
  }
}

const UTF8_LABELS = ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];

class TextDecoder {
  #fatal; #ignoreBOM; #pending = null; #bomSeen = false;
  constructor(label = "utf-8", options = {}) {
    // ASCII whitespace only (https://encoding.spec.whatwg.org/#concept-encoding-get), not JS trim().
    const l = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase();
    if (!UTF8_LABELS.includes(l)) throw new RangeError(`TextDecoder: unsupported encoding '${label}' (only utf-8 is available)`);
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() { return "utf-8"; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  decode(input, options = {}) {
    const stream = Boolean(options && options.stream);
    // [AllowShared] BufferSource: SharedArrayBuffer input is accepted (and copied).
    let bytes = input === undefined ? new Uint8Array(0)
      : typeof SharedArrayBuffer === "function" && input instanceof SharedArrayBuffer ? new Uint8Array(input).slice()
      : bytesOf(input, "TextDecoder.decode: input");
    if (typeof SharedArrayBuffer === "function" && bytes.buffer instanceof SharedArrayBuffer) bytes = bytes.slice();
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending); joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    if (stream) {
      // Hold back an incomplete trailing sequence for the next call.
      let cut = bytes.length;
      for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
        const b = bytes[i];
        if (b < 0x80) break;
        if (b >= 0xc0) {
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (bytes.length - i < need) cut = i;
          break;
        }
      }
      if (cut < bytes.length) { this.#pending = bytes.slice(cut); bytes = bytes.subarray(0, cut); }
    }
    // The BOM is stripped only at the very start of a stream.
    const ignoreBOM = this.#ignoreBOM || this.#bomSeen;
    if (bytes.length) this.#bomSeen = true;
    const s = native.utf8Decode(bytes, this.#fatal, ignoreBOM);
    if (s === null) {
      this.#bomSeen = false;
      throw new TypeError("TextDecoder.decode: the encoded data was not valid utf-8");
    }
    if (!stream) { this.#bomSeen = false; this.#pending = null; }
    return s;
  }
}
defineGlobal("TextEncoder", TextEncoder);
defineGlobal("TextDecoder", TextDecoder);

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Map(Array.from(B64, (c, i) => [c, i]));

function btoa(data) {
  if (arguments.length === 0) throw new TypeError("btoa: 1 argument required");
  const s = String(data);
  let out = "";
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255)
      throw new DOMException("btoa: the string contains characters outside of the Latin1 range", "InvalidCharacterError");
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] +
      (i + 1 < s.length ? B64[(n >> 6) & 63] : "=") + (i + 2 < s.length ? B64[n & 63] : "=");
  }
  return out;
}

function atob(data) {
  if (arguments.length === 0) throw new TypeError("atob: 1 argument required");
  let s = String(data).replace(/[\t\n\f\r ]/g, "");
  if (s.length % 4 === 0) s = s.replace(/==?$/, "");
  const bad = () => new DOMException("atob: the string to be decoded is not correctly encoded", "InvalidCharacterError");
  if (s.length % 4 === 1) throw bad();
  let out = "", buf = 0, bits = 0;
  for (const ch of s) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) throw bad();
    buf = (buf << 6) | v; bits += 6;
    if (bits >= 8) { bits -= 8; out += String.fromCharCode((buf >> bits) & 255); }
  }
  return out;
}
defineGlobal("btoa", btoa);
defineGlobal("atob", atob);
