/* Fuzz lq_normalize with every option combination, drawn from the input.

   Input: two bytes of flags (little-endian; the bits above LQ_NORM_ALL are
   used now and then to test that unknown bits are refused), then the text.

   Properties:
   - unknown flag bits -> LQ_EINVAL and a NULL result;
   - strict mode fails with LQ_EUTF8 iff the input is not valid UTF-8 (by an
     independent reader), with err.offset at the first bad byte; the same for
     lq_utf8_validate;
   - LQ_NORM_REPLACE_INVALID always succeeds, counts one replacement per
     maximal subpart, and equals strict mode on valid input;
   - the output is valid UTF-8, NUL-terminated, and normalizing it again with
     the same flags gives it back (idempotence);
   - the offset map: every position maps to a range inside the input,
     monotonic, the end to the end; every output character maps to a span
     of whole input characters (UTF-8 boundaries), spans monotonic and
     covering the ranges of their bytes; out-of-range positions are refused;
   - ASCII text that no flag touches comes out unchanged;
   - lq_normalize_string gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "props.h"

static void check_map(const lq_text *t, const uint8_t *in, size_t n)
{
    const uint8_t *out = (const uint8_t *)lq_text_data(t);
    size_t olen = lq_text_length(t), pos, prev_s = 0, prev_e = 0, s, e;
    uint8_t *bound = fz_scratch(2 * n + olen + 2), *obound = bound + n + 1;
    lq_status st;

    fz_utf8_boundaries(in, n, bound);
    fz_utf8_boundaries(out, olen, obound);
    /* Every position: inside the input, monotonic; a character's first byte
       maps to a range starting on a character of the input. (Inside text
       that passed through unchanged a byte maps to one byte.) */
    for (pos = 0; pos <= olen; pos++) {
        st = lq_text_source_range(t, pos, &s, &e);
        FZ_CHECK(st == LQ_OK, "source_range(%zu) of %zu failed: %d", pos, olen, st);
        FZ_CHECK(s <= e && e <= n, "source_range(%zu) = [%zu, %zu) outside input of %zu", pos,
                 s, e, n);
        FZ_CHECK(!obound[pos] || bound[s],
                 "source_range(%zu) = [%zu, %zu) starts inside a UTF-8 sequence", pos, s, e);
        FZ_CHECK(s >= prev_s && e >= prev_e,
                 "offset map not monotonic: pos %zu -> [%zu, %zu) after [%zu, %zu)", pos, s, e,
                 prev_s, prev_e);
        prev_s = s;
        prev_e = e;
    }
    FZ_CHECK(prev_s == n && prev_e == n, "end of output maps to [%zu, %zu), not the end %zu",
             prev_s, prev_e, n);
    st = lq_text_source_range(t, olen + 1, &s, &e);
    FZ_CHECK(st == LQ_EINVAL, "source_range past the end returned %d", st);

    /* Every output character maps to a span of whole input characters, the
       spans monotonic, covering the ranges of the character's bytes. */
    prev_s = prev_e = 0;
    for (pos = 0; pos < olen;) {
        size_t next = pos + 1, fs, fe, ls, le;
        while (!obound[next])
            next++;
        st = lq_text_source_span(t, pos, next, &s, &e);
        FZ_CHECK(st == LQ_OK, "source_span(%zu, %zu) failed: %d", pos, next, st);
        FZ_CHECK(s <= e && e <= n && bound[s] && bound[e],
                 "source_span(%zu, %zu) = [%zu, %zu): not whole characters of the input (%zu)",
                 pos, next, s, e, n);
        FZ_CHECK(s >= prev_s && e >= prev_e,
                 "spans not monotonic: [%zu, %zu) -> [%zu, %zu) after [%zu, %zu)", pos, next, s,
                 e, prev_s, prev_e);
        lq_text_source_range(t, pos, &fs, &fe);
        lq_text_source_range(t, next - 1, &ls, &le);
        FZ_CHECK(s <= fs && e >= le, "source_span(%zu, %zu) = [%zu, %zu) misses [%zu, %zu)",
                 pos, next, s, e, fs, le);
        prev_s = s;
        prev_e = e;
        pos = next;
    }
    if (olen > 0) {
        st = lq_text_source_span(t, 0, olen, &s, &e);
        FZ_CHECK(st == LQ_OK && s <= e && e <= n && bound[s] && bound[e],
                 "whole span: %d [%zu, %zu) of %zu", st, s, e, n);
    }
    st = lq_text_source_span(t, 1, 0, &s, &e);
    FZ_CHECK(st == LQ_EINVAL || olen == 0, "reversed span accepted: %d", st);
    st = lq_text_source_span(t, 0, olen + 1, &s, &e);
    FZ_CHECK(st == LQ_EINVAL, "span past the end accepted: %d", st);
}

