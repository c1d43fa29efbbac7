/* Sieve of Eratosthenes benchmark. Usage: bench-sieve [limit] (default 20000000).
 * Prints the prime count and the largest prime below the limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    long limit = argc > 1 ? atol(argv[1]) : 20000000;
    unsigned char *composite = calloc((size_t)limit + 1, 1);
    long count = 0, last = 0;
    for (long i = 2; i <= limit; i++) {
        if (composite[i])
            continue;
        count++;
        last = i;
        for (long long j = (long long)i * i; j <= limit; j += i)
            composite[j] = 1;
    }
    printf("primes<=%ld: %ld, largest %ld\n", limit, count, last);
    free(composite);
    return 0;
}
