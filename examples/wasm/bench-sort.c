/* qsort benchmark: sorts pseudo-random ints and strings with libc qsort.
 * Usage: bench-sort [count]  (default 400000). Prints order checks and checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 400000;
    int *v = malloc(sizeof(int) * n);
    uint32_t x = 2463534242u;
    for (int i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        v[i] = (int)(x % 1000000007u) - 500000000;
    }
    qsort(v, n, sizeof(int), cmp_int);
    int sorted = 1;
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && v[i - 1] > v[i])
            sorted = 0;
        sum += (int64_t)v[i] * (i % 7 + 1);
    }
    printf("ints sorted=%d min=%d max=%d weighted=%lld\n", sorted, v[0], v[n - 1], (long long)sum);

    int m = n / 4;
    char **s = malloc(sizeof(char *) * m);
    for (int i = 0; i < m; i++) {
        s[i] = malloc(16);
        snprintf(s[i], 16, "k%08x", (unsigned)v[(i * 7919) % n] * 2654435761u);
    }
    qsort(s, m, sizeof(char *), cmp_str);
    int ok = 1;
    for (int i = 1; i < m; i++)
        if (strcmp(s[i - 1], s[i]) > 0)
            ok = 0;
    printf("strings sorted=%d first=%s last=%s\n", ok, s[0], s[m - 1]);
    for (int i = 0; i < m; i++)
        free(s[i]);
    free(s);
    free(v);
    return 0;
}
