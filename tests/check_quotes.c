/* The quote-mark scanner (quotes.c): mark styles, nesting, apostrophes,
   paragraphs, unbalanced marks, headlines, hostile input, the reference
   article. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"
#include "../libquote/quotes.h"

#define ANY_FLAGS 0xFFFFu

typedef struct scan_result {
    lq_arena arena;
    lq_qspan *spans;
    size_t count;
    lq_qscan_stats stats;
} scan_result;

static void scan(scan_result *r, const char *text, size_t len)
{
    lq_error err;
    lq_arena_init(&r->arena, 0);
    ck_assert_int_eq(lq_scan_quotes_ex(text, len, &r->arena, &r->spans, &r->count, &r->stats,
                                       &err),
                     LQ_OK);
}

static void done(scan_result *r)
{
    lq_arena_release(&r->arena);
}

static const char *flag_names(unsigned f, char *buf)
{
    snprintf(buf, 16, "%c%c%c%c%c%c", f & LQ_QS_CLOSED ? 'C' : '-',
             f & LQ_QS_MULTIPARA ? 'M' : '-', f & LQ_QS_HAS_NESTED ? 'N' : '-',
             f & LQ_QS_HEADLINE ? 'H' : '-', f & LQ_QS_REOPENS ? 'R' : '-',
             f & LQ_QS_SINGLE ? 'S' : '-');
    return buf;
}

/* The spans of text must be exactly `want` (each the bytes start..end), in
   order; flags[i], when not ANY_FLAGS, must equal the span's flags. */
static void expect_spans(const char *text, const char *const *want, const unsigned *flags)
{
    scan_result r;
    size_t n = 0, i;
    char a[16], b[16];
    while (want[n])
        n++;
    scan(&r, text, strlen(text));
    for (i = 0; i < r.count && i < n; i++) {
        const lq_qspan *q = &r.spans[i];
        size_t wl = strlen(want[i]);
        ck_assert_msg(q->end - q->start == wl && memcmp(text + q->start, want[i], wl) == 0,
                      "span %zu of [%s]: got [%.*s], want [%s]", i, text,
                      (int)(q->end - q->start), text + q->start, want[i]);
        ck_assert_uint_le(q->content_start, q->content_end);
        ck_assert_uint_le(q->start, q->content_start);
        ck_assert_uint_le(q->content_end, q->end);
        if (flags && flags[i] != ANY_FLAGS)
            ck_assert_msg(q->flags == flags[i], "span %zu [%s]: flags %s, want %s", i, want[i],
                          flag_names(q->flags, a), flag_names(flags[i], b));
    }
    ck_assert_msg(r.count == n, "[%s]: %zu spans, want %zu", text, r.count, n);
    for (i = 1; i < r.count; i++)
        ck_assert_uint_ge(r.spans[i].start, r.spans[i - 1].end);
    done(&r);
}

#define SPANS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})
#define FLAGS(...) ((const unsigned[]){__VA_ARGS__})
#define C LQ_QS_CLOSED
#define CS (LQ_QS_CLOSED | LQ_QS_SINGLE)

/* ---- mark styles ---------------------------------------------------------- */

START_TEST(test_english_curly)
{
    expect_spans("She said “we will win,” and left.", SPANS("“we will win,”"), FLAGS(C));
    expect_spans("A ‘single’ word.", SPANS("‘single’"), FLAGS(CS));
    expect_spans("❝Display type,❞ she said, ❛twice❜.", SPANS("❝Display type,❞", "❛twice❜"),
                 FLAGS(C, CS));
}
END_TEST

START_TEST(test_straight)
{
    expect_spans("\"Yes,\" he said, \"it is.\"", SPANS("\"Yes,\"", "\"it is.\""), FLAGS(C, C));
    expect_spans("They called it 'madness' at once.", SPANS("'madness'"), FLAGS(CS));
    expect_spans("(\"quoted\")", SPANS("\"quoted\""), FLAGS(C));
    expect_spans("He said:\"now\" and went.", SPANS("\"now\""), FLAGS(C));
    expect_spans("A 12\" pizza and a 5'10\" man.", NONE, NULL);
}
END_TEST

START_TEST(test_typewriter_doubles)
{
    expect_spans("''This isn't reform,'' said Mr. Holtz. ''It's anti-reform.''",
                 SPANS("''This isn't reform,''", "''It's anti-reform.''"), FLAGS(C, C));
    expect_spans("As ``Knuth wrote'' once.", SPANS("``Knuth wrote''"), FLAGS(C));
}
END_TEST

START_TEST(test_markup_attributes)
{
    expect_spans("<tweet id=\"7783\" author=\"someone\">It was \"fine\".</tweet>",
                 SPANS("\"fine\""), FLAGS(C));
}
END_TEST

