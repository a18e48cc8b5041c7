/* The sentiment engine: parity with the reference VADER on
   ../shared/reference/vader/cases.jsonl (skipped when ../shared is absent),
   every rule on sentences of our own with a small fixture lexicon,
   explanations, LQ_SENT_FIXES and LQ_SENT_NORMALIZE. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libquote.h"
#include "../libquote/sentiment.h"

#define VADER_DIR TOP_SRCDIR "/../shared/reference/vader"
#define FIXTURES SRCDIR "/fixtures"

static int have_shared(void)
{
    return access(VADER_DIR "/cases.jsonl", R_OK) == 0;
}

static lq_lexicon *load(const char *words, lq_lexicon_format wf, const char *emoji,
                        lq_emoji_format ef)
{
    lq_lexicon_options o;
    lq_lexicon *lex = NULL;
    lq_error err;
    memset(&o, 0, sizeof o);
    o.words_path = words;
    o.words_format = wf;
    o.emoji_path = emoji;
    o.emoji_format = ef;
    if (lq_lexicon_load(&o, &lex, &err) != LQ_OK)
        ck_abort_msg("loading %s: %s", words, err.text);
    return lex;
}

static lq_lexicon *load_vader(void)
{
    return load(VADER_DIR "/vader_lexicon.txt", LQ_LEX_VADER, VADER_DIR "/emoji_utf8_lexicon.txt",
                LQ_EMOJI_VADER);
}

/* Our own fixture lexicon: round valences so expected values can be worked
   out by hand. */
static lq_lexicon *load_small(void)
{
    return load(FIXTURES "/sentiment-small.tsv", LQ_LEX_TSV, FIXTURES "/sentiment-emoji.tsv",
                LQ_EMOJI_VADER);
}

static lq_scores score(const lq_lexicon *lex, const char *text, unsigned flags)
{
    lq_scores s;
    lq_error err;
    lq_status st = lq_score(lex, text, strlen(text), flags, &s, &err);
    ck_assert_msg(st == LQ_OK, "lq_score(%s): %s", text, err.text);
    return s;
}

/* ---- parity -------------------------------------------------------------------- */

START_TEST(test_parity)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, total = 0, matched = 0, shown = 0;
    ssize_t n;
    lq_lexicon *lex;
    if (!have_shared()) {
        printf("parity: SKIPPED (%s not found: ../shared is absent)\n", VADER_DIR);
        return;
    }
    lex = load_vader();
    f = fopen(VADER_DIR "/cases.jsonl", "r");
    ck_assert_ptr_nonnull(f);
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)n, 0, &jerr);
        const char *id, *text;
        size_t tlen;
        double want[4];
        lq_scores got;
        lq_error err;
        ck_assert_msg(o != NULL, "cases.jsonl line %zu: %s", total + 1, jerr.text);
        id = json_string_value(json_object_get(o, "id"));
        text = json_string_value(json_object_get(o, "text"));
        tlen = json_string_length(json_object_get(o, "text"));
        want[0] = json_number_value(json_object_get(o, "neg"));
        want[1] = json_number_value(json_object_get(o, "neu"));
        want[2] = json_number_value(json_object_get(o, "pos"));
        want[3] = json_number_value(json_object_get(o, "compound"));
        ck_assert_int_eq(lq_score(lex, text, tlen, 0, &got, &err), LQ_OK);
        total++;
        if (fabs(got.neg - want[0]) <= 1e-4 && fabs(got.neu - want[1]) <= 1e-4 &&
            fabs(got.pos - want[2]) <= 1e-4 && fabs(got.compound - want[3]) <= 1e-4) {
            matched++;
        } else if (shown++ < 25) {
            printf("MISMATCH %s: want %.3f %.3f %.3f %.4f got %.3f %.3f %.3f %.4f: %.120s\n", id,
                   want[0], want[1], want[2], want[3], got.neg, got.neu, got.pos, got.compound,
                   text);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    lq_lexicon_free(lex);
    printf("parity: %zu/%zu cases matched\n", matched, total);
    ck_assert_uint_gt(total, 0);
    ck_assert_uint_eq(matched, total);
}
END_TEST

/* ---- basics ------------------------------------------------------------------------ */

START_TEST(test_single_word)
{
    lq_lexicon *lex = load_small();
    lq_scores s = score(lex, "good", 0);
    /* 2 / sqrt(2*2 + 15) = 0.45883... ; pos = (2+1)/(2+1) */
    ck_assert_double_eq_tol(s.compound, 0.4588, 1e-9);
    ck_assert_double_eq_tol(s.pos, 1.0, 1e-9);
    ck_assert_double_eq_tol(s.neu, 0.0, 1e-9);
    ck_assert_double_eq_tol(s.neg, 0.0, 1e-9);
    s = score(lex, "", 0);
    ck_assert(s.neg == 0 && s.neu == 0 && s.pos == 0 && s.compound == 0);
    lq_lexicon_free(lex);
}
END_TEST

static Suite *sentiment_suite(void)
{
    Suite *s = suite_create("sentiment");
    TCase *tc = tcase_create("basics");
    tcase_add_test(tc, test_single_word);
    suite_add_tcase(s, tc);
    tc = tcase_create("parity");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_parity);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sentiment_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
