/* Normalization: forms, options, invalid UTF-8, the offset map, and Unicode's
   own NormalizationTest.txt. Every normalization a test makes is also checked
   against the offset-map invariants (check_map). */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "libquote.h"
#include "../libquote/normalize.h"
#include "../libquote/private.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static char problem[512];

/* Check every invariant of t's offset map against its input. Returns NULL
   when all hold, else a description (in a static buffer).
   - segments tile the output [0, out_len] and the input [0, in_len] in order;
   - an exact segment has as many output as input bytes;
   - normalizing each segment's input alone gives exactly its output;
   - lq_text_source_range: every position maps inside the input, the map is
     monotonic, exact segments map byte by byte, other segments to their
     whole range, and the end of the output to the end of the input;
   - lq_text_source_span agrees with source_range at both ends. */
static const char *check_map(const char *in, size_t len, unsigned flags, const lq_text *t)
{
    const lq_offsets *m = lq_text_offsets(t);
    const char *out = lq_text_data(t);
    size_t out_len = lq_text_length(t);
    size_t n = lq_offsets_count(m), i, pos, op = 0, ip = 0, seg = 0;
    size_t ps = 0, pe = 0, s, e;

    if (out[out_len] != '\0')
        return "output is not NUL-terminated";
    if (len > 0 && n == 0)
        return "no segments for non-empty input";
    for (i = 0; i < n; i++) {
        lq_segment g = lq_offsets_segment(m, i);
        lq_text *r;
        lq_status st;
        if (g.out_start != op || g.in_start != ip || g.out_end < g.out_start ||
            g.in_end <= g.in_start) {
            snprintf(problem, sizeof problem,
                     "segment %zu: out [%zu,%zu) in [%zu,%zu) does not follow out %zu in %zu",
                     i, g.out_start, g.out_end, g.in_start, g.in_end, op, ip);
            return problem;
        }
        if (g.exact && g.out_end - g.out_start != g.in_end - g.in_start) {
            snprintf(problem, sizeof problem, "exact segment %zu has %zu output, %zu input bytes",
                     i, g.out_end - g.out_start, g.in_end - g.in_start);
            return problem;
        }
        st = lq_normalize(in + g.in_start, g.in_end - g.in_start, flags, &r, NULL);
        if (st != LQ_OK || lq_text_length(r) != g.out_end - g.out_start ||
            memcmp(lq_text_data(r), out + g.out_start, g.out_end - g.out_start) != 0) {
            snprintf(problem, sizeof problem,
                     "segment %zu (in [%zu,%zu)) re-normalized alone gives %zu bytes, not %zu",
                     i, g.in_start, g.in_end, st == LQ_OK ? lq_text_length(r) : 0,
                     g.out_end - g.out_start);
            lq_text_free(r);
            return problem;
        }
        lq_text_free(r);
        op = g.out_end;
        ip = g.in_end;
    }
    if (op != out_len || ip != len) {
        snprintf(problem, sizeof problem, "segments end at out %zu in %zu, not %zu and %zu", op,
                 ip, out_len, len);
        return problem;
    }
    for (pos = 0; pos <= out_len; pos++) {
        if (lq_text_source_range(t, pos, &s, &e) != LQ_OK)
            return "source_range refused a position in range";
        if (s > e || e > len || s < ps || e < pe) {
            snprintf(problem, sizeof problem,
                     "pos %zu maps to [%zu,%zu) after [%zu,%zu): not monotonic or outside %zu",
                     pos, s, e, ps, pe, len);
            return problem;
        }
        if (pos == out_len) {
            if (s != len || e != len)
                return "the end of the output does not map to the end of the input";
        } else {
            lq_segment g;
            /* the segment holding pos: skip those with no output */
            while (seg + 1 < n && lq_offsets_segment(m, seg).out_end <= pos)
                seg++;
            g = lq_offsets_segment(m, seg);
            if (g.exact ? (s != g.in_start + (pos - g.out_start) || e != s + 1)
                        : (s != g.in_start || e != g.in_end)) {
                snprintf(problem, sizeof problem, "pos %zu maps to [%zu,%zu), segment says %s [%zu,%zu)",
                         pos, s, e, g.exact ? "exact from" : "whole", g.in_start, g.in_end);
                return problem;
            }
        }
        ps = s;
        pe = e;
    }
    if (lq_text_source_range(t, out_len + 1, &s, &e) != LQ_EINVAL)
        return "source_range accepted a position past the end";
    for (pos = 0; pos < out_len; pos += 1 + pos / 3) {
        size_t to = pos + 1 + (pos * 7) % (out_len - pos), s0, e0, s1, e1;
        if (lq_text_source_span(t, pos, to, &s, &e) != LQ_OK)
            return "source_span refused a valid range";
        lq_text_source_range(t, pos, &s0, &e0);
        lq_text_source_range(t, to - 1, &s1, &e1);
        if (s != s0 || e != e1)
            return "source_span disagrees with source_range";
    }
    if (lq_text_source_span(t, out_len, out_len, &s, &e) != LQ_OK || s != len || e != len)
        return "empty span at the end does not map to the end";
    return NULL;
}

/* Normalize and check the map; the caller frees the result. */
static lq_text *norm_checked(const char *in, size_t len, unsigned flags)
{
    lq_text *t = NULL;
    lq_error err;
    const char *why;
    lq_status st = lq_normalize(in, len, flags, &t, &err);
    ck_assert_msg(st == LQ_OK, "lq_normalize failed (%d): %s", st, err.text);
    why = check_map(in, len, flags, t);
    ck_assert_msg(why == NULL, "offset map (flags 0x%x): %s", flags, why);
    return t;
}

/* Assert that normalizing in with flags gives want (both NUL-terminated). */
#define NORM_EQ(in, flags, want)                                               \
    do {                                                                       \
        lq_text *t_ = norm_checked((in), strlen(in), (flags));                 \
        ck_assert_uint_eq(lq_text_length(t_), strlen(want));                   \
        ck_assert_mem_eq(lq_text_data(t_), (want), strlen(want));              \
        lq_text_free(t_);                                                      \
    } while (0)

/* ------------------------------------------------------------------ */
/* Forms                                                               */
/* ------------------------------------------------------------------ */

START_TEST(test_forms)
{
    /* é precomposed and decomposed */
    NORM_EQ("caf\xC3\xA9", LQ_NORM_NFC, "caf\xC3\xA9");
    NORM_EQ("cafe\xCC\x81", LQ_NORM_NFC, "caf\xC3\xA9");
    NORM_EQ("caf\xC3\xA9", LQ_NORM_NFD, "cafe\xCC\x81");
    NORM_EQ("cafe\xCC\x81", LQ_NORM_NFD, "cafe\xCC\x81");
    /* ﬁ ligature: only the K forms */
    NORM_EQ("\xEF\xAC\x81nal", LQ_NORM_NFC, "\xEF\xAC\x81nal");
    NORM_EQ("\xEF\xAC\x81nal", LQ_NORM_NFKC, "final");
    NORM_EQ("\xEF\xAC\x81nal", LQ_NORM_NFKD, "final");
    /* Ångström sign (singleton) -> Å */
    NORM_EQ("\xE2\x84\xAB", LQ_NORM_NFC, "\xC3\x85");
    NORM_EQ("\xE2\x84\xAB", LQ_NORM_NFD, "A\xCC\x8A");
    /* marks put in canonical order: dot below (220) before acute (230) */
    NORM_EQ("a\xCC\x81\xCC\xA3", LQ_NORM_NFD, "a\xCC\xA3\xCC\x81");
    NORM_EQ("a\xCC\x81\xCC\xA3", LQ_NORM_NFC, "\xE1\xBA\xA1\xCC\x81");
    /* Hangul: L V T jamo compose into one syllable, and back */
    NORM_EQ("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", LQ_NORM_NFC, "\xEA\xB0\x81");
    NORM_EQ("\xEA\xB0\x81", LQ_NORM_NFD, "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8");
    /* LV syllable + T jamo compose across the segment rule */
    NORM_EQ("\xEA\xB0\x80\xE1\x86\xA8", LQ_NORM_NFC, "\xEA\xB0\x81");
    /* U+11A7 is not a trailing consonant (TIndex 0): it stays, where
       utf8proc 2.8 on its own would drop it */
    NORM_EQ("\xEA\xB0\x80\xE1\x86\xA7", LQ_NORM_NFC, "\xEA\xB0\x80\xE1\x86\xA7");
    /* a starter that composes with the starter before it (Oriya AI length mark) */
    NORM_EQ("\xE0\xAD\x87\xE0\xAD\x96", LQ_NORM_NFC, "\xE0\xAD\x88");
    /* Cyrillic й from и + breve */
    NORM_EQ("\xD0\xB8\xCC\x86", LQ_NORM_NFC, "\xD0\xB9");
    /* a mark at the very start stays */
    NORM_EQ("\xCC\x81" "a", LQ_NORM_NFC, "\xCC\x81" "a");
    /* U+0F73 has class 0 but decomposes into two marks */
    NORM_EQ("\xE0\xBD\xB3", LQ_NORM_NFD, "\xE0\xBD\xB1\xE0\xBD\xB2");
}
END_TEST

