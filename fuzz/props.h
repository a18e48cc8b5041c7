/* Property checks shared by the fuzz targets: an independent UTF-8 reader
   (written apart from the library's, so the two can be compared) and the
   invariants every result must satisfy. A violated property aborts with a
   message, which libFuzzer reports as a crash with its input saved. */
#ifndef LQ_FUZZ_PROPS_H
#define LQ_FUZZ_PROPS_H

#include <stddef.h>
#include <stdint.h>
#include "libquote.h"

#if defined(__GNUC__)
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_PRINTF(a, b)
#endif

/* Print "property violated: ..." and abort. */
void fz_fail(const char *fmt, ...) FZ_PRINTF(1, 2) __attribute__((noreturn));
#define FZ_CHECK(cond, ...) do { if (!(cond)) fz_fail(__VA_ARGS__); } while (0)

/* Length of the sequence at s[0..n) (n > 0): the whole well-formed sequence,
   or the maximal subpart of an ill-formed one (Unicode 15, §3.9, Table 3-7),
   with *valid telling which. */
size_t fz_utf8_step(const uint8_t *s, size_t n, int *valid);
/* Offset of the first ill-formed byte, or n when s is valid UTF-8. */
size_t fz_utf8_first_invalid(const uint8_t *s, size_t n);
/* Number of ill-formed maximal subparts in s. */
size_t fz_utf8_invalid_count(const uint8_t *s, size_t n);
/* Fill b[0..n] with 1 at every position where a sequence or maximal subpart
   starts, and at n; 0 inside a sequence. b has n + 1 bytes. */
void fz_utf8_boundaries(const uint8_t *s, size_t n, uint8_t *b);

/* Scores: finite, proportions in [0, 1] summing to 1 (or all 0), compound
   in [-1, 1]. `what` names the call in the message. */
void fz_check_scores(const lq_scores *sc, const char *what);
/* Two score records are bit-for-bit the same. */
int fz_scores_equal(const lq_scores *a, const lq_scores *b);

/* A growable scratch buffer owned by the target (never freed: one per process). */
void *fz_scratch(size_t n);



/* Copy of s with every ill-formed maximal subpart replaced by U+FFFD, in the
   scratch area *buf (grown with realloc); returns its length. */
size_t fz_utf8_repair(const uint8_t *s, size_t n, uint8_t **buf, size_t *cap);
#endif
