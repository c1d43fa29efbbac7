/* Allocates 1 MiB blocks (touching each) until malloc fails or the limit given as argv[1]
 * (MiB, default 256) is reached; prints how many MiB it got and a checksum read back from
 * every block (which also keeps the compiler from eliding the allocations). Used to test
 * --max-memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int limit = argc > 1 ? atoi(argv[1]) : 256;
    char **blocks = calloc((size_t)limit + 1, sizeof(char *));
    int got = 0;
    while (blocks && got < limit) {
        char *p = malloc(1 << 20);
        if (!p)
            break;
        memset(p, got & 0xff, 1 << 20);
        blocks[got++] = p;
    }
    unsigned long sum = 0;
    for (int i = 0; i < got; i++)
        sum += (unsigned char)blocks[i][i * 4099 % (1 << 20)];
    printf("allocated %d MiB (checksum %lu)\n", got, sum);
    return got < limit ? 1 : 0;
}
