/* Reading data files and finding the data directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#ifndef LQ_DATADIR
#define LQ_DATADIR "/usr/local/share/libquote"
#endif

const char *lq_datadir(const char *given)
{
    const char *env;
    if (given && *given)
        return given;
    env = getenv("LIBQUOTE_DATADIR");
    if (env && *env)
        return env;
    return LQ_DATADIR;
}

lq_status lq_path_join(char *buf, size_t n, const char *dir, const char *name,
                       lq_error *err)
{
    int k = snprintf(buf, n, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= n)
        return lq_fail(err, LQ_ELIMIT, LQ_NO_POSITION, LQ_NO_POSITION,
                       "path too long: %s/%s", dir, name);
    return LQ_OK;
}

lq_status lq_read_file(const char *path, char **data, size_t *len, lq_error *err)
{
    FILE *f;
    lq_buf b;
    *data = NULL;
    *len = 0;
    if (!path)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION, "no file name given");
    f = fopen(path, "rb");
    if (!f)
        return lq_fail(err, LQ_EIO, LQ_NO_POSITION, LQ_NO_POSITION, "%s: %s", path,
                       strerror(errno));
    lq_buf_init(&b);
    for (;;) {
        size_t got;
        if (lq_buf_reserve(&b, 65536) != 0) {
            fclose(f);
            lq_buf_release(&b);
            return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                           "%s: out of memory while reading", path);
        }
        got = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
        b.len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        lq_buf_release(&b);
        return lq_fail(err, LQ_EIO, LQ_NO_POSITION, LQ_NO_POSITION, "%s: %s", path,
                       e ? strerror(e) : "read error");
    }
    fclose(f);
    b.data[b.len] = '\0';
    *data = b.data;
    *len = b.len;
    return LQ_OK;
}

void lq_lines_init(lq_lines *it, const char *data, size_t len)
{
    it->data = data;
    it->len = len;
    it->pos = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        it->pos = 3;
    it->line = NULL;
    it->line_len = 0;
    it->lineno = 0;
    it->offset = 0;
    it->keep_comments = 0;
}

int lq_lines_next(lq_lines *it)
{
    while (it->pos < it->len) {
        const char *start = it->data + it->pos;
        const char *nl = memchr(start, '\n', it->len - it->pos);
        size_t n = nl ? (size_t)(nl - start) : it->len - it->pos;
        it->offset = it->pos;
        it->pos += n + (nl ? 1 : 0);
        it->lineno++;
        while (n && (start[n - 1] == '\r' || start[n - 1] == ' ' || start[n - 1] == '\t'))
            n--;
        if (n == 0 || (start[0] == '#' && !it->keep_comments))
            continue;
        it->line = start;
        it->line_len = n;
        return 1;
    }
    return 0;
}

lq_status lq_lines_check_utf8(const lq_lines *it, const char *path, lq_error *err)
{
    lq_error e;
    if (lq_utf8_validate(it->line, it->line_len, &e) != LQ_OK)
        return lq_fail(err, LQ_EUTF8, it->offset + e.offset, it->lineno,
                       "%s:%zu: invalid UTF-8 at byte %zu of the line", path, it->lineno,
                       e.offset + 1);
    return LQ_OK;
}
