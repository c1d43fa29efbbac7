/* Sleeps argv[1] milliseconds (nanosleep -> WASI poll_oneoff) and reports it. Used to test that
 * a sleeping program still honours --timeout. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    long ms = argc > 1 ? atol(argv[1]) : 100;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    printf("sleeping %ld ms\n", ms);
    fflush(stdout);
    nanosleep(&ts, NULL);
    printf("slept\n");
    return 0;
}
