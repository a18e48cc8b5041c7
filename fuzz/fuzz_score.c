/* Fuzz the sentiment scorer (lq_score, lq_explain) with the default lexicon.

   Input: one byte of flags (LQ_SENT_* bits; the top two bits set together
   ask for an unknown bit, which must be refused), then the text.

   Properties:
   - unknown flag bits -> LQ_EINVAL and zeroed scores;
   - scoring never fails on any bytes; scores are finite, proportions in
     [0, 1] summing to 1 (or all 0), compound in [-1, 1];
   - lq_explain gives bit-for-bit the scores of lq_score; its tokens have
     text, in-range ordered byte ranges (or LQ_NO_POSITION), finite values,
     known rule bits with names;
   - an emoji description comes from bytes that hold an emoji (never from
     ASCII alone: U+0000 is no emoji);
   - invalid sequences score as U+FFFD: the input and its repaired copy
     score the same;
   - scoring is deterministic. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "setup.h"

#define KNOWN_RULES ((1u << 12) - 1u)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fz_default_lexicon();
    return 0;
}

static void check_explanation(const lq_explanation *x, const lq_scores *want,
                              const uint8_t *in, size_t n, unsigned flags)
{
    size_t i, count = lq_explanation_count(x), prev = 0;
    lq_scores got = lq_explanation_scores(x);
    /* Positions are in the scored text: the input, or its normalized form,
       which may be longer (compatibility mappings, U+FFFD). */
    size_t limit = (flags & LQ_SENT_NORMALIZE) ? 18 * 3 * n + 16 : n;

    FZ_CHECK(fz_scores_equal(&got, want),
             "lq_explain scores (%g %g %g %g) differ from lq_score (%g %g %g %g)", got.neg,
             got.neu, got.pos, got.compound, want->neg, want->neu, want->pos, want->compound);
    for (i = 0; i < count; i++) {
        const lq_token *tk = lq_explanation_token(x, i);
        unsigned r;
        FZ_CHECK(tk != NULL && tk->text != NULL, "token %zu of %zu missing", i, count);
        FZ_CHECK(isfinite(tk->valence) && isfinite(tk->contribution) &&
                     fabs(tk->valence) <= 100 && fabs(tk->contribution) <= 1000,
                 "token %zu '%s': valence %g contribution %g", i, tk->text, tk->valence,
                 tk->contribution);
        FZ_CHECK((tk->rules & ~KNOWN_RULES) == 0, "token %zu: unknown rule bits 0x%x", i,
                 tk->rules);
        for (r = 1; r <= KNOWN_RULES; r <<= 1)
            if (tk->rules & r)
                FZ_CHECK(lq_rule_name(r)[0] != '\0', "rule 0x%x has no name", r);
        if (tk->start == LQ_NO_POSITION) {
            FZ_CHECK(tk->end == LQ_NO_POSITION, "token %zu: end without start", i);
            continue;
        }
        FZ_CHECK(tk->start <= tk->end && tk->end <= limit,
                 "token %zu '%s': range [%zu, %zu) outside scored text of %zu", i, tk->text,
                 tk->start, tk->end, n);
        FZ_CHECK(tk->start >= prev, "token %zu starts at %zu before the previous (%zu)", i,
                 tk->start, prev);
        prev = tk->start;
        /* Every emoji (keycaps included) has a byte outside ASCII. */
        if ((tk->rules & LQ_RULE_EMOJI) && !(flags & LQ_SENT_NORMALIZE)) {
            size_t b = tk->start;
            while (b < tk->end && in[b] < 0x80)
                b++;
            FZ_CHECK(b < tk->end, "token %zu '%s' came from emoji bytes [%zu, %zu) that are all "
                     "ASCII (first 0x%02x)", i, tk->text, tk->start, tk->end,
                     tk->start < tk->end ? in[tk->start] : 0);
        }
    }
    FZ_CHECK(lq_explanation_token(x, count) == NULL, "token past the end is not NULL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *fixed;
    static size_t fixed_cap;
    const lq_lexicon *lex = fz_default_lexicon();
    const char *in;
    size_t n, fixed_len;
    unsigned flags;
    lq_scores sc, sc2;
    lq_explanation *x = NULL;
    lq_error err;
    lq_status st;

    if (size < 1)
        return 0;
    flags = data[0] & LQ_SENT_ALL;
    in = (const char *)data + 1;
    n = size - 1;

    if ((data[0] & 0xC0) == 0xC0) {
        memset(&sc, 0x55, sizeof sc);
        st = lq_score(lex, in, n, flags | (LQ_SENT_ALL + 1u), &sc, &err);
        FZ_CHECK(st == LQ_EINVAL, "unknown flag bit accepted: %d", st);
        FZ_CHECK(sc.neg == 0 && sc.neu == 0 && sc.pos == 0 && sc.compound == 0,
                 "failed lq_score did not zero its scores");
        x = (lq_explanation *)1;
        st = lq_explain(lex, in, n, flags | (LQ_SENT_ALL + 1u), &x, &err);
        FZ_CHECK(st == LQ_EINVAL && x == NULL, "lq_explain: unknown flag bit accepted: %d", st);
        return 0;
    }

    st = lq_score(lex, in, n, flags, &sc, &err);
    if (st == LQ_ENOMEM)
        return 0;
    FZ_CHECK(st == LQ_OK, "lq_score failed: %d %s", st, err.text);
    fz_check_scores(&sc, "lq_score");

    st = lq_score(lex, in, n, flags, &sc2, &err);
    FZ_CHECK(st == LQ_OK && fz_scores_equal(&sc, &sc2), "lq_score is not deterministic");

    fixed_len = fz_utf8_repair((const uint8_t *)in, n, &fixed, &fixed_cap);
    if (fixed_len != n || memcmp(fixed, in, n) != 0) {
        st = lq_score(lex, (const char *)fixed, fixed_len, flags, &sc2, &err);
        FZ_CHECK(st == LQ_OK && fz_scores_equal(&sc, &sc2),
                 "invalid bytes do not score as U+FFFD: %g vs %g", sc.compound, sc2.compound);
    }

    st = lq_explain(lex, in, n, flags, &x, &err);
    if (st == LQ_ENOMEM)
        return 0;
    FZ_CHECK(st == LQ_OK && x != NULL, "lq_explain failed: %d %s", st, err.text);
    check_explanation(x, &sc, (const uint8_t *)in, n, flags);
    lq_explanation_free(x);
    return 0;
}
