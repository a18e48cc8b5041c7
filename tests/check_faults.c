/* Allocation-failure sweep (fault-injection build only: configure
   --enable-fault-injection).

   For every public call that allocates, fail its allocation number 0, then
   1, then 2... until the call no longer reaches the failing allocation.
   Each failing run must return LQ_ENOMEM, set its result to NULL (or zero
   its scores), fill lq_error with the code and a message, and leak nothing
   (run under valgrind or LeakSanitizer: the leak check is theirs). A call
   may succeed although one of its allocations failed only when it lost
   nothing: its result must then equal the result of a run without
   failures (a spare-capacity trim that fails keeps the larger block, for
   instance). Results are compared through a digest of everything the call
   returns.

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

/* Digest of a result: FNV-1a over everything the call returned. */
typedef struct digest {
    uint64_t h;
} digest;

static void dg_bytes(digest *d, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        d->h ^= b[i];
        d->h *= 1099511628211ull;
    }
}

static void dg_str(digest *d, const char *s)
{
    dg_bytes(d, s ? s : "(null)", strlen(s ? s : "(null)") + 1);
}

static void dg_size(digest *d, size_t v)
{
    dg_bytes(d, &v, sizeof v);
}

/* One call under test: runs it once, digests and frees what it made.
   Returns its status and sets *clean when a failed call left its out
   parameter NULL/zero. */
typedef lq_status (*call_fn)(void *ctx, int *clean, lq_error *err, digest *d);

/* Set the allocation count back to n after a call's digest allocated
   (lq_alloc_fail_at resets it to 0, so count n allocations up again). */
static void restore_count(size_t n)
{
    size_t i;
    lq_alloc_fail_at(SIZE_MAX);
    for (i = 0; i < n; i++)
        lq_dealloc(lq_malloc(1));
}

static size_t sweep(const char *name, call_fn call, void *ctx)
{
    size_t i, total, tolerated = 0;
    digest want = {14695981039346656037ull};
    lq_error err;
    int clean = 0;
    lq_status st;

    /* A run without failures: the allocation count and the result. */
    lq_alloc_fail_at(SIZE_MAX);
    st = call(ctx, &clean, &err, &want);
    total = lq_alloc_count();
    ck_assert_msg(st == LQ_OK, "%s: fails with %d (%s) without any allocation failure", name,
                  st, err.text);
    ck_assert_msg(total < SWEEP_LIMIT, "%s: %zu allocations", name, total);

    for (i = 0; i < total + 1; i++) {
        digest got = {14695981039346656037ull};
        size_t used;
        memset(&err, 0x7f, sizeof err);
        err.text[sizeof err.text - 1] = '\0';
        clean = 0;
        lq_alloc_fail_at(i);
        st = call(ctx, &clean, &err, &got);
        used = lq_alloc_count();
        lq_alloc_fail_at(SIZE_MAX);
        if (st == LQ_OK) {
            ck_assert_msg(got.h == want.h,
                          "%s: allocation %zu (of %zu) failed, the call succeeded, and its "
                          "result differs from a run without failures: the failure was "
                          "swallowed",
                          name, i, used);
            if (i < used)
                tolerated++;
            continue;
        }
        ck_assert_msg(i < used, "%s: failed with %d (%s) although allocation %zu was never made",
                      name, st, err.text, i);
        ck_assert_msg(st == LQ_ENOMEM, "%s: allocation %zu (of %zu) failed, but the call returned %d (%s)",
                      name, i, used, st, err.text);
        ck_assert_msg(clean, "%s: allocation %zu failed and the result was not cleared", name, i);
        ck_assert_msg(err.code == LQ_ENOMEM && err.text[0] != '\0',
                      "%s: allocation %zu failed: lq_error not filled (code %d)", name, i,
                      err.code);
    }
    printf("%-34s %6zu allocations: %zu failures -> LQ_ENOMEM, %zu harmless\n", name, total,
           total - tolerated, tolerated);
    return total;
}

/* The article repeated to about 48 KB: texts past the stack buffers and
   caches of the scorer and the normalizer take their heap paths. */
static char *long_text(const char *text, size_t len, size_t *out_len)
{
    size_t copies = 49152 / (len + 1) + 1, i, o = 0;
    char *big = malloc(copies * (len + 1) + 1);
    ck_assert_ptr_nonnull(big);
    for (i = 0; i < copies; i++) {
        memcpy(big + o, text, len);
        o += len;
        big[o++] = '\n';
    }
    big[o] = '\0';
    *out_len = o;
    return big;
}

