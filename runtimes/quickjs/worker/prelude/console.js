// console.* -> wharf.log, formatting values like a small subset of Node's util.inspect.

const LEVELS = { debug: 0, info: 1, log: 1, warn: 2, error: 3 };

function quote(s) {
  return "'" + s.replace(/[\\'\n\r\t\b\f\v\0]/g, (c) => ({
    "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\0",
  })[c]) + "'";
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const keyText = (k) => typeof k === "symbol" ? `[${k.toString()}]` : IDENT.test(k) ? k : quote(k);

function ctorName(o) {
  let p = Object.getPrototypeOf(o);
  if (p === null) return null;
  const c = p.constructor;
  return typeof c === "function" && c.name ? c.name : "Object";
}

function inspect(v, opts = {}) {
  const depth = opts.depth === undefined ? 2 : opts.depth;
  const seen = [];
  const circular = new Map();
  const out = fmt(v, 0, true);
  return out;

  function wrapList(prefix, items, open, close) {
    if (items.length === 0) return `${prefix}${open}${close}`;
    const one = `${prefix}${open} ${items.join(", ")} ${close}`;
    if (one.length <= 72 && !items.some((i) => i.includes("\n"))) return one;
    const pad = "  ".repeat(seen.length);
    return `${prefix}${open}\n${pad}  ${items.join(`,\n${pad}  `)}\n${pad}${close}`;
  }

  function fmt(x, level, top) {
    switch (typeof x) {
      case "string": return top ? x : quote(x);
      case "number": return Object.is(x, -0) ? "-0" : String(x);
      case "bigint": return `${x}n`;
      case "boolean": return String(x);
      case "undefined": return "undefined";
      case "symbol": return x.toString();
      case "function": {
        const isClass = /^class[\s{]/.test(Function.prototype.toString.call(x));
        return isClass ? `[class ${x.name || "(anonymous)"}]` : `[Function: ${x.name || "(anonymous)"}]`;
      }
    }
    if (x === null) return "null";
    if (seen.includes(x)) {
      if (!circular.has(x)) circular.set(x, circular.size + 1);
      return `[Circular *${circular.get(x)}]`;
    }
    if (x instanceof Error) return x.stack ? `${x.name}: ${x.message}\n${x.stack}`.trimEnd() : `${x.name}: ${x.message}`;
    if (x instanceof Date) return isNaN(x) ? "Invalid Date" : x.toISOString();
    if (x instanceof RegExp) return x.toString();
    if (x instanceof Number || x instanceof String || x instanceof Boolean)
      return `[${ctorName(x)}: ${fmt(x.valueOf(), level + 1, false)}]`;
    if (x instanceof Promise) return "Promise { <unknown> }";
    if (x instanceof WeakMap || x instanceof WeakSet) return `${ctorName(x)} { <items unknown> }`;
    if (x instanceof ArrayBuffer) {
      const bytes = Array.from(new Uint8Array(x, 0, Math.min(50, x.byteLength)), (b) => b.toString(16).padStart(2, "0"));
      return `ArrayBuffer { [Uint8Contents]: <${bytes.join(" ")}${x.byteLength > 50 ? " ..." : ""}>, byteLength: ${x.byteLength} }`;
    }
    const name = ctorName(x);
    if (level > depth) {
      if (Array.isArray(x)) return "[Array]";
      return `[${name || "Object: null prototype"}]`;
    }
    seen.push(x);
    try {
      let items = [];
      let prefix = "";
      let open = "{", close = "}";
      if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
        open = "["; close = "]";
        const n = Math.min(x.length, 100);
        let holes = 0;
        for (let i = 0; i < n; i++) {
          if (Array.isArray(x) && !(i in x)) { holes++; continue; }
          if (holes) { items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; }
          items.push(fmt(x[i], level + 1, false));
        }
        if (holes) items.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
        if (x.length > 100) items.push(`... ${x.length - 100} more item${x.length - 100 > 1 ? "s" : ""}`);
        if (!Array.isArray(x)) prefix = `${name}(${x.length}) `;
        else if (name !== "Array") prefix = `${name}(${x.length}) `;
        if (Array.isArray(x)) for (const k of Object.keys(x)) if (!/^\d+$/.test(k)) items.push(`${keyText(k)}: ${fmt(x[k], level + 1, false)}`);
      } else if (x instanceof Map) {
        prefix = `${name}(${x.size}) `;
        for (const [k, val] of x) items.push(`${fmt(k, level + 1, false)} => ${fmt(val, level + 1, false)}`);
      } else if (x instanceof Set) {
        prefix = `${name}(${x.size}) `;
        for (const val of x) items.push(fmt(val, level + 1, false));
      } else {
        if (name === null) prefix = "[Object: null prototype] ";
        else if (name !== "Object") prefix = `${name} `;
        const custom = typeof x[INSPECT] === "function" ? x[INSPECT]() : null;
        const src = custom && typeof custom === "object" ? custom : x;
        for (const k of Reflect.ownKeys(src)) {
          const d = Object.getOwnPropertyDescriptor(src, k);
          if (!d || !d.enumerable) continue;
          const val = "value" in d ? fmt(d.value, level + 1, false) : d.get && d.set ? "[Getter/Setter]" : d.get ? "[Getter]" : "[Setter]";
          items.push(`${keyText(k)}: ${val}`);
        }
        if (src === x && items.length === 0 && prefix && Symbol.toStringTag in x) prefix = `${name} [${x[Symbol.toStringTag]}] `;
      }
      const ref = circular.has(x) ? `<ref *${circular.get(x)}> ` : "";
      return ref + wrapList(prefix, items, open, close);
    } finally {
      seen.pop();
    }
  }
}
// Classes of the Workers API expose their state to console.log through this hook.
const INSPECT = Symbol("wharf.inspect");

