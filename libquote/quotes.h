/* Internal: the quote-mark scanner (quotes.c), used by the analysis
   (analyze.c / attribution.c). Never installed. */
#ifndef LQ_QUOTES_H
#define LQ_QUOTES_H

#include "private.h"

/* Bits of lq_qspan.flags */
#define LQ_QS_CLOSED      (1u << 0)  /* the closing mark was found */
#define LQ_QS_MULTIPARA   (1u << 1)  /* runs over paragraphs: each reopens, the last closes */
#define LQ_QS_HAS_NESTED  (1u << 2)  /* contains a nested quotation (kept inside) */
#define LQ_QS_HEADLINE    (1u << 3)  /* inside a title/headline/section-rule line */
#define LQ_QS_REOPENS     (1u << 4)  /* opens right after an unclosed quotation that it
                                        cut short (`...end of part one. "Part two`, where
                                        paragraphs were merged): most likely the same
                                        speaker's words continuing */
#define LQ_QS_SINGLE      (1u << 5)  /* its marks are single quotation marks (‘…’ '…'
                                        ‹…› ‚…‘): scare quotes and headline quotes in
                                        most English news, primary quotes in British
                                        books */

/* One outermost direct quotation, in byte offsets of the scanned text. */
typedef struct lq_qspan {
    size_t start;          /* first byte of the opening mark */
    size_t end;            /* one past the closing mark; when unclosed, one past
                              the last non-space byte of the quoted text */
    size_t content_start;  /* first byte after the opening mark */
    size_t content_end;    /* first byte of the closing mark (== end when unclosed) */
    int32_t open_mark;     /* code point of the opening mark */
    int32_t close_mark;    /* code point of the closing mark, or 0 when unclosed */
    unsigned flags;        /* LQ_QS_* */
} lq_qspan;

/* Find every outermost direct quotation in text[0..len) in one pass, linear
   time and memory whatever the marks (unbalanced marks recover at the
   paragraph boundary). The text must be valid UTF-8 (the caller validated or
   repaired it; invalid bytes are read as text, never past len); it needs no
   NUL terminator. Spans are in text order, do not overlap, and are allocated
   in the arena: *spans is borrowed until the arena is released (NULL when
   *count is 0).

   Conventions (those of the reference data in shared/reference/quotes):
   - the marks pair as lexicons/quote-marks.txt says; apostrophes (don't,
     people's, the '90s, rock 'n' roll, students') are not marks;
   - a paragraph ends at a blank line or a line break (U+2029 too), or only
     at a blank line when the text is hard-wrapped (most lines 20..120 bytes,
     broken inside sentences);
   - a quotation left open at the end of its paragraph continues when the
     next paragraph opens with a mark of its level (LQ_QS_MULTIPARA: one span
     from the first opening mark to the last closing one, reopening marks
     inside); otherwise it ends there, unclosed, at the last non-space byte;
   - an unclosed quotation also ends, unclosed, before an opening mark of its
     level that follows a finished sentence on the same line (merged
     paragraphs); the new quotation has LQ_QS_REOPENS;
   - nested quotations stay inside their outer one (LQ_QS_HAS_NESTED);
   - a single mark that never closes, away from a paragraph start, is taken
     for an apostrophe; quotations it seemed to hold are reported.
   Returns LQ_OK, LQ_EINVAL (a NULL argument) or LQ_ENOMEM; on failure
   *spans is NULL and *count 0. */
lq_status lq_scan_quotes(const char *text, size_t len, lq_arena *arena,
                         lq_qspan **spans, size_t *count, lq_error *err);

/* Work counters of one scan, for tests that bound the cost on hostile input
   by counting instead of timing. */
typedef struct lq_qscan_stats {
    size_t steps;      /* bytes visited, lookahead included */
    size_t marks;      /* quote-mark characters examined */
    size_t probes;     /* open-mark stack entries compared against a closing mark */
    size_t max_depth;  /* deepest nesting held on the stack */
    size_t wrapped;    /* 1 when the text was taken as hard-wrapped (only blank
                          lines separate paragraphs), else 0 */
} lq_qscan_stats;

/* lq_scan_quotes() that also fills *stats (when not NULL; left untouched on
   failure). */
lq_status lq_scan_quotes_ex(const char *text, size_t len, lq_arena *arena,
                            lq_qspan **spans, size_t *count, lq_qscan_stats *stats,
                            lq_error *err);

#endif
