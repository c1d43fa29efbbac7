/*
 * wharf-js: QuickJS as a Wharf SDK worker (docs/worker-abi.md, ABI 1).
 *
 * A WASI reactor. The host calls _initialize, then wharf_init once per worker version
 * (pre-initialization, snapshotted by the host), then wharf_handle once per request.
 *
 * The C side is deliberately thin: it owns the runtime (allocator with an accurate memory
 * limit, stack limit), the bundle module loader, the event loop (promise jobs + timers) and
 * a set of primitive natives that wrap the `wharf` imports one to one. The Workers API
 * itself (Request, Response, Headers, URL, KV, console, ...) is the JavaScript prelude in
 * prelude/, compiled into this module as QuickJS bytecode by prelude-bc (see README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "quickjs.h"
#include "prelude.h"

/* ---- imports: module "wharf" (docs/worker-abi.md), declared once for all C workers ---- */
#include "wharf.h"

#define LOG_DEBUG 0
#define LOG_INFO 1
#define LOG_WARN 2
#define LOG_ERROR 3

/* JS heap cap. A memory bomb hits this first and becomes a catchable "out of memory"
 * InternalError instead of growing linear memory until the host's limit traps. */
#define JS_MEMORY_LIMIT ((size_t)128 << 20)
/* The shadow stack is 1 MiB (Makefile). QuickJS's stack check (enabled with
 * -DCONFIG_STACK_CHECK) turns deeper recursion into a RangeError while enough shadow
 * stack remains for the error path and for C recursion that is not checked. */
#ifndef JS_STACK_LIMIT
#define JS_STACK_LIMIT ((size_t)512 << 10)
#endif

static JSRuntime *rt;
static JSContext *ctx;
static JSValue hooks;   /* object returned by the prelude: setup, handle, timerDelay, runTimers, reset */
static JSValue modules; /* bundle.modules */
static uint64_t random_state = 0x9e3779b97f4a7c15ull;

/* ---- allocator: size header so malloc_size is exact (QuickJS's default counts 0 bytes
 * per allocation under -DEMSCRIPTEN, making JS_SetMemoryLimit ineffective) ---- */
#define HDR 8

static size_t wj_usable_size(const void *ptr)
{
    return ptr ? *(const size_t *)((const char *)ptr - HDR) : 0;
}

/* The first allocation over the limit fails (QuickJS throws "out of memory") and opens an
 * emergency reserve: QuickJS's own error path (error object, backtrace) and the worker's
 * catch/500 path need memory too, and QuickJS does not survive running out inside them. */
#define JS_MEMORY_RESERVE ((size_t)8 << 20)
static int reserve_open;

static void *over_limit(JSMallocState *s)
{
    if (!reserve_open) {
        reserve_open = 1;
        s->malloc_limit += JS_MEMORY_RESERVE;
    }
    return NULL;
}

static void *wj_malloc(JSMallocState *s, size_t size)
{
    if (s->malloc_size + size + HDR > s->malloc_limit)
        return over_limit(s);
    char *p = malloc(size + HDR);
    if (!p)
        return NULL;
    *(size_t *)p = size;
    s->malloc_count++;
    s->malloc_size += size + HDR;
    return p + HDR;
}

static void wj_free(JSMallocState *s, void *ptr)
{
    if (!ptr)
        return;
    s->malloc_count--;
    s->malloc_size -= wj_usable_size(ptr) + HDR;
    free((char *)ptr - HDR);
}

static void *wj_realloc(JSMallocState *s, void *ptr, size_t size)
{
    if (!ptr)
        return size ? wj_malloc(s, size) : NULL;
    size_t old = wj_usable_size(ptr);
    if (size == 0) {
        wj_free(s, ptr);
        return NULL;
    }
    if (size > old && s->malloc_size + size - old > s->malloc_limit)
        return over_limit(s);
    char *p = realloc((char *)ptr - HDR, size + HDR);
    if (!p)
        return NULL;
    *(size_t *)p = size;
    s->malloc_size += size - old;
    return p + HDR;
}

static const JSMallocFunctions malloc_funcs = { wj_malloc, wj_free, wj_realloc, wj_usable_size };

/* ---- helpers ---- */

static void log_str(int level, const char *s, size_t len)
{
    wharf_log(level, s, (int32_t)len);
}

/* Copies the pending result (n bytes) into a fresh buffer; *got is how many bytes the host
 * delivered (n unless it misbehaves). Returns NULL on allocation failure. */
static uint8_t *take_result(int32_t n, size_t *got_out)
{
    uint8_t *buf = malloc((size_t)n + 1);
    if (!buf)
        return NULL;
    int32_t got = 0;
    while (got < n) {
        int32_t r = wharf_result_read(buf + got, n - got);
        if (r <= 0)
            break;
        got += r;
    }
    buf[got] = 0;
    *got_out = (size_t)got;
    return buf;
}

static JSValue result_as_string(JSContext *c, int32_t n)
{
    size_t got;
    uint8_t *buf = take_result(n, &got);
    if (!buf)
        return JS_ThrowOutOfMemory(c);
    JSValue v = JS_NewStringLen(c, (const char *)buf, got);
    free(buf);
    return v;
}

