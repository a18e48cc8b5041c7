/* Internals of normalize.c that other library files and the tests use.
   Never installed. */
#ifndef LQ_NORMALIZE_H
#define LQ_NORMALIZE_H

#include <stdint.h>
#include "libquote.h"
#include "offsets.h"

/* The offset map of a normalized text. Borrowed: valid until the text is freed. */
const lq_offsets *lq_text_offsets(const lq_text *t);

/* Whether scalar value cp starts a new segment under these LQ_NORM_* flags
   (nothing before it can combine with it), and, through *simple (may be
   NULL), whether alone it normalizes to itself. */
int lq_normalize_starts_segment(int32_t cp, unsigned flags, int *simple);

#endif /* LQ_NORMALIZE_H */
