/* File-system round trip inside the preopened directory given as argv[1]
 * (e.g. `--dir /tmp/x::/data` and argv[1] = /data): mkdir, write, append,
 * read back, stat, seek, list, rename, unlink, rmdir, and an attempt to
 * escape the sandbox with "..", which must fail. Exits 0 when all steps pass. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (!ok)
        failures++;
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "/data";
    char dir[512], file[512], renamed[512], escape[512];
    snprintf(dir, sizeof dir, "%s/sub", root);
    snprintf(file, sizeof file, "%s/sub/notes.txt", root);
    snprintf(renamed, sizeof renamed, "%s/sub/renamed.txt", root);
    snprintf(escape, sizeof escape, "%s/../escape.txt", root);

    check(mkdir(dir, 0755) == 0, "mkdir");

    FILE *f = fopen(file, "w");
    check(f != NULL, "create");
    if (!f)
        return 1;
    fputs("line one\n", f);
    fclose(f);
    f = fopen(file, "a");
    fputs("line two\n", f);
    fclose(f);

    char buf[128] = {0};
    f = fopen(file, "r");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    check(n == 18 && strcmp(buf, "line one\nline two\n") == 0, "read back");
    check(fseek(f, 5, SEEK_SET) == 0 && fgetc(f) == 'o', "seek");
    fclose(f);

    struct stat st;
    check(stat(file, &st) == 0 && st.st_size == 18 && S_ISREG(st.st_mode), "stat");

    int entries = 0;
    DIR *d = opendir(dir);
    check(d != NULL, "opendir");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, "notes.txt") == 0)
                entries++;
        closedir(d);
    }
    check(entries == 1, "readdir");

    check(rename(file, renamed) == 0, "rename");
    check(access(file, F_OK) != 0 && access(renamed, F_OK) == 0, "renamed exists");

    errno = 0;
    int fd = open(escape, O_WRONLY | O_CREAT, 0644);
    check(fd < 0, "escape with .. refused");
    if (fd >= 0)
        close(fd);

    check(unlink(renamed) == 0, "unlink");
    check(rmdir(dir) == 0, "rmdir");
    printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
