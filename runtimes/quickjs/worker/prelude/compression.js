// CompressionStream / DecompressionStream (https://compression.spec.whatwg.org/) for
// "gzip" (RFC 1952), "deflate" (zlib, RFC 1950) and "deflate-raw" (RFC 1951). QuickJS has
// no zlib, so both directions are implemented here:
// - inflate is complete (stored, fixed and dynamic Huffman blocks) and resumable: input
//   may stop anywhere; decoding rolls back to the last whole symbol and waits for more;
// - deflate emits one fixed-Huffman block per written chunk with LZ77 matches (hash chains
//   over a 32 KiB window). Output is valid DEFLATE any inflater reads, but larger than
//   zlib's dynamic-Huffman output (typically 10-30 % for text).

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
function crc32(crc, b) {
  crc = ~crc;
  for (let i = 0; i < b.length; i++) crc = CRC_TABLE[(crc ^ b[i]) & 255] ^ (crc >>> 8);
  return ~crc >>> 0;
}
function adler32(a, b) {
  let s1 = a & 0xffff, s2 = a >>> 16;
  for (let i = 0; i < b.length;) {
    const end = Math.min(b.length, i + 3800);
    for (; i < end; i++) { s1 += b[i]; s2 += s1; }
    s1 %= 65521; s2 %= 65521;
  }
  return ((s2 << 16) | s1) >>> 0;
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
  4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const reverseBits = (v, n) => { let r = 0; for (let i = 0; i < n; i++) { r = (r << 1) | (v & 1); v >>= 1; } return r; };

// A Huffman decoding table indexed by the next `bits` input bits (LSB first): entry =
// symbol << 4 | code length (0 = no code).
function buildDecodeTable(lengths) {
  const count = new Array(16).fill(0);
  let maxLen = 0;
  for (const l of lengths) { count[l]++; if (l > maxLen) maxLen = l; }
  count[0] = 0;
  let left = 1;
  for (let l = 1; l < 16; l++) { left = (left << 1) - count[l]; if (left < 0) throw new TypeError("invalid compressed data: over-subscribed Huffman code"); }
  const next = new Array(16).fill(0);
  for (let l = 1, code = 0; l < 16; l++) { code = (code + count[l - 1]) << 1; next[l] = code; }
  const bits = Math.max(maxLen, 1);
  const table = new Int32Array(1 << bits);
  for (let sym = 0; sym < lengths.length; sym++) {
    const l = lengths[sym];
    if (!l) continue;
    const r = reverseBits(next[l]++, l);
    for (let i = r; i < table.length; i += 1 << l) table[i] = (sym << 4) | l;
  }
  return { table, bits };
}
const FIXED_LIT = buildDecodeTable(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)));
const FIXED_DIST = buildDecodeTable(new Array(30).fill(5));
const NEED = Symbol("need more input");