START_TEST(test_french_russian)
{
    expect_spans("Il a dit « Bonjour à tous » hier.", SPANS("« Bonjour à tous »"), FLAGS(C));
    expect_spans("Il a dit\u00a0«\u00a0Oui\u00a0» hier.", SPANS("«\u00a0Oui\u00a0»"), FLAGS(C));
    expect_spans("Он сказал: «Мы победим».", SPANS("«Мы победим»"), FLAGS(C));
    expect_spans("Le mot ‹ juste › ici.", SPANS("‹ juste ›"), FLAGS(CS));
    expect_spans("Han sagde »Nej« til os.", SPANS("»Nej«"), FLAGS(C));
}
END_TEST

START_TEST(test_german)
{
    expect_spans("Er sagte: „Wir schaffen das.“ Dann ging er.", SPANS("„Wir schaffen das.“"),
                 FLAGS(C));
    expect_spans("Das Wort ‚Kraft‘ fiel.", SPANS("‚Kraft‘"), FLAGS(CS));
    expect_spans("Powiedział „tak” wczoraj.", SPANS("„tak”"), FLAGS(C));
}
END_TEST

START_TEST(test_swedish)
{
    expect_spans("Han sa ”vi vinner” i går.", SPANS("”vi vinner”"), FLAGS(C));
    expect_spans("Hon sa ’ja’ till det.", SPANS("’ja’"), FLAGS(CS));
}
END_TEST

START_TEST(test_cjk)
{
    expect_spans("他说「我们会赢」然后走了。", SPANS("「我们会赢」"), FLAGS(C));
    expect_spans("書名は『雪国』です。", SPANS("『雪国』"), FLAGS(C));
    expect_spans("他说＂好＂。", SPANS("＂好＂"), FLAGS(C));
}
END_TEST

/* ---- nesting ---------------------------------------------------------------- */

START_TEST(test_nesting)
{
    unsigned cn = C | LQ_QS_HAS_NESTED;
    expect_spans("“He told me ‘never again’ twice,” she said.",
                 SPANS("“He told me ‘never again’ twice,”"), FLAGS(cn));
    expect_spans("Il a dit « Elle répète „jamais“ encore » hier.",
                 SPANS("« Elle répète „jamais“ encore »"), FLAGS(cn));
    expect_spans("\"He said 'no' and 'yes' to us.\"", SPANS("\"He said 'no' and 'yes' to us.\""),
                 FLAGS(cn));
    expect_spans("„Er rief ‚Halt!‘ und lief“, sagte sie.", SPANS("„Er rief ‚Halt!‘ und lief“"),
                 FLAGS(cn));
    expect_spans("“Three “levels ‘deep’ here” end.”", SPANS("“Three “levels ‘deep’ here” end.”"),
                 FLAGS(cn));
    /* a nested quotation ending right before the outer one */
    expect_spans("“I heard ‘go.’” Then silence.", SPANS("“I heard ‘go.’”"), FLAGS(cn));
}
END_TEST

START_TEST(test_empty_and_edges)
{
    expect_spans("“”", SPANS("“”"), FLAGS(C));
    expect_spans("He said “” twice.", SPANS("“”"), FLAGS(C));
    expect_spans("\"\" and more", SPANS("\"\""), FLAGS(C));
    /* runs of three or more two-way marks are not quotations */
    expect_spans("A rule \"\"\"\"\"\" and \"\"\"doc\"\"\" and ''' then \"real\".",
                 SPANS("\"real\""), FLAGS(C));
    expect_spans("“Start of text,” she said.", SPANS("“Start of text,”"), FLAGS(C));
    expect_spans("\xEF\xBB\xBF'Start after a byte order mark, unclosed",
                 SPANS("'Start after a byte order mark, unclosed"), FLAGS(LQ_QS_SINGLE));
    expect_spans("She said “end of text.”", SPANS("“end of text.”"), FLAGS(C));
    expect_spans("She said “unclosed at the end", SPANS("“unclosed at the end"), FLAGS(0));
    expect_spans("", NONE, NULL);
    expect_spans("no marks at all", NONE, NULL);
    expect_spans("”stray closers” and ” alone", SPANS("”stray closers”"), FLAGS(C));
}
END_TEST

/* ---- apostrophes ---------------------------------------------------------- */

START_TEST(test_apostrophes_curly)
{
    expect_spans("I’ll go, don’t wait: people’s choice, the ’90s, rock ’n’ roll, "
                 "the students’ union, tell ’em at ten o’clock.",
                 NONE, NULL);
    expect_spans("“I’ll say the students’ view of the ’90s was rock ’n’ roll,” he said.",
                 SPANS("“I’ll say the students’ view of the ’90s was rock ’n’ roll,”"), FLAGS(C));
    expect_spans("The band’s ‘big’ year.", SPANS("‘big’"), FLAGS(CS));
    expect_spans("‘Tis true, ’twas so.", NONE, NULL);
    expect_spans("The “Jaws”’s budget.", SPANS("“Jaws”"), FLAGS(C));
}
END_TEST

