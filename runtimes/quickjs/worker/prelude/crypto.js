// crypto.getRandomValues / randomUUID (host randomness via random_fill), crypto.subtle.digest
// (host hashing via crypto_digest) and HMAC importKey/generateKey/exportKey/sign/verify built
// on it. No other SubtleCrypto algorithms.

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

function randomFill(view) {
  requireRequest("crypto.getRandomValues()");
  const r = native.randomFill(view);
  if (r < 0) throw new Error(`random_fill failed: ${errName(r)}`);
}

const DIGESTS = { "SHA-1": 1, "SHA-256": 2, "SHA-384": 3, "SHA-512": 4 };
const BLOCK_BYTES = { "SHA-1": 64, "SHA-256": 64, "SHA-384": 128, "SHA-512": 128 };

function hashName(algorithm) {
  // WebIDL: an AlgorithmIdentifier dictionary without its required `name` is a TypeError.
  if (typeof algorithm === "object" && algorithm !== null && algorithm.name === undefined)
    throw new TypeError("the algorithm dictionary has no name");
  const name = String(typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm).toUpperCase();
  if (!DIGESTS[name]) throw new DOMException(`Unrecognized or unsupported digest algorithm: ${name}`, "NotSupportedError");
  return name;
}

function digestBytes(name, bytes) {
  const r = native.digest(DIGESTS[name], bytes);
  if (typeof r === "number") throw new Error(`crypto_digest failed: ${errName(r)}`);
  return new Uint8Array(r);
}

// HMAC (RFC 2104) over the host's hash: H((K ^ opad) || H((K ^ ipad) || m)).
function hmac(hash, key, data) {
  const block = BLOCK_BYTES[hash];
  let k = key.length > block ? digestBytes(hash, key) : key;
  const padded = new Uint8Array(block);
  padded.set(k);
  const inner = new Uint8Array(block + data.length), outerKey = new Uint8Array(block);
  for (let i = 0; i < block; i++) { inner[i] = padded[i] ^ 0x36; outerKey[i] = padded[i] ^ 0x5c; }
  inner.set(data, block);
  const ih = digestBytes(hash, inner);
  const outer = new Uint8Array(block + ih.length);
  outer.set(outerKey); outer.set(ih, block);
  return digestBytes(hash, outer);
}

const keyData = new WeakMap(); // CryptoKey -> Uint8Array

class CryptoKey {
  constructor(token) { if (token !== keyToken) throw new TypeError("Illegal constructor"); }
}
const keyToken = Symbol("CryptoKey");
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });

function newHmacKey(bytes, hash, extractable, usages) {
  for (const u of usages) if (u !== "sign" && u !== "verify") throw new DOMException(`HMAC keys cannot be used for '${u}'`, "SyntaxError");
  if (bytes.length === 0) throw new DOMException("HMAC key data must not be empty", "DataError");
  const key = new CryptoKey(keyToken);
  Object.defineProperties(key, {
    type: { value: "secret", enumerable: true },
    extractable: { value: Boolean(extractable), enumerable: true },
    algorithm: { value: Object.freeze({ name: "HMAC", hash: Object.freeze({ name: hash }), length: bytes.length * 8 }), enumerable: true },
    usages: { value: Object.freeze([...usages]), enumerable: true },
  });
  keyData.set(key, bytes);
  return key;
}

function hmacParams(algorithm, what) {
  const name = String(typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm).toUpperCase();
  if (name !== "HMAC") throw new DOMException(`crypto.subtle.${what}: only HMAC is supported by Wharf (got ${name})`, "NotSupportedError");
  return algorithm;
}