class Inflater {
  constructor(format) {
    this.format = format;
    this.input = new Uint8Array(0); this.pos = 0; this.bb = 0; this.bc = 0;
    this.phase = format === "deflate-raw" ? "block" : "header";
    this.last = false; this.stored = 0; this.lit = null; this.dist = null;
    this.window = new Uint8Array(65536); this.wpos = 0; // history: last 32 KiB of output
    this.outStart = 0; this.out = []; this.check = format === "gzip" ? 0 : 1; this.size = 0;
  }
  need(n) {
    while (this.bc < n) {
      if (this.pos >= this.input.length) throw NEED;
      this.bb |= this.input[this.pos++] << this.bc; this.bc += 8;
    }
  }
  bits(n) { this.need(n); const v = this.bb & ((1 << n) - 1); this.bb >>>= n; this.bc -= n; return v; }
  sym(h) {
    while (this.bc < h.bits && this.pos < this.input.length) { this.bb |= this.input[this.pos++] << this.bc; this.bc += 8; }
    const e = h.table[this.bb & ((1 << h.bits) - 1)];
    const l = e & 15;
    if (l === 0) { if (this.bc < h.bits) throw NEED; throw new TypeError("invalid compressed data: bad Huffman code"); }
    if (l > this.bc) throw NEED;
    this.bb >>>= l; this.bc -= l;
    return e >> 4;
  }
  byte() { return this.bits(8); }
  emit(b) {
    const w = this.window;
    w[this.wpos++] = b;
    if (this.wpos === w.length) this.flushWindow();
  }
  flushWindow() {
    // Keep the last 32 KiB as history, hand the rest out.
    const w = this.window, keep = 32768;
    if (this.wpos <= keep) return;
    const chunk = w.slice(this.outStart, this.wpos);
    if (chunk.length) this.produced(chunk);
    w.copyWithin(0, this.wpos - keep, this.wpos);
    this.wpos = keep; this.outStart = keep;
  }
  produced(chunk) {
    this.out.push(chunk);
    this.size = (this.size + chunk.length) >>> 0;
    this.check = this.format === "gzip" ? crc32(this.check, chunk) : this.format === "deflate" ? adler32(this.check, chunk) : 0;
  }
  sync() {
    const start = this.outStart;
    if (this.wpos > start) { this.produced(this.window.slice(start, this.wpos)); this.outStart = this.wpos; }
  }
  takeOutput() {
    this.sync();
    const o = this.out; this.out = []; return o;
  }
  push(bytes) {
    const rest = this.input.subarray(this.pos);
    const joined = new Uint8Array(rest.length + bytes.length);
    joined.set(rest); joined.set(bytes, rest.length);
    this.input = joined; this.pos = 0;
    this.run();
    return this.takeOutput();
  }
  save() { return [this.pos, this.bb, this.bc]; }
  restore(s) { [this.pos, this.bb, this.bc] = s; }
  run() {
    for (;;) {
      const mark = this.save();
      try {
        if (!this.step()) return;
      } catch (e) {
        if (e !== NEED) throw e;
        this.restore(mark);
        return;
      }
    }
  }
  // One atomic step; false when done or waiting.
  step() {
    switch (this.phase) {
      case "header": return this.header();
      case "block": {
        this.last = this.bits(1) === 1;
        const type = this.bits(2);
        if (type === 0) {
          this.bb >>>= this.bc & 7; this.bc -= this.bc & 7;
          const len = this.bits(16), nlen = this.bits(16);
          if ((len ^ 0xffff) !== nlen) throw new TypeError("invalid compressed data: stored block length check failed");
          this.stored = len; this.phase = "stored";
        } else if (type === 1) { this.lit = FIXED_LIT; this.dist = FIXED_DIST; this.phase = "codes"; }
        else if (type === 2) { this.dynamic(); this.phase = "codes"; }
        else throw new TypeError("invalid compressed data: bad block type");
        return true;
      }
      case "stored": {
        while (this.stored > 0) {
          if (this.bc >= 8) { this.emit(this.bits(8)); this.stored--; continue; }
          if (this.pos >= this.input.length) return false;
          this.emit(this.input[this.pos++]); this.stored--;
        }
        this.phase = this.last ? "trailer" : "block";
        return true;
      }
      case "codes": {
        for (;;) {
          const mark = this.save();
          try {
            const s = this.sym(this.lit);
            if (s < 256) { this.emit(s); continue; }
            if (s === 256) break;
            const li = s - 257;
            if (li >= 29) throw new TypeError("invalid compressed data: bad length code");
            const len = LEN_BASE[li] + this.bits(LEN_EXTRA[li]);
            const ds = this.sym(this.dist);
            if (ds >= 30) throw new TypeError("invalid compressed data: bad distance code");
            const dist = DIST_BASE[ds] + this.bits(DIST_EXTRA[ds]);
            if (dist > this.wpos) throw new TypeError("invalid compressed data: distance too far back");
            for (let i = 0; i < len; i++) this.emit(this.window[this.wpos - dist]);
          } catch (e) {
            if (e !== NEED) throw e;
            this.restore(mark);
            return false;
          }
        }
        this.phase = this.last ? "trailer" : "block";
        return true;
      }
      case "trailer": return this.trailer();
      case "done":
        if (this.pos < this.input.length || this.bc >= 8) throw new TypeError("invalid compressed data: data after the end of the stream");
        return false;
    }
    return false;
  }
  dynamic() {
    const hlit = this.bits(5) + 257, hdist = this.bits(5) + 1, hclen = this.bits(4) + 4;
    const cl = new Array(19).fill(0);
    for (let i = 0; i < hclen; i++) cl[CL_ORDER[i]] = this.bits(3);
    const clt = buildDecodeTable(cl);
    const lens = [];
    while (lens.length < hlit + hdist) {
      const s = this.sym(clt);
      if (s < 16) lens.push(s);
      else if (s === 16) {
        if (!lens.length) throw new TypeError("invalid compressed data: repeat with no previous length");
        const prev = lens[lens.length - 1];
        for (let n = 3 + this.bits(2); n > 0; n--) lens.push(prev);
      } else if (s === 17) { for (let n = 3 + this.bits(3); n > 0; n--) lens.push(0); }
      else { for (let n = 11 + this.bits(7); n > 0; n--) lens.push(0); }
    }
    if (lens.length > hlit + hdist) throw new TypeError("invalid compressed data: too many code lengths");
    if (!lens[256]) throw new TypeError("invalid compressed data: no end-of-block code");
    this.lit = buildDecodeTable(lens.slice(0, hlit));
    this.dist = buildDecodeTable(lens.slice(hlit));
  }
  header() {
    if (this.format === "deflate") {
      const cmf = this.byte(), flg = this.byte();
      if ((cmf & 15) !== 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new TypeError("invalid compressed data: bad zlib header");
      if (flg & 0x20) throw new TypeError("invalid compressed data: preset dictionaries are not supported");
    } else {
      if (this.byte() !== 0x1f || this.byte() !== 0x8b || this.byte() !== 8) throw new TypeError("invalid compressed data: bad gzip header");
      const flg = this.byte();
      for (let i = 0; i < 6; i++) this.byte();
      if (flg & 4) { const xlen = this.byte() | (this.byte() << 8); for (let i = 0; i < xlen; i++) this.byte(); }
      if (flg & 8) while (this.byte() !== 0);
      if (flg & 16) while (this.byte() !== 0);
      if (flg & 2) { this.byte(); this.byte(); }
    }
    this.phase = "block";
    return true;
  }
  trailer() {
    if (this.format === "deflate-raw") { this.phase = "done"; return true; }
    this.bb >>>= this.bc & 7; this.bc -= this.bc & 7;
    this.sync(); // brings the check value up to date
    if (this.format === "deflate") {
      const a = ((this.byte() << 24) | (this.byte() << 16) | (this.byte() << 8) | this.byte()) >>> 0;
      if (a !== this.check) throw new TypeError("invalid compressed data: Adler-32 check failed");
    } else {
      const c = (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
      const n = (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
      if (c !== this.check) throw new TypeError("invalid compressed data: CRC-32 check failed");
      if (n !== this.size) throw new TypeError("invalid compressed data: length check failed");
    }
    this.phase = "done";
    return true;
  }
  finish() {
    if (this.phase !== "done") throw new TypeError("invalid compressed data: the stream ended early");
  }
}

// Fixed Huffman code of each literal/length symbol, bit-reversed for LSB-first output.
const FIXED_CODES = (() => {
  const codes = new Int32Array(288), lens = new Int32Array(288);
  for (let s = 0; s < 288; s++) {
    let code, len;
    if (s < 144) { code = 0x30 + s; len = 8; } else if (s < 256) { code = 0x190 + s - 144; len = 9; }
    else if (s < 280) { code = s - 256; len = 7; } else { code = 0xc0 + s - 280; len = 8; }
    codes[s] = reverseBits(code, len); lens[s] = len;
  }
  return { codes, lens };
})();
const LEN_SYM = new Int32Array(259), DIST_SYM_SMALL = new Int32Array(513);
for (let i = 0; i < 29; i++) for (let l = LEN_BASE[i]; l < LEN_BASE[i] + (1 << LEN_EXTRA[i]) && l <= 258; l++) LEN_SYM[l] = i;
LEN_SYM[258] = 28;
const distSym = (d) => { let i = 29; while (DIST_BASE[i] > d) i--; return i; };

class Deflater {
  constructor(format) {
    this.format = format;
    this.out = new Uint8Array(1024); this.olen = 0; this.bitBuf = 0; this.bitCnt = 0;
    this.hist = new Uint8Array(0); // the last <= 32 KiB of input
    this.check = format === "gzip" ? 0 : 1; this.size = 0;
    if (format === "deflate") this.bytes([0x78, 0x9c]);
    else if (format === "gzip") this.bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  }
  grow(n) {
    if (this.olen + n <= this.out.length) return;
    const o = new Uint8Array(Math.max(this.out.length * 2, this.olen + n));
    o.set(this.out.subarray(0, this.olen)); this.out = o;
  }
  bytes(a) { this.grow(a.length); for (const b of a) this.out[this.olen++] = b; }
  put(v, n) {
    this.bitBuf |= v << this.bitCnt; this.bitCnt += n;
    while (this.bitCnt >= 8) { this.out[this.olen++] = this.bitBuf & 255; this.bitBuf >>>= 8; this.bitCnt -= 8; }
  }
  lit(s) { this.put(FIXED_CODES.codes[s], FIXED_CODES.lens[s]); }
  take() { const r = this.out.slice(0, this.olen); this.olen = 0; return r; }
  push(chunk) {
    if (!chunk.length) return new Uint8Array(0);
    this.check = this.format === "gzip" ? crc32(this.check, chunk) : this.format === "deflate" ? adler32(this.check, chunk) : 0;
    this.size = (this.size + chunk.length) >>> 0;
    const h = this.hist;
    const data = new Uint8Array(h.length + chunk.length);
    data.set(h); data.set(chunk, h.length);
    this.grow(chunk.length * 2 + 16);
    this.put(2, 3); // BFINAL=0, BTYPE=01 (fixed Huffman)
    const head = new Int32Array(1 << 15).fill(-1), prev = new Int32Array(data.length);
    const hash = (i) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & 0x7fff;
    const insert = (i) => { if (i + 2 < data.length) { const k = hash(i); prev[i] = head[k]; head[k] = i; } };
    for (let i = Math.max(0, h.length - 32768); i < h.length; i++) insert(i);
    let i = h.length;
    while (i < data.length) {
      let best = 0, bestDist = 0;
      if (i + 2 < data.length) {
        const max = Math.min(258, data.length - i);
        let cand = head[hash(i)], tries = 48;
        while (cand >= 0 && i - cand <= 32768 && tries-- > 0) {
          if (data[cand + best] === data[i + best]) {
            let l = 0;
            while (l < max && data[cand + l] === data[i + l]) l++;
            if (l > best) { best = l; bestDist = i - cand; if (l === max) break; }
          }
          cand = prev[cand];
        }
      }
      if (best >= 3) {
        const li = LEN_SYM[best];
        this.lit(257 + li);
        if (LEN_EXTRA[li]) this.put(best - LEN_BASE[li], LEN_EXTRA[li]);
        const di = distSym(bestDist);
        this.put(reverseBits(di, 5), 5);
        if (DIST_EXTRA[di]) this.put(bestDist - DIST_BASE[di], DIST_EXTRA[di]);
        for (let k = 0; k < best; k++) insert(i + k);
        i += best;
      } else {
        this.lit(data[i]);
        insert(i);
        i++;
      }
      if (this.olen + 64 > this.out.length) this.grow(64 + (data.length - i) * 2);
    }
    this.lit(256);
    this.hist = data.length > 32768 ? data.slice(data.length - 32768) : data;
    return this.take();
  }
  finish() {
    this.grow(32);
    this.put(3, 3); // BFINAL=1, fixed Huffman
    this.lit(256);
    if (this.bitCnt > 0) this.put(0, 8 - this.bitCnt);
    const c = this.check, n = this.size;
    if (this.format === "deflate") this.bytes([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255]);
    else if (this.format === "gzip") this.bytes([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24, n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]);
    return this.take();
  }
}

const COMPRESSION_FORMATS = ["deflate", "deflate-raw", "gzip"];
function compressionFormat(format, what) {
  if (format === undefined) throw new TypeError(`${what}: 1 argument required`);
  const f = String(format);
  if (!COMPRESSION_FORMATS.includes(f)) throw new TypeError(`${what}: unsupported format '${f}' (deflate, deflate-raw or gzip)`);
  return f;
}
function chunkBytes(chunk, what) {
  if (chunk instanceof ArrayBuffer || chunk instanceof SharedArrayBuffer) return new Uint8Array(chunk).slice();
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
  throw new TypeError(`${what}: chunks must be ArrayBuffer or ArrayBufferView`);
}

class CompressionStream {
  constructor(format) {
    const f = compressionFormat(format, "CompressionStream");
    const d = new Deflater(f);
    const ts = internalTransform((chunk, enqueue) => {
      const o = d.push(chunkBytes(chunk, "CompressionStream"));
      if (o.length) enqueue(o);
    }, (enqueue) => enqueue(d.finish()));
    slots.set(this, { kind: "CompressionStream", ts });
  }
  get readable() { return slotOf(this, "CompressionStream", "readable").ts.readable.pub; }
  get writable() { return slotOf(this, "CompressionStream", "writable").ts.writable.pub; }
}
class DecompressionStream {
  constructor(format) {
    const f = compressionFormat(format, "DecompressionStream");
    const inf = new Inflater(f);
    const ts = internalTransform((chunk, enqueue) => {
      for (const o of inf.push(chunkBytes(chunk, "DecompressionStream"))) enqueue(o);
    }, (enqueue) => {
      for (const o of inf.takeOutput()) enqueue(o);
      inf.finish();
    });
    slots.set(this, { kind: "DecompressionStream", ts });
  }
  get readable() { return slotOf(this, "DecompressionStream", "readable").ts.readable.pub; }
  get writable() { return slotOf(this, "DecompressionStream", "writable").ts.writable.pub; }
}
webidlClass(CompressionStream, "CompressionStream");
webidlClass(DecompressionStream, "DecompressionStream");
