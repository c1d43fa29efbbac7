// URL and URLSearchParams after the WHATWG URL Standard (https://url.spec.whatwg.org/):
// the basic URL parser state machine (with state overrides for the setters), host parsing
// (IPv4, IPv6, opaque hosts, domains lower-cased and Punycode-encoded; no full UTS #46
// mapping), the percent-encode sets and application/x-www-form-urlencoded.

const SPECIAL = { "ftp:": 21, "file:": null, "http:": 80, "https:": 443, "ws:": 80, "wss:": 443 };
const isSpecialScheme = (s) => Object.prototype.hasOwnProperty.call(SPECIAL, s + ":");
const defaultPort = (s) => SPECIAL[s + ":"] ?? null;

const isAsciiAlpha = (c) => c !== undefined && /^[A-Za-z]$/.test(c);
const isAsciiDigit = (c) => c !== undefined && c >= "0" && c <= "9";
const isAsciiHex = (c) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
const isAsciiAlnum = (c) => isAsciiAlpha(c) || isAsciiDigit(c);

// Percent-encode sets as predicates on a code point (number).
const c0Set = (cp) => cp < 0x20 || cp > 0x7e;
const fragmentSet = (cp) => c0Set(cp) || cp === 0x20 || cp === 0x22 || cp === 0x3c || cp === 0x3e || cp === 0x60;
const querySet = (cp) => c0Set(cp) || cp === 0x20 || cp === 0x22 || cp === 0x23 || cp === 0x3c || cp === 0x3e;
const specialQuerySet = (cp) => querySet(cp) || cp === 0x27;
const pathSet = (cp) => querySet(cp) || cp === 0x3f || cp === 0x60 || cp === 0x7b || cp === 0x7d;
const userinfoSet = (cp) => pathSet(cp) || cp === 0x2f || cp === 0x3a || cp === 0x3b || cp === 0x3d || cp === 0x40 ||
  (cp >= 0x5b && cp <= 0x5e) || cp === 0x7c;
const formSet = (cp) => !(isAsciiAlnum(String.fromCharCode(cp)) || cp === 0x2a || cp === 0x2d || cp === 0x2e || cp === 0x5f);

const hex2 = (b) => "%" + b.toString(16).toUpperCase().padStart(2, "0");

function percentEncodeCp(ch, set) {
  const cp = ch.codePointAt(0);
  if (!set(cp)) return ch;
  let out = "";
  for (const b of new Uint8Array(utf8Encode(ch))) out += hex2(b);
  return out;
}

function percentEncodeString(s, set, spaceAsPlus = false) {
  let out = "";
  for (const ch of s) out += spaceAsPlus && ch === " " ? "+" : percentEncodeCp(ch, set);
  return out;
}

// Percent-decodes a string's UTF-8 bytes into bytes.
function percentDecodeBytes(s) {
  const input = new Uint8Array(utf8Encode(s));
  const out = new Uint8Array(input.length);
  let o = 0;
  const hv = (b) => b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 55 : b >= 0x61 && b <= 0x66 ? b - 87 : -1;
  for (let i = 0; i < input.length; i++) {
    const b = input[i];
    if (b === 0x25 && i + 2 < input.length && hv(input[i + 1]) >= 0 && hv(input[i + 2]) >= 0) {
      out[o++] = hv(input[i + 1]) * 16 + hv(input[i + 2]);
      i += 2;
    } else out[o++] = b;
  }
  return out.subarray(0, o);
}

// ---- hosts ----

const FORBIDDEN_HOST = new Set(["\0", "\t", "\n", "\r", " ", "#", "/", ":", "<", ">", "?", "@", "[", "\\", "]", "^", "|"]);
const isForbiddenDomain = (ch) => FORBIDDEN_HOST.has(ch) || ch.charCodeAt(0) <= 0x1f || ch === "%" || ch === "\x7f";

function parseIPv4Number(s) {
  if (s === "") return NaN;
  let radix = 10;
  if (s.length >= 2 && (s.startsWith("0x") || s.startsWith("0X"))) { s = s.slice(2); radix = 16; }
  else if (s.length >= 2 && s[0] === "0") { s = s.slice(1); radix = 8; }
  if (s === "") return 0;
  const re = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!re.test(s)) return NaN;
  return parseInt(s, radix);
}

