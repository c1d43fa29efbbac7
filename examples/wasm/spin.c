/* Never finishes: used to test --timeout. The volatile counter keeps the loop from being
 * optimised away. */
#include <stdio.h>

int main(void)
{
    volatile unsigned long counter = 0;
    printf("spinning\n");
    fflush(stdout);
    for (;;)
        counter++;
}