static JSValue result_as_buffer(JSContext *c, int32_t n)
{
    size_t got;
    uint8_t *buf = take_result(n, &got);
    if (!buf)
        return JS_ThrowOutOfMemory(c);
    JSValue v = JS_NewArrayBufferCopy(c, buf, got);
    free(buf);
    return v;
}

/* Bytes of a JS value: a string (UTF-8, lone surrogates as U+FFFD), an ArrayBuffer or a
 * typed array. *owned is set when the caller must JS_FreeCString(*ptr). */
typedef struct {
    const uint8_t *ptr;
    size_t len;
    const char *cstr; /* non-NULL: free with JS_FreeCString */
    uint8_t *copy;    /* non-NULL: free with free() */
} Bytes;

static void bytes_free(JSContext *c, Bytes *b)
{
    if (b->cstr)
        JS_FreeCString(c, b->cstr);
    free(b->copy);
    memset(b, 0, sizeof(*b));
}

/* QuickJS encodes a lone surrogate as its 3-byte generalized UTF-8 form (ED A0..BF xx);
 * WHATWG's UTF-8 encode replaces it with U+FFFD (EF BF BD), the same length. */
static int get_bytes(JSContext *c, JSValueConst v, Bytes *b)
{
    memset(b, 0, sizeof(*b));
    if (JS_IsUndefined(v) || JS_IsNull(v))
        return 0;
    if (JS_IsString(v)) {
        size_t len;
        const char *s = JS_ToCStringLen(c, &len, v);
        if (!s)
            return -1;
        const char *hit = NULL;
        for (size_t i = 0; i + 2 < len; i++) {
            if ((uint8_t)s[i] == 0xED && (uint8_t)s[i + 1] >= 0xA0) {
                hit = s + i;
                break;
            }
        }
        if (!hit) {
            b->cstr = s;
            b->ptr = (const uint8_t *)s;
            b->len = len;
            return 0;
        }
        uint8_t *copy = malloc(len + 1);
        if (!copy) {
            JS_FreeCString(c, s);
            JS_ThrowOutOfMemory(c);
            return -1;
        }
        memcpy(copy, s, len);
        JS_FreeCString(c, s);
        for (size_t i = 0; i + 2 < len; i++) {
            if (copy[i] == 0xED && copy[i + 1] >= 0xA0) {
                copy[i] = 0xEF;
                copy[i + 1] = 0xBF;
                copy[i + 2] = 0xBD;
                i += 2;
            }
        }
        b->copy = copy;
        b->ptr = copy;
        b->len = len;
        return 0;
    }
    size_t size;
    uint8_t *p = JS_GetArrayBuffer(c, &size, v);
    if (p) {
        b->ptr = p;
        b->len = size;
        return 0;
    }
    JS_FreeValue(c, JS_GetException(c));
    size_t off, blen, el;
    JSValue ab = JS_GetTypedArrayBuffer(c, v, &off, &blen, &el);
    if (JS_IsException(ab)) {
        JS_FreeValue(c, JS_GetException(c));
        JS_ThrowTypeError(c, "expected a string, ArrayBuffer or ArrayBufferView");
        return -1;
    }
    p = JS_GetArrayBuffer(c, &size, ab);
    JS_FreeValue(c, ab);
    if (!p) {
        if (JS_HasException(c))
            return -1;
        b->ptr = (const uint8_t *)"";
        b->len = 0;
        return 0;
    }
    b->ptr = p + off;
    b->len = blen;
    return 0;
}

static int get_str(JSContext *c, JSValueConst v, Bytes *b)
{
    if (!JS_IsString(v)) {
        JSValue s = JS_ToString(c, v);
        if (JS_IsException(s))
            return -1;
        int r = get_bytes(c, s, b);
        JS_FreeValue(c, s);
        return r;
    }
    return get_bytes(c, v, b);
}

/* Header block (name\0value\0...) from a flat JS array [n1, v1, n2, v2, ...]. */
static uint8_t *header_block(JSContext *c, JSValueConst arr, size_t *out_len)
{
    uint32_t n;
    JSValue lenv = JS_GetPropertyStr(c, arr, "length");
    if (JS_ToUint32(c, &n, lenv)) {
        JS_FreeValue(c, lenv);
        return NULL;
    }
    JS_FreeValue(c, lenv);
    size_t cap = 256, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        JS_ThrowOutOfMemory(c);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        JSValue e = JS_GetPropertyUint32(c, arr, i);
        Bytes b;
        int r = get_str(c, e, &b);
        JS_FreeValue(c, e);
        if (r) {
            free(buf);
            return NULL;
        }
        if (len + b.len + 1 > cap) {
            while (len + b.len + 1 > cap)
                cap *= 2;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                bytes_free(c, &b);
                free(buf);
                JS_ThrowOutOfMemory(c);
                return NULL;
            }
            buf = nb;
        }
        memcpy(buf + len, b.ptr, b.len);
        len += b.len;
        buf[len++] = 0;
        bytes_free(c, &b);
    }
    *out_len = len;
    return buf;
}