function endsInANumber(s) {
  const parts = s.split(".");
  if (parts[parts.length - 1] === "") { if (parts.length === 1) return false; parts.pop(); }
  const last = parts[parts.length - 1];
  if (last !== "" && /^[0-9]+$/.test(last)) return true;
  return !Number.isNaN(parseIPv4Number(last));
}

function parseIPv4(s) {
  const parts = s.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const nums = parts.map(parseIPv4Number);
  if (nums.some(Number.isNaN)) return null;
  for (let i = 0; i < nums.length - 1; i++) if (nums[i] > 255) return null;
  if (nums[nums.length - 1] >= 256 ** (5 - nums.length)) return null;
  let ipv4 = nums[nums.length - 1];
  for (let i = 0; i < nums.length - 1; i++) ipv4 += nums[i] * 256 ** (3 - i);
  return ipv4;
}

function serializeIPv4(n) {
  const out = [];
  for (let i = 0; i < 4; i++) { out.unshift(String(n % 256)); n = Math.floor(n / 256); }
  return out.join(".");
}

function parseIPv6(s) {
  const addr = [0, 0, 0, 0, 0, 0, 0, 0];
  const cps = Array.from(s);
  let piece = 0, compress = null, p = 0;
  if (cps[p] === ":") {
    if (cps[p + 1] !== ":") return null;
    p += 2; piece++; compress = piece;
  }
  while (p < cps.length) {
    if (piece === 8) return null;
    if (cps[p] === ":") {
      if (compress !== null) return null;
      p++; piece++; compress = piece; continue;
    }
    let value = 0, length = 0;
    while (length < 4 && isAsciiHex(cps[p])) { value = value * 16 + parseInt(cps[p], 16); p++; length++; }
    if (cps[p] === ".") {
      if (length === 0) return null;
      p -= length;
      if (piece > 6) return null;
      let numbersSeen = 0;
      while (p < cps.length) {
        let v4 = null;
        if (numbersSeen > 0) {
          if (cps[p] === "." && numbersSeen < 4) p++;
          else return null;
        }
        if (!isAsciiDigit(cps[p])) return null;
        while (isAsciiDigit(cps[p])) {
          const n = parseInt(cps[p], 10);
          if (v4 === null) v4 = n; else if (v4 === 0) return null; else v4 = v4 * 10 + n;
          if (v4 > 255) return null;
          p++;
        }
        addr[piece] = addr[piece] * 256 + v4;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) piece++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (cps[p] === ":") {
      p++;
      if (p >= cps.length) return null;
    } else if (p < cps.length) return null;
    addr[piece] = value;
    piece++;
  }
  if (compress !== null) {
    let swaps = piece - compress;
    piece = 7;
    while (piece !== 0 && swaps > 0) {
      const t = addr[piece]; addr[piece] = addr[compress + swaps - 1]; addr[compress + swaps - 1] = t;
      piece--; swaps--;
    }
  } else if (piece !== 8) return null;
  return addr;
}

function serializeIPv6(addr) {
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (addr[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && addr[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  let out = "", ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && addr[i] === 0) continue;
    ignore0 = false;
    if (best === i) { out += i === 0 ? "::" : ":"; ignore0 = true; continue; }
    out += addr[i].toString(16);
    if (i !== 7) out += ":";
  }
  return "[" + out + "]";
}

// RFC 3492 Punycode encoding of one label.
function punycode(label) {
  const cps = Array.from(label, (c) => c.codePointAt(0));
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  let n = 128, delta = 0, bias = 72;
  let out = cps.filter((c) => c < 128).map((c) => String.fromCharCode(c)).join("");
  const b = out.length;
  let h = b;
  if (b > 0) out += "-";
  const digit = (d) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);
  const adapt = (d, numPoints, first) => {
    d = first ? Math.floor(d / damp) : d >> 1;
    d += Math.floor(d / numPoints);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) { d = Math.floor(d / (base - tMin)); k += base; }
    return k + Math.floor(((base - tMin + 1) * d) / (d + skew));
  };
  while (h < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (h + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          out += digit(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        out += digit(q);
        bias = adapt(delta, h + 1, h === b);
        delta = 0;
        h++;
      }
    }
    delta++; n++;
  }
  return out;
}

// Code points UTS #46 maps to nothing ("ignored" in the IDNA mapping table).
const IDNA_IGNORED = /[\u00ad\u034f\u180b-\u180d\u180f\u200b\u2060\u2064\ufe00-\ufe0f\ufeff]/g;

