/* Tries to read each path given on the command line and prints "open <path>: ok <first line>"
 * or "open <path>: <strerror>". Used to check that the sandbox refuses escapes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            printf("open %s: %s\n", argv[i], strerror(errno));
            continue;
        }
        char line[128] = {0};
        if (!fgets(line, sizeof line, f))
            line[0] = '\0';
        line[strcspn(line, "\n")] = '\0';
        printf("open %s: ok %s\n", argv[i], line);
        fclose(f);
    }
    return 0;
}