static int ascii_untouched(const uint8_t *in, size_t n, unsigned flags)
{
    size_t i;
    if (flags & LQ_NORM_CASEFOLD)
        return 0;
    for (i = 0; i < n; i++) {
        if (in[i] >= 0x80)
            return 0;
        if (in[i] == '\r' && (flags & LQ_NORM_NEWLINES))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned raw, flags;
    const uint8_t *in;
    size_t n, bad_at;
    lq_text *t = NULL, *t2 = NULL;
    lq_error err;
    lq_status st;

    if (size < 2)
        return 0;
    raw = (unsigned)data[0] | (unsigned)data[1] << 8;
    in = data + 2;
    n = size - 2;
    flags = raw & LQ_NORM_ALL;
    bad_at = fz_utf8_first_invalid(in, n);

    /* Unknown bits: refused, nothing returned. */
    if ((raw & 0xC000u) == 0xC000u) {
        t = (lq_text *)1;
        st = lq_normalize((const char *)in, n, flags | (1u << 10) << (raw >> 10 & 3u), &t, &err);
        FZ_CHECK(st == LQ_EINVAL && t == NULL, "unknown flag bit accepted: %d", st);
        return 0;
    }

    st = lq_utf8_validate((const char *)in, n, &err);
    FZ_CHECK((st == LQ_OK) == (bad_at == n), "lq_utf8_validate says %d, first bad byte %zu of %zu",
             st, bad_at, n);
    FZ_CHECK(st == LQ_OK || err.offset == bad_at, "lq_utf8_validate offset %zu, expected %zu",
             err.offset, bad_at);

    st = lq_normalize((const char *)in, n, flags, &t, &err);
    if (st == LQ_ENOMEM)
        return 0;
    if (!(flags & LQ_NORM_REPLACE_INVALID)) {
        FZ_CHECK((st == LQ_EUTF8) == (bad_at < n),
                 "strict mode returned %d; first invalid byte %zu of %zu", st, bad_at, n);
        if (st == LQ_EUTF8) {
            FZ_CHECK(t == NULL, "failed call left a result");
            FZ_CHECK(err.code == LQ_EUTF8 && err.offset == bad_at,
                     "strict mode error at %zu (code %d), first invalid byte is %zu", err.offset,
                     err.code, bad_at);
            return 0;
        }
    }
    FZ_CHECK(st == LQ_OK && t != NULL, "lq_normalize(flags 0x%x) failed: %d %s", flags, st,
             err.text);

    {
        const char *out = lq_text_data(t);
        size_t olen = lq_text_length(t);
        char *s2 = NULL;
        size_t s2len = 0;

        FZ_CHECK(out != NULL && out[olen] == '\0', "output not NUL-terminated");
        FZ_CHECK(fz_utf8_first_invalid((const uint8_t *)out, olen) == olen,
                 "output is not valid UTF-8 (byte %zu)",
                 fz_utf8_first_invalid((const uint8_t *)out, olen));
        if (flags & LQ_NORM_REPLACE_INVALID)
            FZ_CHECK(lq_text_replacements(t) == fz_utf8_invalid_count(in, n),
                     "%zu replacements, expected %zu maximal subparts", lq_text_replacements(t),
                     fz_utf8_invalid_count(in, n));
        else
            FZ_CHECK(lq_text_replacements(t) == 0, "strict mode replaced something");
        if (ascii_untouched(in, n, flags))
            FZ_CHECK(olen == n && memcmp(out, in, n) == 0,
                     "ASCII text changed under flags 0x%x", flags);

        check_map(t, in, n);

        /* Idempotence. */
        st = lq_normalize(out, olen, flags, &t2, &err);
        FZ_CHECK(st == LQ_OK, "normalizing the output again failed: %d %s", st, err.text);
        FZ_CHECK(lq_text_length(t2) == olen && memcmp(lq_text_data(t2), out, olen) == 0,
                 "not idempotent under flags 0x%x: %zu bytes, then %zu", flags, olen,
                 lq_text_length(t2));
        lq_text_free(t2);

        /* Strict and replacing agree on valid input. */
        if (bad_at == n) {
            unsigned other = flags ^ LQ_NORM_REPLACE_INVALID;
            st = lq_normalize((const char *)in, n, other, &t2, &err);
            FZ_CHECK(st == LQ_OK && lq_text_length(t2) == olen &&
                         memcmp(lq_text_data(t2), out, olen) == 0,
                     "valid input: strict and replacing modes differ");
            lq_text_free(t2);
        }

        st = lq_normalize_string((const char *)in, n, flags, &s2, &s2len, &err);
        FZ_CHECK(st == LQ_OK && s2 && s2len == olen && memcmp(s2, out, olen) == 0 &&
                     s2[olen] == '\0',
                 "lq_normalize_string differs from lq_normalize");
        lq_free(s2);
    }
    lq_text_free(t);
    return 0;
}
