/* Status codes, their messages, and filling lq_error. */
#include <stdio.h>
#include <string.h>
#include "private.h"

const char *lq_strerror(lq_status status)
{
    switch (status) {
    case LQ_OK: return "success";
    case LQ_ENOMEM: return "out of memory";
    case LQ_EINVAL: return "invalid argument";
    case LQ_EUTF8: return "invalid UTF-8";
    case LQ_EIO: return "input/output error";
    case LQ_EFORMAT: return "malformed data file";
    case LQ_ELIMIT: return "input exceeds a limit";
    }
    return "unknown status";
}

void lq_error_clear(lq_error *err)
{
    if (!err)
        return;
    err->code = LQ_OK;
    err->offset = LQ_NO_POSITION;
    err->line = LQ_NO_POSITION;
    err->text[0] = '\0';
}

lq_status lq_fail(lq_error *err, lq_status code, size_t offset, size_t line,
                  const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->offset = offset;
        err->line = line;
        va_start(ap, fmt);
        /* vsnprintf into a fixed buffer: no allocation on the error path. */
        if (vsnprintf(err->text, sizeof err->text, fmt, ap) < 0)
            snprintf(err->text, sizeof err->text, "%s", lq_strerror(code));
        va_end(ap);
    }
    return code;
}