START_TEST(test_ascii_unchanged)
{
    char buf[300];
    int i;
    /* every ASCII byte passes through every form; long enough for the
       eight-byte fast path */
    for (i = 0; i < 256; i++)
        buf[i] = (char)(i & 0x7F);
    for (i = 0; i < 4; i++) {
        unsigned f = (unsigned)i; /* NFC, NFD, NFKC, NFKD */
        lq_text *t = norm_checked(buf, 256, f);
        ck_assert_uint_eq(lq_text_length(t), 256);
        ck_assert_mem_eq(lq_text_data(t), buf, 256);
        ck_assert_uint_eq(lq_offsets_count(lq_text_offsets(t)), 1);
        lq_text_free(t);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

START_TEST(test_casefold)
{
    NORM_EQ("Hello WORLD", LQ_NORM_CASEFOLD, "hello world");
    NORM_EQ("ABCDEFGHIJKLMNOPQRSTUVWXYZ[@`{", LQ_NORM_CASEFOLD, "abcdefghijklmnopqrstuvwxyz[@`{");
    NORM_EQ("Stra\xC3\x9F" "e", LQ_NORM_CASEFOLD, "strasse");
    NORM_EQ("\xD0\x9C\xD0\x98\xD0\xA0", LQ_NORM_CASEFOLD, "\xD0\xBC\xD0\xB8\xD1\x80"); /* МИР */
    NORM_EQ("\xC3\x89T\xC3\x89", LQ_NORM_CASEFOLD, "\xC3\xA9t\xC3\xA9");               /* ÉTÉ */
    NORM_EQ("E\xCC\x81", LQ_NORM_CASEFOLD, "\xC3\xA9");
    NORM_EQ("\xC3\x89", LQ_NORM_CASEFOLD | LQ_NORM_NFD, "e\xCC\x81");
    /* without the flag, case stays */
    NORM_EQ("Hello", LQ_NORM_DEFAULT, "Hello");
}
END_TEST

START_TEST(test_strip_ignorable)
{
    /* BOM, ZWSP, soft hyphen, word joiner, ZWJ, variation selector */
    NORM_EQ("\xEF\xBB\xBFin\xC2\xAD" "for\xE2\x80\x8Bma\xE2\x81\xA0tion\xE2\x80\x8D!\xEF\xB8\x8F",
            LQ_NORM_STRIP_IGNORABLE, "information!");
    /* kept without the flag */
    NORM_EQ("a\xE2\x80\x8B" "b", LQ_NORM_DEFAULT, "a\xE2\x80\x8B" "b");
    /* only ignorables: empty output, whole input still covered */
    NORM_EQ("\xEF\xBB\xBF\xE2\x80\x8B", LQ_NORM_STRIP_IGNORABLE, "");
    /* a base, an ignorable, a mark: the mark still composes */
    NORM_EQ("e\xE2\x80\x8B\xCC\x81", LQ_NORM_STRIP_IGNORABLE, "\xC3\xA9");
}
END_TEST

/* Every Default_Ignorable_Code_Point of DerivedCoreProperties.txt is removed
   by LQ_NORM_STRIP_IGNORABLE, and a sample of others is kept. */
START_TEST(test_ignorable_matches_ucd)
{
    char path[512], line[512];
    FILE *f;
    size_t checked = 0;
    snprintf(path, sizeof path, "%s/DerivedCoreProperties.txt", UNICODE_DATA_DIR);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s is missing: apt-get install unicode-data", path);
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi, c;
        char *p;
        if (!strstr(line, "; Default_Ignorable_Code_Point"))
            continue;
        lo = strtoul(line, &p, 16);
        hi = (p[0] == '.' && p[1] == '.') ? strtoul(p + 2, NULL, 16) : lo;
        for (c = lo; c <= hi; c++) {
            uint8_t u[4];
            int n = lq_utf8_encode((int32_t)c, u);
            char *out;
            size_t out_len;
            ck_assert_int_eq(lq_normalize_string((char *)u, (size_t)n, LQ_NORM_STRIP_IGNORABLE,
                                                 &out, &out_len, NULL), LQ_OK);
            ck_assert_msg(out_len == 0, "U+%04lX is default-ignorable but was kept", c);
            lq_free(out);
            checked++;
        }
    }
    fclose(f);
    ck_assert_uint_gt(checked, 4000);
    NORM_EQ("a b\tc-d\xC3\xA9", LQ_NORM_STRIP_IGNORABLE, "a b\tc-d\xC3\xA9");
}
END_TEST

START_TEST(test_newlines)
{
    NORM_EQ("a\r\nb\rc\nd", LQ_NORM_NEWLINES, "a\nb\nc\nd");
    NORM_EQ("a\r\r\nb", LQ_NORM_NEWLINES, "a\n\nb");
    NORM_EQ("a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xA9" "d", LQ_NORM_NEWLINES, "a\nb\nc\nd");
    NORM_EQ("\r", LQ_NORM_NEWLINES, "\n");
    NORM_EQ("\r\n", LQ_NORM_NEWLINES, "\n");
    NORM_EQ("x\r", LQ_NORM_NEWLINES, "x\n");
    /* CR LF inside a long ASCII run, at every alignment */
    NORM_EQ("0123456789abcdef\r\n0123456789abcdef\r\n0123456789\r\n\r\n", LQ_NORM_NEWLINES,
            "0123456789abcdef\n0123456789abcdef\n0123456789\n\n");
    /* vertical tab and form feed are not line ends here */
    NORM_EQ("a\vb\fc", LQ_NORM_NEWLINES, "a\vb\fc");
    NORM_EQ("a\r\nb", LQ_NORM_DEFAULT, "a\r\nb");
}
END_TEST

START_TEST(test_spaces)
{
    /* NBSP, en quad, em space, thin, narrow NBSP, ideographic space, ogham */
    NORM_EQ("a\xC2\xA0" "b\xE2\x80\x80" "c\xE2\x80\x83" "d\xE2\x80\x89" "e\xE2\x80\xAF"
            "f\xE3\x80\x80" "g\xE1\x9A\x80" "h",
            LQ_NORM_SPACES, "a b c d e f g h");
    /* tab and line ends are not space separators */
    NORM_EQ("a\tb\nc", LQ_NORM_SPACES, "a\tb\nc");
    NORM_EQ("a\xC2\xA0" "b", LQ_NORM_NFC, "a\xC2\xA0" "b");
    /* NFKC maps NBSP itself */
    NORM_EQ("a\xC2\xA0" "b", LQ_NORM_NFKC, "a b");
}
END_TEST

START_TEST(test_ascii_quotes)
{
    NORM_EQ("\xE2\x80\x9CHi,\xE2\x80\x9D she said. \xE2\x80\x98It\xE2\x80\x99s.\xE2\x80\x99",
            LQ_NORM_ASCII_QUOTES, "\"Hi,\" she said. 'It's.'");
    /* „ ‟ « » ❝ ❞ ⹂ 〝 〞 〟 ＂ 「 」 『 』 ｢ ｣ ﹁ ﹂ ﹃ ﹄ -> " */
    NORM_EQ("\xE2\x80\x9E\xE2\x80\x9F\xC2\xAB\xC2\xBB\xE2\x9D\x9D\xE2\x9D\x9E"
            "\xE2\xB9\x82\xE3\x80\x9D\xE3\x80\x9E\xE3\x80\x9F\xEF\xBC\x82\xE3\x80\x8C\xE3\x80\x8D"
            "\xE3\x80\x8E\xE3\x80\x8F\xEF\xBD\xA2\xEF\xBD\xA3\xEF\xB9\x81\xEF\xB9\x82\xEF\xB9\x83"
            "\xEF\xB9\x84",
            LQ_NORM_ASCII_QUOTES, "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"");
    /* ‚ ‛ ‹ › ❛ ❜ ＇ ʼ -> ' : a quote nested in « » keeps its level */
    NORM_EQ("\xE2\x80\x9A\xE2\x80\x9B\xE2\x80\xB9\xE2\x80\xBA\xE2\x9D\x9B\xE2\x9D\x9C\xEF\xBC\x87"
            "\xCA\xBC",
            LQ_NORM_ASCII_QUOTES, "''''''''");
    NORM_EQ("\xC2\xAB Il a dit \xE2\x80\xB9 non \xE2\x80\xBA. \xC2\xBB", LQ_NORM_ASCII_QUOTES,
            "\" Il a dit ' non '. \"");
    /* primes stay; nothing changes without the flag */
    NORM_EQ("5\xE2\x80\xB2 6\xE2\x80\xB3", LQ_NORM_ASCII_QUOTES, "5\xE2\x80\xB2 6\xE2\x80\xB3");
    NORM_EQ("\xE2\x80\x9Cx\xE2\x80\x9D", LQ_NORM_DEFAULT, "\xE2\x80\x9Cx\xE2\x80\x9D");
    /* a quote followed by a combining mark keeps the mark */
    NORM_EQ("\xE2\x80\x9C\xCC\x81", LQ_NORM_ASCII_QUOTES, "\"\xCC\x81");
    /* marks and dashes made by a compatibility decomposition or case folding
       are mapped too: ŉ is ʼn under NFKC, ﹘ an em dash */
    NORM_EQ("\xC5\x89", LQ_NORM_NFKC | LQ_NORM_ASCII_QUOTES, "'n");
    NORM_EQ("\xC5\x89", LQ_NORM_CASEFOLD | LQ_NORM_ASCII_QUOTES, "'n");
    NORM_EQ("a\xEF\xB9\x98" "b", LQ_NORM_NFKC | LQ_NORM_ASCII_DASHES, "a-b");
}
END_TEST

START_TEST(test_ascii_dashes)
{
    /* hyphen, non-breaking hyphen, figure, en, em, horizontal bar, minus,
       small em dash, fullwidth hyphen-minus, two-em dash */
    NORM_EQ("\xE2\x80\x90\xE2\x80\x91\xE2\x80\x92\xE2\x80\x93\xE2\x80\x94\xE2\x80\x95\xE2\x88\x92"
            "\xEF\xB9\x98\xEF\xBC\x8D\xE2\xB8\xBA",
            LQ_NORM_ASCII_DASHES, "----------");
    NORM_EQ("a-b", LQ_NORM_ASCII_DASHES, "a-b");
    NORM_EQ("a\xE2\x80\x94" "b", LQ_NORM_DEFAULT, "a\xE2\x80\x94" "b");
    /* soft hyphen is an ignorable, not a dash */
    NORM_EQ("a\xC2\xAD" "b", LQ_NORM_ASCII_DASHES, "a\xC2\xAD" "b");
}
END_TEST

START_TEST(test_strip_marks)
{
    NORM_EQ("caf\xC3\xA9 na\xC3\xAFve", LQ_NORM_STRIP_MARKS, "cafe naive");
    NORM_EQ("cafe\xCC\x81", LQ_NORM_STRIP_MARKS, "cafe");
    NORM_EQ("\xD0\x81\xD0\xBB\xD0\xBA\xD0\xB0", LQ_NORM_STRIP_MARKS, "\xD0\x95\xD0\xBB\xD0\xBA\xD0\xB0");
    NORM_EQ("\xC3\xA9", LQ_NORM_STRIP_MARKS | LQ_NORM_NFD, "e");
    /* marks alone vanish; letters without marks stay */
    NORM_EQ("\xCC\x81\xCC\x81x", LQ_NORM_STRIP_MARKS, "x");
    NORM_EQ("\xC3\xA9", LQ_NORM_DEFAULT, "\xC3\xA9");
}
END_TEST

START_TEST(test_combined_options)
{
    NORM_EQ("\xEF\xBB\xBF\xE2\x80\x9C\xC3\x89T\xC3\x89\xE2\x80\x94" "2024\xE2\x80\x9D\xC2\xA0\r\n",
            LQ_NORM_ALL & ~LQ_NORM_DECOMPOSE,
            "\"ete-2024\" \n");
    NORM_EQ("\xEF\xAC\x81\xC2\xA0\xC3\x85", LQ_NORM_NFKD | LQ_NORM_CASEFOLD | LQ_NORM_STRIP_MARKS,
            "fi a");
}
END_TEST

START_TEST(test_unknown_flags)
{
    lq_text *t = (lq_text *)&t;
    lq_error err;
    ck_assert_int_eq(lq_normalize("a", 1, LQ_NORM_ALL + 1, &t, &err), LQ_EINVAL);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, LQ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "flag"));
    ck_assert_int_eq(lq_normalize("a", 1, 1u << 31, &t, NULL), LQ_EINVAL);
    ck_assert_int_eq(lq_normalize("a", 1, LQ_NORM_ALL, &t, NULL), LQ_OK);
    lq_text_free(t);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Invalid UTF-8                                                       */
/* ------------------------------------------------------------------ */

/* One class of invalid input: strict error at `offset` with `words` in the
   message; replace mode gives `want`, with `reps` replacements. */
static void invalid_case(const char *in, size_t len, size_t offset, const char *words,
                         const char *want, size_t reps)
{
    lq_text *t = (lq_text *)&t;
    lq_error err;
    char prefix[64];
    ck_assert_int_eq(lq_normalize(in, len, LQ_NORM_DEFAULT, &t, &err), LQ_EUTF8);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, LQ_EUTF8);
    ck_assert_uint_eq(err.offset, offset);
    snprintf(prefix, sizeof prefix, "byte %zu: invalid UTF-8", offset);
    ck_assert_msg(strncmp(err.text, prefix, strlen(prefix)) == 0, "message: %s", err.text);
    ck_assert_msg(strstr(err.text, words) != NULL, "message '%s' lacks '%s'", err.text, words);
    t = norm_checked(in, len, LQ_NORM_REPLACE_INVALID);
    ck_assert_uint_eq(lq_text_length(t), strlen(want));
    ck_assert_mem_eq(lq_text_data(t), want, strlen(want));
    ck_assert_uint_eq(lq_text_replacements(t), reps);
    lq_text_free(t);
    /* every other option combination accepts it in replace mode too */
    t = norm_checked(in, len, LQ_NORM_ALL);
    ck_assert_uint_eq(lq_text_replacements(t), reps);
    lq_text_free(t);
}

