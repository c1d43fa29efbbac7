/*
 * qjs-wasi: a small QuickJS front end for wasm32-wasi.
 *
 * Reads one JavaScript program from a file (first argument) or from stdin
 * (no argument or "-"), evaluates it as a global script, drains the promise
 * job queue and exits 0; an uncaught exception is printed to stderr with its
 * stack and the process exits 1.
 *
 * Globals: print(...) and console.log(...) write their arguments, converted
 * with ToString and separated by spaces, to stdout; console.error(...) writes
 * to stderr; scriptArgs holds the arguments after the program name;
 * setTimeout(fn, ms) / clearTimeout(id) run fn once after ms milliseconds
 * (waiting with nanosleep, i.e. WASI poll_oneoff), earliest first, ties in
 * creation order; extra setTimeout arguments are passed to fn.
 *
 * QuickJS's own quickjs-libc (std/os modules) is not used: it needs POSIX
 * signals, termios, fork/exec, dlopen and pthreads, none of which WASI
 * preview1 provides.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "quickjs.h"

/* Bytes of shadow stack QuickJS may use (the linked stack is 1 MiB, see Makefile). Half of it,
 * so that QuickJS's own "stack overflow" InternalError comes before the host's native stack
 * runs out under V8 (node:wasi) as well as under wharf: ~1900 levels of plain JS recursion. */
#define STACK_LIMIT (512 * 1024)

static char *read_all(FILE *f, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        return NULL;
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
        if (len == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *out_len = len;
    return buf;
}

static JSValue write_values(JSContext *ctx, FILE *out, int argc, JSValueConst *argv)
{
    for (int i = 0; i < argc; i++) {
        size_t len;
        const char *s = JS_ToCStringLen(ctx, &len, argv[i]);
        if (!s)
            return JS_EXCEPTION;
        if (i > 0)
            fputc(' ', out);
        fwrite(s, 1, len, out);
        JS_FreeCString(ctx, s);
    }
    fputc('\n', out);
    return JS_UNDEFINED;
}

static JSValue js_print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    (void)this_val;
    return write_values(ctx, stdout, argc, argv);
}

static JSValue js_print_err(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    (void)this_val;
    return write_values(ctx, stderr, argc, argv);
}

typedef struct Timer {
    struct Timer *next;
    int64_t id;
    int64_t due_ns;
    JSValue func;
    JSValue args; /* array of extra arguments */
} Timer;

static Timer *timers;
static int64_t next_timer_id = 1;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static JSValue js_set_timeout(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    (void)this_val;
    double delay = 0;
    if (argc < 1 || !JS_IsFunction(ctx, argv[0]))
        return JS_ThrowTypeError(ctx, "setTimeout: callback must be a function");
    if (argc > 1 && JS_ToFloat64(ctx, &delay, argv[1]))
        return JS_EXCEPTION;
    if (!(delay >= 1))
        delay = 1; /* as in Node: NaN, negative and 0 all mean 1 ms */
    Timer *t = malloc(sizeof *t);
    if (!t)
        return JS_ThrowOutOfMemory(ctx);
    t->id = next_timer_id++;
    t->due_ns = now_ns() + (int64_t)(delay * 1e6);
    t->func = JS_DupValue(ctx, argv[0]);
    t->args = JS_NewArray(ctx);
    for (int i = 2; i < argc; i++)
        JS_SetPropertyUint32(ctx, t->args, (uint32_t)(i - 2), JS_DupValue(ctx, argv[i]));
    t->next = timers;
    timers = t;
    return JS_NewInt64(ctx, t->id);
}

static void free_timer(JSContext *ctx, Timer *t)
{
    JS_FreeValue(ctx, t->func);
    JS_FreeValue(ctx, t->args);
    free(t);
}

static JSValue js_clear_timeout(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    (void)this_val;
    int64_t id;
    if (argc < 1 || JS_ToInt64(ctx, &id, argv[0]))
        return JS_UNDEFINED;
    for (Timer **p = &timers; *p; p = &(*p)->next) {
        if ((*p)->id == id) {
            Timer *t = *p;
            *p = t->next;
            free_timer(ctx, t);
            break;
        }
    }
    return JS_UNDEFINED;
}

/* Removes and returns the timer that is due first (lowest id among equal deadlines). */
static Timer *take_next_timer(void)
{
    Timer **best = NULL;
    for (Timer **p = &timers; *p; p = &(*p)->next)
        if (!best || (*p)->due_ns < (*best)->due_ns || ((*p)->due_ns == (*best)->due_ns && (*p)->id < (*best)->id))
            best = p;
    if (!best)
        return NULL;
    Timer *t = *best;
    *best = t->next;
    return t;
}