START_TEST(test_apostrophes_straight)
{
    expect_spans("I'll go, don't wait: people's choice, the '90s, rock 'n' roll, "
                 "the students' union, tell 'em at ten o'clock.",
                 NONE, NULL);
    expect_spans("\"The players' pay in the '90s wasn't bad,\" he said.",
                 SPANS("\"The players' pay in the '90s wasn't bad,\""), FLAGS(C));
    expect_spans("Fans said 'genius' of Smith.", SPANS("'genius'"), FLAGS(CS));
    expect_spans("She was goin' home, 'cause it's late.", NONE, NULL);
    expect_spans("Rock 'n roll in 's-Hertogenbosch, ’s avonds, ’t huis.", NONE, NULL);
    /* a plural possessive inside a single quotation */
    expect_spans("He said 'the students' union is ours' and left.",
                 SPANS("'the students' union is ours'"), FLAGS(CS));
    expect_spans("It was ‘the players’ choice’, he said.", SPANS("‘the players’ choice’"),
                 FLAGS(CS));
    expect_spans("The 'yes' campaign and the 'no' campaign.", SPANS("'yes'", "'no'"),
                 FLAGS(CS, CS));
    /* a lone single mark that never closes is an apostrophe: what it seemed
       to hold stays outermost */
    expect_spans("Life in the 'burbs is \"quiet\" and slow.", SPANS("\"quiet\""), FLAGS(C));
    expect_spans("The 'burbs and 'hood are \"quiet, 'very' quiet\" and slow.",
                 SPANS("\"quiet, 'very' quiet\""), FLAGS(C | LQ_QS_HAS_NESTED));
    expect_spans("The 'burbs, 'hood and 'them' are \"quiet\" too.",
                 SPANS("'them'", "\"quiet\""), FLAGS(CS, C));
    expect_spans("Life in the 'burbs, \"never closes\n\nNext.", SPANS("\"never closes"),
                 FLAGS(0));
    expect_spans("Life in the 'burbs: \"It was fine. \"Then it changed,\" she said.",
                 SPANS("\"It was fine.", "\"Then it changed,\""), FLAGS(0, C | LQ_QS_REOPENS));
    expect_spans("x\n\nThe 'burbs: \"One.\n\n\"Two.\"", SPANS("\"One.\n\n\"Two.\""),
                 FLAGS(C | LQ_QS_MULTIPARA));
}
END_TEST

/* ---- paragraphs ---------------------------------------------------------------- */

START_TEST(test_multipara_blank_lines)
{
    const char *t = "He said: “First part.\n\n“Second part.\n\n“Last part.”\n\nAfter.";
    expect_spans(t, SPANS("“First part.\n\n“Second part.\n\n“Last part.”"),
                 FLAGS(C | LQ_QS_MULTIPARA));
}
END_TEST

START_TEST(test_multipara_single_newline)
{
    const char *t = "Title line\n\"First part of it.\n\"Second part.\"\nNarration.";
    expect_spans(t, SPANS("\"First part of it.\n\"Second part.\""), FLAGS(C | LQ_QS_MULTIPARA));
    /* CRLF and Unicode paragraph separators */
    expect_spans("x\r\n“One.\r\n“Two.”", SPANS("“One.\r\n“Two.”"), FLAGS(C | LQ_QS_MULTIPARA));
    expect_spans("x\u2029“One.\u2029“Two.”", SPANS("“One.\u2029“Two.”"),
                 FLAGS(C | LQ_QS_MULTIPARA));
}
END_TEST

START_TEST(test_multipara_british)
{
    const char *t = "x\n\n‘We went there.\n\n‘Then we came back,’ she said.";
    expect_spans(t, SPANS("‘We went there.\n\n‘Then we came back,’"), FLAGS(CS | LQ_QS_MULTIPARA));
}
END_TEST

START_TEST(test_multipara_single_marks_mid_paragraph)
{
    expect_spans("She said ‘we will go.\n\n‘And we will win.’",
                 SPANS("‘we will go.\n\n‘And we will win.’"), FLAGS(CS | LQ_QS_MULTIPARA));
    expect_spans("She said 'we will go.\n\n'And we will win.'",
                 SPANS("'we will go.\n\n'And we will win.'"), FLAGS(CS | LQ_QS_MULTIPARA));
    /* an opening-shaped single mark left open is a quotation, unclosed */
    expect_spans("She said ‘we will go.\n\nThen silence.", SPANS("‘we will go."),
                 FLAGS(LQ_QS_SINGLE));
}
END_TEST