#define FFFD "\xEF\xBF\xBD"
#define INVALID(lit, off, words, want, reps) invalid_case(lit, sizeof(lit) - 1, off, words, want, reps)

START_TEST(test_invalid_classes)
{
    INVALID("ab\xC0\xAF" "c", 2, "overlong", "ab" FFFD FFFD "c", 2);
    INVALID("\xE0\x80\xAF", 0, "overlong", FFFD FFFD FFFD, 3);
    INVALID("xyz\xF0\x82\x82\xAC", 3, "overlong", "xyz" FFFD FFFD FFFD FFFD, 4);
    INVALID("a\xED\xA0\x80" "b", 1, "surrogate", "a" FFFD FFFD FFFD "b", 3);
    INVALID("\xED\xBF\xBF", 0, "surrogate", FFFD FFFD FFFD, 3);
    INVALID("abc\xE2\x82", 3, "truncated", "abc" FFFD, 1);
    INVALID("\xE2\x82" "a", 0, "truncated", FFFD "a", 1);
    INVALID("\xF0\x9F\x98", 0, "truncated", FFFD, 1);
    INVALID("a\xF5\x80\x80\x80", 1, "beyond U+10FFFF", "a" FFFD FFFD FFFD FFFD, 4);
    INVALID("\xFF", 0, "never occurs", FFFD, 1);
    INVALID("\xF4\x90\x80\x80", 0, "beyond U+10FFFF", FFFD FFFD FFFD FFFD, 4);
    INVALID("\x80x", 0, "continuation", FFFD "x", 1);
    /* long valid prefix: the offset comes from the fast path */
    INVALID("0123456789012345678901234567890123456789\xC3", 40, "truncated",
            "0123456789012345678901234567890123456789" FFFD, 1);
    INVALID("\xD0\xBF\xD1\x80\xD0\xB8\xC3" "x", 6, "truncated",
            "\xD0\xBF\xD1\x80\xD0\xB8" FFFD "x", 1);
}
END_TEST

