// QuickJS benchmark workload: loops, string building, JSON, object allocation, closures,
// sorting and regular expressions. Deterministic output; runs unchanged under `node`.
function checksum(str) {
  let h = 2166136261;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h.toString(16);
}

// 1. Numeric loops.
let acc = 0;
for (let i = 0; i < 1000000; i++) {
  acc = (acc + ((i * i) % 7) - (i & 3)) | 0;
}
console.log("loop", acc);

// 2. String building.
let parts = [];
for (let i = 0; i < 20000; i++) {
  parts.push("item-" + i.toString(36) + ":" + (i % 97));
}
const joined = parts.join(";");
console.log("strings", joined.length, checksum(joined));

// 3. Object allocation and JSON round trips.
const records = [];
for (let i = 0; i < 8000; i++) {
  records.push({ id: i, name: "user" + i, tags: ["a" + (i % 5), "b" + (i % 11)], score: (i * 37) % 1000 / 10 });
}
const json = JSON.stringify(records);
const parsed = JSON.parse(json);
let total = 0;
for (const r of parsed) total += r.score + r.tags.length;
console.log("json", json.length, checksum(json), total.toFixed(1));

// 4. Sorting with a comparator, maps and closures.
const sorted = parsed.slice().sort((a, b) => b.score - a.score || a.id - b.id);
const byTag = new Map();
for (const r of sorted) {
  const key = r.tags[0];
  byTag.set(key, (byTag.get(key) || 0) + 1);
}
console.log("sort", sorted[0].id, sorted[sorted.length - 1].id, [...byTag.entries()].map(([k, v]) => k + "=" + v).join(","));

// 5. Regular expressions and replace.
const text = parts.slice(0, 5000).join(" ");
const matches = text.match(/item-[a-z]*\d+:(\d)\b/g) || [];
const replaced = text.replace(/:(\d+)/g, (_, n) => "#" + (n * 2));
console.log("regex", matches.length, checksum(replaced));

// 6. Recursion.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
console.log("fib", fib(22));