START_TEST(test_wrapped_text)
{
    /* hard-wrapped prose: single line breaks are not paragraph ends */
    const char *t =
        "It was late in the year when the two brothers came back to the\n"
        "town by the river, and nobody there knew them any more at all.\n"
        "The rain came down on the old town all through the long evening,\n"
        "and the lamps were lit early. \"We should go home now,\" said the\n"
        "older of the two, \"before the river rises over the low road and\n"
        "the bridge is closed for the night.\" Nobody answered him at all.\n"
        "\n"
        "\"Not yet,\" said the other.\n";
    expect_spans(t,
                 SPANS("\"We should go home now,\"",
                       "\"before the river rises over the low road and\n"
                       "the bridge is closed for the night.\"",
                       "\"Not yet,\""),
                 FLAGS(C, C, C));
}
END_TEST

/* ---- unbalanced marks ------------------------------------------------------------- */

START_TEST(test_unclosed_ends_at_paragraph)
{
    const char *t = "He said “this never closes   \n\nNext paragraph has “a quote” here.";
    expect_spans(t, SPANS("“this never closes", "“a quote”"), FLAGS(0, C));
    t = "He said \"this never closes.\nNext line \"is fine\" here.";
    expect_spans(t, SPANS("\"this never closes.", "\"is fine\""), FLAGS(0, C));
}
END_TEST

START_TEST(test_unclosed_multipara)
{
    const char *t = "x\n\n“One.\n\n“Two.\n\nPlain.";
    expect_spans(t, SPANS("“One.\n\n“Two."), FLAGS(LQ_QS_MULTIPARA));
}
END_TEST

START_TEST(test_merged_paragraphs)
{
    const char *t = "Mr Smith said: \"We grew fast. It was hard. \"Next year will be better,\" "
                    "he added.";
    expect_spans(t, SPANS("\"We grew fast. It was hard.", "\"Next year will be better,\""),
                 FLAGS(0, C | LQ_QS_REOPENS));
    /* an opening mark mid-sentence nests instead */
    t = "\"We want \"fair\" deals,\" he said.";
    expect_spans(t, SPANS("\"We want \"fair\" deals,\""), FLAGS(C | LQ_QS_HAS_NESTED));
}
END_TEST

START_TEST(test_misdirected_closer)
{
    expect_spans("It was an \"\"unfair and inadequate\" sum.",
                 SPANS("\"\"unfair and inadequate\""), FLAGS(C));
    expect_spans("It was \" a worrying issue for all\". Then more.",
                 SPANS("\" a worrying issue for all\""), FLAGS(C));
    expect_spans("A \" stray mark.\n\nThen a \"quote\" here.", SPANS("\"quote\""), FLAGS(C));
    expect_spans("\"I resent the term 'outreach,' \" he told them.",
                 SPANS("\"I resent the term 'outreach,' \""), FLAGS(C | LQ_QS_HAS_NESTED));
    expect_spans("\"Still here, and stronger than ever. \" A ruling is due.",
                 SPANS("\"Still here, and stronger than ever. \""), FLAGS(C));
    expect_spans("It was rated “Mostly False.“\n\nNext.", SPANS("“Mostly False.“"), FLAGS(C));
}
END_TEST

/* ---- headlines -------------------------------------------------------------------- */

START_TEST(test_headlines)
{
    unsigned ch = C | LQ_QS_HEADLINE;
    expect_spans("Body text.\n\n– “No real choice” –\n\nMore body.", SPANS("“No real choice”"),
                 FLAGS(ch));
    expect_spans("Fans hail 'genius' Smith\n\nSmith was praised.", SPANS("'genius'"), FLAGS(ch | LQ_QS_SINGLE));
    expect_spans("Body.\n\nA “short” section title\n\nMore.", SPANS("“short”"), FLAGS(ch));
    expect_spans("Fans hail 'genius' Smith\nSmith was praised.", SPANS("'genius'"),
                 FLAGS(ch | LQ_QS_SINGLE));
    /* a title in Title Case may end with a full stop; a first sentence may not */
    expect_spans("Senator Calls Plan ‘A Disgrace.’\n\nThe senator said so.", SPANS("‘A Disgrace.’"),
                 FLAGS(ch | LQ_QS_SINGLE));
    expect_spans("“We won,” the mayor said on Sunday.\n\nThe town cheered.", SPANS("“We won,”"),
                 FLAGS(C));
    /* a short paragraph that is a quoted sentence is no headline */
    expect_spans("Body.\n\n“We will win.”\n\nMore.", SPANS("“We will win.”"), FLAGS(C));
    /* nor a body sentence */
    expect_spans("Body.\n\nShe called it “a farce” and left the room at once.\n\nMore.",
                 SPANS("“a farce”"), FLAGS(C));
}
END_TEST

/* ---- hostile input ---------------------------------------------------------------- */

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t ul = strlen(unit), i;
    char *s = malloc(ul * times + 1);
    ck_assert_ptr_nonnull(s);
    for (i = 0; i < times; i++)
        memcpy(s + i * ul, unit, ul);
    s[ul * times] = '\0';
    *len = ul * times;
    return s;
}

/* The work of one scan is bounded by a constant per byte. */
static void assert_linear(const scan_result *r, size_t len)
{
    ck_assert_uint_le(r->stats.steps, 8 * len + 64);
    ck_assert_uint_le(r->stats.probes, 8 * r->stats.marks);
    ck_assert_uint_le(r->count, len / 2 + 1);
}