/* Unicode 15, §3.9, Table 3-8: U+FFFD for each maximal subpart. */
START_TEST(test_invalid_table_3_8)
{
    static const char in[] = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
    lq_text *t = norm_checked(in, sizeof in - 1, LQ_NORM_REPLACE_INVALID);
    size_t s, e;
    ck_assert_str_eq(lq_text_data(t), "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
    ck_assert_uint_eq(lq_text_replacements(t), 6);
    /* each U+FFFD maps to its subpart */
    ck_assert_int_eq(lq_text_source_range(t, 1, &s, &e), LQ_OK);
    ck_assert_uint_eq(s, 1);
    ck_assert_uint_eq(e, 4);
    ck_assert_int_eq(lq_text_source_range(t, 4, &s, &e), LQ_OK);
    ck_assert_uint_eq(s, 4);
    ck_assert_uint_eq(e, 6);
    ck_assert_int_eq(lq_text_source_range(t, 7, &s, &e), LQ_OK);
    ck_assert_uint_eq(s, 6);
    ck_assert_uint_eq(e, 7);
    lq_text_free(t);
    ck_assert_int_eq(lq_utf8_validate(in, sizeof in - 1, NULL), LQ_EUTF8);
}
END_TEST

START_TEST(test_invalid_then_mark)
{
    /* a mark after a replaced sequence stays after U+FFFD */
    NORM_EQ("\xC3\xCC\x81", LQ_NORM_REPLACE_INVALID, FFFD "\xCC\x81");
    NORM_EQ("e\x80\xCC\x81", LQ_NORM_REPLACE_INVALID, "e" FFFD "\xCC\x81");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Edge cases and the API                                              */
/* ------------------------------------------------------------------ */

START_TEST(test_nul_bytes)
{
    static const char in[] = "a\0b\0\xCC\x81\0";
    lq_text *t = norm_checked(in, sizeof in - 1, LQ_NORM_DEFAULT);
    ck_assert_uint_eq(lq_text_length(t), sizeof in - 1);
    ck_assert_mem_eq(lq_text_data(t), in, sizeof in - 1);
    lq_text_free(t);
    t = norm_checked(in, sizeof in - 1, LQ_NORM_ALL);
    ck_assert_uint_eq(lq_text_length(t), 5); /* a NUL b NUL NUL: the mark is stripped */
    ck_assert_mem_eq(lq_text_data(t), "a\0b\0\0", 5);
    lq_text_free(t);
}
END_TEST

START_TEST(test_empty)
{
    lq_text *t;
    size_t s = 9, e = 9;
    char *str;
    size_t n = 7;
    ck_assert_int_eq(lq_normalize(NULL, 0, LQ_NORM_DEFAULT, &t, NULL), LQ_OK);
    ck_assert_uint_eq(lq_text_length(t), 0);
    ck_assert_str_eq(lq_text_data(t), "");
    ck_assert_uint_eq(lq_text_replacements(t), 0);
    ck_assert_int_eq(lq_text_source_range(t, 0, &s, &e), LQ_OK);
    ck_assert_uint_eq(s, 0);
    ck_assert_uint_eq(e, 0);
    ck_assert_int_eq(lq_text_source_span(t, 0, 0, &s, &e), LQ_OK);
    ck_assert_int_eq(lq_text_source_range(t, 1, &s, &e), LQ_EINVAL);
    lq_text_free(t);
    ck_assert_int_eq(lq_normalize_string("", 0, LQ_NORM_ALL, &str, &n, NULL), LQ_OK);
    ck_assert_str_eq(str, "");
    ck_assert_uint_eq(n, 0);
    lq_free(str);
}
END_TEST

START_TEST(test_null_args)
{
    lq_text *t = (lq_text *)&t;
    lq_error err;
    char *str = (char *)&str;
    size_t s, e, n = 5;
    ck_assert_int_eq(lq_normalize(NULL, 3, LQ_NORM_DEFAULT, &t, &err), LQ_EINVAL);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, LQ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "NULL"));
    ck_assert_int_eq(lq_normalize("abc", 3, LQ_NORM_DEFAULT, NULL, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_normalize_string("abc", 3, LQ_NORM_DEFAULT, NULL, &n, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_normalize_string(NULL, 1, LQ_NORM_DEFAULT, &str, &n, &err), LQ_EINVAL);
    ck_assert_ptr_null(str);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(lq_text_source_range(NULL, 0, &s, &e), LQ_EINVAL);
    ck_assert_int_eq(lq_text_source_span(NULL, 0, 0, &s, &e), LQ_EINVAL);
    ck_assert_ptr_null(lq_text_data(NULL));
    ck_assert_uint_eq(lq_text_length(NULL), 0);
    ck_assert_uint_eq(lq_text_replacements(NULL), 0);
    lq_text_free(NULL);
    ck_assert_int_eq(lq_normalize("ab", 2, LQ_NORM_DEFAULT, &t, NULL), LQ_OK);
    ck_assert_int_eq(lq_text_source_range(t, 0, NULL, &e), LQ_EINVAL);
    ck_assert_int_eq(lq_text_source_span(t, 0, 1, &s, NULL), LQ_EINVAL);
    ck_assert_int_eq(lq_text_source_span(t, 2, 1, &s, &e), LQ_EINVAL);
    ck_assert_int_eq(lq_text_source_span(t, 0, 3, &s, &e), LQ_EINVAL);
    lq_text_free(t);
    /* a successful call clears err */
    ck_assert_int_eq(lq_normalize_string("x", 1, LQ_NORM_DEFAULT, &str, NULL, &err), LQ_OK);
    ck_assert_int_eq(err.code, LQ_OK);
    lq_free(str);
}
END_TEST

START_TEST(test_source_mapping)
{
    /* "x" NBSP "e"+acute "Y" with NFC|spaces|casefold */
    static const char in[] = "x\xC2\xA0" "e\xCC\x81Y";
    lq_text *t = norm_checked(in, sizeof in - 1, LQ_NORM_SPACES | LQ_NORM_CASEFOLD);
    size_t s, e;
    ck_assert_str_eq(lq_text_data(t), "x \xC3\xA9y");
    ck_assert_int_eq(lq_text_source_range(t, 0, &s, &e), LQ_OK); /* x: exact */
    ck_assert_uint_eq(s, 0);
    ck_assert_uint_eq(e, 1);
    ck_assert_int_eq(lq_text_source_range(t, 1, &s, &e), LQ_OK); /* space <- NBSP */
    ck_assert_uint_eq(s, 1);
    ck_assert_uint_eq(e, 3);
    ck_assert_int_eq(lq_text_source_range(t, 3, &s, &e), LQ_OK); /* 2nd byte of é */
    ck_assert_uint_eq(s, 3);
    ck_assert_uint_eq(e, 6);
    ck_assert_int_eq(lq_text_source_range(t, 4, &s, &e), LQ_OK); /* y <- Y, byte-exact */
    ck_assert_uint_eq(s, 6);
    ck_assert_uint_eq(e, 7);
    ck_assert_int_eq(lq_text_source_span(t, 1, 4, &s, &e), LQ_OK);
    ck_assert_uint_eq(s, 1);
    ck_assert_uint_eq(e, 6);
    lq_text_free(t);
}
END_TEST

START_TEST(test_map_is_compact)
{
    /* long already-normalized text with a few changes: few segments */
    char buf[20000];
    size_t n = 0;
    int i;
    lq_text *t;
    for (i = 0; i < 500; i++) {
        static const char piece[] = "Votes \xD0\xB3\xD0\xBE\xD0\xBB\xD0\xBE\xD1\x81 caf\xC3\xA9 ";
        memcpy(buf + n, piece, sizeof piece - 1);
        n += sizeof piece - 1;
    }
    memcpy(buf + n, "e\xCC\x81", 3);
    n += 3;
    t = norm_checked(buf, n, LQ_NORM_DEFAULT);
    ck_assert_uint_le(lq_offsets_count(lq_text_offsets(t)), 2);
    ck_assert_uint_eq(lq_text_length(t), n - 1);
    lq_text_free(t);
    t = norm_checked(buf, n, LQ_NORM_CASEFOLD); /* V -> v is byte-wise */
    ck_assert_uint_le(lq_offsets_count(lq_text_offsets(t)), 2);
    lq_text_free(t);
}
END_TEST

static const char *const samples[] = {
    "Plain ASCII text, with digits 12345 and punctuation!?",
    "\xE2\x80\x9CWe will win,\xE2\x80\x9D said Ms \xC3\x89lise Dupr\xC3\xA9 \xE2\x80\x94 twice.",
    "\xD0\x9F\xD1\x80\xD0\xB5\xD0\xB7\xD0\xB8\xD0\xB4\xD0\xB5\xD0\xBD\xD1\x82 \xC2\xAB\xD0\xB2\xD1\x8B"
    "\xD0\xB1\xD0\xBE\xD1\x80\xD1\x8B\xC2\xBB\r\n\xE2\x80\x94 \xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0"
    "\xD0\xBB.",
    "e\xCC\x81\xCC\xA3 A\xCC\x8A \xE2\x84\xAB \xEF\xAC\x81 \xEA\xB0\x80\xE1\x86\xA8 \xE1\x84\x80\xE1\x85\xA1",
    "\xEF\xBB\xBFZero\xE2\x80\x8Bwidth\xC2\xAD \xC2\xA0 \xE3\x80\x80\xE2\x80\xA8\xC2\x85\r\r\n",
    "Stra\xC3\x9F" "e \xCE\xA3\xCE\x91\xCE\xA3 \xE1\xBE\x88 \xC7\x85 \xEF\xBC\xA1\xEF\xBC\xA2 \xE2\x91\xA0",
    "\xCC\x81\xCC\x81 starts with marks \xE0\xBD\xB3 \xE0\xAD\x87\xE0\xAD\x96 \xE0\xAD\x87\xCC\x81\xE0\xAD\x96",
};

START_TEST(test_idempotent)
{
    size_t i;
    unsigned f;
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        for (f = 0; f <= LQ_NORM_ALL; f += 7) {
            lq_text *a = norm_checked(samples[i], strlen(samples[i]), f);
            lq_text *b = norm_checked(lq_text_data(a), lq_text_length(a), f);
            ck_assert_msg(lq_text_length(a) == lq_text_length(b) &&
                              memcmp(lq_text_data(a), lq_text_data(b), lq_text_length(a)) == 0,
                          "sample %zu, flags 0x%x: normalizing twice differs", i, f);
            lq_text_free(a);
            lq_text_free(b);
        }
    }
}
END_TEST

/* The same result as utf8proc_map() on the whole string, for every option
   utf8proc has an equivalent of: the segmentation loses nothing. */
static utf8proc_option_t utf8proc_options(unsigned f)
{
    return UTF8PROC_STABLE | ((f & LQ_NORM_DECOMPOSE) ? UTF8PROC_DECOMPOSE : UTF8PROC_COMPOSE) |
           ((f & LQ_NORM_COMPAT) ? UTF8PROC_COMPAT : 0) |
           ((f & LQ_NORM_CASEFOLD) ? UTF8PROC_CASEFOLD : 0) |
           ((f & LQ_NORM_STRIP_IGNORABLE) ? UTF8PROC_IGNORE : 0) |
           ((f & LQ_NORM_STRIP_MARKS) ? UTF8PROC_STRIPMARK : 0);
}

static const unsigned utf8proc_flag_sets[] = {
    0, LQ_NORM_NFD, LQ_NORM_NFKC, LQ_NORM_NFKD, LQ_NORM_CASEFOLD,
    LQ_NORM_NFKC | LQ_NORM_CASEFOLD | LQ_NORM_STRIP_IGNORABLE,
    LQ_NORM_STRIP_MARKS, LQ_NORM_NFKD | LQ_NORM_STRIP_MARKS | LQ_NORM_CASEFOLD,
};
#define N_UTF8PROC_FLAG_SETS (sizeof utf8proc_flag_sets / sizeof utf8proc_flag_sets[0])

/* Returns NULL or a problem. */
static const char *same_as_utf8proc(const char *in, size_t len, unsigned f, int with_map)
{
    utf8proc_uint8_t *ref = NULL;
    utf8proc_ssize_t rn = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &ref,
                                       utf8proc_options(f));
    lq_text *t = NULL;
    const char *why = NULL;
    if (rn < 0)
        return "utf8proc_map failed";
    if (lq_normalize(in, len, f, &t, NULL) != LQ_OK)
        why = "lq_normalize failed";
    else if ((size_t)rn != lq_text_length(t) || memcmp(ref, lq_text_data(t), (size_t)rn) != 0)
        why = "differs from utf8proc_map";
    else if (with_map)
        why = check_map(in, len, f, t);
    free(ref); /* utf8proc 2.8 has no utf8proc_free */
    lq_text_free(t);
    return why;
}

