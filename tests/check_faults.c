/* Allocation-failure sweep (fault-injection build only: configure
   --enable-fault-injection).

   For every public call that allocates, fail its allocation number 0, then
   1, then 2... until the call no longer reaches the failing allocation.
   Each failing run must return LQ_ENOMEM, set its result to NULL (or zero
   its scores), fill lq_error with the code and a message, and leak nothing
   (run under valgrind or LeakSanitizer: the leak check is theirs). A call
   that succeeds although one of its allocations failed has swallowed the
   failure, which fails the test too.

   The tests print one line per call: how many allocations it makes, so the
   sweep's reach is visible in the log. */
#include "config.h"
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"

#ifndef LQ_FAULT_INJECTION
#error "check_faults needs the fault-injection build (configure --enable-fault-injection)"
#endif

/* No call of the library should need more allocations than this on the
   small inputs used here; reaching it means the sweep never ends. */
#define SWEEP_LIMIT 200000

static char *read_fixture(const char *name, size_t *len)
{
    char path[4096];
    char *data = NULL;
    lq_error err;
    snprintf(path, sizeof path, "%s/fixtures/%s", SRCDIR, name);
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_msg(lq_read_file(path, &data, len, &err) == LQ_OK, "%s", err.text);
    return data;
}

static char *fixture_path(const char *name)
{
    static char paths[8][4096];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 4096, "%s/fixtures/%s", SRCDIR, name);
    return p;
}

/* One call under test: runs it once, frees what it made. Returns its status
   and sets *clean when a failed call left its out parameter NULL/zero. */
typedef lq_status (*call_fn)(void *ctx, int *clean, lq_error *err);

static size_t sweep(const char *name, call_fn call, void *ctx)
{
    size_t i;
    for (i = 0; i < SWEEP_LIMIT; i++) {
        lq_error err;
        int clean = 0;
        lq_status st;
        size_t used;
        memset(&err, 0x7f, sizeof err);
        err.text[sizeof err.text - 1] = '\0';
        lq_alloc_fail_at(i);
        st = call(ctx, &clean, &err);
        used = lq_alloc_count();
        lq_alloc_fail_at(SIZE_MAX);
        if (used <= i) {
            /* The failure point was never reached: a normal run. */
            ck_assert_msg(st == LQ_OK, "%s: fails with %d (%s) without any allocation failure",
                          name, st, err.text);
            printf("%-34s %6zu allocations, each failure -> LQ_ENOMEM\n", name, used);
            return used;
        }
        ck_assert_msg(st == LQ_ENOMEM,
                      "%s: allocation %zu (of %zu) failed, but the call returned %d (%s)", name,
                      i, used, st, st == LQ_OK ? "success: the failure was swallowed" : err.text);
        ck_assert_msg(clean, "%s: allocation %zu failed and the result was not cleared", name, i);
        ck_assert_msg(err.code == LQ_ENOMEM && err.text[0] != '\0',
                      "%s: allocation %zu failed: lq_error not filled (code %d)", name, i,
                      err.code);
    }
    ck_abort_msg("%s: still allocating after %d failure points", name, SWEEP_LIMIT);
    return 0;
}

/* ---- normalization --------------------------------------------------------- */

typedef struct norm_ctx {
    const char *text;
    size_t len;
    unsigned flags;
} norm_ctx;

static lq_status call_normalize(void *p, int *clean, lq_error *err)
{
    norm_ctx *c = p;
    lq_text *t = (lq_text *)&t;
    lq_status st = lq_normalize(c->text, c->len, c->flags, &t, err);
    *clean = t == NULL;
    if (st == LQ_OK) {
        size_t s, e;
        /* Use the map, so lazily built parts are built inside the sweep. */
        ck_assert_int_eq(lq_text_source_span(t, 0, lq_text_length(t), &s, &e), LQ_OK);
    }
    lq_text_free(st == LQ_OK ? t : NULL);
    return st;
}

static lq_status call_normalize_string(void *p, int *clean, lq_error *err)
{
    norm_ctx *c = p;
    char *s = (char *)&s;
    size_t n = 99;
    lq_status st = lq_normalize_string(c->text, c->len, c->flags, &s, &n, err);
    *clean = s == NULL;
    if (st == LQ_OK)
        lq_free(s);
    return st;
}

static const unsigned norm_flag_sets[] = {
    LQ_NORM_DEFAULT,
    LQ_NORM_NFKC | LQ_NORM_CASEFOLD,
    LQ_NORM_NFD | LQ_NORM_STRIP_MARKS,
    LQ_NORM_NFKD,
    LQ_NORM_STRIP_IGNORABLE | LQ_NORM_NEWLINES | LQ_NORM_SPACES | LQ_NORM_ASCII_QUOTES |
        LQ_NORM_ASCII_DASHES,
    LQ_NORM_ALL,
};
#define N_NORM_FLAG_SETS (sizeof norm_flag_sets / sizeof norm_flag_sets[0])

