/* A growable byte buffer with amortised doubling. */
#include <string.h>
#include "private.h"

void lq_buf_init(lq_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void lq_buf_release(lq_buf *b)
{
    lq_dealloc(b->data);
    lq_buf_init(b);
}

int lq_buf_reserve(lq_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = lq_realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int lq_buf_append(lq_buf *b, const char *s, size_t n)
{
    if (lq_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

char *lq_buf_detach(lq_buf *b, size_t *len)
{
    char *p;
    if (lq_buf_reserve(b, 0) != 0)
        return NULL;
    b->data[b->len] = '\0';
    p = b->data;
    if (len)
        *len = b->len;
    lq_buf_init(b);
    return p;
}