START_TEST(test_same_as_utf8proc)
{
    size_t i, k;
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++)
        for (k = 0; k < N_UTF8PROC_FLAG_SETS; k++) {
            const char *why = same_as_utf8proc(samples[i], strlen(samples[i]),
                                               utf8proc_flag_sets[k], 1);
            ck_assert_msg(why == NULL, "sample %zu flags 0x%x: %s", i, utf8proc_flag_sets[k], why);
        }
}
END_TEST

/* Long ASCII runs go through in chunks of 64 KiB: a CR LF, a capital and a
   combining mark placed on the chunk edges come out right. */
START_TEST(test_long_ascii)
{
    const size_t n = 3 * 65536 + 100;
    char *in = malloc(n + 2), *want = malloc(n + 2);
    size_t i, w = 0;
    size_t k;
    lq_text *t;
    ck_assert(in && want);
    for (i = 0; i < n; i++)
        in[i] = "The Quick brown fox.\n"[i % 21];
    memcpy(in + 65535, "\r\n", 2);          /* CR LF across the first edge */
    in[2 * 65536 - 1] = 'E';                  /* capital right before the second */
    in[2 * 65536 + 10] = '\r';                /* lone CR */
    memcpy(in + 3 * 65536 - 1, "e\xCC\x81", 3); /* e + acute across the third */
    for (k = 0; k < N_UTF8PROC_FLAG_SETS; k++) {
        const char *why = same_as_utf8proc(in, n, utf8proc_flag_sets[k], k < 5);
        ck_assert_msg(why == NULL, "flags 0x%x: %s", utf8proc_flag_sets[k], why);
    }
    /* newlines and case folding together */
    for (i = 0; i < n; i++) {
        char c = in[i];
        if (c == '\r' && i + 1 < n && in[i + 1] == '\n')
            continue;
        want[w++] = c == '\r' ? '\n' : (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
    }
    /* e + U+0301 -> U+00E9 */
    for (i = 0; i + 2 < w; i++)
        if (memcmp(want + i, "e\xCC\x81", 3) == 0) {
            memcpy(want + i, "\xC3\xA9", 2);
            memmove(want + i + 2, want + i + 3, w - i - 3);
            w--;
            break;
        }
    t = norm_checked(in, n, LQ_NORM_NEWLINES | LQ_NORM_CASEFOLD);
    ck_assert_uint_eq(lq_text_length(t), w);
    ck_assert(memcmp(lq_text_data(t), want, w) == 0);
    ck_assert_uint_le(lq_offsets_count(lq_text_offsets(t)), 5);
    lq_text_free(t);
    free(in);
    free(want);
}
END_TEST

/* A flood of combining marks in one segment: canonical ordering must stay
   linear (a bubble sort would take minutes here) and correct. */
START_TEST(test_many_marks)
{
    const size_t n = 200000;
    size_t len = 1 + 4 * n, i;
    char *in = malloc(len), *want = malloc(len);
    lq_text *t;
    const char *why;
    ck_assert(in && want);
    in[0] = 'a';
    for (i = 0; i < n; i++) /* U+0301 (class 230), U+0316 (class 220), ... */
        memcpy(in + 1 + 4 * i, "\xCC\x81\xCC\x96", 4);
    /* NFD: all the 220s first, then the 230s, each group in input order */
    want[0] = 'a';
    for (i = 0; i < n; i++) {
        memcpy(want + 1 + 2 * i, "\xCC\x96", 2);
        memcpy(want + 1 + 2 * n + 2 * i, "\xCC\x81", 2);
    }
    ck_assert_int_eq(lq_normalize(in, len, LQ_NORM_NFD, &t, NULL), LQ_OK);
    ck_assert_uint_eq(lq_text_length(t), len);
    ck_assert(memcmp(lq_text_data(t), want, len) == 0);
    lq_text_free(t);
    /* NFC: the first acute composes with a (the 220s do not block it) */
    ck_assert_int_eq(lq_normalize(in, len, LQ_NORM_NFC, &t, NULL), LQ_OK);
    ck_assert_uint_eq(lq_text_length(t), len - 1);
    ck_assert_mem_eq(lq_text_data(t), "\xC3\xA1\xCC\x96", 4);
    ck_assert(memcmp(lq_text_data(t) + 2, want + 1, len - 3) == 0);
    lq_text_free(t);
    /* and a smaller one agrees with utf8proc, map included */
    why = same_as_utf8proc(in, 1 + 4 * 300, LQ_NORM_NFC, 1);
    ck_assert_msg(why == NULL, "%s", why);
    why = same_as_utf8proc(in, 1 + 4 * 300, LQ_NORM_NFD, 1);
    ck_assert_msg(why == NULL, "%s", why);
    free(in);
    free(want);
}
END_TEST

/* Short segments that repeat (served from the segment cache after a while)
   give the same bytes and map entries as the first time. */
START_TEST(test_repeated_segments)
{
    static const char piece[] = "e\xCC\x81 \xC3\xA9 \xE2\x80\x9C" "A\xE2\x80\x9D\xC2\xA0\r\n\xE1\x84\x80\xE1\x85\xA1 ";
    const size_t reps = 500, n = sizeof piece - 1;
    char *in = malloc(reps * n);
    size_t i;
    unsigned f;
    ck_assert_ptr_nonnull(in);
    for (i = 0; i < reps; i++)
        memcpy(in + i * n, piece, n);
    for (f = 0; f <= LQ_NORM_ALL; f += 0x3B) {
        lq_text *one = norm_checked(piece, n, f), *t = norm_checked(in, reps * n, f);
        size_t m = lq_text_length(one);
        ck_assert_uint_eq(lq_text_length(t), reps * m);
        for (i = 0; i < reps; i++)
            ck_assert(memcmp(lq_text_data(t) + i * m, lq_text_data(one), m) == 0);
        lq_text_free(one);
        lq_text_free(t);
    }
    free(in);
}
END_TEST

/* Random texts built from pieces chosen to meet at awkward places (marks
   after CR, ignorables between a letter and its mark, invalid bytes next to
   jamo…), with random flags. Deterministic (fixed seed). For each:
   - strict mode fails exactly where lq_utf8_validate() says;
   - in replace mode the offset map holds every invariant;
   - normalizing the result again changes nothing;
   - on valid text, with the options utf8proc has too, utf8proc_map() agrees. */
static const char *const pieces[] = {
    "a", "Z", "e", "0123456789abcdef", "\xC3\xA9", "\xCC\x81", "\xCC\x96", "\xCC\xA7",
    "\xCC\x86", "\xD0\xB8", "\xD0\xB9", "\xD0\x94", "\r", "\n", "\r\n", "\xC2\x85",
    "\xE2\x80\xA8", "\xC2\xA0", "\xE2\x80\x83", "\xE2\x80\x9C", "\xE2\x80\x9D",
    "\xE2\x80\xB9", "\xE2\x80\x94", "\xE2\x88\x92", "\xE2\x80\x8B", "\xC2\xAD",
    "\xEF\xBB\xBF", "\xEF\xAC\x81", "\xE2\x84\xAB", "\xE1\x84\x80", "\xE1\x85\xA1",
    "\xE1\x86\xA8", "\xEA\xB0\x80", "\xE0\xAD\x87", "\xE0\xAC\xBE", "\xE0\xBD\xB3",
    "\xC3\x9F", "\xCE\xA3", "\xC4\xB0", "\xC7\x85", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD",
    "\xF3\xA0\x80\x81", "\xEF\xBE\xA0", " ", "\t",
    /* invalid on their own (some become valid next to others) */
    "\xC0", "\x80", "\xE2\x82", "\xED\xA0\x80", "\xF5", "\xF4\x90", "\xBF",
};
#define N_PIECES (sizeof pieces / sizeof pieces[0])
#define FIRST_INVALID_PIECE (N_PIECES - 7)

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

START_TEST(test_random_texts)
{
    char buf[1024];
    size_t cases, compared = 0;
    for (cases = 0; cases < 4000; cases++) {
        size_t n = 0, np = 1 + rnd() % 40, i;
        unsigned flags = rnd() & LQ_NORM_ALL;
        int with_invalid = rnd() % 4 == 0;
        lq_text *t = (lq_text *)&t, *again;
        lq_error err, verr;
        lq_status st, vst;
        for (i = 0; i < np; i++) {
            size_t k = rnd() % (with_invalid ? N_PIECES : FIRST_INVALID_PIECE);
            size_t l = strlen(pieces[k]);
            memcpy(buf + n, pieces[k], l);
            n += l;
        }
        if (rnd() % 8 == 0)
            buf[rnd() % n] = '\0'; /* NULs are text */
        vst = lq_utf8_validate(buf, n, &verr);
        st = lq_normalize(buf, n, flags & ~LQ_NORM_REPLACE_INVALID, &t, &err);
        if (vst != LQ_OK) {
            ck_assert_msg(st == LQ_EUTF8 && err.offset == verr.offset,
                          "case %zu: strict mode gave %d at %zu, validate says %zu", cases, st,
                          err.offset, verr.offset);
            ck_assert_ptr_null(t);
        } else {
            ck_assert_int_eq(st, LQ_OK);
            lq_text_free(t);
        }
        flags |= LQ_NORM_REPLACE_INVALID;
        t = norm_checked(buf, n, flags);
        again = norm_checked(lq_text_data(t), lq_text_length(t), flags);
        ck_assert_msg(lq_text_length(again) == lq_text_length(t) &&
                          memcmp(lq_text_data(again), lq_text_data(t), lq_text_length(t)) == 0,
                      "case %zu (flags 0x%x): normalizing twice differs", cases, flags);
        ck_assert_uint_eq(lq_text_replacements(again), 0);
        lq_text_free(again);
        lq_text_free(t);
        if (vst == LQ_OK && !(flags & (LQ_NORM_NEWLINES | LQ_NORM_SPACES | LQ_NORM_ASCII_QUOTES |
                                       LQ_NORM_ASCII_DASHES))) {
            const char *why = same_as_utf8proc(buf, n, flags & ~LQ_NORM_REPLACE_INVALID, 0);
            ck_assert_msg(why == NULL, "case %zu (flags 0x%x): %s", cases, flags, why);
            compared++;
        }
    }
    ck_assert_uint_gt(compared, 100);
}
END_TEST

/* Real news text, when the shared corpus is there. */
START_TEST(test_corpus)
{
    char dir[512], path[1024];
    DIR *d;
    struct dirent *de;
    size_t files = 0, k;
    snprintf(dir, sizeof dir, "%s/../shared/corpora/news", TOP_SRCDIR);
    d = opendir(dir);
    if (!d) {
        printf("test_corpus: %s not found, skipped\n", dir);
        return;
    }
    while ((de = readdir(d)) != NULL && files < 40) {
        char *data;
        size_t len;
        if (!strstr(de->d_name, ".txt") || strcmp(de->d_name, "README.md") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        ck_assert_int_eq(lq_read_file(path, &data, &len, NULL), LQ_OK);
        for (k = 0; k < N_UTF8PROC_FLAG_SETS; k++) {
            const char *why = same_as_utf8proc(data, len, utf8proc_flag_sets[k], k < 2);
            ck_assert_msg(why == NULL, "%s flags 0x%x: %s", path, utf8proc_flag_sets[k], why);
        }
        {
            lq_text *t = norm_checked(data, len, LQ_NORM_ALL & ~LQ_NORM_DECOMPOSE);
            lq_text_free(t);
        }
        lq_dealloc(data);
        files++;
    }
    closedir(d);
    printf("test_corpus: %zu news files checked\n", files);
}
END_TEST

/* ------------------------------------------------------------------ */
/* NormalizationTest.txt                                               */
/* ------------------------------------------------------------------ */

/* Parse one field of space-separated hex code points into UTF-8. */
static size_t parse_field(const char *s, const char *end, char *out)
{
    size_t n = 0;
    while (s < end) {
        char *p;
        unsigned long c;
        while (s < end && *s == ' ')
            s++;
        if (s >= end)
            break;
        c = strtoul(s, &p, 16);
        n += (size_t)lq_utf8_encode((int32_t)c, (uint8_t *)out + n);
        s = p;
    }
    out[n] = '\0';
    return n;
}

static FILE *open_normalization_test(int *is_pipe)
{
    char path[512], cmd[600];
    FILE *f;
    snprintf(path, sizeof path, "%s/NormalizationTest.txt", UNICODE_DATA_DIR);
    f = fopen(path, "r");
    *is_pipe = 0;
    if (f)
        return f;
    snprintf(path, sizeof path, "%s/NormalizationTest.txt.bz2", UNICODE_DATA_DIR);
    f = fopen(path, "r");
    if (!f)
        return NULL;
    fclose(f);
    snprintf(cmd, sizeof cmd, "bzip2 -dc '%s'", path);
    *is_pipe = 1;
    return popen(cmd, "r");
}

static int norm_eq(const char *in, size_t len, unsigned flags, const char *want, size_t want_len,
                   const char **why)
{
    lq_text *t = NULL;
    int ok;
    if (lq_normalize(in, len, flags, &t, NULL) != LQ_OK) {
        *why = "lq_normalize failed";
        return 0;
    }
    ok = lq_text_length(t) == want_len && memcmp(lq_text_data(t), want, want_len) == 0;
    if (!ok)
        *why = "wrong result";
    else if ((*why = check_map(in, len, flags, t)) != NULL)
        ok = 0;
    lq_text_free(t);
    return ok;
}

START_TEST(test_normalization_test_txt)
{
    int is_pipe;
    FILE *f = open_normalization_test(&is_pipe);
    char line[2048], c[5][512], version[32];
    size_t cl[5], lines = 0, lineno = 0, singles = 0, k;
    int part = -1;
    unsigned char *in_part1 = calloc(0x110000 / 8, 1);
    const char *why = NULL;
    int32_t cp;
    char *all, *lines_all = malloc(4u << 20);
    size_t all_len = 0, lines_len = 0;

    ck_assert_ptr_nonnull(in_part1);
    ck_assert_msg(f != NULL, "%s/NormalizationTest.txt(.bz2) not found: apt-get install unicode-data",
                  UNICODE_DATA_DIR);
    /* The test data must be for the Unicode version utf8proc implements:
       other versions differ in a few characters and the test would fail for
       the wrong reason. The first line reads "# NormalizationTest-15.0.0.txt". */
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    lineno++;
    ck_assert_msg(sscanf(line, "# NormalizationTest-%31[0-9.].txt", version) == 1,
                  "unexpected first line: %s", line);
    if (version[0] && version[strlen(version) - 1] == '.')
        version[strlen(version) - 1] = '\0';
    ck_assert_msg(strcmp(version, utf8proc_unicode_version()) == 0,
                  "NormalizationTest.txt is for Unicode %s but utf8proc implements Unicode %s: "
                  "install the matching unicode-data or pass --with-unicode-data=DIR",
                  version, utf8proc_unicode_version());
    while (fgets(line, sizeof line, f)) {
        const char *s = line, *semi;
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (line[0] == '@') {
            sscanf(line, "@Part%d", &part);
            continue;
        }
        for (k = 0; k < 5; k++) {
            semi = strchr(s, ';');
            ck_assert_msg(semi != NULL, "line %zu: malformed", lineno);
            cl[k] = parse_field(s, semi, c[k]);
            s = semi + 1;
            if (lines_all && lines_len + cl[k] + 2 < (4u << 20)) {
                memcpy(lines_all + lines_len, c[k], cl[k]);
                lines_len += cl[k];
                lines_all[lines_len++] = k < 4 ? ' ' : '\n';
            }
        }
        if (part == 1 && lq_utf8_decode((uint8_t *)c[0], cl[0], &cp) == (int)cl[0]) {
            in_part1[cp / 8] |= (unsigned char)(1u << (cp % 8));
            singles++;
        }
        /* NFC: c2 == toNFC(c1) == toNFC(c2) == toNFC(c3); c4 == toNFC(c4) == toNFC(c5) */
        for (k = 0; k < 5; k++) {
            size_t w = k < 3 ? 1 : 3;
            if (!norm_eq(c[k], cl[k], LQ_NORM_NFC, c[w], cl[w], &why))
                ck_abort_msg("line %zu: NFC(c%zu) != c%zu: %s", lineno, k + 1, w + 1, why);
        }
        /* NFD: c3 == toNFD(c1) == toNFD(c2) == toNFD(c3); c5 == toNFD(c4) == toNFD(c5) */
        for (k = 0; k < 5; k++) {
            size_t w = k < 3 ? 2 : 4;
            if (!norm_eq(c[k], cl[k], LQ_NORM_NFD, c[w], cl[w], &why))
                ck_abort_msg("line %zu: NFD(c%zu) != c%zu: %s", lineno, k + 1, w + 1, why);
        }
        /* NFKC: c4 == toNFKC(c1..c5); NFKD: c5 == toNFKD(c1..c5) */
        for (k = 0; k < 5; k++) {
            if (!norm_eq(c[k], cl[k], LQ_NORM_NFKC, c[3], cl[3], &why))
                ck_abort_msg("line %zu: NFKC(c%zu) != c4: %s", lineno, k + 1, why);
            if (!norm_eq(c[k], cl[k], LQ_NORM_NFKD, c[4], cl[4], &why))
                ck_abort_msg("line %zu: NFKD(c%zu) != c5: %s", lineno, k + 1, why);
        }
        /* and the options utf8proc can do on its own agree on the whole line */
        for (k = 4; k < N_UTF8PROC_FLAG_SETS; k++) {
            why = same_as_utf8proc(c[0], cl[0], utf8proc_flag_sets[k], 0);
            if (why)
                ck_abort_msg("line %zu: flags 0x%x: %s", lineno, utf8proc_flag_sets[k], why);
        }
        lines++;
    }
    if (is_pipe)
        ck_assert_int_eq(pclose(f), 0);
    else
        fclose(f);
    ck_assert_uint_gt(lines, 15000);
    ck_assert_uint_gt(singles, 1000);

    /* Part 1 invariant: every other code point X is unchanged by all four
       forms. Tested on one string "|X|Y|Z…": '|' composes with nothing, so
       each X is normalized as if alone. */
    all = malloc(0x110000 * 5);
    ck_assert_ptr_nonnull(all);
    for (cp = 0; cp < 0x110000; cp++) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || (in_part1[cp / 8] & (1u << (cp % 8))))
            continue;
        all[all_len++] = '|';
        all_len += (size_t)lq_utf8_encode(cp, (uint8_t *)all + all_len);
    }
    for (k = 0; k < 4; k++) {
        if (!norm_eq(all, all_len, (unsigned)k, all, all_len, &why))
            ck_abort_msg("Part 1 invariant, form %zu: %s", k, why);
    }
    free(all);
    free(in_part1);

    /* Every line as one text: long enough for the caches of lq_normalize()
       to fill and be reused; the same result as utf8proc on the whole. */
    ck_assert_ptr_nonnull(lines_all);
    for (k = 0; k < N_UTF8PROC_FLAG_SETS; k++) {
        why = same_as_utf8proc(lines_all, lines_len, utf8proc_flag_sets[k], k < 3);
        if (why)
            ck_abort_msg("all lines as one text, flags 0x%x: %s", utf8proc_flag_sets[k], why);
    }
    free(lines_all);
    printf("NormalizationTest-%s.txt: %zu lines checked in 4 forms (Unicode %s in utf8proc %s)\n",
           version, lines, utf8proc_unicode_version(), utf8proc_version());
}
END_TEST