function domainToASCII(domain) {
  // UTS #46 approximated without the mapping table (QuickJS has no IDNA data): NFKC folds
  // compatibility forms (full-width letters and digits, ligatures, …), then lower-casing,
  // dropping the ignored code points, NFC, the ideographic full stops as dots, Punycode for
  // non-ASCII labels.
  const mapped = domain.normalize("NFKC").toLowerCase().replace(IDNA_IGNORED, "").normalize("NFC").replace(/[\u3002\uff0e\uff61]/g, ".");
  const labels = mapped.split(".").map((l) => /^[\x00-\x7f]*$/.test(l) ? l : "xn--" + punycode(l));
  const ascii = labels.join(".");
  if (ascii === "" || ascii.length > 253 && false) return null;
  return ascii;
}

// Returns the serialized host or null (failure).
function parseHost(input, isOpaque) {
  if (input.startsWith("[")) {
    if (!input.endsWith("]")) return null;
    const a = parseIPv6(input.slice(1, -1));
    return a ? serializeIPv6(a) : null;
  }
  if (isOpaque) {
    for (const ch of input) if (FORBIDDEN_HOST.has(ch)) return null;
    return percentEncodeString(input, c0Set);
  }
  // UTF-8 decode without BOM or fail: percent-encoded bytes that are not UTF-8 fail the host.
  const domain = native.utf8Decode(percentDecodeBytes(input), true, true);
  if (domain === null) return null;
  const ascii = domainToASCII(domain);
  if (ascii === null) return null;
  for (const ch of ascii) if (isForbiddenDomain(ch)) return null;
  if (endsInANumber(ascii)) {
    const v4 = parseIPv4(ascii);
    return v4 === null ? null : serializeIPv4(v4);
  }
  return ascii;
}

// ---- the basic URL parser ----

const isWindowsDriveLetter = (s, normalizedOnly) =>
  s.length === 2 && isAsciiAlpha(s[0]) && (s[1] === ":" || (!normalizedOnly && s[1] === "|"));
function startsWithWindowsDriveLetter(cps, p) {
  if (cps.length - p < 2) return false;
  if (!isAsciiAlpha(cps[p]) || (cps[p + 1] !== ":" && cps[p + 1] !== "|")) return false;
  if (cps.length - p === 2) return true;
  return ["/", "\\", "?", "#"].includes(cps[p + 2]);
}
const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
const isDoubleDot = (s) => ["..", ".%2e", "%2e.", "%2e%2e"].includes(s.toLowerCase());

function shortenPath(url) {
  if (url.scheme === "file" && url.path.length === 1 && isWindowsDriveLetter(url.path[0], true)) return;
  url.path.pop();
}

const newRecord = () => ({ scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null });
const hasOpaquePath = (u) => typeof u.path === "string";
const cloneRecord = (u) => ({ ...u, path: hasOpaquePath(u) ? u.path : u.path.slice() });

