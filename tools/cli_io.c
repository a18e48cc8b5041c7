/* Input, output and messages for the `quote` tool. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdio_ext.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
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

/* ---- output ------------------------------------------------------------

   Output goes through a buffer of our own that is written to the file
   descriptor in whole lines (the bytes after the last newline wait for the
   next write or the final flush). Whatever happens, what reached the output
   is whole lines:
   - a broken pipe (quote ... | head -1) ends the program at once, quietly,
     with status 0: the reader has all it wanted;
   - any other write error (disk full, /dev/full, file size limit) prints
     one message, and when the output is a regular file it is cut back to
     the end of the last complete line written; the command's later writes
     fail and it exits with a non-zero status;
   - output still buffered at exit (a command that did not call cli_flush)
     is flushed by an atexit handler, which turns a failure into status 1.
   Text printed with stdio (printf) is flushed before our own bytes, so the
   two keep their order. */
#define OUT_CHUNK 65536

static char *out_buf;
static size_t out_len, out_cap;
static int write_failed;     /* no more output: the error is reported */
static int out_checked;      /* out_regular, out_pos and out_good are set */
static int out_regular;      /* stdout is a regular file: it can be cut back */
static off_t out_pos;        /* its file offset */
static off_t out_good;       /* the offset after the last complete line */
static int exiting;          /* inside the atexit handler */

static void report_write_error(int e)
{
    if (write_failed)
        return;
    write_failed = 1;
    if (e == EPIPE) {
        if (!exiting)
            exit(CLI_OK); /* the reader has gone: nothing more to say */
        return;
    }
    cli_error("error writing output: %s", strerror(e));
    write_failed = 2;
}

static void check_output(void)
{
    struct stat st;
    if (out_checked)
        return;
    out_checked = 1;
    if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
        out_pos = out_good = lseek(STDOUT_FILENO, 0, SEEK_CUR);
        out_regular = out_pos >= 0;
    }
}

/* A write failed: cut a regular file back to its last complete line. */
static void keep_complete_lines(void)
{
    if (out_regular && ftruncate(STDOUT_FILENO, out_good) == 0)
        lseek(STDOUT_FILENO, out_good, SEEK_SET);
}

/* Flush stdio's own buffer (printf output), which comes before ours. */
static int flush_stdio(void)
{
    if (__fpending(stdout) == 0)
        return 0;
    if (fflush(stdout) != 0) {
        int e = errno ? errno : EIO;
        keep_complete_lines();
        report_write_error(e);
        return -1;
    }
    /* stdio output (usage text, version lines) ends with its newline. */
    if (out_regular) {
        off_t now = lseek(STDOUT_FILENO, 0, SEEK_CUR);
        if (now >= 0)
            out_pos = out_good = now;
    }
    return 0;
}

/* out_buf[0..done) reached the file: advance the position and the end of
   the last complete line. */
static void written(size_t done)
{
    size_t last = done;
    if (!out_regular)
        return;
    while (last > 0 && out_buf[last - 1] != '\n')
        last--;
    if (last > 0)
        out_good = out_pos + (off_t)last;
    out_pos += (off_t)done;
}

/* Write out_buf[0..n) to the descriptor; n ends a line unless at the end. */
static int write_out(size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(STDOUT_FILENO, out_buf + done, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = k < 0 ? errno : EIO;
            written(done); /* a short write kept what it could */
            keep_complete_lines();
            report_write_error(e);
            return -1;
        }
        done += (size_t)k;
    }
    written(n);
    memmove(out_buf, out_buf + n, out_len - n);
    out_len -= n;
    return 0;
}

/* Write every complete line buffered; with all, the partial tail too. */
static int drain(int all)
{
    size_t n = out_len;
    if (!all) {
        while (n > 0 && out_buf[n - 1] != '\n')
            n--;
    }
    if (n == 0)
        return 0;
    return write_out(n);
}

/* At exit: flush what is left; a write error, now or earlier, makes the
   status non-zero even when the command did not check. */
static void flush_at_exit(void)
{
    int ok;
    exiting = 1;
    ok = write_failed == 0 && cli_flush() == 0;
    free(out_buf);
    out_buf = NULL;
    out_len = out_cap = 0;
    if (!ok && write_failed == 2)
        _exit(CLI_BAD_INPUT);
    /* ok, or a broken pipe: quiet, with the command's own status */
}

int cli_write(const char *data, size_t len)
{
    if (write_failed)
        return -1;
    if (!out_checked) {
        check_output();
        atexit(flush_at_exit);
    }
    if (flush_stdio() != 0)
        return -1;
    if (out_cap - out_len < len) {
        size_t cap = out_cap ? out_cap : 2 * OUT_CHUNK;
        char *p;
        while (cap - out_len < len)
            cap *= 2;
        p = realloc(out_buf, cap);
        if (!p) {
            /* Write what we have and go on with a buffer of the same size. */
            if (drain(1) != 0)
                return -1;
            if (out_cap - out_len < len) {
                cli_error("error writing output: out of memory");
                write_failed = 1;
                return -1;
            }
        } else {
            out_buf = p;
            out_cap = cap;
        }
    }
    memcpy(out_buf + out_len, data, len);
    out_len += len;
    if (out_len >= OUT_CHUNK)
        return drain(0);
    return 0;
}

int cli_flush(void)
{
    if (write_failed)
        return -1;
    check_output();
    if (flush_stdio() != 0 || drain(1) != 0)
        return -1;
    if (fflush(stdout) != 0) {
        keep_complete_lines();
        report_write_error(errno ? errno : EIO);
        return -1;
    }
    return 0;
}
