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
 * to stderr; scriptArgs holds the arguments after the program name.
 *
 * QuickJS's own quickjs-libc (std/os modules) is not used: it needs POSIX
 * signals, termios, fork/exec, dlopen and pthreads, none of which WASI
 * preview1 provides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quickjs.h"

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
    add_globals(ctx, argc, argv, argc > 1 ? 2 : 1);

    int status = 0;
    JSValue result = JS_Eval(ctx, source, len, name, JS_EVAL_TYPE_GLOBAL);
    free(source);
    if (JS_IsException(result)) {
        report_exception(ctx);
        status = 1;
    }
    JS_FreeValue(ctx, result);

    /* Drain promise jobs (async functions, .then callbacks). */
    for (;;) {
        JSContext *job_ctx;
        int r = JS_ExecutePendingJob(rt, &job_ctx);
        if (r == 0)
            break;
        if (r < 0) {
            report_exception(job_ctx);
            status = 1;
        }
    }

    fflush(stdout);
    JS_FreeContext(ctx);
    JS_FreeRuntime(rt);
    return status;
}
