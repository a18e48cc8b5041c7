/* String-keyed open-addressing hash map, built once and then read-only. */
#include <string.h>
#include "private.h"

uint32_t lq_hash_bytes(const char *s, size_t n)
{
    /* FNV-1a over bytes, then a final avalanche (murmur3 fmix32). */
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

lq_status lq_strmap_init(lq_strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 2)
        cap *= 2;
    m->slots = lq_calloc(cap, sizeof *m->slots);
    m->cap = m->slots ? cap : 0;
    m->count = 0;
    lq_arena_init(&m->arena, 16384);
    return m->slots ? LQ_OK : LQ_ENOMEM;
}

void lq_strmap_release(lq_strmap *m)
{
    lq_dealloc(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
    lq_arena_release(&m->arena);
}

static lq_strmap_entry *probe(lq_strmap_entry *slots, size_t cap, const char *key,
                              size_t len, uint32_t h)
{
    size_t i = h & (cap - 1);
    for (;;) {
        lq_strmap_entry *e = &slots[i];
        if (!e->key || (e->hash == h && e->key_len == len && memcmp(e->key, key, len) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

static lq_status grow(lq_strmap *m)
{
    size_t cap = m->cap * 2, i;
    lq_strmap_entry *slots = lq_calloc(cap, sizeof *slots);
    if (!slots)
        return LQ_ENOMEM;
    for (i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *probe(slots, cap, m->slots[i].key, m->slots[i].key_len, m->slots[i].hash) =
                m->slots[i];
    lq_dealloc(m->slots);
    m->slots = slots;
    m->cap = cap;
    return LQ_OK;
}

lq_status lq_strmap_put(lq_strmap *m, const char *key, size_t len,
                        lq_strmap_entry **entry, int *added)
{
    uint32_t h;
    lq_strmap_entry *e;
    *entry = NULL;
    if (len > UINT32_MAX)
        return LQ_ELIMIT;
    if ((m->count + 1) * 2 > m->cap && grow(m) != LQ_OK)
        return LQ_ENOMEM;
    h = lq_hash_bytes(key, len);
    e = probe(m->slots, m->cap, key, len, h);
    if (e->key) {
        *added = 0;
        *entry = e;
        return LQ_OK;
    }
    e->key = lq_arena_strndup(&m->arena, key, len);
    if (!e->key)
        return LQ_ENOMEM;
    e->key_len = (uint32_t)len;
    e->hash = h;
    e->value.i = 0;
    m->count++;
    *added = 1;
    *entry = e;
    return LQ_OK;
}

const lq_strmap_entry *lq_strmap_get(const lq_strmap *m, const char *key, size_t len)
{
    const lq_strmap_entry *e;
    if (!m->cap || len > UINT32_MAX)
        return NULL;
    e = probe(m->slots, m->cap, key, len, lq_hash_bytes(key, len));
    return e->key ? e : NULL;
}
