/* Lexicon loading: formats and their detection, lookups, duplicates, the
   emoji formats, every loader error (with its line and file name), load time. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libquote.h"
#include "../libquote/private.h"

#define VADER_DIR TOP_SRCDIR "/../shared/reference/vader"
#define FIXTURES SRCDIR "/fixtures"

static lq_status try_load(const char *words, lq_lexicon_format wf, lq_lexicon **lex, lq_error *err)
{
    lq_lexicon_options o;
    memset(&o, 0, sizeof o);
    o.words_path = words;
    o.words_format = wf;
    o.emoji_path = FIXTURES "/sentiment-emoji.tsv";
    o.emoji_format = LQ_EMOJI_VADER;
    return lq_lexicon_load(&o, lex, err);
}

static lq_lexicon *must_load(const char *words, lq_lexicon_format wf)
{
    lq_lexicon *lex = NULL;
    lq_error err;
    lq_status st = try_load(words, wf, &lex, &err);
    ck_assert_msg(st == LQ_OK, "%s: %s", words, err.text);
    return lex;
}

static double valence(const lq_lexicon *lex, const char *w)
{
    double v = -99;
    ck_assert_msg(lq_lexicon_lookup(lex, w, strlen(w), &v) == 1, "'%s' not found", w);
    return v;
}

/* The load must fail with code at line, naming the file and saying why. */
static void expect_error(const char *file, lq_lexicon_format wf, lq_status code, size_t line,
                         const char *why)
{
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_error err;
    lq_status st = try_load(file, wf, &lex, &err);
    ck_assert_msg(st == code, "%s: status %d, want %d (%s)", file, st, code, err.text);
    ck_assert_ptr_null(lex);
    ck_assert_int_eq(err.code, code);
    ck_assert_uint_eq(err.line, line);
    ck_assert_msg(strstr(err.text, strrchr(file, '/') + 1) != NULL, "no file name in '%s'",
                  err.text);
    ck_assert_msg(strstr(err.text, why) != NULL, "'%s' does not say '%s'", err.text, why);
}

/* ---- formats ------------------------------------------------------------------ */