// Returns the URL record, or null on failure. With `url` and `override`, mutates url
// (returns url, or null on failure, or "unchanged" where the spec says to return early).
function basicParse(input, base, url, override) {
  if (!url) {
    url = newRecord();
    input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
  }
  input = input.replace(/[\t\n\r]/g, "");
  let state = override || "schemeStart";
  let buffer = "", atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
  const cps = Array.from(input);
  // p === cps.length is the EOF code point; states may move p back, so the loop ends only
  // when it is past EOF.
  for (let p = 0; p <= cps.length; p++) {
    const c = cps[p]; // undefined = EOF
    switch (state) {
      case "schemeStart":
        if (isAsciiAlpha(c)) { buffer += c.toLowerCase(); state = "scheme"; }
        else if (!override) { state = "noScheme"; p--; }
        else return null;
        break;
      case "scheme":
        if (isAsciiAlnum(c) || c === "+" || c === "-" || c === ".") buffer += c.toLowerCase();
        else if (c === ":") {
          if (override) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return "unchanged";
            if ((url.username || url.password || url.port !== null) && buffer === "file") return "unchanged";
            if (url.scheme === "file" && url.host === "") return "unchanged";
          }
          url.scheme = buffer;
          if (override) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") state = "file";
          else if (isSpecialScheme(url.scheme) && base && base.scheme === url.scheme) state = "specialRelativeOrAuthority";
          else if (isSpecialScheme(url.scheme)) state = "specialAuthoritySlashes";
          else if (cps[p + 1] === "/") { state = "pathOrAuthority"; p++; }
          else { url.path = ""; state = "opaquePath"; }
        } else if (!override) { buffer = ""; state = "noScheme"; p = -1; }
        else return null;
        break;
      case "noScheme":
        if (!base || (hasOpaquePath(base) && c !== "#")) return null;
        if (hasOpaquePath(base) && c === "#") {
          url.scheme = base.scheme; url.path = base.path; url.query = base.query; url.fragment = ""; state = "fragment";
        } else if (base.scheme !== "file") { state = "relative"; p--; }
        else { state = "file"; p--; }
        break;
      case "specialRelativeOrAuthority":
        if (c === "/" && cps[p + 1] === "/") { state = "specialAuthorityIgnoreSlashes"; p++; }
        else { state = "relative"; p--; }
        break;
      case "pathOrAuthority":
        if (c === "/") state = "authority";
        else { state = "path"; p--; }
        break;
      case "relative":
        url.scheme = base.scheme;
        if (c === "/") state = "relativeSlash";
        else if (isSpecialScheme(url.scheme) && c === "\\") state = "relativeSlash";
        else {
          url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
          url.path = base.path.slice(); url.query = base.query;
          if (c === "?") { url.query = ""; state = "query"; }
          else if (c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c !== undefined) { url.query = null; shortenPath(url); state = "path"; p--; }
        }
        break;
      case "relativeSlash":
        if (isSpecialScheme(url.scheme) && (c === "/" || c === "\\")) state = "specialAuthorityIgnoreSlashes";
        else if (c === "/") state = "authority";
        else {
          url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
          state = "path"; p--;
        }
        break;
      case "specialAuthoritySlashes":
        if (c === "/" && cps[p + 1] === "/") { state = "specialAuthorityIgnoreSlashes"; p++; }
        else { state = "specialAuthorityIgnoreSlashes"; p--; }
        break;
      case "specialAuthorityIgnoreSlashes":
        if (c !== "/" && c !== "\\") { state = "authority"; p--; }
        break;
      case "authority":
        if (c === "@") {
          if (atSignSeen) buffer = "%40" + buffer;
          atSignSeen = true;
          for (const ch of buffer) {
            if (ch === ":" && !passwordTokenSeen) { passwordTokenSeen = true; continue; }
            const enc = percentEncodeCp(ch, userinfoSet);
            if (passwordTokenSeen) url.password += enc; else url.username += enc;
          }
          buffer = "";
        } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\")) {
          if (atSignSeen && buffer === "") return null;
          p -= Array.from(buffer).length + 1;
          buffer = "";
          state = "host";
        } else buffer += c;
        break;
      case "host":
      case "hostname":
        if (override && url.scheme === "file") { p--; state = "fileHost"; }
        else if (c === ":" && !insideBrackets) {
          if (buffer === "") return null;
          if (override === "hostname") return null;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host; buffer = ""; state = "port";
        } else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\")) {
          p--;
          if (isSpecialScheme(url.scheme) && buffer === "") return null;
          if (override && buffer === "" && (url.username || url.password || url.port !== null)) return "unchanged";
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host; buffer = ""; state = "pathStart";
          if (override) return url;
        } else {
          if (c === "[") insideBrackets = true;
          if (c === "]") insideBrackets = false;
          buffer += c;
        }
        break;
      case "port":
        if (isAsciiDigit(c)) buffer += c;
        else if (c === undefined || c === "/" || c === "?" || c === "#" || (isSpecialScheme(url.scheme) && c === "\\") || override) {
          if (buffer !== "") {
            const port = parseInt(buffer, 10);
            if (port > 65535) return null;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = "";
            if (override) return url;
          }
          // Spec: "if state override is given, return" -- keeping what the host state set.
          if (override) return url;
          state = "pathStart"; p--;
        } else return null;
        break;
      case "file":
        url.scheme = "file";
        url.host = "";
        if (c === "/" || c === "\\") state = "fileSlash";
        else if (base && base.scheme === "file") {
          url.host = base.host; url.path = base.path.slice(); url.query = base.query;
          if (c === "?") { url.query = ""; state = "query"; }
          else if (c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c !== undefined) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, p)) shortenPath(url);
            else url.path = [];
            state = "path"; p--;
          }
        } else { state = "path"; p--; }
        break;
      case "fileSlash":
        if (c === "/" || c === "\\") state = "fileHost";
        else {
          if (base && base.scheme === "file") {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, p) && base.path.length && isWindowsDriveLetter(base.path[0], true))
              url.path.push(base.path[0]);
          }
          state = "path"; p--;
        }
        break;
      case "fileHost":
        if (c === undefined || c === "/" || c === "\\" || c === "?" || c === "#") {
          p--;
          if (!override && isWindowsDriveLetter(buffer, false)) state = "path";
          else if (buffer === "") {
            url.host = "";
            if (override) return url;
            state = "pathStart";
          } else {
            let host = parseHost(buffer, false);
            if (host === null) return null;
            if (host === "localhost") host = "";
            url.host = host;
            if (override) return url;
            buffer = ""; state = "pathStart";
          }
        } else buffer += c;
        break;
      case "pathStart":
        if (isSpecialScheme(url.scheme)) { state = "path"; if (c !== "/" && c !== "\\") p--; }
        else if (!override && c === "?") { url.query = ""; state = "query"; }
        else if (!override && c === "#") { url.fragment = ""; state = "fragment"; }
        else if (c !== undefined) { state = "path"; if (c !== "/") p--; }
        else if (override && url.host === null) url.path.push("");
        break;
      case "path":
        if (c === undefined || c === "/" || (isSpecialScheme(url.scheme) && c === "\\") || (!override && (c === "?" || c === "#"))) {
          const slash = c === "/" || (isSpecialScheme(url.scheme) && c === "\\");
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) url.path.push("");
          } else if (isSingleDot(buffer) && !slash) url.path.push("");
          else if (!isSingleDot(buffer)) {
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer, false))
              buffer = buffer[0] + ":";
            url.path.push(buffer);
          }
          buffer = "";
          if (c === "?") { url.query = ""; state = "query"; }
          if (c === "#") { url.fragment = ""; state = "fragment"; }
        } else buffer += percentEncodeCp(c, pathSet);
        break;
      case "opaquePath":
        if (c === "?") { url.query = ""; state = "query"; }
        else if (c === "#") { url.fragment = ""; state = "fragment"; }
        else if (c !== undefined) url.path += percentEncodeCp(c, c0Set);
        break;
      case "query":
        if ((!override && c === "#") || c === undefined) {
          const set = isSpecialScheme(url.scheme) ? specialQuerySet : querySet;
          url.query += percentEncodeString(buffer, set);
          buffer = "";
          if (c === "#") { url.fragment = ""; state = "fragment"; }
        } else buffer += c;
        break;
      case "fragment":
        if (c !== undefined) url.fragment += percentEncodeCp(c, fragmentSet);
        break;
    }
  }
  return url;
}