/* The rule that says where segments may start agrees with the Unicode data
   (UnicodeData.txt for combining classes, DerivedNormalizationProps.txt for
   NFC_Quick_Check), for every code point:
   - a non-starter, or a starter with NFC_QC=Maybe (it composes with the
     character before it), never starts a segment;
   - a starter with NFC_QC=Yes always does. */
START_TEST(test_boundaries_match_ucd)
{
    char path[512], line[512];
    FILE *f;
    unsigned char *ccc = calloc(0x110000, 1), *qc = calloc(0x110000, 1);
    size_t yes = 0, no = 0;
    int32_t c;
    ck_assert(ccc && qc);
    snprintf(path, sizeof path, "%s/UnicodeData.txt", UNICODE_DATA_DIR);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s is missing: apt-get install unicode-data", path);
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        unsigned long cp = strtoul(p, &p, 16);
        int field;
        for (field = 0; field < 2 && p; field++)
            p = strchr(p + 1, ';');
        ck_assert_ptr_nonnull(p);
        ccc[cp] = (unsigned char)atoi(p + 1);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/DerivedNormalizationProps.txt", UNICODE_DATA_DIR);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s is missing: apt-get install unicode-data", path);
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi, cp;
        char *p;
        char v;
        if (strstr(line, "; NFC_QC; M"))
            v = 'M';
        else if (strstr(line, "; NFC_QC; N"))
            v = 'N';
        else
            continue;
        lo = strtoul(line, &p, 16);
        hi = (p[0] == '.' && p[1] == '.') ? strtoul(p + 2, NULL, 16) : lo;
        for (cp = lo; cp <= hi; cp++)
            qc[cp] = (unsigned char)v;
    }
    fclose(f);
    for (c = 0; c < 0x110000; c++) {
        int starts;
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        starts = lq_normalize_starts_segment(c, LQ_NORM_NFC, NULL);
        if (ccc[c] != 0 || qc[c] == 'M') {
            ck_assert_msg(!starts, "U+%04X (ccc %d, NFC_QC %c) starts a segment", c, ccc[c],
                          qc[c] ? qc[c] : 'Y');
            no++;
        } else if (qc[c] == 0) {
            ck_assert_msg(starts, "U+%04X (NFC_QC Yes) does not start a segment", c);
            yes++;
        }
    }
    free(ccc);
    free(qc);
    ck_assert_uint_gt(no, 900);
    ck_assert_uint_gt(yes, 1000000);
}
END_TEST