function useKey(key, usage) {
  const bytes = keyData.get(key);
  if (!bytes) throw new TypeError("the key is not a CryptoKey");
  if (!key.usages.includes(usage)) throw new DOMException(`the key does not allow '${usage}'`, "InvalidAccessError");
  return bytes;
}

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (s) => Uint8Array.from(atob(String(s).replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

const subtle = {
  digest(algorithm, data) {
    return settle(() => digestBytes(hashName(algorithm), bytesOf(data, "digest: data")).buffer);
  },
  importKey(format, data, algorithm, extractable, usages) {
    return settle(() => {
      hmacParams(algorithm, "importKey");
      const hash = hashName(algorithm.hash);
      let bytes;
      if (format === "raw") bytes = bytesOf(data, "importKey: keyData").slice();
      else if (format === "jwk") {
        if (!data || data.kty !== "oct" || typeof data.k !== "string") throw new DOMException("importKey: a JWK HMAC key needs kty 'oct' and k", "DataError");
        bytes = fromB64url(data.k);
      } else throw new DOMException(`importKey: format '${format}' is not supported for HMAC (raw, jwk)`, "NotSupportedError");
      return newHmacKey(bytes, hash, extractable, usages);
    });
  },
  generateKey(algorithm, extractable, usages) {
    return settle(() => {
      hmacParams(algorithm, "generateKey");
      const hash = hashName(algorithm.hash);
      const bytes = new Uint8Array(algorithm.length ? Math.ceil(algorithm.length / 8) : BLOCK_BYTES[hash]);
      randomFill(bytes);
      return newHmacKey(bytes, hash, extractable, usages);
    });
  },
  exportKey(format, key) {
    return settle(() => {
      const bytes = keyData.get(key);
      if (!bytes) throw new TypeError("exportKey: not a CryptoKey");
      if (!key.extractable) throw new DOMException("exportKey: the key is not extractable", "InvalidAccessError");
      if (format === "raw") return bytes.slice().buffer;
      if (format === "jwk") return { kty: "oct", k: b64url(bytes), alg: "HS" + key.algorithm.hash.name.slice(4), key_ops: [...key.usages], ext: true };
      throw new DOMException(`exportKey: format '${format}' is not supported (raw, jwk)`, "NotSupportedError");
    });
  },
  sign(algorithm, key, data) {
    return settle(() => {
      hmacParams(algorithm, "sign");
      return hmac(key.algorithm.hash.name, useKey(key, "sign"), bytesOf(data, "sign: data")).buffer;
    });
  },
  verify(algorithm, key, signature, data) {
    return settle(() => {
      hmacParams(algorithm, "verify");
      const mac = hmac(key.algorithm.hash.name, useKey(key, "verify"), bytesOf(data, "verify: data"));
      const sig = bytesOf(signature, "verify: signature");
      if (sig.length !== mac.length) return false;
      let diff = 0;
      for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ sig[i];
      return diff === 0;
    });
  },
  // Cloudflare extension: constant-time comparison of equal-length buffers.
  timingSafeEqual(a, b) {
    const x = bytesOf(a, "timingSafeEqual: a"), y = bytesOf(b, "timingSafeEqual: b");
    if (x.length !== y.length) throw new TypeError("timingSafeEqual: the buffers must have the same length");
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  },
};
for (const m of ["encrypt", "decrypt", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"])
  subtle[m] = () => Promise.reject(new DOMException(`crypto.subtle.${m}() is not supported by Wharf (digest and HMAC only)`, "NotSupportedError"));

const cryptoObject = {
  getRandomValues(array) {
    if (!INTEGER_ARRAYS.some((T) => array instanceof T))
      throw new DOMException("getRandomValues: the array must be an integer TypedArray", "TypeMismatchError");
    if (array.byteLength > 65536)
      throw new DOMException(`getRandomValues: the ArrayBufferView's byte length (${array.byteLength}) exceeds 65536`, "QuotaExceededError");
    randomFill(array);
    return array;
  },
  randomUUID() {
    const b = new Uint8Array(16);
    randomFill(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
  subtle,
};
defineGlobal("crypto", cryptoObject);
defineGlobal("CryptoKey", CryptoKey);
