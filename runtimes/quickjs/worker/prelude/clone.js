// structuredClone (https://html.spec.whatwg.org/multipage/structured-data.html) for the
// serializable built-ins: primitives, plain objects, arrays, Date, RegExp, Map, Set,
// ArrayBuffer, typed arrays, DataView, Error types and primitive wrappers; cycles and
// shared references are preserved. `transfer` is not supported.

const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

function structuredClone(value, options) {
  if (arguments.length === 0) throw new TypeError("structuredClone: 1 argument required");
  if (options && options.transfer && options.transfer.length)
    throw new DOMException("structuredClone: transfer is not supported by Wharf", "DataCloneError");
  const memory = new Map();
  const bad = (what) => new DOMException(`${what} could not be cloned.`, "DataCloneError");
  return clone(value);

  function clone(v) {
    if (typeof v === "symbol") throw bad(String(v));
    if (typeof v === "function") throw bad(Function.prototype.toString.call(v).slice(0, 60));
    if (v === null || typeof v !== "object") return v;
    if (memory.has(v)) return memory.get(v);
    let out;
    if (v instanceof Boolean) out = new Boolean(v.valueOf());
    else if (v instanceof Number) out = new Number(v.valueOf());
    else if (v instanceof String) out = new String(v.valueOf());
    else if (typeof BigInt === "function" && Object.prototype.toString.call(v) === "[object BigInt]") out = Object(v.valueOf());
    else if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      const buf = clone(v.buffer);
      out = v instanceof DataView ? new DataView(buf, v.byteOffset, v.byteLength) : new v.constructor(buf, v.byteOffset, v.length);
    } else if (v instanceof Map) {
      out = new Map();
      memory.set(v, out);
      for (const [k, x] of v) out.set(clone(k), clone(x));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      memory.set(v, out);
      for (const x of v) out.add(clone(x));
      return out;
    } else if (v instanceof Error) {
      const name = Object.prototype.hasOwnProperty.call(ERROR_TYPES, v.name) ? v.name : "Error";
      out = new ERROR_TYPES[name](v.message);
      memory.set(v, out);
      if ("cause" in v) out.cause = clone(v.cause);
      if (typeof v.stack === "string") Object.defineProperty(out, "stack", { value: v.stack, writable: true, configurable: true });
      return out;
    } else if (Array.isArray(v)) {
      out = new Array(v.length);
      memory.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    } else {
      const tag = Object.prototype.toString.call(v);
      if (tag !== "[object Object]" || v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet)
        throw bad(tag.slice(8, -1) + " object");
      if (v instanceof Request || v instanceof Response || v instanceof Headers || v instanceof URL || v instanceof URLSearchParams)
        throw bad(v.constructor.name + " object");
      out = {};
      memory.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    memory.set(v, out);
    return out;
  }
}
defineGlobal("structuredClone", structuredClone);