/* Flat JS array [n1, v1, ...] from a header block. */
static JSValue parse_header_block(JSContext *c, const uint8_t *p, size_t len)
{
    JSValue arr = JS_NewArray(c);
    uint32_t idx = 0;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == 0) {
            JS_SetPropertyUint32(c, arr, idx++, JS_NewStringLen(c, (const char *)p + start, i - start));
            start = i + 1;
        }
    }
    return arr;
}

/* ---- natives exposed to the prelude as `native.*` ---- */

static JSValue n_log(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t level;
    Bytes b;
    if (JS_ToInt32(c, &level, argv[0]) || get_str(c, argv[1], &b))
        return JS_EXCEPTION;
    log_str(level, (const char *)b.ptr, b.len);
    bytes_free(c, &b);
    return JS_UNDEFINED;
}

static JSValue string_call(JSContext *c, int32_t n)
{
    return n < 0 ? JS_NewInt32(c, n) : result_as_string(c, n);
}

static JSValue n_init_data(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    return string_call(c, wharf_init_data());
}

static JSValue n_bindings(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    return string_call(c, wharf_bindings());
}

static JSValue n_request_method(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    return string_call(c, wharf_request_method());
}

static JSValue n_request_url(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    return string_call(c, wharf_request_url());
}

static JSValue n_request_headers(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t n = wharf_request_headers();
    if (n < 0)
        return JS_NewInt32(c, n);
    size_t got;
    uint8_t *buf = take_result(n, &got);
    if (!buf)
        return JS_ThrowOutOfMemory(c);
    JSValue arr = parse_header_block(c, buf, got);
    free(buf);
    return arr;
}

static JSValue n_request_body(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    size_t cap = 16384, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return JS_ThrowOutOfMemory(c);
    for (;;) {
        if (cap - len < 4096) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return JS_ThrowOutOfMemory(c);
            }
            buf = nb;
            cap *= 2;
        }
        int32_t r = wharf_request_body_read(buf + len, (int32_t)(cap - len));
        if (r < 0) {
            free(buf);
            return JS_NewInt32(c, r);
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    JSValue ab = JS_NewArrayBufferCopy(c, buf, len);
    free(buf);
    return ab;
}

/* Reads the next request body bytes (at most argv[0], default 64 KiB) from the host:
 * an ArrayBuffer (empty at the end of the body) or a negative error code. Lets
 * request.body be a pull stream instead of one buffer. */
static JSValue n_request_body_read(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t want = 65536;
    if (argc > 0 && !JS_IsUndefined(argv[0]) && JS_ToInt32(c, &want, argv[0]))
        return JS_EXCEPTION;
    if (want < 1 || want > (1 << 20))
        want = 65536;
    uint8_t *buf = malloc((size_t)want);
    if (!buf)
        return JS_ThrowOutOfMemory(c);
    int32_t r = wharf_request_body_read(buf, want);
    if (r < 0) {
        free(buf);
        return JS_NewInt32(c, r);
    }
    JSValue ab = JS_NewArrayBufferCopy(c, buf, (size_t)r);
    free(buf);
    return ab;
}

/* The streams spec's TransferArrayBuffer: a new ArrayBuffer with the bytes, the old one
 * detached (QuickJS 2025-04 has no ArrayBuffer.prototype.transfer). Throws a TypeError
 * for a detached or non-ArrayBuffer argument. */
static JSValue n_transfer(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    size_t len;
    uint8_t *p = JS_GetArrayBuffer(c, &len, argv[0]);
    if (!p && len == 0) {
        if (JS_HasException(c))
            return JS_EXCEPTION;
    }
    JSValue ab = JS_NewArrayBufferCopy(c, p, len);
    if (JS_IsException(ab))
        return ab;
    JS_DetachArrayBuffer(c, argv[0]);
    return ab;
}

/* True when argv[0] is a detached ArrayBuffer. */
static JSValue n_is_detached(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    size_t len;
    if (JS_GetArrayBuffer(c, &len, argv[0]))
        return JS_FALSE;
    JS_FreeValue(c, JS_GetException(c));
    return JS_TRUE;
}

static JSValue n_response_set_status(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t s;
    if (JS_ToInt32(c, &s, argv[0]))
        return JS_EXCEPTION;
    return JS_NewInt32(c, wharf_response_set_status(s));
}

static JSValue n_response_add_header(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes n, v;
    if (get_str(c, argv[0], &n))
        return JS_EXCEPTION;
    if (get_str(c, argv[1], &v)) {
        bytes_free(c, &n);
        return JS_EXCEPTION;
    }
    int32_t r = wharf_response_add_header(n.ptr, (int32_t)n.len, v.ptr, (int32_t)v.len);
    bytes_free(c, &n);
    bytes_free(c, &v);
    return JS_NewInt32(c, r);
}

static JSValue n_response_write(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes b;
    if (get_bytes(c, argv[0], &b))
        return JS_EXCEPTION;
    int32_t r = b.len ? wharf_response_write(b.ptr, (int32_t)b.len) : 0;
    bytes_free(c, &b);
    return JS_NewInt32(c, r);
}

static JSValue n_random_fill(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes b;
    if (get_bytes(c, argv[0], &b))
        return JS_EXCEPTION;
    int32_t r = b.len ? wharf_random_fill((void *)b.ptr, (int32_t)b.len) : 0;
    bytes_free(c, &b);
    return JS_NewInt32(c, r);
}

