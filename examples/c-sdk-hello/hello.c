/* An SDK worker in C: echoes the request line and a header, counts hits in KV, answers JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wharf.h"

WHARF_WORKER_ABI

static char greeting[64] = "hello";

/* Reads the GREETING variable once, at pre-initialization. */
WHARF_INIT int32_t init(void) {
    const char *g = getenv("GREETING");
    if (g != NULL && strlen(g) < sizeof greeting) strcpy(greeting, g);
    wharf_log_str(WHARF_LOG_INFO, "c-sdk-hello initialized");
    return 0;
}

/* Appends `s` to `out` as a JSON string body (without quotes), escaping what JSON requires. */
static size_t json_escape(char *out, size_t cap, const char *s) {
    size_t n = 0;
    for (; *s && n + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { out[n++] = '\\'; out[n++] = (char)c; }
        else if (c < 0x20) n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
        else out[n++] = (char)c;
    }
    out[n] = '\0';
    return n;
}

static int32_t fail(int status, const char *message) {
    wharf_response_set_status(status);
    wharf_set_header("content-type", "text/plain");
    wharf_write_str(message);
    return 0;
}

WHARF_HANDLER int32_t handle(void) {
    static char method[16], url[2048], headers[8192], body[1024];
    if (wharf_result_copy(wharf_request_method(), method, sizeof method) < 0) return fail(500, "method");
    if (wharf_result_copy(wharf_request_url(), url, sizeof url) < 0) return fail(414, "url too long");
    int32_t hlen = wharf_request_headers();
    if (hlen < 0 || (size_t)hlen > sizeof headers) return fail(431, "headers too large");
    wharf_result_read(headers, sizeof headers);
    const char *agent = wharf_header_find(headers, (size_t)hlen, "user-agent");

    /* Count hits in the HITS namespace binding. */
    long hits = 1;
    int32_t kv = wharf_kv_open_str("HITS");
    if (kv < 0) return fail(500, "KV binding HITS is missing");
    char count[32];
    int32_t got = wharf_result_copy(wharf_kv_get(kv, "hits", 4), count, sizeof count);
    if (got >= 0) hits = strtol(count, NULL, 10) + 1;
    else if (got != WHARF_ERR_NOT_FOUND) return fail(503, "KV unavailable");
    int n = snprintf(count, sizeof count, "%ld", hits);
    if (wharf_kv_put(kv, "hits", 4, count, (size_t)n, 0, NULL, 0) < 0) return fail(503, "KV put failed");

    static char e_url[4096], e_agent[1024];
    json_escape(e_url, sizeof e_url, url);
    json_escape(e_agent, sizeof e_agent, agent ? agent : "");
    int len = snprintf(body, sizeof body,
                       "{\"greeting\":\"%s\",\"method\":\"%s\",\"url\":\"%s\",\"userAgent\":\"%s\",\"hits\":%ld}\n",
                       greeting, method, e_url, e_agent, hits);
    if (len < 0 || (size_t)len >= sizeof body) return fail(500, "response too large");
    wharf_set_header("content-type", "application/json");
    wharf_response_write(body, (size_t)len);
    return 0;
}