START_TEST(test_hostile_no_close)
{
    scan_result r;
    size_t len;
    char *s = repeat("word ", 200000, &len);
    s[5] = '"';
    scan(&r, s, len);
    ck_assert_uint_eq(r.count, 1);
    ck_assert_uint_eq(r.spans[0].start, 5);
    ck_assert_uint_eq(r.spans[0].end, len - 1);
    ck_assert_uint_eq(r.spans[0].flags, 0);
    assert_linear(&r, len);
    done(&r);
    free(s);
}
END_TEST

START_TEST(test_hostile_deep_nesting)
{
    scan_result r;
    size_t n = 100000, len, i;
    char *open = repeat("“a ", n, &len);
    char *close = repeat(" b”", n, &len);
    char *s = malloc(2 * len + 1);
    memcpy(s, open, len);
    memcpy(s + len, close, len);
    scan(&r, s, 2 * len);
    ck_assert_uint_eq(r.count, 1);
    ck_assert_uint_eq(r.spans[0].start, 0);
    ck_assert_uint_eq(r.spans[0].end, 2 * len);
    ck_assert_uint_eq(r.spans[0].flags, LQ_QS_CLOSED | LQ_QS_HAS_NESTED);
    assert_linear(&r, 2 * len);
    ck_assert_uint_ge(r.stats.max_depth, n);
    done(&r);
    /* two kinds of marks nested past the stack: “‘“‘…x’”’”… is one quotation */
    {
        char *op = repeat("“‘", n / 2, &len), *cl = repeat("’”", n / 2, &len);
        char *t = malloc(2 * len + 2);
        memcpy(t, op, len);
        t[len] = 'x';
        memcpy(t + len + 1, cl, len);
        scan(&r, t, 2 * len + 1);
        ck_assert_uint_eq(r.count, 1);
        ck_assert_uint_eq(r.spans[0].start, 0);
        ck_assert_uint_eq(r.spans[0].end, 2 * len + 1);
        assert_linear(&r, 2 * len + 1);
        done(&r);
        free(op);
        free(cl);
        free(t);
    }
    /* only openers: one unclosed quotation */
    scan(&r, open, len);
    ck_assert_uint_eq(r.count, 1);
    assert_linear(&r, len);
    done(&r);
    for (i = 0; i < 3; i++) {
        const char *unit[] = {"'a ", "\"", "‘"};
        size_t l;
        char *t = repeat(unit[i], n, &l);
        scan(&r, t, l);
        assert_linear(&r, l);
        done(&r);
        free(t);
    }
    free(open);
    free(close);
    free(s);
}
END_TEST

START_TEST(test_hostile_all_marks)
{
    const char *units[] = {"“", "”", "\"", "'", "’", "‘", "«", "»", "„", "「", "」", "“”", "”“",
                           "\"'", "'\"", "« »", "’’", "‚‘", "„“", "\n\"", "\"\n", "＂",
                           "'a. ", "'a \"b. ", "''", "``", "\" ", " \" a", "\n\n“x. “", "'as' b ", "s' a "};
    size_t u;
    for (u = 0; u < sizeof units / sizeof units[0]; u++) {
        scan_result r;
        size_t len, i;
        char *s = repeat(units[u], 300000 / strlen(units[u]), &len);
        scan(&r, s, len);
        assert_linear(&r, len);
        for (i = 1; i < r.count; i++)
            ck_assert_uint_ge(r.spans[i].start, r.spans[i - 1].end);
        for (i = 0; i < r.count; i++)
            ck_assert_uint_le(r.spans[i].end, len);
        done(&r);
        free(s);
    }
}
END_TEST

START_TEST(test_hostile_long_line)
{
    /* a 100 MB line: a quotation that never closes, then one that does
       (LQ_TEST_LONG_LINE_MB makes it smaller for runs under valgrind) */
    scan_result r;
    const char *mb = getenv("LQ_TEST_LONG_LINE_MB");
    size_t len = (mb && atoi(mb) > 0 ? (size_t)atoi(mb) : 100u) * 1024 * 1024, i;
    char *s = malloc(len);
    ck_assert_ptr_nonnull(s);
    for (i = 0; i < len; i++)
        s[i] = (i % 7 == 6) ? ' ' : 'x';
    s[0] = '"';
    memcpy(s + len - 10, " \"ok\" end.", 10);
    scan(&r, s, len);
    ck_assert_uint_eq(r.count, 1); /* the unclosed one nests "ok" inside */
    ck_assert_uint_eq(r.spans[0].start, 0);
    assert_linear(&r, len);
    done(&r);
    free(s);
}
END_TEST

/* Random texts over an alphabet of marks, letters, digits, punctuation,
   spaces and line breaks (a fixed seed): every scan keeps the promises of
   quotes.h. */
