/* Lexicon loading: formats, detection, lookups, and every loader error. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libquote.h"

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

START_TEST(test_vader_lexicon)
{
    lq_lexicon *lex = NULL;
    lq_error err;
    double v = 0;
    if (access(VADER_DIR "/vader_lexicon.txt", R_OK) != 0) {
        printf("vader lexicon: SKIPPED (../shared is absent)\n");
        return;
    }
    ck_assert_int_eq(try_load(VADER_DIR "/vader_lexicon.txt", LQ_LEX_AUTO, &lex, &err), LQ_OK);
    /* 7,506 distinct keys; lower-casing merges 12 of them with their twins. */
    ck_assert_uint_eq(lq_lexicon_size(lex), 7494);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "GOOD", 4, &v), 1);
    ck_assert_double_eq_tol(v, 1.9, 1e-12);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_missing_file)
{
    lq_lexicon *lex = (lq_lexicon *)1;
    lq_error err;
    ck_assert_int_eq(try_load(FIXTURES "/no-such-lexicon.tsv", LQ_LEX_TSV, &lex, &err), LQ_EIO);
    ck_assert_ptr_null(lex);
    ck_assert_ptr_nonnull(strstr(err.text, "no-such-lexicon.tsv"));
}
END_TEST

static Suite *lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, test_vader_lexicon);
    tcase_add_test(tc, test_missing_file);
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
