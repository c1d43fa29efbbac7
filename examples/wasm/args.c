/* Echoes argv and selected environment variables, then exits with the code given by
 * the environment variable EXIT_CODE (default 0); exercises args_* and environ_*. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    const char *code = getenv("EXIT_CODE");
    return code ? atoi(code) : 0;
}