START_TEST(test_normalize)
{
    size_t len;
    char *text = read_fixture("faults-article.txt", &len);
    char name[64];
    norm_ctx c = {text, len, norm_flag_sets[_i]};
    snprintf(name, sizeof name, "lq_normalize 0x%03x", c.flags);
    sweep(name, call_normalize, &c);
    snprintf(name, sizeof name, "lq_normalize_string 0x%03x", c.flags);
    sweep(name, call_normalize_string, &c);
    lq_dealloc(text);
}
END_TEST

START_TEST(test_normalize_invalid)
{
    static const char bad[] = "ok \xC0\xAF caf\xC3\xA9 \xED\xA0\x80 \xE2\x80\x9Cq\xE2\x80\x9D"
                              " \xF0\x9F\x98 end\xE2\x80";
    norm_ctx c = {bad, sizeof bad - 1, LQ_NORM_REPLACE_INVALID | LQ_NORM_NFKC};
    sweep("lq_normalize replace-invalid", call_normalize, &c);
}
END_TEST

/* ---- lexicons -------------------------------------------------------------- */

static lq_status call_lexicon_load(void *p, int *clean, lq_error *err)
{
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_status st = lq_lexicon_load(p, &lex, err);
    *clean = lex == NULL;
    if (st == LQ_OK)
        lq_lexicon_free(lex);
    return st;
}

