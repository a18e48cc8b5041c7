/* Arena: bump allocation in blocks, everything freed at once. One per document. */
#include <string.h>
#include "private.h"

struct lq_arena_block {
    lq_arena_block *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char mem[];
};

void lq_arena_init(lq_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 16384;
}

void lq_arena_release(lq_arena *a)
{
    lq_arena_block *b = a->head;
    while (b) {
        lq_arena_block *next = b->next;
        lq_dealloc(b);
        b = next;
    }
    a->head = NULL;
}

void *lq_arena_alloc(lq_arena *a, size_t n)
{
    lq_arena_block *b = a->head;
    size_t need = (n + 15u) & ~(size_t)15u;
    if (need < n)
        return NULL;
    if (!b || b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;
        if (size > SIZE_MAX - sizeof *b)
            return NULL;
        b = lq_malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        /* An oversized block goes behind the head so the head keeps its room. */
        if (a->head && need > a->block_size) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    b->used += need;
    return b->mem + b->used - need;
}

char *lq_arena_strndup(lq_arena *a, const char *s, size_t n)
{
    char *r;
    if (n == SIZE_MAX)
        return NULL;
    r = lq_arena_alloc(a, n + 1);
    if (!r)
        return NULL;
    if (n)
        memcpy(r, s, n);
    r[n] = '\0';
    return r;
}
