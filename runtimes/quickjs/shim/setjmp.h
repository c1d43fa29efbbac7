/* Empty stand-in for <setjmp.h>. Debian's wasi-libc (2022) has no setjmp.h, so the
 * include would fall through to the host's glibc header and fail. QuickJS's dtoa.c
 * includes it but never calls setjmp/longjmp, so nothing has to be declared. */
