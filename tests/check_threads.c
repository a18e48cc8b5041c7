/* One lexicon and one analyzer shared by many threads (STYLE 10: a loaded
   lexicon is immutable and shareable). Every thread analyzes, scores,
   explains and normalizes different texts at the same time; every result
   must equal the one computed first on a single thread. CI runs this under
   ThreadSanitizer, which also proves there are no data races. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"

#define N_THREADS 8
#define ROUNDS 3
#define MAX_TEXTS 64

typedef struct sample {
    char *text;
    size_t len;
    char *expect; /* the single-thread result, as text */
} sample;

static sample samples[MAX_TEXTS];
static size_t n_samples;
static lq_lexicon *lexicon;
static lq_analyzer *analyzer;

/* Everything a text yields, written out so two runs compare as strings.
   Runs on any thread: failures are written into the result (Check's
   assertions belong to the main thread), so they show up as differences. */
static void put(lq_buf *b, const char *s, size_t n)
{
    if (lq_buf_append(b, s, n) != 0)
        abort();
}

static void putf(lq_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(lq_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        abort();
    put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

static void put_scores(lq_buf *b, const lq_scores *s)
{
    putf(b, " [%.17g %.17g %.17g %.17g]", s->neg, s->neu, s->pos, s->compound);
}

static char *describe(const sample *sm)
{
    lq_buf b;
    lq_document *doc = NULL;
    lq_explanation *x = NULL;
    lq_text *t = NULL;
    lq_scores sc;
    lq_error err;
    size_t i;

    lq_buf_init(&b);
    if (lq_analyze(analyzer, sm->text, sm->len, LQ_ANALYZE_REPLACE_INVALID, &doc, &err) != LQ_OK)
        putf(&b, "lq_analyze failed: %s\n", err.text);
    for (i = 0; doc && i < lq_document_quote_count(doc); i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        putf(&b, "Q %zu-%zu %d %d %d %ld %s|%s|%s|", q->start, q->end, (int)q->kind,
             (int)q->method, q->closed, q->speaker_index, q->speaker ? q->speaker : "-",
             q->role ? q->role : "-", q->cue ? q->cue : "-");
        put(&b, q->text, q->text_len);
        put_scores(&b, &q->scores);
        put(&b, "\n", 1);
    }
    for (i = 0; doc && i < lq_document_speaker_count(doc); i++) {
        const lq_speaker *s = lq_document_speaker(doc, i);
        putf(&b, "S %s|%s|%d|%zu\n", s->name, s->role ? s->role : "-", (int)s->kind,
             s->quote_count);
    }
    lq_document_free(doc);

    if (lq_score(lexicon, sm->text, sm->len, LQ_SENT_DEFAULT, &sc, &err) != LQ_OK)
        putf(&b, "lq_score failed: %s\n", err.text);
    put(&b, "score", 5);
    put_scores(&b, &sc);
    if (lq_score(lexicon, sm->text, sm->len, LQ_SENT_ALL, &sc, &err) != LQ_OK)
        putf(&b, "lq_score failed: %s\n", err.text);
    put_scores(&b, &sc);
    put(&b, "\n", 1);

    if (lq_explain(lexicon, sm->text, sm->len, LQ_SENT_FIXES, &x, &err) != LQ_OK)
        putf(&b, "lq_explain failed: %s\n", err.text);
    for (i = 0; x && i < lq_explanation_count(x); i++) {
        const lq_token *tk = lq_explanation_token(x, i);
        if (tk->rules)
            putf(&b, "T %s %zu %.17g %.17g %x\n", tk->text, tk->start, tk->valence,
                 tk->contribution, tk->rules);
    }
    lq_explanation_free(x);

    if (lq_normalize(sm->text, sm->len,
                     LQ_NORM_NFKC | LQ_NORM_CASEFOLD | LQ_NORM_ASCII_QUOTES |
                         LQ_NORM_REPLACE_INVALID,
                     &t, &err) != LQ_OK)
        putf(&b, "lq_normalize failed: %s\n", err.text);
    else
        putf(&b, "N %zu %zu %08x\n", lq_text_length(t), lq_text_replacements(t),
             (unsigned)lq_hash_bytes(lq_text_data(t), lq_text_length(t)));
    lq_text_free(t);
    {
        char *r = lq_buf_detach(&b, NULL);
        if (!r)
            abort();
        return r;
    }
}

static void add_sample(char *text, size_t len)
{
    if (n_samples < MAX_TEXTS) {
        samples[n_samples].text = text;
        samples[n_samples].len = len;
        n_samples++;
    } else {
        lq_dealloc(text);
    }
}

static void add_file(const char *path)
{
    char *data;
    size_t len;
    lq_error err;
    if (lq_read_file(path, &data, &len, &err) == LQ_OK)
        add_sample(data, len);
}

/* Texts written here, varied so that no two threads see the same bytes. */
static void add_generated(unsigned k)
{
    static const char *speakers[] = {"Mayor Ana Ruiz", "Dr Tom Baker", "the minister",
                                     "Lena Berg, a shop owner", "Police Chief Omar Said"};
    static const char *words[] = {"great", "terrible", "not bad", "VERY good", "kind of sad",
                                  "hopeless", "without doubt the best", "a disaster :("};
    lq_buf b;
    unsigned i;
    lq_buf_init(&b);
    for (i = 0; i < 6 + k % 5; i++) {
        char tmp[400];
        int n = snprintf(tmp, sizeof tmp,
                         "\xE2\x80\x9CThe plan is %s,\xE2\x80\x9D said %s. It\xE2\x80\x99s %s"
                         "%s \xE2\x80\x98%s\xE2\x80\x99\n\n",
                         words[(k + i) % 8], speakers[(k * 3 + i) % 5], words[(k + 2 * i) % 8],
                         (k + i) % 3 ? "!" : "?? \xC0", words[(i * 7 + k) % 8]);
        ck_assert_int_eq(lq_buf_append(&b, tmp, (size_t)n), 0);
    }
    {
        size_t len;
        char *text = lq_buf_detach(&b, &len);
        add_sample(text, len);
    }
}

static void setup(void)
{
    lq_analyzer_options o;
    lq_error err;
    char path[4096];
    DIR *d;
    unsigned k;

    ck_assert_msg(lq_lexicon_load(NULL, &lexicon, &err) == LQ_OK, "%s", err.text);
    memset(&o, 0, sizeof o);
    o.lexicon = lexicon;
    ck_assert_msg(lq_analyzer_new(&o, &analyzer, &err) == LQ_OK, "%s", err.text);

    snprintf(path, sizeof path, "%s/fixtures/faults-article.txt", SRCDIR);
    add_file(path);
    snprintf(path, sizeof path, "%s/examples/wire-story.txt", TOP_SRCDIR);
    add_file(path);
    for (k = 0; k < 24; k++)
        add_generated(k);
    /* The shared news corpus when it is there (read at test time only). */
    snprintf(path, sizeof path, "%s/../shared/corpora/news", TOP_SRCDIR);
    d = opendir(path);
    if (d) {
        struct dirent *e;
        char file[4096 + 256];
        while ((e = readdir(d)) != NULL && n_samples < MAX_TEXTS) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(file, sizeof file, "%s/%s", path, e->d_name);
            add_file(file);
        }
        closedir(d);
    } else {
        printf("note: %s not found; threads use the texts written here only\n", path);
    }
    for (k = 0; k < n_samples; k++) {
        samples[k].expect = describe(&samples[k]);
        ck_assert_msg(strstr(samples[k].expect, "failed:") == NULL, "text %u: %s", k,
                      samples[k].expect);
    }
}

static void teardown(void)
{
    size_t i;
    for (i = 0; i < n_samples; i++) {
        lq_dealloc(samples[i].text);
        lq_dealloc(samples[i].expect);
    }
    n_samples = 0;
    lq_analyzer_free(analyzer);
    lq_lexicon_free(lexicon);
    analyzer = NULL;
    lexicon = NULL;
}

typedef struct worker {
    pthread_t id;
    unsigned index;
    size_t checked;
    size_t mismatches;
    size_t first_bad;
} worker;

static void *work(void *p)
{
    worker *w = p;
    size_t r, i;
    for (r = 0; r < ROUNDS; r++) {
        for (i = 0; i < n_samples; i++) {
            /* Each thread starts somewhere else and walks its own order. */
            size_t k = (i * (2 * w->index + 1) + w->index * 7 + r) % n_samples;
            char *got = describe(&samples[k]);
            if (strcmp(got, samples[k].expect) != 0) {
                if (!w->mismatches)
                    w->first_bad = k;
                w->mismatches++;
            }
            w->checked++;
            lq_dealloc(got);
        }
    }
    return NULL;
}

START_TEST(test_shared_by_threads)
{
    worker w[N_THREADS];
    unsigned i;
    size_t total = 0;
    ck_assert_uint_gt(n_samples, 8);
    for (i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].index = i;
        ck_assert_int_eq(pthread_create(&w[i].id, NULL, work, &w[i]), 0);
    }
    for (i = 0; i < N_THREADS; i++) {
        ck_assert_int_eq(pthread_join(w[i].id, NULL), 0);
        ck_assert_msg(w[i].mismatches == 0,
                      "thread %u: %zu of %zu results differ from the single-thread run "
                      "(first: text %zu)",
                      i, w[i].mismatches, w[i].checked, w[i].first_bad);
        total += w[i].checked;
    }
    printf("%u threads, %zu texts, %zu results, all equal to the single-thread run\n",
           N_THREADS, n_samples, total);
}
END_TEST

