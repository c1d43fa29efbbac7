/* A WAGI (CGI) worker in C: no SDK, just environment variables, stdin and stdout. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *method = getenv("REQUEST_METHOD");
    const char *path = getenv("PATH_INFO");
    const char *query = getenv("QUERY_STRING");
    const char *agent = getenv("HTTP_USER_AGENT");
    const char *length = getenv("CONTENT_LENGTH");

    if (path != NULL && path[0] == '/' && path[1] == 'm' && path[2] == 'o' && path[3] == 'v' && path[4] == 'e' && path[5] == 'd') {
        printf("Location: /hello\n\n");
        return 0;
    }

    long body = 0;
    int c;
    while ((c = getchar()) != EOF) body++;
    fprintf(stderr, "wagi-hello: %s %s (%ld body bytes)\n", method ? method : "?", path ? path : "", body);

    printf("Content-Type: text/plain\n");
    printf("X-Wagi-Args: %d\n", argc);
    printf("\n");
    printf("hello from WAGI\n");
    printf("method=%s\n", method ? method : "");
    printf("path=%s\n", path ? path : "");
    printf("query=%s\n", query ? query : "");
    printf("user-agent=%s\n", agent ? agent : "");
    printf("content-length=%s\n", length ? length : "");
    printf("body-bytes=%ld\n", body);
    for (int i = 1; i < argc; i++) printf("arg%d=%s\n", i, argv[i]);
    return 0;
}