function serializePath(u) {
  if (hasOpaquePath(u)) return u.path;
  let out = "";
  if (u.host === null && u.path.length > 1 && u.path[0] === "") out += "/.";
  for (const seg of u.path) out += "/" + seg;
  return out;
}

function serializeURL(u, excludeFragment = false) {
  let out = u.scheme + ":";
  if (u.host !== null) {
    out += "//";
    if (u.username !== "" || u.password !== "") {
      out += u.username;
      if (u.password !== "") out += ":" + u.password;
      out += "@";
    }
    out += u.host;
    if (u.port !== null) out += ":" + u.port;
  }
  out += serializePath(u);
  if (u.query !== null) out += "?" + u.query;
  if (!excludeFragment && u.fragment !== null) out += "#" + u.fragment;
  return out;
}

function serializeOrigin(u) {
  if (u.scheme === "blob") {
    const inner = basicParse(hasOpaquePath(u) ? u.path : serializePath(u));
    return inner && (inner.scheme === "http" || inner.scheme === "https") ? serializeOrigin(inner) : "null";
  }
  if (["ftp", "http", "https", "ws", "wss"].includes(u.scheme))
    return `${u.scheme}://${u.host}${u.port !== null ? ":" + u.port : ""}`;
  return "null";
}

// ---- application/x-www-form-urlencoded ----