START_TEST(test_lexicon_formats)
{
    static const struct {
        const char *words;
        lq_lexicon_format wf;
        const char *emoji;
        lq_emoji_format ef;
        const char *name;
    } cases[] = {
        {"faults-lexicon-vader.txt", LQ_LEX_VADER, "faults-emoji-vader.txt", LQ_EMOJI_VADER,
         "lq_lexicon_load vader+vader"},
        {"faults-lexicon-afinn.txt", LQ_LEX_AFINN, "faults-emoji-unicode.txt", LQ_EMOJI_UNICODE,
         "lq_lexicon_load afinn+unicode"},
        {"faults-lexicon-tsv.txt", LQ_LEX_TSV, "faults-emoji-vader.txt", LQ_EMOJI_AUTO,
         "lq_lexicon_load tsv+auto"},
        {"faults-lexicon-vader.txt", LQ_LEX_AUTO, "faults-emoji-unicode.txt", LQ_EMOJI_AUTO,
         "lq_lexicon_load auto+auto"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lq_lexicon_options o;
        memset(&o, 0, sizeof o);
        o.words_path = fixture_path(cases[i].words);
        o.words_format = cases[i].wf;
        o.emoji_path = fixture_path(cases[i].emoji);
        o.emoji_format = cases[i].ef;
        sweep(cases[i].name, call_lexicon_load, &o);
    }
}
END_TEST

/* The bundled defaults (our English lexicon, the emoji list): the largest
   load there is. */
START_TEST(test_lexicon_default)
{
    sweep("lq_lexicon_load defaults", call_lexicon_load, NULL);
}
END_TEST

/* ---- scoring ----------------------------------------------------------------- */

typedef struct score_ctx {
    const lq_lexicon *lex;
    const char *text;
    size_t len;
    unsigned flags;
} score_ctx;

static lq_status call_score(void *p, int *clean, lq_error *err)
{
    score_ctx *c = p;
    lq_scores sc;
    lq_status st;
    memset(&sc, 0x55, sizeof sc);
    st = lq_score(c->lex, c->text, c->len, c->flags, &sc, err);
    *clean = sc.neg == 0 && sc.neu == 0 && sc.pos == 0 && sc.compound == 0;
    return st;
}

static lq_status call_explain(void *p, int *clean, lq_error *err)
{
    score_ctx *c = p;
    lq_explanation *x = (lq_explanation *)&x;
    lq_status st = lq_explain(c->lex, c->text, c->len, c->flags, &x, err);
    *clean = x == NULL;
    if (st == LQ_OK)
        lq_explanation_free(x);
    return st;
}

static lq_lexicon *fixture_lexicon(void)
{
    lq_lexicon_options o;
    lq_lexicon *lex = NULL;
    lq_error err;
    memset(&o, 0, sizeof o);
    o.words_path = fixture_path("faults-lexicon-vader.txt");
    o.emoji_path = fixture_path("faults-emoji-vader.txt");
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_msg(lq_lexicon_load(&o, &lex, &err) == LQ_OK, "%s", err.text);
    return lex;
}

static const unsigned sent_flag_sets[] = {LQ_SENT_DEFAULT, LQ_SENT_FIXES, LQ_SENT_NORMALIZE,
                                          LQ_SENT_ALL};

START_TEST(test_score)
{
    size_t len;
    char *text = read_fixture("faults-article.txt", &len);
    lq_lexicon *lex = fixture_lexicon();
    score_ctx c = {lex, text, len, sent_flag_sets[_i]};
    char name[64];
    snprintf(name, sizeof name, "lq_score 0x%x", c.flags);
    sweep(name, call_score, &c);
    snprintf(name, sizeof name, "lq_explain 0x%x", c.flags);
    sweep(name, call_explain, &c);
    /* Invalid bytes take the U+FFFD path. */
    c.text = "so \xC0 GOOD!!! \xE2\x80\x9Cnot dreadful\xE2\x80\x9D \xF0\x9F\x98\x80 :)";
    c.len = strlen(c.text);
    snprintf(name, sizeof name, "lq_explain invalid 0x%x", c.flags);
    sweep(name, call_explain, &c);
    lq_lexicon_free(lex);
    lq_dealloc(text);
}
END_TEST

/* ---- analysis ----------------------------------------------------------------- */

static lq_status call_analyzer_new(void *p, int *clean, lq_error *err)
{
    lq_analyzer *az = (lq_analyzer *)&az;
    lq_status st = lq_analyzer_new(p, &az, err);
    *clean = az == NULL;
    if (st == LQ_OK)
        lq_analyzer_free(az);
    return st;
}

typedef struct analyze_ctx {
    const lq_analyzer *az;
    const char *text;
    size_t len;
    unsigned flags;
} analyze_ctx;

static lq_status call_analyze(void *p, int *clean, lq_error *err)
{
    analyze_ctx *c = p;
    lq_document *doc = (lq_document *)&doc;
    lq_status st = lq_analyze(c->az, c->text, c->len, c->flags, &doc, err);
    *clean = doc == NULL;
    if (st == LQ_OK)
        lq_document_free(doc);
    return st;
}

START_TEST(test_analyze)
{
    size_t len;
    char *text = read_fixture("faults-article.txt", &len);
    lq_lexicon *lex = fixture_lexicon();
    lq_analyzer_options o;
    lq_analyzer *az = NULL;
    lq_error err;
    analyze_ctx c;
    static const char bad[] = "\xE2\x80\x9CWe \xC0 will,\xE2\x80\x9D said Dr Ana Ruiz. "
                              "\xE2\x80\x9CNever \xED\xA0\x80 again,\xE2\x80\x9D she added.";

    memset(&o, 0, sizeof o);
    sweep("lq_analyzer_new", call_analyzer_new, &o);
    o.lexicon = lex;
    o.sentiment_flags = LQ_SENT_FIXES;
    sweep("lq_analyzer_new with lexicon", call_analyzer_new, &o);

    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_msg(lq_analyzer_new(&o, &az, &err) == LQ_OK, "%s", err.text);
    c.az = az;
    c.text = text;
    c.len = len;
    c.flags = LQ_ANALYZE_DEFAULT;
    sweep("lq_analyze", call_analyze, &c);
    c.text = bad;
    c.len = sizeof bad - 1;
    c.flags = LQ_ANALYZE_REPLACE_INVALID;
    sweep("lq_analyze replace-invalid", call_analyze, &c);
    lq_analyzer_free(az);
    lq_lexicon_free(lex);
    lq_dealloc(text);
}
END_TEST

/* The sweep itself is sound: the hook counts and fails what it is told. */
START_TEST(test_hook)
{
    void *p;
    lq_alloc_fail_at(1);
    p = lq_malloc(8);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(lq_malloc(8));
    ck_assert_uint_eq(lq_alloc_count(), 2);
    lq_dealloc(p);
    lq_alloc_fail_at(SIZE_MAX);
    p = lq_realloc(NULL, 8);
    ck_assert_ptr_nonnull(p);
    lq_dealloc(p);
}
END_TEST

static Suite *faults_suite(void)
{
    Suite *s = suite_create("faults");
    TCase *tc;

    tc = tcase_create("hook");
    tcase_add_test(tc, test_hook);
    suite_add_tcase(s, tc);

    tc = tcase_create("normalize");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_normalize, 0, N_NORM_FLAG_SETS);
    tcase_add_test(tc, test_normalize_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("lexicon");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_lexicon_formats);
    tcase_add_test(tc, test_lexicon_default);
    suite_add_tcase(s, tc);

    tc = tcase_create("score");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_score, 0, sizeof sent_flag_sets / sizeof sent_flag_sets[0]);
    suite_add_tcase(s, tc);

    tc = tcase_create("analyze");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_analyze);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(faults_suite());
    int failed;
    setvbuf(stdout, NULL, _IOLBF, 0);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