START_TEST(test_random_invariants)
{
    static const char *const alphabet[] = {
        "\"", "'", "“", "”", "‘", "’", "«", "»", "„", "‚", "‹", "›", "「", "」", "『", "』",
        "＂", "''", "``", "a", "b", "s", "n", "em", "9", "90", ".", ",", "!", "?", ":", "-",
        "–", "(", ")", "=", ">", " ", " ", " ", "\u00a0", "\n", "\n\n", "\r\n", "\u2029",
        "\xE2\x80", "\xF0\x9F\x98\x80", "日", "é"};
    const size_t na = sizeof alphabet / sizeof alphabet[0];
    uint64_t x = 0x9E3779B97F4A7C15u;
    char buf[512];
    int round;
    for (round = 0; round < 20000; round++) {
        scan_result r;
        size_t len = 0, i, pieces;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        pieces = (size_t)(x % 60);
        for (i = 0; i < pieces; i++) {
            const char *a;
            size_t al;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            a = alphabet[x % na];
            al = strlen(a);
            if (len + al > sizeof buf)
                break;
            memcpy(buf + len, a, al);
            len += al;
        }
        scan(&r, buf, len);
        assert_linear(&r, len);
        for (i = 0; i < r.count; i++) {
            const lq_qspan *q = &r.spans[i];
            ck_assert_uint_lt(q->start, q->content_start);
            ck_assert_uint_le(q->content_start, q->content_end);
            ck_assert_uint_le(q->content_end, q->end);
            ck_assert_uint_le(q->end, len);
            ck_assert_int_ne(q->open_mark, 0);
            if (q->flags & LQ_QS_CLOSED)
                ck_assert(q->end > q->content_end && q->close_mark != 0);
            else
                ck_assert(q->end == q->content_end && q->close_mark == 0);
            if (i > 0)
                ck_assert_uint_ge(q->start, r.spans[i - 1].end);
        }
        done(&r);
    }
}
END_TEST

#ifdef LQ_FAULT_INJECTION
/* Every allocation of a scan can fail: the scan then reports LQ_ENOMEM,
   returns no spans and leaks nothing (the sanitizer build checks). The
   output grows geometrically, so the allocations are few. */
START_TEST(test_allocation_failures)
{
    size_t len, k, total, n;
    char *s = repeat("\"a\" ", 5000, &len);
    lq_arena a;
    lq_qspan *sp;
    lq_error err;
    lq_arena_init(&a, 0);
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_int_eq(lq_scan_quotes(s, len, &a, &sp, &n, &err), LQ_OK);
    total = lq_alloc_count();
    ck_assert_uint_eq(n, 5000);
    ck_assert_uint_le(total, 24);
    lq_arena_release(&a);
    for (k = 0; k < total; k++) {
        lq_arena_init(&a, 0);
        lq_alloc_fail_at(k);
        ck_assert_int_eq(lq_scan_quotes(s, len, &a, &sp, &n, &err), LQ_ENOMEM);
        ck_assert_int_eq(err.code, LQ_ENOMEM);
        ck_assert_ptr_null(sp);
        ck_assert_uint_eq(n, 0);
        lq_arena_release(&a);
    }
    lq_alloc_fail_at(SIZE_MAX);
    free(s);
}
END_TEST
#endif

