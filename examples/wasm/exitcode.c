/* Calls exit() (proc_exit) with argv[1] after writing to stdout and stderr. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    fprintf(stderr, "stderr line\n");
    exit(code);
}