static void report_exception(JSContext *ctx)
{
    JSValue exc = JS_GetException(ctx);
    const char *msg = JS_ToCString(ctx, exc);
    fprintf(stderr, "Uncaught %s\n", msg ? msg : "(exception)");
    JS_FreeCString(ctx, msg);
    if (JS_IsError(ctx, exc)) {
        JSValue stack = JS_GetPropertyStr(ctx, exc, "stack");
        if (!JS_IsUndefined(stack)) {
            const char *s = JS_ToCString(ctx, stack);
            if (s)
                fputs(s, stderr);
            JS_FreeCString(ctx, s);
        }
        JS_FreeValue(ctx, stack);
    }
    JS_FreeValue(ctx, exc);
}

static void add_globals(JSContext *ctx, int argc, char **argv, int first_arg)
{
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue console = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, console, "log", JS_NewCFunction(ctx, js_print, "log", 1));
    JS_SetPropertyStr(ctx, console, "info", JS_NewCFunction(ctx, js_print, "info", 1));
    JS_SetPropertyStr(ctx, console, "error", JS_NewCFunction(ctx, js_print_err, "error", 1));
    JS_SetPropertyStr(ctx, console, "warn", JS_NewCFunction(ctx, js_print_err, "warn", 1));
    JS_SetPropertyStr(ctx, global, "console", console);
    JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, js_print, "print", 1));
    JS_SetPropertyStr(ctx, global, "setTimeout", JS_NewCFunction(ctx, js_set_timeout, "setTimeout", 2));
    JS_SetPropertyStr(ctx, global, "clearTimeout", JS_NewCFunction(ctx, js_clear_timeout, "clearTimeout", 1));
    JSValue args = JS_NewArray(ctx);
    for (int i = first_arg; i < argc; i++)
        JS_SetPropertyUint32(ctx, args, (uint32_t)(i - first_arg), JS_NewString(ctx, argv[i]));
    JS_SetPropertyStr(ctx, global, "scriptArgs", args);
    JS_FreeValue(ctx, global);
}

int main(int argc, char **argv)
{
    const char *name = "<stdin>";
    FILE *in = stdin;
    if (argc > 1 && strcmp(argv[1], "-") != 0) {
        name = argv[1];
        in = fopen(name, "rb");
        if (!in) {
            perror(name);
            return 2;
        }
    }
    size_t len = 0;
    char *source = read_all(in, &len);
    if (in != stdin)
        fclose(in);
    if (!source) {
        fprintf(stderr, "%s: read error\n", name);
        return 2;
    }

    JSRuntime *rt = JS_NewRuntime();
    JSContext *ctx = rt ? JS_NewContext(rt) : NULL;
    if (!ctx) {
        fprintf(stderr, "qjs: cannot allocate the JS runtime\n");
        return 2;
    }
    /* Built with CONFIG_STACK_CHECK: keep QuickJS's limit below the 1 MiB shadow stack
     * (-Wl,-z,stack-size) so deep recursion throws a RangeError instead of trapping. */
    JS_SetMaxStackSize(rt, STACK_LIMIT);
    add_globals(ctx, argc, argv, argc > 1 ? 2 : 1);

    int status = 0;
    JSValue result = JS_Eval(ctx, source, len, name, JS_EVAL_TYPE_GLOBAL);
    free(source);
    if (JS_IsException(result)) {
        report_exception(ctx);
        status = 1;
    }
    JS_FreeValue(ctx, result);

    /* Event loop: drain promise jobs (async functions, .then callbacks), then run the
     * earliest timer, until neither is left. An uncaught exception ends the program. */
    while (status == 0) {
        JSContext *job_ctx;
        int r = JS_ExecutePendingJob(rt, &job_ctx);
        if (r < 0) {
            report_exception(job_ctx);
            status = 1;
            break;
        }
        if (r > 0)
            continue;
        Timer *t = take_next_timer();
        if (!t)
            break;
        int64_t wait = t->due_ns - now_ns();
        if (wait > 0) {
            struct timespec ts = { (time_t)(wait / 1000000000), (long)(wait % 1000000000) };
            nanosleep(&ts, NULL);
        }
        uint32_t n = 0;
        JSValue len = JS_GetPropertyStr(ctx, t->args, "length");
        JS_ToUint32(ctx, &n, len);
        JSValue *call_args = n ? calloc(n, sizeof(JSValue)) : NULL;
        for (uint32_t i = 0; i < n; i++)
            call_args[i] = JS_GetPropertyUint32(ctx, t->args, i);
        JSValue ret = JS_Call(ctx, t->func, JS_UNDEFINED, (int)n, call_args);
        for (uint32_t i = 0; i < n; i++)
            JS_FreeValue(ctx, call_args[i]);
        free(call_args);
        free_timer(ctx, t);
        if (JS_IsException(ret)) {
            report_exception(ctx);
            status = 1;
        }
        JS_FreeValue(ctx, ret);
    }
    while (timers) {
        Timer *t = timers;
        timers = t->next;
        free_timer(ctx, t);
    }

    fflush(stdout);
    JS_FreeContext(ctx);
    JS_FreeRuntime(rt);
    return status;
}