/* Lexicons and analyzers are made and freed in parallel too: nothing in
   the loaders is global. */
static void *load_and_free(void *p)
{
    lq_lexicon *lex = NULL;
    lq_analyzer *az = NULL;
    lq_analyzer_options o;
    lq_error err;
    int *ok = p;
    *ok = 0;
    if (lq_lexicon_load(NULL, &lex, &err) != LQ_OK)
        return NULL;
    memset(&o, 0, sizeof o);
    o.lexicon = lex;
    if (lq_analyzer_new(&o, &az, &err) == LQ_OK) {
        double v1, v2;
        *ok = lq_lexicon_size(lex) == lq_lexicon_size(lexicon) &&
              lq_lexicon_lookup(lex, "good", 4, &v1) == lq_lexicon_lookup(lexicon, "good", 4, &v2);
    }
    lq_analyzer_free(az);
    lq_lexicon_free(lex);
    return NULL;
}

START_TEST(test_parallel_loading)
{
    pthread_t t[4];
    int ok[4];
    unsigned i;
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, load_and_free, &ok[i]), 0);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_msg(ok[i], "thread %u could not load the same lexicon and analyzer", i);
    }
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, test_shared_by_threads);
    tcase_add_test(tc, test_parallel_loading);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(threads_suite());
    int failed;
    setvbuf(stdout, NULL, _IOLBF, 0);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
