/* Prints a greeting: the smallest WASI program (fd_write + proc_exit via return). */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