START_TEST(test_tsv)
{
    lq_lexicon *lex = must_load(FIXTURES "/sentiment-small.tsv", LQ_LEX_AUTO);
    double v;
    ck_assert_uint_eq(lq_lexicon_size(lex), 15);
    ck_assert_double_eq(valence(lex, "good"), 2.0);
    ck_assert_double_eq(valence(lex, "GOOD"), 2.0); /* lookups are lower-cased */
    ck_assert_double_eq(valence(lex, "Awful"), -3.0);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "goo", 3, &v), 0);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "good!", 5, &v), 0);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "goodx", 4, &v), 1); /* length counts */
    /* rule-list words are in the map but have no valence */
    ck_assert_int_eq(lq_lexicon_lookup(lex, "very", 4, &v), 0);
    ck_assert_int_eq(lq_lexicon_lookup(lex, NULL, 0, &v), 0);
    ck_assert_int_eq(lq_lexicon_lookup(NULL, "good", 4, &v), 0);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "\xff", 1, &v), 0);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_afinn)
{
    /* detected: integers, one outside -4..+4; scaled by 0.8 */
    lq_lexicon *lex = must_load(FIXTURES "/lexicon-afinn.txt", LQ_LEX_AUTO);
    ck_assert_double_eq_tol(valence(lex, "superb"), 4.0, 1e-12);
    ck_assert_double_eq_tol(valence(lex, "abandon"), -1.6, 1e-12);
    ck_assert_double_eq_tol(valence(lex, "can't stand"), -2.4, 1e-12);
    lq_lexicon_free(lex);
    /* named by a header comment */
    lex = must_load(FIXTURES "/lexicon-format-header.txt", LQ_LEX_AUTO);
    ck_assert_double_eq_tol(valence(lex, "good"), 1.6, 1e-12);
    lq_lexicon_free(lex);
    /* named by the caller: the same integers as plain valences */
    lex = must_load(FIXTURES "/lexicon-format-header.txt", LQ_LEX_TSV);
    ck_assert_double_eq_tol(valence(lex, "good"), 2.0, 1e-12);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_vader_format)
{
    lq_lexicon *lex = must_load(FIXTURES "/lexicon-vader.txt", LQ_LEX_AUTO);
    /* duplicates: the last line wins, as in the reference */
    ck_assert_double_eq(valence(lex, "good"), 2.0);
    /* a key with capitals never replaces its lower-case twin, whatever the order */
    ck_assert_double_eq(valence(lex, "nice"), 1.0);
    /* a key with capitals and no twin is stored lower-cased */
    ck_assert_double_eq(valence(lex, "zap"), 2.5);
    /* no comments in the VADER format: "#hash" is a token */
    ck_assert_double_eq(valence(lex, "#hash"), 1.5);
    ck_assert_uint_eq(lq_lexicon_size(lex), 4);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_crlf_bom)
{
    lq_lexicon *lex = must_load(FIXTURES "/lexicon-crlf-bom.tsv", LQ_LEX_AUTO);
    ck_assert_uint_eq(lq_lexicon_size(lex), 2);
    ck_assert_double_eq(valence(lex, "good"), 2.0);
    ck_assert_double_eq(valence(lex, "bad"), -2.5);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_vader_lexicon)
{
    lq_lexicon *lex;
    double v = 0, t0, best = 1e9;
    int i;
    if (access(VADER_DIR "/vader_lexicon.txt", R_OK) != 0) {
        printf("vader lexicon: SKIPPED (../shared is absent)\n");
        return;
    }
    lex = must_load(VADER_DIR "/vader_lexicon.txt", LQ_LEX_AUTO);
    /* 7,506 distinct keys; lower-casing merges 12 of them with their twins. */
    ck_assert_uint_eq(lq_lexicon_size(lex), 7494);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "GOOD", 4, &v), 1);
    ck_assert_double_eq_tol(v, 1.9, 1e-12);
    ck_assert_double_eq_tol(valence(lex, "lol"), 1.8, 1e-12); /* duplicate: last wins */
    ck_assert_double_eq_tol(valence(lex, ":D"), valence(lex, ":d"), 1e-12);
    lq_lexicon_free(lex);
    for (i = 0; i < 5; i++) {
        struct timespec a, b;
        lq_lexicon_options o;
        memset(&o, 0, sizeof o);
        o.words_path = VADER_DIR "/vader_lexicon.txt";
        o.words_format = LQ_LEX_VADER;
        o.emoji_path = VADER_DIR "/emoji_utf8_lexicon.txt";
        o.emoji_format = LQ_EMOJI_VADER;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
        ck_assert_int_eq(lq_lexicon_load(&o, &lex, NULL), LQ_OK);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
        lq_lexicon_free(lex);
        t0 = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (t0 < best)
            best = t0;
    }
    printf("VADER word + emoji lexicons load in %.2f ms (CPU, best of 5)\n", best);
    ck_assert_msg(best < 100, "loading took %.1f ms", best);
}
END_TEST

START_TEST(test_default_lexicon)
{
    /* NULL paths: lexicons/en-sentiment.tsv and Unicode's emoji-test.txt */
    lq_lexicon *lex = NULL;
    lq_error err;
    ck_assert_msg(lq_lexicon_load(NULL, &lex, &err) == LQ_OK, "%s", err.text);
    ck_assert_uint_gt(lq_lexicon_size(lex), 3000);
    lq_lexicon_free(lex);
}
END_TEST

/* ---- errors -------------------------------------------------------------------- */

START_TEST(test_errors)
{
    expect_error(FIXTURES "/lexicon-missing-field.tsv", LQ_LEX_TSV, LQ_EFORMAT, 2, "two");
    expect_error(FIXTURES "/lexicon-not-number.tsv", LQ_LEX_AUTO, LQ_EFORMAT, 2, "not a number");
    expect_error(FIXTURES "/lexicon-out-of-range.tsv", LQ_LEX_TSV, LQ_EFORMAT, 2, "-4..+4");
    expect_error(FIXTURES "/lexicon-duplicate.tsv", LQ_LEX_TSV, LQ_EFORMAT, 3, "duplicate token 'good'");
    expect_error(FIXTURES "/lexicon-duplicate.tsv", LQ_LEX_TSV, LQ_EFORMAT, 3, "line 1");
    expect_error(FIXTURES "/lexicon-bad-utf8.tsv", LQ_LEX_TSV, LQ_EUTF8, 2, "UTF-8");
    expect_error(FIXTURES "/lexicon-empty-token.tsv", LQ_LEX_TSV, LQ_EFORMAT, 2, "empty token");
    expect_error(FIXTURES "/lexicon-three-fields.tsv", LQ_LEX_TSV, LQ_EFORMAT, 1, "two");
    expect_error(FIXTURES "/lexicon-afinn-range.txt", LQ_LEX_AFINN, LQ_EFORMAT, 2, "-5..+5");
    expect_error(FIXTURES "/lexicon-afinn-float.txt", LQ_LEX_AFINN, LQ_EFORMAT, 2, "integer");
    expect_error(FIXTURES "/lexicon-afinn-duplicate.txt", LQ_LEX_AFINN, LQ_EFORMAT, 3, "duplicate");
    expect_error(FIXTURES "/lexicon-missing-field.tsv", LQ_LEX_VADER, LQ_EFORMAT, 2, "mean");
}
END_TEST