static JSValue n_digest(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t alg;
    Bytes b;
    if (JS_ToInt32(c, &alg, argv[0]) || get_bytes(c, argv[1], &b))
        return JS_EXCEPTION;
    int32_t n = wharf_crypto_digest(alg, b.ptr ? b.ptr : (const uint8_t *)"", (int32_t)b.len);
    bytes_free(c, &b);
    return n < 0 ? JS_NewInt32(c, n) : result_as_buffer(c, n);
}

static JSValue n_kv_open(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes b;
    if (get_str(c, argv[0], &b))
        return JS_EXCEPTION;
    int32_t r = wharf_kv_open(b.ptr, (int32_t)b.len);
    bytes_free(c, &b);
    return JS_NewInt32(c, r);
}

/* kv_get / kv_get_with_metadata / kv_delete share (h, key). */
static JSValue n_kv_key_op(JSContext *c, JSValueConst t, int argc, JSValueConst *argv, int magic)
{
    int32_t h;
    Bytes k;
    if (JS_ToInt32(c, &h, argv[0]) || get_str(c, argv[1], &k))
        return JS_EXCEPTION;
    int32_t n;
    if (magic == 0)
        n = wharf_kv_get(h, k.ptr, (int32_t)k.len);
    else if (magic == 1)
        n = wharf_kv_get_with_metadata(h, k.ptr, (int32_t)k.len);
    else
        n = wharf_kv_delete(h, k.ptr, (int32_t)k.len);
    bytes_free(c, &k);
    if (n < 0 || magic == 2)
        return JS_NewInt32(c, n);
    return result_as_buffer(c, n);
}

static JSValue n_kv_put(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t h;
    int64_t ttl;
    Bytes k, v, m;
    if (JS_ToInt32(c, &h, argv[0]) || JS_ToInt64(c, &ttl, argv[3]))
        return JS_EXCEPTION;
    if (get_str(c, argv[1], &k))
        return JS_EXCEPTION;
    if (get_bytes(c, argv[2], &v)) {
        bytes_free(c, &k);
        return JS_EXCEPTION;
    }
    if (get_bytes(c, argv[4], &m)) {
        bytes_free(c, &k);
        bytes_free(c, &v);
        return JS_EXCEPTION;
    }
    int32_t r = wharf_kv_put(h, k.ptr, (int32_t)k.len, v.ptr, (int32_t)v.len, ttl, m.ptr, (int32_t)m.len);
    bytes_free(c, &k);
    bytes_free(c, &v);
    bytes_free(c, &m);
    return JS_NewInt32(c, r);
}

static JSValue n_kv_list(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    int32_t h, limit;
    Bytes p, cur;
    if (JS_ToInt32(c, &h, argv[0]) || JS_ToInt32(c, &limit, argv[3]))
        return JS_EXCEPTION;
    if (get_bytes(c, argv[1], &p))
        return JS_EXCEPTION;
    if (get_bytes(c, argv[2], &cur)) {
        bytes_free(c, &p);
        return JS_EXCEPTION;
    }
    int32_t n = wharf_kv_list(h, p.ptr, (int32_t)p.len, cur.ptr, (int32_t)cur.len, limit);
    bytes_free(c, &p);
    bytes_free(c, &cur);
    return string_call(c, n);
}

static uint32_t u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* kv_get_with_metadata result: u32le value_len, value, metadata JSON -> [ArrayBuffer, string] */
static JSValue n_split_meta(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    size_t size;
    uint8_t *p = JS_GetArrayBuffer(c, &size, argv[0]);
    if (!p)
        return JS_EXCEPTION;
    if (size < 4 || u32le(p) > size - 4)
        return JS_ThrowTypeError(c, "malformed kv_get_with_metadata result from the host");
    uint32_t vl = u32le(p);
    JSValue arr = JS_NewArray(c);
    JS_SetPropertyUint32(c, arr, 0, JS_NewArrayBufferCopy(c, p + 4, vl));
    JS_SetPropertyUint32(c, arr, 1, JS_NewStringLen(c, (const char *)p + 4 + vl, size - 4 - vl));
    return arr;
}

static JSValue n_http_fetch(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes m, u, body;
    size_t hlen = 0;
    if (get_str(c, argv[0], &m))
        return JS_EXCEPTION;
    if (get_str(c, argv[1], &u)) {
        bytes_free(c, &m);
        return JS_EXCEPTION;
    }
    uint8_t *hb = header_block(c, argv[2], &hlen);
    if (!hb || get_bytes(c, argv[3], &body)) {
        free(hb);
        bytes_free(c, &m);
        bytes_free(c, &u);
        return JS_EXCEPTION;
    }
    int32_t n = wharf_http_fetch(m.ptr, (int32_t)m.len, u.ptr, (int32_t)u.len, hb, (int32_t)hlen,
                                 body.ptr, (int32_t)body.len);
    free(hb);
    bytes_free(c, &m);
    bytes_free(c, &u);
    bytes_free(c, &body);
    if (n < 0)
        return JS_NewInt32(c, n);
    size_t got;
    uint8_t *r = take_result(n, &got);
    if (!r)
        return JS_ThrowOutOfMemory(c);
    n = (int32_t)got;
    if (n < 8 || u32le(r + 4) > (uint32_t)n - 8) {
        free(r);
        return JS_ThrowTypeError(c, "malformed http_fetch result from the host");
    }
    uint32_t status = u32le(r), hl = u32le(r + 4);
    JSValue arr = JS_NewArray(c);
    JS_SetPropertyUint32(c, arr, 0, JS_NewUint32(c, status));
    JS_SetPropertyUint32(c, arr, 1, parse_header_block(c, r + 8, hl));
    JS_SetPropertyUint32(c, arr, 2, JS_NewArrayBufferCopy(c, r + 8 + hl, (size_t)n - 8 - hl));
    free(r);
    return arr;
}

