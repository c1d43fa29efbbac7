/* Recursion benchmark: naive Fibonacci (call-heavy) plus a recursive Ackermann.
 * Usage: bench-fib [n] (default 34). */
#include <stdio.h>
#include <stdlib.h>

static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int ack(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 34;
    printf("fib(%d)=%d\n", n, fib(n));
    printf("ack(2,%d)=%d\n", n * 10, ack(2, n * 10));
    return 0;
}