START_TEST(test_error_io_and_args)
{
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_lexicon_options o;
    lq_error err;
    ck_assert_int_eq(try_load(FIXTURES "/no-such-lexicon.tsv", LQ_LEX_TSV, &lex, &err), LQ_EIO);
    ck_assert_ptr_null(lex);
    ck_assert_ptr_nonnull(strstr(err.text, "no-such-lexicon.tsv"));
    ck_assert_int_eq(lq_lexicon_load(NULL, NULL, &err), LQ_EINVAL);
    memset(&o, 0, sizeof o);
    o.words_format = (lq_lexicon_format)7;
    ck_assert_int_eq(lq_lexicon_load(&o, &lex, &err), LQ_EINVAL);
    /* rule lists live in the data directory */
    memset(&o, 0, sizeof o);
    o.words_path = FIXTURES "/sentiment-small.tsv";
    o.datadir = FIXTURES;
    ck_assert_int_eq(lq_lexicon_load(&o, &lex, &err), LQ_EIO);
    ck_assert_ptr_nonnull(strstr(err.text, "vader-boosters.txt"));
    lq_lexicon_free(NULL);
    ck_assert_uint_eq(lq_lexicon_size(NULL), 0);
}
END_TEST

START_TEST(test_emoji_files)
{
    lq_lexicon_options o;
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_error err;
    memset(&o, 0, sizeof o);
    o.words_path = FIXTURES "/sentiment-small.tsv";
    o.emoji_path = FIXTURES "/lexicon-emoji-bad.txt";
    o.emoji_format = LQ_EMOJI_UNICODE;
    ck_assert_int_eq(lq_lexicon_load(&o, &lex, &err), LQ_EFORMAT);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.text, "lexicon-emoji-bad.txt"));
    ck_assert_ptr_null(lex);
    o.emoji_path = FIXTURES "/lexicon-emoji-test.txt";
    o.emoji_format = LQ_EMOJI_AUTO; /* detected */
    ck_assert_msg(lq_lexicon_load(&o, &lex, &err) == LQ_OK, "%s", err.text);
    lq_lexicon_free(lex);
    o.emoji_path = FIXTURES "/sentiment-small.tsv"; /* words, not emoji: still TAB pairs */
    o.emoji_format = LQ_EMOJI_UNICODE;
    ck_assert_int_eq(lq_lexicon_load(&o, &lex, &err), LQ_EFORMAT);
}
END_TEST

#ifdef LQ_FAULT_INJECTION
START_TEST(test_load_oom)
{
    size_t k;
    for (k = 0;; k++) {
        lq_lexicon *lex = NULL;
        lq_status st;
        lq_alloc_fail_at(k);
        st = try_load(FIXTURES "/sentiment-small.tsv", LQ_LEX_TSV, &lex, NULL);
        lq_alloc_fail_at(SIZE_MAX);
        if (st == LQ_OK) {
            lq_lexicon_free(lex);
            break;
        }
        ck_assert_int_eq(st, LQ_ENOMEM);
        ck_assert_ptr_null(lex);
    }
    ck_assert_uint_gt(k, 5);
}
END_TEST
#endif

static Suite *lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, test_tsv);
    tcase_add_test(tc, test_afinn);
    tcase_add_test(tc, test_vader_format);
    tcase_add_test(tc, test_crlf_bom);
    tcase_add_test(tc, test_vader_lexicon);
    tcase_add_test(tc, test_default_lexicon);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_error_io_and_args);
    tcase_add_test(tc, test_emoji_files);
#ifdef LQ_FAULT_INJECTION
    tcase_add_test(tc, test_load_oom);
#endif
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lexicon_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