function formParse(s) {
  const out = [];
  for (const seq of s.split("&")) {
    if (seq === "") continue;
    const i = seq.indexOf("=");
    const name = i >= 0 ? seq.slice(0, i) : seq;
    const value = i >= 0 ? seq.slice(i + 1) : "";
    // UTF-8 decode without BOM: a leading U+FEFF stays part of the name.
    const dec = (x) => native.utf8Decode(percentDecodeBytes(x.replace(/\+/g, " ")), false, true);
    out.push([dec(name), dec(value)]);
  }
  return out;
}

const formSerialize = (list) =>
  list.map(([n, v]) => percentEncodeString(n, formSet, true) + "=" + percentEncodeString(v, formSet, true)).join("&");

// USVString conversion: lone surrogates -> U+FFFD.
const toUSV = (v) => String(v).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

// ---- URLSearchParams ----

const paramsList = new WeakMap(); // URLSearchParams -> { list, url }

class URLSearchParams {
  constructor(init = "") {
    const state = { list: [], url: null };
    paramsList.set(this, state);
    // No URLSearchParams shortcut: WebIDL's union conversion uses its (possibly overridden) @@iterator.
    if (init !== null && typeof init === "object" || typeof init === "function") {
      if (typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const arr = Array.from(pair);
          if (arr.length !== 2) throw new TypeError("URLSearchParams: each pair must have exactly two elements");
          state.list.push([toUSV(arr[0]), toUSV(arr[1])]);
        }
      } else {
        for (const k of Reflect.ownKeys(init)) {
          const d = Object.getOwnPropertyDescriptor(init, k);
          if (typeof k === "string" && d && d.enumerable) state.list.push([toUSV(k), toUSV(init[k])]);
        }
      }
    } else {
      let s = toUSV(init);
      if (s.startsWith("?")) s = s.slice(1);
      state.list = formParse(s);
    }
  }
  #update() {
    const st = paramsList.get(this);
    if (!st.url) return;
    const s = formSerialize(st.list);
    st.url.query = s === "" ? null : s;
  }
  get size() { return paramsList.get(this).list.length; }
  append(name, value) { paramsList.get(this).list.push([toUSV(name), toUSV(value)]); this.#update(); }
  delete(name, value) {
    const st = paramsList.get(this);
    name = toUSV(name);
    if (value === undefined) st.list = st.list.filter(([n]) => n !== name);
    else { value = toUSV(value); st.list = st.list.filter(([n, v]) => !(n === name && v === value)); }
    this.#update();
  }
  get(name) { name = toUSV(name); const e = paramsList.get(this).list.find(([n]) => n === name); return e ? e[1] : null; }
  getAll(name) { name = toUSV(name); return paramsList.get(this).list.filter(([n]) => n === name).map(([, v]) => v); }
  has(name, value) {
    name = toUSV(name);
    const list = paramsList.get(this).list;
    if (value === undefined) return list.some(([n]) => n === name);
    value = toUSV(value);
    return list.some(([n, v]) => n === name && v === value);
  }
  set(name, value) {
    const st = paramsList.get(this);
    name = toUSV(name); value = toUSV(value);
    const i = st.list.findIndex(([n]) => n === name);
    if (i < 0) st.list.push([name, value]);
    else {
      st.list[i][1] = value;
      st.list = st.list.filter(([n], j) => j <= i || n !== name);
    }
    this.#update();
  }
  sort() {
    // Stable sort by UTF-16 code units of the names.
    const st = paramsList.get(this);
    st.list = st.list.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(([p]) => p);
    this.#update();
  }
  forEach(cb, thisArg) {
    if (typeof cb !== "function") throw new TypeError("URLSearchParams.forEach: callback must be a function");
    const st = paramsList.get(this);
    for (let i = 0; i < st.list.length; i++) cb.call(thisArg, st.list[i][1], st.list[i][0], this);
  }
  *entries() { const st = paramsList.get(this); for (let i = 0; i < st.list.length; i++) yield [st.list[i][0], st.list[i][1]]; }
  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return formSerialize(paramsList.get(this).list); }
  [INSPECT]() { return Object.fromEntries(paramsList.get(this).list); }
}
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: "URLSearchParams", configurable: true });

// ---- URL ----