static JSValue n_utf8_encode(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes b;
    if (get_str(c, argv[0], &b))
        return JS_EXCEPTION;
    JSValue ab = JS_NewArrayBufferCopy(c, b.ptr, b.len);
    bytes_free(c, &b);
    return ab;
}

/* WHATWG UTF-8 decode (https://encoding.spec.whatwg.org/#utf-8-decoder): each maximal
 * invalid subpart becomes one U+FFFD. Produces well-formed UTF-8 for JS_NewStringLen.
 * argv: bytes, fatal, ignoreBOM. Returns the string, or null when fatal and invalid. */
static JSValue n_utf8_decode(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    Bytes b;
    if (get_bytes(c, argv[0], &b))
        return JS_EXCEPTION;
    int fatal = JS_ToBool(c, argv[1]), ignore_bom = JS_ToBool(c, argv[2]);
    const uint8_t *p = b.ptr, *end = b.ptr + b.len;
    if (!ignore_bom && b.len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    uint8_t *out = malloc(b.len * 3 + 1);
    if (!out) {
        bytes_free(c, &b);
        return JS_ThrowOutOfMemory(c);
    }
    size_t o = 0;
    while (p < end) {
        uint8_t x = *p;
        if (x < 0x80) {
            out[o++] = x;
            p++;
            continue;
        }
        int need;
        uint8_t lo = 0x80, hi = 0xBF;
        if (x >= 0xC2 && x <= 0xDF)
            need = 1;
        else if (x >= 0xE0 && x <= 0xEF) {
            need = 2;
            if (x == 0xE0)
                lo = 0xA0;
            if (x == 0xED)
                hi = 0x9F;
        } else if (x >= 0xF0 && x <= 0xF4) {
            need = 3;
            if (x == 0xF0)
                lo = 0x90;
            if (x == 0xF4)
                hi = 0x8F;
        } else
            goto invalid_one;
        {
            const uint8_t *q = p + 1;
            int k;
            for (k = 0; k < need; k++, q++) {
                if (q >= end || *q < (k == 0 ? lo : 0x80) || *q > (k == 0 ? hi : 0xBF))
                    break;
            }
            if (k == need) {
                memcpy(out + o, p, (size_t)need + 1);
                o += (size_t)need + 1;
                p = q;
                continue;
            }
            /* maximal subpart: the lead byte plus the valid continuation bytes seen */
            if (fatal)
                goto fail;
            p = q;
            out[o++] = 0xEF;
            out[o++] = 0xBF;
            out[o++] = 0xBD;
            continue;
        }
    invalid_one:
        if (fatal)
            goto fail;
        p++;
        out[o++] = 0xEF;
        out[o++] = 0xBF;
        out[o++] = 0xBD;
    }
    bytes_free(c, &b);
    JSValue s = JS_NewStringLen(c, (const char *)out, o);
    free(out);
    return s;
fail:
    bytes_free(c, &b);
    free(out);
    return JS_NULL;
}

static uint64_t xorshift64star(void)
{
    uint64_t x = random_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    random_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* Math.random with state reseeded per request (see reseed()); QuickJS's own seeds once
 * from the clock at context creation, which the host's snapshot would freeze for every
 * request. */
static JSValue n_math_random(JSContext *c, JSValueConst t, int argc, JSValueConst *argv)
{
    uint64_t v = xorshift64star() >> 11;
    return JS_NewFloat64(c, (double)v / (double)(1ull << 53));
}

static void reseed(void)
{
    uint64_t s = 0;
    if (wharf_random_fill(&s, sizeof(s)) < 0 || s == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s ^= (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec;
    }
    random_state = s ? s : 1;
}

static const JSCFunctionListEntry native_funcs[] = {
    JS_CFUNC_DEF("log", 2, n_log),
    JS_CFUNC_DEF("initData", 0, n_init_data),
    JS_CFUNC_DEF("bindings", 0, n_bindings),
    JS_CFUNC_DEF("requestMethod", 0, n_request_method),
    JS_CFUNC_DEF("requestUrl", 0, n_request_url),
    JS_CFUNC_DEF("requestHeaders", 0, n_request_headers),
    JS_CFUNC_DEF("requestBody", 0, n_request_body),
    JS_CFUNC_DEF("requestBodyRead", 1, n_request_body_read),
    JS_CFUNC_DEF("transfer", 1, n_transfer),
    JS_CFUNC_DEF("isDetached", 1, n_is_detached),
    JS_CFUNC_DEF("responseSetStatus", 1, n_response_set_status),
    JS_CFUNC_DEF("responseAddHeader", 2, n_response_add_header),
    JS_CFUNC_DEF("responseWrite", 1, n_response_write),
    JS_CFUNC_DEF("randomFill", 1, n_random_fill),
    JS_CFUNC_DEF("digest", 2, n_digest),
    JS_CFUNC_DEF("kvOpen", 1, n_kv_open),
    JS_CFUNC_MAGIC_DEF("kvGet", 2, n_kv_key_op, 0),
    JS_CFUNC_MAGIC_DEF("kvGetWithMetadata", 2, n_kv_key_op, 1),
    JS_CFUNC_MAGIC_DEF("kvDelete", 2, n_kv_key_op, 2),
    JS_CFUNC_DEF("kvPut", 5, n_kv_put),
    JS_CFUNC_DEF("kvList", 4, n_kv_list),
    JS_CFUNC_DEF("splitMeta", 1, n_split_meta),
    JS_CFUNC_DEF("httpFetch", 4, n_http_fetch),
    JS_CFUNC_DEF("utf8Encode", 1, n_utf8_encode),
    JS_CFUNC_DEF("utf8Decode", 3, n_utf8_decode),
};

/* ---- errors ---- */

/* Logs the pending exception (message and stack) at error level with a prefix. */
static void log_exception(const char *prefix)
{
    JSValue exc = JS_GetException(ctx);
    JSValue fmt = JS_IsObject(hooks) ? JS_GetPropertyStr(ctx, hooks, "formatError") : JS_UNDEFINED;
    JSValue text = JS_UNDEFINED;
    if (JS_IsFunction(ctx, fmt))
        text = JS_Call(ctx, fmt, JS_UNDEFINED, 1, (JSValueConst *)&exc);
    JS_FreeValue(ctx, fmt);
    if (JS_IsException(text) || JS_IsUndefined(text)) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        text = JS_ToString(ctx, exc);
    }
    size_t len = 0;
    const char *s = JS_ToCStringLen(ctx, &len, text);
    size_t plen = strlen(prefix);
    char *line = malloc(plen + len + 1);
    if (line) {
        memcpy(line, prefix, plen);
        if (s)
            memcpy(line + plen, s, len);
        log_str(LOG_ERROR, line, plen + (s ? len : 0));
        free(line);
    }
    if (s)
        JS_FreeCString(ctx, s);
    else
        JS_FreeValue(ctx, JS_GetException(ctx));
    JS_FreeValue(ctx, text);
    JS_FreeValue(ctx, exc);
}

static void log_cstr(int level, const char *s)
{
    log_str(level, s, strlen(s));
}

/* Calls hooks[name](args...) and returns the result (JS_EXCEPTION on throw). */
static JSValue call_hook(const char *name, int argc, JSValueConst *argv)
{
    JSValue f = JS_GetPropertyStr(ctx, hooks, name);
    JSValue r = JS_Call(ctx, f, hooks, argc, argv);
    JS_FreeValue(ctx, f);
    return r;
}

/* ---- unhandled rejections ----
 * QuickJS reports a rejection without handlers at once; a handler may still be attached
 * later in the same turn. Like Node, report only those still unhandled once the job queue
 * is empty. The promise the loop itself awaits is not reported (its failure is the result). */
#define MAX_REJECTIONS 32
static JSValue rej_promise[MAX_REJECTIONS], rej_reason[MAX_REJECTIONS];
static int rej_count, rej_dropped;

static void rejection_tracker(JSContext *c, JSValueConst promise, JSValueConst reason, JS_BOOL is_handled, void *opaque)
{
    if (!is_handled) {
        if (rej_count == MAX_REJECTIONS) {
            rej_dropped++;
            return;
        }
        rej_promise[rej_count] = JS_DupValue(c, promise);
        rej_reason[rej_count++] = JS_DupValue(c, reason);
        return;
    }
    for (int i = 0; i < rej_count; i++) {
        if (JS_VALUE_GET_PTR(rej_promise[i]) == JS_VALUE_GET_PTR(promise)) {
            JS_FreeValue(c, rej_promise[i]);
            JS_FreeValue(c, rej_reason[i]);
            rej_promise[i] = rej_promise[rej_count - 1];
            rej_reason[i] = rej_reason[rej_count - 1];
            rej_count--;
            return;
        }
    }
}

static void report_rejections(JSValueConst awaited)
{
    int n = rej_count;
    rej_count = 0;
    /* A failure that propagates to the awaited promise (e.g. through the module evaluation's
     * internal promises) is that promise's result, not an unhandled rejection. */
    JSValue failure = JS_UNDEFINED;
    if (JS_IsObject(awaited) && JS_PromiseState(ctx, (JSValue)awaited) == JS_PROMISE_REJECTED)
        failure = JS_PromiseResult(ctx, (JSValue)awaited);
    for (int i = 0; i < n; i++) {
        int same = JS_VALUE_GET_PTR(rej_promise[i]) == JS_VALUE_GET_PTR(awaited)
            || (JS_IsObject(failure) && JS_IsObject(rej_reason[i]) && JS_VALUE_GET_PTR(rej_reason[i]) == JS_VALUE_GET_PTR(failure));
        if (!same) {
            JS_Throw(ctx, JS_DupValue(ctx, rej_reason[i]));
            log_exception("Uncaught (in promise) ");
        }
        JS_FreeValue(ctx, rej_promise[i]);
        JS_FreeValue(ctx, rej_reason[i]);
    }
    JS_FreeValue(ctx, failure);
    if (rej_dropped) {
        char msg[96];
        snprintf(msg, sizeof(msg), "... and %d more unhandled promise rejections", rej_dropped);
        log_cstr(LOG_ERROR, msg);
        rej_dropped = 0;
    }
}

/* ---- event loop ---- */

static int drain_jobs(void)
{
    for (;;) {
        JSContext *c;
        int r = JS_ExecutePendingJob(rt, &c);
        if (r == 0)
            return 0;
        if (r < 0)
            log_exception("Uncaught exception in a job: ");
    }
}

/* Runs promise jobs and timers until `promise` settles. Returns 0 when settled,
 * -1 when nothing is left that could settle it (a hang), with a message logged. */
static int run_until_settled(JSValueConst promise, const char *what)
{
    for (;;) {
        drain_jobs();
        report_rejections(promise);
        if (JS_PromiseState(ctx, (JSValue)promise) != JS_PROMISE_PENDING)
            return 0;
        JSValue d = call_hook("timerDelay", 0, NULL);
        double delay = -1;
        if (JS_IsException(d)) {
            log_exception("timer queue failed: ");
        } else {
            JS_ToFloat64(ctx, &delay, d);
        }
        JS_FreeValue(ctx, d);
        if (delay < 0) {
            char msg[200];
            snprintf(msg, sizeof(msg),
                     "%s never settled: its promise is pending with no pending jobs, timers or I/O "
                     "(a promise that is never resolved?)", what);
            log_cstr(LOG_ERROR, msg);
            return -1;
        }
        if (delay > 0) {
            struct timespec ts = { (time_t)(delay / 1000), (long)((delay - (double)(time_t)(delay / 1000) * 1000) * 1e6) };
            nanosleep(&ts, NULL);
        }
        JSValue r = call_hook("runTimers", 0, NULL);
        if (JS_IsException(r))
            log_exception("timer queue failed: ");
        JS_FreeValue(ctx, r);
    }
}

/* ---- module loader: specifiers resolve inside bundle.modules ---- */

/* "./x" and "../x" resolve against the importing module's directory, "/x" against the
 * bundle root; "." and ".." segments are removed. Bare specifiers ("lib/x.js") are bundle
 * paths as they are. The result is the key looked up in bundle.modules. */
static char *normalize_module(JSContext *c, const char *base, const char *name, void *opaque)
{
    size_t blen = 0;
    if (name[0] == '.') {
        const char *slash = strrchr(base, '/');
        blen = slash ? (size_t)(slash - base) + 1 : 0;
    } else if (name[0] != '/') {
        return js_strdup(c, name);
    }
    size_t nlen = strlen(name);
    char *joined = js_malloc(c, blen + nlen + 1);
    char *out = js_malloc(c, blen + nlen + 1);
    if (!joined || !out) {
        js_free(c, joined);
        js_free(c, out);
        return NULL;
    }
    memcpy(joined, base, blen);
    memcpy(joined + blen, name, nlen + 1);
    size_t o = 0;
    for (char *seg = joined; *seg;) {
        char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.')) {
            /* skip */
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o > 0) {
                while (o > 0 && out[o - 1] != '/')
                    o--;
                if (o > 0)
                    o--;
            }
        } else {
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, seg, len);
            o += len;
        }
        if (!end)
            break;
        seg = end + 1;
    }
    out[o] = 0;
    js_free(c, joined);
    return out;
}