function formatArgs(args) {
  let first = args[0];
  let rest = 1;
  let head = "";
  if (typeof first === "string" && first.includes("%") && args.length > 1) {
    head = first.replace(/%([sdifjoOc%])/g, (m, c) => {
      if (c === "%") return "%";
      if (rest >= args.length) return m;
      const a = args[rest++];
      switch (c) {
        case "s": return typeof a === "string" ? a : typeof a === "bigint" ? `${a}n` : typeof a === "object" && a !== null ? inspect(a, { depth: 1 }) : String(a);
        case "d": case "i": {
          if (typeof a === "bigint") return `${a}n`;
          const n = Number(a);
          return String(c === "i" ? Math.trunc(n) : n);
        }
        case "f": return String(parseFloat(a));
        case "j": try { return JSON.stringify(a); } catch { return "[Circular]"; }
        case "o": case "O": return inspect(a, { depth: c === "o" ? 4 : 2 });
        case "c": return "";
      }
    });
    const tail = args.slice(rest).map((a) => inspect(a));
    return [head, ...tail].join(" ");
  }
  return args.map((a) => inspect(a)).join(" ");
}

function emit(level, args) {
  native.log(level, formatArgs(args));
}

const counts = new Map();
const timersStart = new Map();
const consoleObject = {
  log: (...a) => emit(LEVELS.log, a),
  info: (...a) => emit(LEVELS.info, a),
  debug: (...a) => emit(LEVELS.debug, a),
  trace: (...a) => emit(LEVELS.debug, [...a, new Error().stack]),
  warn: (...a) => emit(LEVELS.warn, a),
  error: (...a) => emit(LEVELS.error, a),
  assert: (cond, ...a) => { if (!cond) emit(LEVELS.error, ["Assertion failed" + (a.length ? ":" : ""), ...a]); },
  dir: (o) => emit(LEVELS.log, [inspect(o)]),
  table: (...a) => emit(LEVELS.log, a),
  count: (label = "default") => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); emit(LEVELS.log, [`${label}: ${n}`]); },
  countReset: (label = "default") => counts.delete(label),
  time: (label = "default") => timersStart.set(label, Date.now()),
  timeLog: (label = "default", ...a) => emit(LEVELS.log, [`${label}: ${Date.now() - (timersStart.get(label) ?? Date.now())}ms`, ...a]),
  timeEnd: (label = "default") => { emit(LEVELS.log, [`${label}: ${Date.now() - (timersStart.get(label) ?? Date.now())}ms`]); timersStart.delete(label); },
  group: (...a) => { if (a.length) emit(LEVELS.log, a); },
  groupCollapsed: (...a) => { if (a.length) emit(LEVELS.log, a); },
  groupEnd: () => {},
};
defineGlobal("console", consoleObject);
