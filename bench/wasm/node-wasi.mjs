// Runs a WASI preview1 module under Node's node:wasi (V8), the reference for `wharf wasm run`.
// Usage: node --no-warnings bench/wasm/node-wasi.mjs <module.wasm> [args...]
// stdin/stdout/stderr pass through; the exit code is the module's proc_exit code (0 when _start returns).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node-wasi.mjs <module.wasm> [args...]\n');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  env: {},
  preopens: { '/sandbox': process.cwd() },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