#ifdef LQ_FAULT_INJECTION
/* Every allocation of lq_normalize() may fail: LQ_ENOMEM, *out NULL, no
   leak (the sanitizer build checks), and success once nothing fails. */
static void oom_case(const char *in, size_t len, unsigned flags)
{
    size_t i;
    int ok = 0;
    for (i = 0; i < 1000 && !ok; i++) {
        lq_text *t = (lq_text *)&t;
        lq_error err;
        lq_status st;
        lq_alloc_fail_at(i);
        st = lq_normalize(in, len, flags, &t, &err);
        if (st == LQ_OK) {
            ok = 1;
            lq_text_free(t);
        } else {
            ck_assert_int_eq(st, LQ_ENOMEM);
            ck_assert_int_eq(err.code, LQ_ENOMEM);
            ck_assert_ptr_null(t);
        }
    }
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_msg(ok, "lq_normalize never succeeded");
    ck_assert_uint_gt(i, 2);
}

START_TEST(test_out_of_memory)
{
    static const unsigned flag_sets[] = {0, LQ_NORM_NFD, LQ_NORM_ALL};
    char *big = malloc(20000);
    size_t i, k, n = 0;
    ck_assert_ptr_nonnull(big);
    /* many segments (the map grows) and one long run of marks (the code
       point buffer grows) */
    for (i = 0; i < 300; i++) {
        memcpy(big + n, "e\xCC\x81 x\xC2\xA0", 7);
        n += 7;
    }
    big[n++] = 'a';
    for (i = 0; i < 500; i++) {
        memcpy(big + n, "\xCC\xA3", 2);
        n += 2;
    }
    for (k = 0; k < 3; k++) {
        for (i = 0; i < sizeof samples / sizeof samples[0]; i++)
            oom_case(samples[i], strlen(samples[i]), flag_sets[k]);
        oom_case(big, n, flag_sets[k]);
    }
    free(big);
}
END_TEST
#endif