class URL {
  #url; #params;
  constructor(url, base) {
    if (arguments.length === 0) throw new TypeError("URL: 1 argument required");
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = basicParse(toUSV(base instanceof URL ? base.href : base));
      if (!baseRecord) throw new TypeError(`Invalid base URL: ${base}`);
    }
    const rec = basicParse(toUSV(url instanceof URL ? url.href : url), baseRecord);
    if (!rec) throw new TypeError(`Invalid URL: ${url}`);
    this.#url = rec;
    this.#params = new URLSearchParams(rec.query || "");
    paramsList.get(this.#params).url = rec;
  }
  static canParse(url, base) {
    try { new URL(url, base); return true; } catch { return false; }
  }
  static parse(url, base) {
    try { return new URL(url, base); } catch { return null; }
  }
  #syncParams() {
    paramsList.get(this.#params).list = this.#url.query ? formParse(this.#url.query) : [];
  }
  get href() { return serializeURL(this.#url); }
  set href(v) {
    const rec = basicParse(toUSV(v));
    if (!rec) throw new TypeError(`Invalid URL: ${v}`);
    this.#url = rec;
    paramsList.get(this.#params).url = rec;
    this.#syncParams();
  }
  get origin() { return serializeOrigin(this.#url); }
  get protocol() { return this.#url.scheme + ":"; }
  set protocol(v) { basicParse(toUSV(v) + ":", null, this.#url, "schemeStart"); }
  get username() { return this.#url.username; }
  set username(v) {
    const u = this.#url;
    if (u.host === null || u.host === "" || u.scheme === "file") return;
    u.username = percentEncodeString(toUSV(v), userinfoSet);
  }
  get password() { return this.#url.password; }
  set password(v) {
    const u = this.#url;
    if (u.host === null || u.host === "" || u.scheme === "file") return;
    u.password = percentEncodeString(toUSV(v), userinfoSet);
  }
  get host() {
    const u = this.#url;
    if (u.host === null) return "";
    return u.port === null ? u.host : `${u.host}:${u.port}`;
  }
  set host(v) { this.#setWith(v, "host"); }
  get hostname() { return this.#url.host ?? ""; }
  set hostname(v) { this.#setWith(v, "hostname"); }
  get port() { return this.#url.port === null ? "" : String(this.#url.port); }
  set port(v) {
    const u = this.#url;
    if (u.host === null || u.host === "" || u.scheme === "file") return;
    v = toUSV(v);
    if (v === "") { u.port = null; return; }
    this.#setWith(v, "port");
  }
  get pathname() { return serializePath(this.#url); }
  set pathname(v) {
    const u = this.#url;
    if (hasOpaquePath(u)) return;
    const copy = cloneRecord(u);
    copy.path = [];
    if (basicParse(toUSV(v), null, copy, "pathStart") && typeof copy === "object") Object.assign(u, copy);
  }
  get search() { const q = this.#url.query; return q === null || q === "" ? "" : "?" + q; }
  set search(v) {
    const u = this.#url;
    let s = toUSV(v);
    if (s === "") { u.query = null; this.#syncParams(); return; }
    if (s.startsWith("?")) s = s.slice(1);
    const copy = cloneRecord(u);
    copy.query = "";
    if (basicParse(s, null, copy, "query")) u.query = copy.query;
    this.#syncParams();
  }
  get searchParams() { return this.#params; }
  get hash() { const f = this.#url.fragment; return f === null || f === "" ? "" : "#" + f; }
  set hash(v) {
    const u = this.#url;
    let s = toUSV(v);
    if (s === "") { u.fragment = null; return; }
    if (s.startsWith("#")) s = s.slice(1);
    const copy = cloneRecord(u);
    copy.fragment = "";
    if (basicParse(s, null, copy, "fragment")) u.fragment = copy.fragment;
  }
  // Setters run the parser on a copy so a failure leaves the URL unchanged.
  #setWith(v, override) {
    const u = this.#url;
    if (hasOpaquePath(u)) return;
    const copy = cloneRecord(u);
    const r = basicParse(toUSV(v), null, copy, override);
    if (r && r !== "unchanged") Object.assign(u, copy);
  }
  toString() { return this.href; }
  toJSON() { return this.href; }
  [INSPECT]() {
    return { href: this.href, origin: this.origin, protocol: this.protocol, username: this.username, password: this.password,
      host: this.host, hostname: this.hostname, port: this.port, pathname: this.pathname, search: this.search,
      searchParams: this.searchParams, hash: this.hash };
  }
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: "URL", configurable: true });
for (const k of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "searchParams", "hash"])
  Object.defineProperty(URL.prototype, k, { enumerable: true });
defineGlobal("URL", URL);
defineGlobal("URLSearchParams", URLSearchParams);
