/* Offset maps: from positions in a transformed text back to the original
   bytes. Internal; never installed. */
#ifndef LQ_OFFSETS_H
#define LQ_OFFSETS_H

#include <stddef.h>

/* The transformed text is a sequence of segments, each made from one
   contiguous range of original bytes. A segment starts at entry[i] and ends
   where entry[i + 1] starts (or at the totals given to lq_offsets_finish()).

   An exact segment has as many output bytes as input bytes and output byte k
   comes from input byte k (text copied through, possibly with a byte-wise
   change such as ASCII lower-casing); positions inside it map to one byte.
   Any other segment maps as a whole to its input range. Runs of exact text
   are stored as one entry, so text that passes through costs nothing.

   Segments with no output (deleted input) are kept so the input ranges stay
   contiguous; no output position maps to them alone. */
typedef struct lq_offset_entry {
    size_t out;   /* first output byte of the segment */
    size_t in;    /* first input byte of the segment */
    int exact;    /* 1: byte-aligned copy, 0: maps as a whole */
} lq_offset_entry;

typedef struct lq_offsets {
    lq_offset_entry *v;
    size_t n, cap;
    size_t out_len, in_len;   /* totals, set by lq_offsets_finish() */
} lq_offsets;

/* One segment as seen by callers (and the tests). */
typedef struct lq_segment {
    size_t out_start, out_end;
    size_t in_start, in_end;
    int exact;
} lq_segment;

void lq_offsets_init(lq_offsets *m);
void lq_offsets_release(lq_offsets *m);

/* A segment starts at output byte `out`, input byte `in`. Calls must come in
   order (out and in never decrease). An exact segment that continues the
   previous exact one (same distance between out and in) extends it instead.
   Returns 0, or -1 when out of memory. */
int lq_offsets_add(lq_offsets *m, size_t out, size_t in, int exact);

/* Set the totals once every segment is added; trims spare capacity. */
void lq_offsets_finish(lq_offsets *m, size_t out_len, size_t in_len);

/* Original range [*start, *end) of the segment holding output byte pos
   (pos <= out_len; out_len maps to [in_len, in_len)). O(log n). */
void lq_offsets_lookup(const lq_offsets *m, size_t pos, size_t *start, size_t *end);

/* Number of segments and segment i (i < count), for inspection. */
size_t lq_offsets_count(const lq_offsets *m);
lq_segment lq_offsets_segment(const lq_offsets *m, size_t i);

#endif /* LQ_OFFSETS_H */