static Suite *normalize_suite(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc = tcase_create("forms");
    tcase_add_test(tc, test_forms);
    tcase_add_test(tc, test_ascii_unchanged);
    tcase_add_test(tc, test_long_ascii);
    suite_add_tcase(s, tc);
    tc = tcase_create("options");
    tcase_add_test(tc, test_casefold);
    tcase_add_test(tc, test_strip_ignorable);
    tcase_add_test(tc, test_ignorable_matches_ucd);
    tcase_add_test(tc, test_newlines);
    tcase_add_test(tc, test_spaces);
    tcase_add_test(tc, test_ascii_quotes);
    tcase_add_test(tc, test_ascii_dashes);
    tcase_add_test(tc, test_strip_marks);
    tcase_add_test(tc, test_combined_options);
    tcase_add_test(tc, test_unknown_flags);
    suite_add_tcase(s, tc);
    tc = tcase_create("invalid-utf8");
    tcase_add_test(tc, test_invalid_classes);
    tcase_add_test(tc, test_invalid_table_3_8);
    tcase_add_test(tc, test_invalid_then_mark);
    suite_add_tcase(s, tc);
    tc = tcase_create("api");
    tcase_add_test(tc, test_nul_bytes);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_null_args);
    tcase_add_test(tc, test_source_mapping);
    tcase_add_test(tc, test_map_is_compact);
    tcase_add_test(tc, test_idempotent);
#ifdef LQ_FAULT_INJECTION
    tcase_add_test(tc, test_out_of_memory);
#endif
    suite_add_tcase(s, tc);
    tc = tcase_create("conformance");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, test_same_as_utf8proc);
    tcase_add_test(tc, test_many_marks);
    tcase_add_test(tc, test_repeated_segments);
    tcase_add_test(tc, test_random_texts);
    tcase_add_test(tc, test_boundaries_match_ucd);
    tcase_add_test(tc, test_normalization_test_txt);
    tcase_add_test(tc, test_corpus);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(normalize_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
