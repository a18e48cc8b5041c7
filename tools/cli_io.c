/* Input, output and messages for the `quote` tool. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("quote: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *cli_input_name(const char *path)
{
    return (!path || strcmp(path, "-") == 0) ? "<stdin>" : path;
}

int cli_read_input(const char *path, char **data, size_t *len)
{
    FILE *f = stdin;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int is_stdin = !path || strcmp(path, "-") == 0;

    *data = NULL;
    *len = 0;
    if (!is_stdin) {
        f = fopen(path, "rb");
        if (!f) {
            cli_error("%s: %s", path, strerror(errno));
            return -1;
        }
    }
    for (;;) {
        size_t got;
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 131072;
            char *p = realloc(buf, ncap);
            if (!p) {
                cli_error("%s: out of memory", cli_input_name(path));
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return -1;
            }
            buf = p;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        cli_error("%s: %s", cli_input_name(path), strerror(errno ? errno : EIO));
        free(buf);
        if (!is_stdin)
            fclose(f);
        return -1;
    }
    if (!is_stdin)
        fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

static int write_failed;

static void report_write_error(int e)
{
    if (write_failed)
        return;
    write_failed = 1;
    if (e != EPIPE)
        cli_error("error writing output: %s", strerror(e));
}

int cli_write(const char *data, size_t len)
{
    if (write_failed)
        return -1;
    if (len && fwrite(data, 1, len, stdout) != len) {
        report_write_error(errno ? errno : EIO);
        return -1;
    }
    return 0;
}

int cli_flush(void)
{
    if (write_failed)
        return -1;
    if (fflush(stdout) != 0) {
        report_write_error(errno ? errno : EIO);
        return -1;
    }
    return 0;
}
