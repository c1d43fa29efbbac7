// Headers (https://fetch.spec.whatwg.org/#headers-class): case-insensitive, values
// normalized (leading/trailing HTTP whitespace removed), get() combines with ", ",
// iteration sorted by name with set-cookie kept separate, getSetCookie(), guards.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const normalizeValue = (v) => String(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");

function checkName(name) {
  name = String(name);
  if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: '${name}'`);
  return name.toLowerCase();
}
function checkValue(value) {
  value = normalizeValue(value);
  if (/[\0\r\n]/.test(value) || /[^\x00-\xff]/.test(value)) throw new TypeError(`Invalid header value: '${value}'`);
  return value;
}

const headerGuard = new WeakMap(); // Headers -> "none" | "immutable"

class Headers {
  #list = []; // [lowercased name, value]
  constructor(init) {
    headerGuard.set(this, "none");
    if (init === undefined) return;
    if (init === null) throw new TypeError("Headers: init must be an object, an array of pairs or a Headers (got null)");
    if (init instanceof Headers) { this.#list = init.#list.map((p) => p.slice()); return; }
    if (typeof init !== "object" && typeof init !== "function") throw new TypeError("Headers: init must be an object, an array of pairs or a Headers");
    if (typeof init[Symbol.iterator] === "function") {
      for (const pair of init) {
        const arr = typeof pair === "string" ? null : Array.from(pair);
        if (!arr || arr.length !== 2) throw new TypeError("Headers: each header pair must be an iterable [name, value]");
        this.append(arr[0], arr[1]);
      }
    } else {
      for (const k of Reflect.ownKeys(init)) {
        const d = Object.getOwnPropertyDescriptor(init, k);
        if (d && d.enumerable) this.append(k, init[k]);
      }
    }
  }
  #mutable() {
    if (headerGuard.get(this) === "immutable") throw new TypeError("Can't modify immutable headers.");
  }
  append(name, value) {
    this.#mutable();
    this.#list.push([checkName(name), checkValue(value)]);
  }
  delete(name) {
    this.#mutable();
    const n = checkName(name);
    this.#list = this.#list.filter(([k]) => k !== n);
  }
  get(name) {
    const n = checkName(name);
    const vals = this.#list.filter(([k]) => k === n).map(([, v]) => v);
    return vals.length ? vals.join(", ") : null;
  }
  getAll(name) {
    // Cloudflare's non-standard getAll, only for set-cookie.
    const n = checkName(name);
    if (n !== "set-cookie") throw new TypeError("getAll() can only be used with the header name \"Set-Cookie\".");
    return this.getSetCookie();
  }
  getSetCookie() { return this.#list.filter(([k]) => k === "set-cookie").map(([, v]) => v); }
  has(name) { const n = checkName(name); return this.#list.some(([k]) => k === n); }
  set(name, value) {
    this.#mutable();
    const n = checkName(name), v = checkValue(value);
    const i = this.#list.findIndex(([k]) => k === n);
    if (i < 0) this.#list.push([n, v]);
    else { this.#list[i] = [n, v]; this.#list = this.#list.filter(([k], j) => j <= i || k !== n); }
  }
  #sorted() {
    const names = [...new Set(this.#list.map(([k]) => k))].sort();
    const out = [];
    for (const n of names) {
      if (n === "set-cookie") for (const v of this.getSetCookie()) out.push([n, v]);
      else out.push([n, this.get(n)]);
    }
    return out;
  }
  forEach(cb, thisArg) {
    if (typeof cb !== "function") throw new TypeError("Headers.forEach: callback must be a function");
    for (const [k, v] of this.#sorted()) cb.call(thisArg, v, k, this);
  }
  // Iterators are live (WebIDL pair iterators): each step re-sorts the current list and
  // takes the entry at the iterator's index, so changes made while iterating are seen.
  *#iterate(kind) {
    for (let i = 0; ; i++) {
      const list = this.#sorted();
      if (i >= list.length) return;
      const [k, v] = list[i];
      yield kind === "keys" ? k : kind === "values" ? v : [k, v];
    }
  }
  entries() { return this.#iterate("entries"); }
  keys() { return this.#iterate("keys"); }
  values() { return this.#iterate("values"); }
  [Symbol.iterator]() { return this.#iterate("entries"); }
  [INSPECT]() { return Object.fromEntries(this.#sorted()); }
  // Raw pairs in insertion order (for sending), flattened [n1, v1, n2, v2, ...].
  static flatten(h) { return h.#list.flat(); }
}
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });
const flattenHeaders = Headers.flatten;
delete Headers.flatten;

// Headers from a flat [n, v, ...] array as delivered by the host, then frozen.
function headersFromFlat(flat, immutable) {
  const h = new Headers();
  for (let i = 0; i + 1 < flat.length; i += 2) h.append(flat[i], flat[i + 1]);
  if (immutable) headerGuard.set(h, "immutable");
  return h;
}
defineGlobal("Headers", Headers);