static JSModuleDef *load_module(JSContext *c, const char *name, void *opaque)
{
    JSValue src = JS_GetPropertyStr(c, modules, name);
    if (!JS_IsString(src)) {
        JS_FreeValue(c, src);
        JS_ThrowReferenceError(c, "could not load module '%s': not in the worker bundle", name);
        return NULL;
    }
    size_t len;
    const char *s = JS_ToCStringLen(c, &len, src);
    JS_FreeValue(c, src);
    if (!s)
        return NULL;
    JSValue fn = JS_Eval(c, s, len, name, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
    JS_FreeCString(c, s);
    if (JS_IsException(fn))
        return NULL;
    JSModuleDef *m = JS_VALUE_GET_PTR(fn);
    JS_FreeValue(c, fn);
    return m;
}

/* ---- exports ---- */

__attribute__((export_name("wharf_abi_version"))) int32_t wharf_abi_version(void)
{
    return 1;
}

static int init_failed(const char *prefix)
{
    log_exception(prefix);
    return 1;
}

__attribute__((export_name("wharf_init"))) int32_t wharf_init(void)
{
    if (rt) {
        log_cstr(LOG_ERROR, "wharf_init called twice");
        return 1;
    }
    rt = JS_NewRuntime2(&malloc_funcs, NULL);
    if (!rt)
        return 1;
    JS_SetMemoryLimit(rt, JS_MEMORY_LIMIT);
    JS_SetMaxStackSize(rt, JS_STACK_LIMIT);
    JS_SetHostPromiseRejectionTracker(rt, rejection_tracker, NULL);
    ctx = JS_NewContext(rt);
    if (!ctx)
        return 1;
    hooks = JS_UNDEFINED;
    modules = JS_UNDEFINED;

    JSValue global = JS_GetGlobalObject(ctx);
    JSValue math = JS_GetPropertyStr(ctx, global, "Math");
    JS_SetPropertyStr(ctx, math, "random", JS_NewCFunction(ctx, n_math_random, "random", 0));
    JS_FreeValue(ctx, math);
    JS_FreeValue(ctx, global);

    /* The prelude is one function expression taking the native object; it installs the
     * globals and returns the hooks object. Normally embedded as QuickJS bytecode compiled at
     * build time by prelude-bc (loading it is ~100x faster than parsing the source). */
#ifdef WHARF_PRELUDE_BYTECODE
    JSValue fn = JS_ReadObject(ctx, wharf_prelude, wharf_prelude_len, JS_READ_OBJ_BYTECODE);
    if (!JS_IsException(fn))
        fn = JS_EvalFunction(ctx, fn);
#else
    JSValue fn = JS_Eval(ctx, (const char *)wharf_prelude, wharf_prelude_len, "wharf:prelude", JS_EVAL_TYPE_GLOBAL);
#endif
    if (JS_IsException(fn))
        return init_failed("wharf-js prelude failed: ");
    JSValue native = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, native, native_funcs, sizeof(native_funcs) / sizeof(native_funcs[0]));
    hooks = JS_Call(ctx, fn, JS_UNDEFINED, 1, (JSValueConst *)&native);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, native);
    if (JS_IsException(hooks)) {
        hooks = JS_UNDEFINED;
        return init_failed("wharf-js prelude failed: ");
    }

    /* The bundle: {"main": path, "modules": {path: source}} */
    JSValue bundle = call_hook("readBundle", 0, NULL);
    if (JS_IsException(bundle))
        return init_failed("worker bundle: ");
    modules = JS_GetPropertyStr(ctx, bundle, "modules");
    JSValue mainv = JS_GetPropertyStr(ctx, bundle, "main");
    JS_FreeValue(ctx, bundle);
    const char *main_name = JS_ToCString(ctx, mainv);
    JS_FreeValue(ctx, mainv);
    if (!main_name)
        return init_failed("worker bundle: ");
    JS_SetModuleLoaderFunc(rt, normalize_module, load_module, NULL);

    JSModuleDef *m = load_module(ctx, main_name, NULL);
    if (!m) {
        JS_FreeCString(ctx, main_name);
        return init_failed("worker failed to load: ");
    }
    JSValue modv = JS_DupValue(ctx, JS_MKPTR(JS_TAG_MODULE, m));
    JSValue p = JS_EvalFunction(ctx, modv);
    if (JS_IsException(p)) {
        JS_FreeCString(ctx, main_name);
        return init_failed("worker failed to load: ");
    }
    if (run_until_settled(p, "the worker's top-level module evaluation")) {
        JS_FreeValue(ctx, p);
        JS_FreeCString(ctx, main_name);
        return 1;
    }
    if (JS_PromiseState(ctx, p) == JS_PROMISE_REJECTED) {
        JS_Throw(ctx, JS_PromiseResult(ctx, p));
        JS_FreeValue(ctx, p);
        JS_FreeCString(ctx, main_name);
        return init_failed("worker failed to load: ");
    }
    JS_FreeValue(ctx, p);
    JS_FreeCString(ctx, main_name);

    JSValue ns = JS_GetModuleNamespace(ctx, m);
    if (JS_IsException(ns))
        return init_failed("worker failed to load: ");
    JSValue r = call_hook("setup", 1, (JSValueConst *)&ns);
    JS_FreeValue(ctx, ns);
    if (JS_IsException(r))
        return init_failed("worker failed to load: ");
    JS_FreeValue(ctx, r);
    JS_RunGC(rt);
    return 0;
}

