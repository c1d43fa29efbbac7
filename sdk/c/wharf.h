/*
 * wharf.h — C bindings of the Wharf worker ABI, version 1 (docs/worker-abi.md).
 *
 * A worker built with this header is a WASI reactor that exports wharf_abi_version (use WHARF_WORKER_ABI
 * once in one source file), wharf_handle, and optionally wharf_init:
 *
 *     clang --target=wasm32-wasi -O2 -mexec-model=reactor -I sdk/c worker.c -o worker.wasm
 *
 * Every call that can fail returns an int32_t: >= 0 on success, one of the WHARF_ERR_* codes on failure.
 * Calls that produce variable-size data leave it in the instance's pending result and return its length;
 * copy it out with wharf_result_read (or the wharf_result_* helpers below).
 */
#ifndef WHARF_H
#define WHARF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WHARF_ABI_VERSION 1

/* Error codes. */
#define WHARF_ERR_INVALID     (-1) /* bad pointer/length, UTF-8, header or enum value */
#define WHARF_ERR_NOT_FOUND   (-2) /* no such key, binding or handle */
#define WHARF_ERR_DENIED      (-3) /* not granted by the worker's spec, or outside its phase */
#define WHARF_ERR_LIMIT       (-4) /* a size, quota or count limit was hit */
#define WHARF_ERR_UNAVAILABLE (-5) /* a backend is down */
#define WHARF_ERR_TIMEOUT     (-6) /* an operation ran past its time budget */
#define WHARF_ERR_STATE       (-7) /* wrong order, e.g. status after body */

/* Log levels. */
#define WHARF_LOG_DEBUG 0
#define WHARF_LOG_INFO  1
#define WHARF_LOG_WARN  2
#define WHARF_LOG_ERROR 3

/* Digest algorithms. */
#define WHARF_DIGEST_SHA1   1
#define WHARF_DIGEST_SHA256 2
#define WHARF_DIGEST_SHA384 3
#define WHARF_DIGEST_SHA512 4

#define WHARF_IMPORT(name) __attribute__((import_module("wharf"), import_name(name)))

/* Phase and configuration. */
WHARF_IMPORT("init_data") int32_t wharf_init_data(void);
WHARF_IMPORT("bindings") int32_t wharf_bindings(void);
WHARF_IMPORT("result_read") int32_t wharf_result_read(void *buf, size_t len);

/* Request. */
WHARF_IMPORT("request_method") int32_t wharf_request_method(void);
WHARF_IMPORT("request_url") int32_t wharf_request_url(void);
WHARF_IMPORT("request_headers") int32_t wharf_request_headers(void);
WHARF_IMPORT("request_body_read") int32_t wharf_request_body_read(void *buf, size_t len);

/* Response. */
WHARF_IMPORT("response_set_status") int32_t wharf_response_set_status(int32_t status);
WHARF_IMPORT("response_add_header") int32_t wharf_response_add_header(const void *name, size_t name_len,
                                                                       const void *value, size_t value_len);
WHARF_IMPORT("response_write") int32_t wharf_response_write(const void *data, size_t len);

/* Logging, time, randomness, crypto. */
WHARF_IMPORT("log") void wharf_log(int32_t level, const void *msg, size_t len);
WHARF_IMPORT("now_ms") double wharf_now_ms(void);
WHARF_IMPORT("random_fill") int32_t wharf_random_fill(void *buf, size_t len);
WHARF_IMPORT("crypto_digest") int32_t wharf_crypto_digest(int32_t alg, const void *data, size_t len);

/* Key-value. */
WHARF_IMPORT("kv_open") int32_t wharf_kv_open(const void *name, size_t name_len);
WHARF_IMPORT("kv_get") int32_t wharf_kv_get(int32_t kv, const void *key, size_t key_len);
WHARF_IMPORT("kv_get_with_metadata") int32_t wharf_kv_get_with_metadata(int32_t kv, const void *key, size_t key_len);
WHARF_IMPORT("kv_put") int32_t wharf_kv_put(int32_t kv, const void *key, size_t key_len, const void *value, size_t value_len,
                                            int64_t ttl_seconds, const void *metadata, size_t metadata_len);
WHARF_IMPORT("kv_delete") int32_t wharf_kv_delete(int32_t kv, const void *key, size_t key_len);
WHARF_IMPORT("kv_list") int32_t wharf_kv_list(int32_t kv, const void *prefix, size_t prefix_len,
                                              const void *cursor, size_t cursor_len, int32_t limit);

/* Outbound HTTP. */
WHARF_IMPORT("http_fetch") int32_t wharf_http_fetch(const void *method, size_t method_len, const void *url, size_t url_len,
                                                    const void *headers, size_t headers_len, const void *body, size_t body_len);

#undef WHARF_IMPORT

/* Exports the ABI version; use exactly once in a worker. */
#define WHARF_WORKER_ABI \
    __attribute__((export_name("wharf_abi_version"))) int32_t wharf_abi_version(void) { return WHARF_ABI_VERSION; }

/* Marks the request handler (return 0 when the response was produced). */
#define WHARF_HANDLER __attribute__((export_name("wharf_handle")))
/* Marks the optional pre-initializer (return 0 on success). */
#define WHARF_INIT __attribute__((export_name("wharf_init")))

/* ---- helpers -------------------------------------------------------------------------------- */

/* Copies a pending result of `len` bytes (the return value of the producing call) into `buf` of
 * `cap` bytes and NUL-terminates it. Returns the result length, WHARF_ERR_LIMIT if it does not fit
 * (the result is consumed up to cap - 1 bytes), or `len` itself when it is an error code. */
static inline int32_t wharf_result_copy(int32_t len, char *buf, size_t cap) {
    if (len < 0) return len;
    if (cap == 0) return WHARF_ERR_LIMIT;
    size_t want = (size_t)len < cap - 1 ? (size_t)len : cap - 1;
    int32_t got = wharf_result_read(buf, want);
    if (got < 0) return got;
    buf[got] = '\0';
    return (size_t)len <= cap - 1 ? len : WHARF_ERR_LIMIT;
}

static inline size_t wharf__strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* Finds header `name` (lower case) in a header block of `len` bytes; returns the value or NULL. */
static inline const char *wharf_header_find(const char *block, size_t len, const char *name) {
    size_t i = 0;
    while (i < len) {
        const char *n = block + i;
        size_t nl = wharf__strlen(n);
        const char *v = n + nl + 1;
        if ((size_t)(v - block) >= len) return NULL;
        size_t vl = wharf__strlen(v);
        const char *a = n, *b = name;
        while (*a && *a == *b) { a++; b++; }
        if (*a == '\0' && *b == '\0') return v;
        i = (size_t)(v - block) + vl + 1;
    }
    return NULL;
}

static inline int32_t wharf_set_header(const char *name, const char *value) {
    return wharf_response_add_header(name, wharf__strlen(name), value, wharf__strlen(value));
}

static inline int32_t wharf_write_str(const char *s) { return wharf_response_write(s, wharf__strlen(s)); }

static inline void wharf_log_str(int32_t level, const char *s) { wharf_log(level, s, wharf__strlen(s)); }

static inline int32_t wharf_kv_open_str(const char *name) { return wharf_kv_open(name, wharf__strlen(name)); }

#ifdef __cplusplus
}
#endif

#endif /* WHARF_H */