/* ---- normalization --------------------------------------------------------- */

typedef struct norm_ctx {
    const char *text;
    size_t len;
    unsigned flags;
} norm_ctx;

static lq_status call_normalize(void *p, int *clean, lq_error *err, digest *d)
{
    norm_ctx *c = p;
    lq_text *t = (lq_text *)&t;
    lq_status st = lq_normalize(c->text, c->len, c->flags, &t, err);
    *clean = t == NULL;
    if (st == LQ_OK) {
        size_t pos, s, e;
        dg_bytes(d, lq_text_data(t), lq_text_length(t) + 1);
        dg_size(d, lq_text_replacements(t));
        /* The whole offset map. */
        for (pos = 0; pos <= lq_text_length(t); pos++) {
            if (lq_text_source_range(t, pos, &s, &e) != LQ_OK)
                return LQ_EINVAL;
            dg_size(d, s);
            dg_size(d, e);
        }
        lq_text_free(t);
    }
    return st;
}

static lq_status call_normalize_string(void *p, int *clean, lq_error *err, digest *d)
{
    norm_ctx *c = p;
    char *s = (char *)&s;
    size_t n = 99;
    lq_status st = lq_normalize_string(c->text, c->len, c->flags, &s, &n, err);
    *clean = s == NULL;
    if (st == LQ_OK) {
        dg_bytes(d, s, n + 1);
        lq_free(s);
    }
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

START_TEST(test_normalize_long)
{
    size_t len, blen;
    char *text = read_fixture("faults-article.txt", &len);
    char *big = long_text(text, len, &blen);
    norm_ctx c = {big, blen, LQ_NORM_NFKC | LQ_NORM_CASEFOLD | LQ_NORM_ASCII_QUOTES};
    sweep("lq_normalize 48 KB", call_normalize, &c);
    free(big);
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

/* What a lexicon holds, as far as the public API shows it: its size, some
   lookups, and the scores of a text that uses its rules and emoji. */
static void digest_lexicon(const lq_lexicon *lex, digest *d)
{
    static const char *words[] = {"splendid", "dreadful", "good", "hopeless", "gamble",
                                  "great", "zzz"};
    static const char text[] = "Not so good, but kind of SPLENDID!!! Hardly dreadful :) "
                               "\xF0\x9F\x98\x80 \xE2\x9D\xA4\xEF\xB8\x8F the bomb";
    size_t i;
    lq_scores sc;
    lq_error err;
    dg_size(d, lq_lexicon_size(lex));
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        double v = 0;
        int found = lq_lexicon_lookup(lex, words[i], strlen(words[i]), &v);
        dg_bytes(d, &found, sizeof found);
        dg_bytes(d, &v, sizeof v);
    }
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_int_eq(lq_score(lex, text, sizeof text - 1, LQ_SENT_DEFAULT, &sc, &err), LQ_OK);
    dg_bytes(d, &sc, sizeof sc);
}

static lq_status call_lexicon_load(void *p, int *clean, lq_error *err, digest *d)
{
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_status st = lq_lexicon_load(p, &lex, err);
    *clean = lex == NULL;
    if (st == LQ_OK) {
        size_t used = lq_alloc_count();
        digest_lexicon(lex, d);
        lq_lexicon_free(lex);
        lq_alloc_fail_at(SIZE_MAX);
        /* The sweep reads the count after the call: keep the load's own. */
        restore_count(used);
    }
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

static lq_status call_score(void *p, int *clean, lq_error *err, digest *d)
{
    score_ctx *c = p;
    lq_scores sc;
    lq_status st;
    memset(&sc, 0x55, sizeof sc);
    st = lq_score(c->lex, c->text, c->len, c->flags, &sc, err);
    *clean = sc.neg == 0 && sc.neu == 0 && sc.pos == 0 && sc.compound == 0;
    if (st == LQ_OK)
        dg_bytes(d, &sc, sizeof sc);
    return st;
}

static lq_status call_explain(void *p, int *clean, lq_error *err, digest *d)
{
    score_ctx *c = p;
    lq_explanation *x = (lq_explanation *)&x;
    lq_status st = lq_explain(c->lex, c->text, c->len, c->flags, &x, err);
    *clean = x == NULL;
    if (st == LQ_OK) {
        size_t i;
        lq_scores sc = lq_explanation_scores(x);
        dg_bytes(d, &sc, sizeof sc);
        for (i = 0; i < lq_explanation_count(x); i++) {
            const lq_token *tk = lq_explanation_token(x, i);
            dg_str(d, tk->text);
            dg_size(d, tk->start);
            dg_size(d, tk->end);
            dg_bytes(d, &tk->valence, sizeof tk->valence);
            dg_bytes(d, &tk->contribution, sizeof tk->contribution);
            dg_bytes(d, &tk->rules, sizeof tk->rules);
        }
        lq_explanation_free(x);
    }
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
    /* A long text: the scorer's heap scratch. */
    {
        size_t blen;
        char *big = long_text(text, len, &blen);
        score_ctx b = {lex, big, blen, sent_flag_sets[_i]};
        snprintf(name, sizeof name, "lq_score 48 KB 0x%x", c.flags);
        sweep(name, call_score, &b);
        snprintf(name, sizeof name, "lq_explain 48 KB 0x%x", c.flags);
        sweep(name, call_explain, &b);
        free(big);
    }
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

typedef struct analyze_ctx {
    const lq_analyzer *az;
    const char *text;
    size_t len;
    unsigned flags;
    const lq_analyzer_options *opts;
} analyze_ctx;

static void digest_document(const lq_document *doc, digest *d)
{
    size_t i;
    for (i = 0; i < lq_document_quote_count(doc); i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        dg_size(d, q->start);
        dg_size(d, q->end);
        dg_bytes(d, q->text, q->text_len + 1);
        dg_str(d, q->speaker);
        dg_str(d, q->role);
        dg_str(d, q->cue);
        dg_size(d, (size_t)q->kind * 131 + (size_t)q->method * 7 + (size_t)q->closed);
        dg_bytes(d, &q->speaker_index, sizeof q->speaker_index);
        dg_bytes(d, &q->scores, sizeof q->scores);
    }
    for (i = 0; i < lq_document_speaker_count(doc); i++) {
        const lq_speaker *sp = lq_document_speaker(doc, i);
        dg_str(d, sp->name);
        dg_str(d, sp->role);
        dg_size(d, (size_t)sp->kind);
        dg_size(d, sp->quote_count);
    }
}

static lq_status call_analyzer_new(void *p, int *clean, lq_error *err, digest *d)
{
    analyze_ctx *c = p;
    lq_analyzer *az = (lq_analyzer *)&az;
    lq_status st = lq_analyzer_new(c->opts, &az, err);
    *clean = az == NULL;
    if (st == LQ_OK) {
        size_t used = lq_alloc_count();
        lq_document *doc = NULL;
        lq_error e2;
        /* What the analyzer knows shows in what it finds. */
        lq_alloc_fail_at(SIZE_MAX);
        ck_assert_msg(lq_analyze(az, c->text, c->len, 0, &doc, &e2) == LQ_OK, "%s", e2.text);
        digest_document(doc, d);
        lq_document_free(doc);
        lq_analyzer_free(az);
        lq_alloc_fail_at(SIZE_MAX);
        restore_count(used);
    }
    return st;
}

static lq_status call_analyze(void *p, int *clean, lq_error *err, digest *d)
{
    analyze_ctx *c = p;
    lq_document *doc = (lq_document *)&doc;
    lq_status st = lq_analyze(c->az, c->text, c->len, c->flags, &doc, err);
    *clean = doc == NULL;
    if (st == LQ_OK) {
        digest_document(doc, d);
        lq_document_free(doc);
    }
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
    static const char headline[] =
        "Ferry vote: \xE2\x80\x98We will not let the crossing close\xE2\x80\x99 says mayor\n\n"
        "\xE2\x80\x9CWe will not let the crossing close,\xE2\x80\x9D said Mayor Ana Ruiz on "
        "Tuesday. \xE2\x80\x9CThe ferry stays,\xE2\x80\x9D she added.\n";

    memset(&o, 0, sizeof o);
    c.text = text;
    c.len = len;
    c.opts = &o;
    sweep("lq_analyzer_new", call_analyzer_new, &c);
    o.lexicon = lex;
    o.sentiment_flags = LQ_SENT_FIXES;
    sweep("lq_analyzer_new with lexicon", call_analyzer_new, &c);

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
    /* A headline that echoes a body quote. */
    c.text = headline;
    c.len = sizeof headline - 1;
    c.flags = LQ_ANALYZE_DEFAULT;
    sweep("lq_analyze headline echo", call_analyze, &c);
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
    tcase_add_test(tc, test_normalize_long);
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