__attribute__((export_name("wharf_handle"))) int32_t wharf_handle(void)
{
    if (!rt || JS_IsUndefined(hooks)) {
        log_cstr(LOG_ERROR, "wharf_handle called before a successful wharf_init");
        return 1;
    }
    /* The snapshot restores the stack pointer; re-anchor the stack limit to this entry. */
    JS_UpdateStackTop(rt);
    reseed();
    reserve_open = 0;
    JS_SetMemoryLimit(rt, JS_MEMORY_LIMIT);
    JSValue p = call_hook("handle", 0, NULL);
    int rc = 0;
    if (JS_IsException(p)) {
        log_exception("Uncaught exception: ");
        rc = 1;
    } else if (run_until_settled(p, "the fetch handler")) {
        rc = 1;
    } else if (JS_PromiseState(ctx, p) == JS_PROMISE_REJECTED) {
        JS_Throw(ctx, JS_PromiseResult(ctx, p));
        log_exception("Uncaught exception: ");
        rc = 1;
    }
    JS_FreeValue(ctx, p);
    JSValue r = call_hook("reset", 0, NULL);
    if (JS_IsException(r))
        log_exception("reset failed: ");
    JS_FreeValue(ctx, r);
    drain_jobs();
    report_rejections(JS_UNDEFINED);
    return rc;
}