START_TEST(test_invalid_arguments)
{
    lq_arena a;
    lq_qspan *sp = (lq_qspan *)&a;
    size_t n = 9;
    lq_error err;
    lq_arena_init(&a, 0);
    ck_assert_int_eq(lq_scan_quotes(NULL, 3, &a, &sp, &n, &err), LQ_EINVAL);
    ck_assert_ptr_null(sp);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(lq_scan_quotes("x", 1, NULL, &sp, &n, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_scan_quotes("x", 1, &a, NULL, &n, NULL), LQ_EINVAL);
    ck_assert_int_eq(lq_scan_quotes(NULL, 0, &a, &sp, &n, &err), LQ_OK);
    ck_assert_uint_eq(n, 0);
    /* invalid UTF-8 is scanned as text, never read past the end */
    ck_assert_int_eq(lq_scan_quotes("\"\xE2\x80\"", 4, &a, &sp, &n, &err), LQ_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(lq_scan_quotes("\xE2\x80", 2, &a, &sp, &n, &err), LQ_OK);
    lq_arena_release(&a);
}
END_TEST

/* ---- fixtures: our own articles, checked quotation by quotation ------------ */

typedef struct expected_quote {
    const char *first; /* the first words inside the marks */
    const char *last;  /* the last words before the closing mark (or the end) */
    unsigned flags;
} expected_quote;

/* The span whose content starts at the first occurrence of `words` at or
   after `from`. */
static const lq_qspan *span_at(const scan_result *r, const char *text, size_t from,
                               const char *words)
{
    const char *p = strstr(text + from, words);
    size_t i;
    ck_assert_msg(p != NULL, "the text has no [%s]", words);
    for (i = 0; i < r->count; i++)
        if (r->spans[i].content_start == (size_t)(p - text))
            return &r->spans[i];
    ck_abort_msg("no quotation starts at [%s]", words);
    return NULL;
}

/* Every quotation of the file, in order, and no other. */
static void check_file(const char *path, const expected_quote *want, size_t n)
{
    scan_result r;
    char *text;
    size_t len, i, from = 0;
    lq_error err;
    char a[16], b[16];
    ck_assert_msg(lq_read_file(path, &text, &len, &err) == LQ_OK, "%s: %s", path, err.text);
    scan(&r, text, len);
    ck_assert_msg(r.count == n, "%s: %zu quotations, want %zu", path, r.count, n);
    for (i = 0; i < n; i++) {
        const lq_qspan *q = span_at(&r, text, from, want[i].first);
        const char *last = strstr(text + q->content_start, want[i].last);
        ck_assert_ptr_eq(q, &r.spans[i]);
        ck_assert_msg(last != NULL, "no [%s] after [%s]", want[i].last, want[i].first);
        ck_assert_msg(q->content_end == (size_t)(last - text) + strlen(want[i].last),
                      "[%s]: content ends at %zu, want after [%s]", want[i].first,
                      q->content_end, want[i].last);
        ck_assert_msg(q->flags == want[i].flags, "[%s]: flags %s, want %s", want[i].first,
                      flag_names(q->flags, a), flag_names(want[i].flags, b));
        if (q->flags & LQ_QS_CLOSED)
            ck_assert_uint_gt(q->end, q->content_end);
        else
            ck_assert_uint_eq(q->end, q->content_end);
        from = q->end;
    }
    done(&r);
    lq_dealloc(text);
}

#define FIXTURE(name) SRCDIR "/fixtures/" name
#define H LQ_QS_HEADLINE
#define M LQ_QS_MULTIPARA
#define N LQ_QS_HAS_NESTED
#define S LQ_QS_SINGLE

START_TEST(test_fixture_wire)
{
    static const expected_quote want[] = {
        {"floating", "floating", C | H},
        {"floating", "floating", C | H},
        {"the only safe", "safe choice.", C},
        {"People here", "over their river,", C},
        {"They want", "walked across.", C},
        {"It rocks", "go over,", C},
        {"But that", "Every penny of it.", C | M},
        {"no good", "options,", C},
        {"older than", "the council.", C},
        {"Rock ", "roll bridge", C | H},
        {"rock ", "roll bridge,", C},
        {"My teacher", "we all did,", C | N},
        {"”.", "", C}, /* the empty quotation “” */
        {"I’ll believe", "see the money", 0},
    };
    check_file(FIXTURE("quotes-wire.txt"), want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(test_fixture_lines)
{
    static const expected_quote want[] = {
        {"record", "record", C | H | S},
        {"better than", "dared hope", C},
        {"We put on", "a third hull.", 0},
        {"The crews", "weather helped,", C | LQ_QS_REOPENS},
        {"It's one", "good season,", C},
        {"Fuel costs", "a hard lesson.", C},
        {"Passengers'", "change slowly,", C},
        {"When they change", "betting on.", C | M},
        {"not rule out", "not rule out", C},
    };
    check_file(FIXTURE("quotes-lines.txt"), want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(test_fixture_european)
{
    static const expected_quote want[] = {
        {" Nous", "le pont ", C},
        {"\u00a0sans", "attendre\u00a0", C},
        {"Wir bauen", "möglich‘.", C | N},
        {"Vi bygger", "bron igen.", C},
        {"Мы восстановим", "скорее“", C | N},
        {"Vi genopbygger", "broen.", C},
        {"我们会", "这座桥。", C},
        {"越快", "越好", C},
    };
    check_file(FIXTURE("quotes-european.txt"), want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(test_fixture_novel)
{
    static const expected_quote want[] = {
        {"If he isn't", "back by nine,", C},
        {"I shall go", "Somebody must.", C},
        {"You'll do", "such thing,", C},
        {"He's been out", "home blind.", C | N},
        {"Old Pike says a great", "and a boy.", C | M | N},
    };
    check_file(FIXTURE("quotes-novel.txt"), want, sizeof want / sizeof want[0]);
}
END_TEST

/* ---- the reference article --------------------------------------------------------- */

/* The span that starts with the opening mark before `words`. */
static const lq_qspan *span_of(const scan_result *r, const char *text, const char *words)
{
    const char *p = strstr(text, words);
    size_t i;
    ck_assert_msg(p != NULL, "the article has no [%s]", words);
    for (i = 0; i < r->count; i++)
        if (r->spans[i].content_start == (size_t)(p - text))
            return &r->spans[i];
    ck_abort_msg("no quotation starts at [%s]", words);
    return NULL;
}

START_TEST(test_reference_article)
{
    const char *path = TOP_SRCDIR "/../shared/seed/kazakhstan-election.txt";
    /* every quotation: its first words, its last words (before the closing mark) */
    static const char *const quotes[][2] = {
        {"organize riots", "provisional government,"},
        {"share the views", "Mukhtar Ablyazov."},
        {"shoot to kill", "shoot to kill"},
        {"a new Kazakhstan", "a new Kazakhstan"},
        {"new people", "confidence mandate."},
        {"No real choice", "No real choice"},
        {"conditions for the admission", "registration of candidates"},
        {"There is no credible", "against everyone,"},
        {"These elections are a farce", "are a farce,"},
        {"If Tokayev had said", "respect his honesty."},
        {"to the brink", "of civil war"},
        {"change in the foundations", "and the state"},
        {"A little time", "real changes yet,"},
        {"We have great hopes", "than Nazarbayev."},
    };
    scan_result r;
    char *text;
    size_t len, i;
    lq_error err;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "SKIP test_reference_article: %s is absent (../shared not mounted)\n",
                path);
        return;
    }
    fclose(f);
    ck_assert_int_eq(lq_read_file(path, &text, &len, &err), LQ_OK);
    scan(&r, text, len);
    ck_assert_uint_eq(r.count, sizeof quotes / sizeof quotes[0]);
    for (i = 0; i < sizeof quotes / sizeof quotes[0]; i++) {
        const lq_qspan *q = span_of(&r, text, quotes[i][0]);
        const char *last = strstr(text + q->content_start, quotes[i][1]);
        ck_assert_ptr_nonnull(last);
        ck_assert_uint_eq(q->content_end, (size_t)(last - text) + strlen(quotes[i][1]));
        ck_assert_int_eq(q->open_mark, 0x201C);
        ck_assert_int_eq(q->close_mark, 0x201D);
        ck_assert(q->flags & LQ_QS_CLOSED);
        ck_assert(!(q->flags & LQ_QS_MULTIPARA));
        /* only the section rule is a headline; only Ergaly's quote nests one */
        ck_assert_int_eq(!!(q->flags & LQ_QS_HEADLINE), i == 5);
        ck_assert_int_eq(!!(q->flags & LQ_QS_HAS_NESTED), i == 9);
    }
    done(&r);
    lq_dealloc(text);
}
END_TEST

static Suite *quotes_suite(void)
{
    Suite *s = suite_create("quotes");
    TCase *tc;

    tc = tcase_create("marks");
    tcase_add_test(tc, test_english_curly);
    tcase_add_test(tc, test_straight);
    tcase_add_test(tc, test_typewriter_doubles);
    tcase_add_test(tc, test_markup_attributes);
    tcase_add_test(tc, test_french_russian);
    tcase_add_test(tc, test_german);
    tcase_add_test(tc, test_swedish);
    tcase_add_test(tc, test_cjk);
    suite_add_tcase(s, tc);

    tc = tcase_create("nesting");
    tcase_add_test(tc, test_nesting);
    tcase_add_test(tc, test_empty_and_edges);
    suite_add_tcase(s, tc);

    tc = tcase_create("apostrophes");
    tcase_add_test(tc, test_apostrophes_curly);
    tcase_add_test(tc, test_apostrophes_straight);
    suite_add_tcase(s, tc);

    tc = tcase_create("paragraphs");
    tcase_add_test(tc, test_multipara_blank_lines);
    tcase_add_test(tc, test_multipara_single_newline);
    tcase_add_test(tc, test_multipara_british);
    tcase_add_test(tc, test_multipara_single_marks_mid_paragraph);
    tcase_add_test(tc, test_wrapped_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("unbalanced");
    tcase_add_test(tc, test_unclosed_ends_at_paragraph);
    tcase_add_test(tc, test_unclosed_multipara);
    tcase_add_test(tc, test_merged_paragraphs);
    tcase_add_test(tc, test_misdirected_closer);
    suite_add_tcase(s, tc);

    tc = tcase_create("headlines");
    tcase_add_test(tc, test_headlines);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hostile_no_close);
    tcase_add_test(tc, test_hostile_deep_nesting);
    tcase_add_test(tc, test_hostile_all_marks);
    tcase_add_test(tc, test_hostile_long_line);
    tcase_add_test(tc, test_invalid_arguments);
    tcase_add_test(tc, test_random_invariants);
#ifdef LQ_FAULT_INJECTION
    tcase_add_test(tc, test_allocation_failures);
#endif
    suite_add_tcase(s, tc);

    tc = tcase_create("fixtures");
    tcase_add_test(tc, test_fixture_wire);
    tcase_add_test(tc, test_fixture_lines);
    tcase_add_test(tc, test_fixture_european);
    tcase_add_test(tc, test_fixture_novel);
    suite_add_tcase(s, tc);

    tc = tcase_create("reference");
    tcase_add_test(tc, test_reference_article);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed;
    SRunner *sr = srunner_create(quotes_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
