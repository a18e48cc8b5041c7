/* Offset maps: runs of segments searched by binary search. */
#include "offsets.h"
#include "private.h"

void lq_offsets_init(lq_offsets *m)
{
    m->v = NULL;
    m->n = 0;
    m->cap = 0;
    m->out_len = 0;
    m->in_len = 0;
}

void lq_offsets_release(lq_offsets *m)
{
    lq_dealloc(m->v);
    lq_offsets_init(m);
}

int lq_offsets_add(lq_offsets *m, size_t out, size_t in, int exact)
{
    if (m->n > 0) {
        const lq_offset_entry *last = &m->v[m->n - 1];
        /* An exact piece right after an exact segment continues it. */
        if (exact && last->exact && out - last->out == in - last->in)
            return 0;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        lq_offset_entry *v;
        if (cap > SIZE_MAX / sizeof *v)
            return -1;
        v = lq_realloc(m->v, cap * sizeof *v);
        if (!v)
            return -1;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n].out = out;
    m->v[m->n].in = in;
    m->v[m->n].exact = exact ? 1 : 0;
    m->n++;
    return 0;
}

void lq_offsets_finish(lq_offsets *m, size_t out_len, size_t in_len)
{
    m->out_len = out_len;
    m->in_len = in_len;
    if (m->n > 0 && m->n < m->cap) {
        lq_offset_entry *v = lq_realloc(m->v, m->n * sizeof *v);
        if (v) { /* keeping the larger block is fine when shrinking fails */
            m->v = v;
            m->cap = m->n;
        }
    }
}

size_t lq_offsets_count(const lq_offsets *m)
{
    return m->n;
}

lq_segment lq_offsets_segment(const lq_offsets *m, size_t i)
{
    lq_segment s;
    s.out_start = m->v[i].out;
    s.in_start = m->v[i].in;
    s.exact = m->v[i].exact;
    s.out_end = i + 1 < m->n ? m->v[i + 1].out : m->out_len;
    s.in_end = i + 1 < m->n ? m->v[i + 1].in : m->in_len;
    return s;
}

void lq_offsets_lookup(const lq_offsets *m, size_t pos, size_t *start, size_t *end)
{
    size_t lo = 0, hi = m->n;
    const lq_offset_entry *e;
    if (pos >= m->out_len || m->n == 0) {
        *start = *end = m->in_len;
        return;
    }
    /* The last entry with out <= pos: segments with no output share their
       out with the next segment, so the last one is the one holding pos. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].out <= pos)
            lo = mid;
        else
            hi = mid;
    }
    e = &m->v[lo];
    if (e->exact) {
        *start = e->in + (pos - e->out);
        *end = *start + 1;
    } else {
        *start = e->in;
        *end = lo + 1 < m->n ? m->v[lo + 1].in : m->in_len;
    }
}
