/* The sentiment engine: parity with the reference VADER on
   ../shared/reference/vader/cases.jsonl (skipped when ../shared is absent),
   every rule on sentences of our own with a small fixture lexicon,
   explanations, LQ_SENT_FIXES and LQ_SENT_NORMALIZE. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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


/* ---- rules, through explanations ----------------------------------------------------- */

static lq_explanation *explain(const lq_lexicon *lex, const char *text, unsigned flags)
{
    lq_explanation *x = NULL;
    lq_error err;
    lq_status st = lq_explain(lex, text, strlen(text), flags, &x, &err);
    ck_assert_msg(st == LQ_OK, "lq_explain(%s): %s", text, err.text);
    return x;
}

/* Token i of text must be `word` with this contribution and these rules. */
static void expect_token(const lq_lexicon *lex, const char *text, unsigned flags, size_t i,
                         const char *word, double contribution, unsigned rules)
{
    lq_explanation *x = explain(lex, text, flags);
    const lq_token *t = lq_explanation_token(x, i);
    lq_scores a = lq_explanation_scores(x), b = score(lex, text, flags);
    ck_assert_msg(t != NULL, "%s: no token %zu", text, i);
    ck_assert_str_eq(t->text, word);
    ck_assert_msg(fabs(t->contribution - contribution) < 1e-9, "%s: '%s' contributes %.17g, want %.17g",
                  text, word, t->contribution, contribution);
    ck_assert_msg(t->rules == rules, "%s: '%s' rules 0x%x, want 0x%x", text, word, t->rules, rules);
    /* the explanation's scores are lq_score's */
    ck_assert(a.neg == b.neg && a.neu == b.neu && a.pos == b.pos && a.compound == b.compound);
    lq_explanation_free(x);
}

#define LEX LQ_RULE_LEXICON

START_TEST(test_rule_negation)
{
    lq_lexicon *lex = load_small();
    expect_token(lex, "it is not good", 0, 3, "good", 2 * -0.74, LEX | LQ_RULE_NEGATED);
    expect_token(lex, "it isn't good", 0, 2, "good", 2 * -0.74, LEX | LQ_RULE_NEGATED);
    expect_token(lex, "not at all good", 0, 3, "good", 2 * -0.74, LEX | LQ_RULE_NEGATED);
    /* booster then negation two words back */
    expect_token(lex, "not very good", 0, 2, "good", (2 + 0.293) * -0.74,
                 LEX | LQ_RULE_BOOSTED | LQ_RULE_NEGATED);
    /* four words back is too far */
    expect_token(lex, "not that it was good", 0, 4, "good", 2, LEX);
    /* the curly apostrophe is no negation for the reference... */
    expect_token(lex, "it isn\xE2\x80\x99t good", 0, 2, "good", 2, LEX);
    /* ...but is once normalized */
    expect_token(lex, "it isn\xE2\x80\x99t good", LQ_SENT_NORMALIZE, 2, "good", 2 * -0.74,
                 LEX | LQ_RULE_NEGATED);
    /* "without a doubt" is not a negation; "without" alone is */
    expect_token(lex, "without a doubt good", 0, 3, "good", 2, LEX);
    expect_token(lex, "without a single good", 0, 3, "good", 2 * -0.74, LEX | LQ_RULE_NEGATED);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_boosters)
{
    lq_lexicon *lex = load_small();
    expect_token(lex, "very good", 0, 0, "very", 0, LQ_RULE_BOOSTER);
    expect_token(lex, "very good", 0, 1, "good", 2.293, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "slightly good", 0, 1, "good", 2 - 0.293, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "very bad", 0, 1, "bad", -2.293, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "very much good", 0, 2, "good", 2 + 0.293 * 0.95, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "very much so good", 0, 3, "good",
                 (2 + 0.293 + 0.293 * 0.9) * 1.25, LEX | LQ_RULE_BOOSTED | LQ_RULE_SO_THIS);
    /* a lexicon word in between gets no booster from it, but does not shield */
    expect_token(lex, "very fine good", 0, 2, "good", 2 + 0.293 * 0.95, LEX | LQ_RULE_BOOSTED);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_caps)
{
    lq_lexicon *lex = load_small();
    expect_token(lex, "GOOD day", 0, 0, "GOOD", 2.733, LEX | LQ_RULE_CAPS);
    expect_token(lex, "GOOD DAY", 0, 0, "GOOD", 2, LEX); /* all caps: no emphasis */
    expect_token(lex, "bad DAY", 0, 0, "bad", -2, LEX);
    expect_token(lex, "BAD day", 0, 0, "BAD", -2.733, LEX | LQ_RULE_CAPS);
    expect_token(lex, "VERY good day", 0, 1, "good", 2 + 0.293 + 0.733, LEX | LQ_RULE_BOOSTED);
    /* str.isupper() is Unicode-aware: "ÇA" is upper case, "ça" is not */
    expect_token(lex, "GOOD \xC3\xA7" "a", 0, 0, "GOOD", 2.733, LEX | LQ_RULE_CAPS);
    expect_token(lex, "GOOD \xC3\x87" "A", 0, 0, "GOOD", 2, LEX);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_but)
{
    lq_lexicon *lex = load_small();
    expect_token(lex, "good but bad", 0, 0, "good", 1.0, LEX | LQ_RULE_BUT);
    expect_token(lex, "good but bad", 0, 2, "bad", -3.0, LEX | LQ_RULE_BUT);
    /* only the first "but" counts */
    expect_token(lex, "good but bad but great", 0, 2, "bad", -3.0, LEX | LQ_RULE_BUT);
    expect_token(lex, "good but bad but great", 0, 4, "great", 4.5, LEX | LQ_RULE_BUT);
    /* the reference finds positions by value: the second "fine" (1) matches the
       halved "good" (2 -> 1) and halves it again, then the first "fine" */
    expect_token(lex, "good fine but fine", 0, 0, "good", 0.5, LEX | LQ_RULE_BUT);
    expect_token(lex, "good fine but fine", 0, 1, "fine", 0.5, LEX | LQ_RULE_BUT);
    expect_token(lex, "good fine but fine", 0, 3, "fine", 1, LEX);
    /* LQ_SENT_FIXES: by position */
    expect_token(lex, "good fine but fine", LQ_SENT_FIXES, 0, "good", 1.0, LEX | LQ_RULE_BUT);
    expect_token(lex, "good fine but fine", LQ_SENT_FIXES, 3, "fine", 1.5, LEX | LQ_RULE_BUT);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_kind_of_least_no)
{
    lq_lexicon *lex = load_small();
    expect_token(lex, "kind of good", 0, 0, "kind", 0, LQ_RULE_KIND_OF);
    expect_token(lex, "kind people", 0, 0, "kind", 1, LEX);
    /* from the fourth word on, "kind of" dampens like a booster */
    expect_token(lex, "it was kind of good", 0, 4, "good", 2 - 0.293, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "the least good", 0, 2, "good", 2 * -0.74, LEX | LQ_RULE_LEAST);
    expect_token(lex, "least good", 0, 1, "good", 2 * -0.74, LEX | LQ_RULE_LEAST);
    expect_token(lex, "at least good", 0, 2, "good", 2, LEX);
    /* "no" before a lexicon word: no valence of its own, negates the word */
    expect_token(lex, "no good", 0, 0, "no", 0, LEX | LQ_RULE_NO);
    expect_token(lex, "no good", 0, 1, "good", 2 * -0.74, LEX | LQ_RULE_NO | LQ_RULE_NEGATED);
    expect_token(lex, "no", 0, 0, "no", -1, LEX);
    expect_token(lex, "no way", 0, 0, "no", -1, LEX);
    /* "no X or Y": Y negated by "no" three words back */
    expect_token(lex, "no bad or good", 0, 3, "good", 2 * -0.74,
                 LEX | LQ_RULE_NO | LQ_RULE_NEGATED);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_so_this)
{
    lq_lexicon *lex = load_small();
    /* "so" right before a word with three words before it: x1.25 (precedence bug) */
    expect_token(lex, "the movie is so good", 0, 4, "good", 2.293 * 1.25,
                 LEX | LQ_RULE_BOOSTED | LQ_RULE_SO_THIS);
    expect_token(lex, "so good", 0, 1, "good", 2.293, LEX | LQ_RULE_BOOSTED);
    expect_token(lex, "the movie is so good", LQ_SENT_FIXES, 4, "good", 2.293,
                 LEX | LQ_RULE_BOOSTED);
    /* what the rule is for: "never so/this X" */
    expect_token(lex, "never so good", 0, 2, "good", 2.293 * 1.25,
                 LEX | LQ_RULE_BOOSTED | LQ_RULE_SO_THIS);
    /* the reference multiplies twice here: "never this" two back, then "this" right before */
    expect_token(lex, "it was never this good", 0, 4, "good", 2 * 1.25 * 1.25,
                 LEX | LQ_RULE_SO_THIS);
    expect_token(lex, "it was never this good", LQ_SENT_FIXES, 4, "good", 2 * 1.25,
                 LEX | LQ_RULE_SO_THIS);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_idioms)
{
    lq_lexicon *lex = load_small();
    /* "the bomb" replaces the valence, from the fourth word on */
    expect_token(lex, "he said the bomb", 0, 3, "bomb", 3, LEX | LQ_RULE_IDIOM);
    expect_token(lex, "the bomb", 0, 1, "bomb", -2, LEX);
    expect_token(lex, "the bomb", LQ_SENT_FIXES, 1, "bomb", 3, LEX | LQ_RULE_IDIOM);
    /* ... and only when the word three back is not a lexicon word */
    expect_token(lex, "good said the bomb", 0, 3, "bomb", -2, LEX);
    /* a phrase after the word */
    expect_token(lex, "he said my broken heart", 0, 3, "broken", -2.9, LEX | LQ_RULE_IDIOM);
    /* "to die for" never matches in the reference */
    expect_token(lex, "it is to die for", 0, 3, "die", -3, LEX);
    expect_token(lex, "it is to die for", LQ_SENT_FIXES, 3, "die", 3, LEX | LQ_RULE_IDIOM);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_punctuation)
{
    lq_lexicon *lex = load_small();
    lq_scores s;
    /* 2 + 0.292 per '!' (at most 4); '?' adds 0.18 each for 2-3, 0.96 for more */
    ck_assert_double_eq_tol(score(lex, "good!", 0).compound, 0.5093, 1e-9);
    ck_assert_double_eq_tol(score(lex, "good???", 0).compound, 0.5484, 1e-9);
    ck_assert_double_eq_tol(score(lex, "good????", 0).compound, 0.6072, 1e-9);
    ck_assert_double_eq_tol(score(lex, "good!!!!!!", 0).compound, 0.6331, 1e-9);
    ck_assert_double_eq_tol(score(lex, "good ?", 0).compound, 0.4588, 1e-9);
    ck_assert_double_eq_tol(score(lex, "bad!", 0).compound, -0.5093, 1e-9);
    /* punctuation only: tokens, all neutral */
    s = score(lex, "!!!", 0);
    ck_assert(s.compound == 0 && s.neu == 1.0);
    /* stripping: kept when 2 characters or fewer would remain ("ok," misses) */
    ck_assert_double_eq(score(lex, "ok,", 0).compound, 0);
    ck_assert_double_eq(score(lex, "ok", 0).compound, score(lex, "ok,", LQ_SENT_FIXES).compound);
    ck_assert_double_eq(score(lex, "(good)", 0).compound, score(lex, "good", 0).compound);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_whitespace)
{
    lq_lexicon *lex = load_small();
    /* str.split(): U+00A0, U+2028, U+3000, U+0085, U+001F separate; U+200B, U+FEFF do not */
    ck_assert_double_eq(score(lex, "good\xC2\xA0" "bad", 0).compound, 0);
    ck_assert_double_eq_tol(score(lex, "good\xC2\xA0" "bad", 0).neu, 0, 1e-9);
    {
        lq_explanation *x = explain(lex, "a\xE2\x80\xA8" "b\xE3\x80\x80" "c\xC2\x85" "d\x1F" "e", 0);
        ck_assert_uint_eq(lq_explanation_count(x), 5);
        lq_explanation_free(x);
        x = explain(lex, "good\xE2\x80\x8B" "bad x\xEF\xBB\xBFy", 0);
        ck_assert_uint_eq(lq_explanation_count(x), 2);
        lq_explanation_free(x);
    }
    ck_assert_double_eq(score(lex, " \t\r\n", 0).neu, 0); /* no tokens: all zero */
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_emoji)
{
    lq_lexicon *lex = load_small();
    lq_explanation *x;
    const lq_token *t;
    /* replaced by " smiling face": "smiling" scores 2 and carries the emoji's bytes */
    x = explain(lex, "wow\xF0\x9F\x98\x80", 0);
    ck_assert_uint_eq(lq_explanation_count(x), 3);
    t = lq_explanation_token(x, 1);
    ck_assert_str_eq(t->text, "smiling");
    ck_assert_uint_eq(t->start, 3);
    ck_assert_uint_eq(t->end, 7);
    ck_assert_uint_eq(t->rules, LEX | LQ_RULE_EMOJI);
    ck_assert_str_eq(lq_explanation_token(x, 0)->text, "wow");
    ck_assert_uint_eq(lq_explanation_token(x, 0)->end, 3);
    lq_explanation_free(x);
    /* no space after the description: it glues to the next word */
    x = explain(lex, "\xF0\x9F\x98\x80" "bad", 0);
    ck_assert_uint_eq(lq_explanation_count(x), 2);
    ck_assert_str_eq(lq_explanation_token(x, 1)->text, "facebad");
    lq_explanation_free(x);
    x = explain(lex, "\xF0\x9F\x98\x80" "bad", LQ_SENT_FIXES);
    ck_assert_uint_eq(lq_explanation_count(x), 3);
    lq_explanation_free(x);
    /* '!' of a description counts */
    ck_assert_double_eq_tol(score(lex, "\xF0\x9F\x99\x81", 0).compound, -0.5093, 1e-9);
    /* one code point at a time: U+FE0F stays and spoils "heart" */
    ck_assert_double_eq(score(lex, "\xE2\x9D\xA4\xEF\xB8\x8F", 0).compound, 0);
    ck_assert_double_eq_tol(score(lex, "\xE2\x9D\xA4", 0).compound, 0.25, 1e-9);
    ck_assert_double_eq_tol(score(lex, "\xE2\x9D\xA4\xEF\xB8\x8F", LQ_SENT_FIXES).compound, 0.25,
                            1e-9);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_emoji_unicode)
{
    lq_lexicon *lex = load(FIXTURES "/sentiment-small.tsv", LQ_LEX_TSV,
                           FIXTURES "/lexicon-emoji-test.txt", LQ_EMOJI_UNICODE);
    lq_explanation *x;
    /* whole sequences: variation selector and skin tone belong to the emoji */
    ck_assert_double_eq_tol(score(lex, "\xE2\x9D\xA4\xEF\xB8\x8F", 0).compound, 0.25, 1e-9);
    x = explain(lex, "so \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD ok", 0);
    ck_assert_uint_eq(lq_explanation_count(x), 7); /* so thumbs up: medium skin tone ok */
    ck_assert_str_eq(lq_explanation_token(x, 2)->text, "up:"); /* 2 letters: kept whole */
    ck_assert_uint_eq(lq_explanation_token(x, 2)->start, 3);
    ck_assert_uint_eq(lq_explanation_token(x, 2)->end, 11);
    lq_explanation_free(x);
    ck_assert_double_eq_tol(score(lex, "\xF0\x9F\x98\x80", 0).compound, 0.4588, 1e-9);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    lq_lexicon *lex = load_small();
    lq_explanation *x;
    /* scored as U+FFFD: "\xFFgood" is one token that misses the lexicon */
    ck_assert_double_eq(score(lex, "\xFFgood", 0).compound, 0);
    ck_assert_double_eq_tol(score(lex, "\xFF good", 0).compound, 0.4588, 1e-9);
    x = explain(lex, "\xE2\x80 good", 0);
    ck_assert_str_eq(lq_explanation_token(x, 0)->text, "\xEF\xBF\xBD");
    ck_assert_uint_eq(lq_explanation_token(x, 0)->start, 0);
    ck_assert_uint_eq(lq_explanation_token(x, 0)->end, 2);
    ck_assert_uint_eq(lq_explanation_token(x, 1)->start, 3);
    ck_assert_uint_eq(lq_explanation_token(x, 1)->end, 7);
    lq_explanation_free(x);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_normalize)
{
    lq_lexicon *lex = load_small();
    lq_explanation *x;
    const char *curly = "\xE2\x80\x9C" "good,\xE2\x80\x9D he said";
    /* curly marks are not stripped by the reference, so "good," misses... */
    ck_assert_double_eq(score(lex, curly, 0).compound, 0);
    /* ...and once normalized the word scores as in straight quotes */
    ck_assert_double_eq(score(lex, curly, LQ_SENT_NORMALIZE).compound,
                        score(lex, "\"good,\" he said", 0).compound);
    /* offsets point into the caller's bytes */
    x = explain(lex, curly, LQ_SENT_NORMALIZE);
    ck_assert_str_eq(lq_explanation_token(x, 0)->text, "good");
    ck_assert_uint_eq(lq_explanation_token(x, 0)->start, 3);
    ck_assert_uint_eq(lq_explanation_token(x, 0)->end, 7);
    ck_assert_uint_eq(lq_explanation_token(x, 1)->start, 12);
    ck_assert_uint_eq(lq_explanation_token(x, 2)->start, 15);
    lq_explanation_free(x);
    /* an en dash between words separates nothing, as a hyphen would not */
    ck_assert_double_eq(score(lex, "good\xE2\x80\x93" "bad", LQ_SENT_NORMALIZE).compound,
                        score(lex, "good-bad", 0).compound);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_api_errors)
{
    lq_lexicon *lex = load_small();
    lq_scores s;
    lq_explanation *x = (lq_explanation *)&x;
    lq_error err;
    ck_assert_int_eq(lq_score(NULL, "a", 1, 0, &s, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_score(lex, NULL, 1, 0, &s, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_score(lex, NULL, 0, 0, &s, &err), LQ_OK);
    ck_assert_int_eq(lq_score(lex, "a", 1, 0, NULL, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_score(lex, "a", 1, 1u << 5, &s, &err), LQ_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.text, "flag"));
    ck_assert_int_eq(lq_explain(lex, "a", 1, 1u << 7, &x, &err), LQ_EINVAL);
    ck_assert_ptr_null(x);
    ck_assert_uint_eq(lq_explanation_count(NULL), 0);
    ck_assert_ptr_null(lq_explanation_token(NULL, 0));
    x = explain(lex, "good", 0);
    ck_assert_ptr_null(lq_explanation_token(x, 1));
    lq_explanation_free(x);
    lq_explanation_free(NULL);
    lq_lexicon_free(lex);
}
END_TEST

START_TEST(test_rule_names)
{
    unsigned bit;
    const char *seen[32];
    size_t n = 0, i;
    for (bit = 1; bit <= LQ_RULE_BOOSTER; bit <<= 1) {
        const char *name = lq_rule_name(bit);
        ck_assert_msg(*name, "no name for rule 0x%x", bit);
        for (i = 0; i < n; i++)
            ck_assert_str_ne(seen[i], name);
        seen[n++] = name;
    }
    ck_assert_str_eq(lq_rule_name(LQ_RULE_NEGATED), "negated");
    ck_assert_str_eq(lq_rule_name(LQ_RULE_BOOSTER << 1), "");
    ck_assert_str_eq(lq_rule_name(LQ_RULE_NEGATED | LQ_RULE_BUT), "");
}
END_TEST

START_TEST(test_round)
{
    /* Python's round(): exact binary value, ties to even */
    ck_assert_double_eq(lq_round_places(0.5, 0), 0.0);
    ck_assert_double_eq(lq_round_places(1.5, 0), 2.0);
    ck_assert_double_eq(lq_round_places(2.5, 0), 2.0);
    ck_assert_double_eq(lq_round_places(2.675, 2), 2.67); /* 2.67499999... */
    ck_assert_double_eq(lq_round_places(0.125, 2), 0.12);
    ck_assert_double_eq(lq_round_places(0.375, 2), 0.38);
    ck_assert_double_eq(lq_round_places(0.0005, 3), 0.001);
    ck_assert_double_eq(lq_round_places(-0.0005, 3), -0.001);
    ck_assert_double_eq(lq_round_places(0.00015, 4), 0.0001);
    ck_assert_double_eq(lq_round_places(0.12345, 4), 0.1235);
    ck_assert_double_eq(lq_round_places(1e-5, 4), 0.0);
    /* large values: 2^40 + 0.5 is an exact tie, 2^40 + 1.5 too */
    ck_assert_double_eq(lq_round_places(1099511627776.5, 0), 1099511627776.0);
    ck_assert_double_eq(lq_round_places(1099511627777.5, 0), 1099511627778.0);
    ck_assert_double_eq(lq_round_places(123456789.0001, 2), 123456789.0);
}
END_TEST

START_TEST(test_long_text)
{
    lq_lexicon *lex = load_small();
    size_t n = 3000, i;
    char *text = malloc(n * 5 + 1);
    lq_scores s;
    for (i = 0; i < n; i++)
        memcpy(text + 5 * i, "good ", 5);
    text[n * 5] = '\0';
    s = score(lex, text, 0);
    ck_assert_double_eq(s.pos, 1.0);
    ck_assert_double_eq(s.compound, 1.0);
    memcpy(text, "BAD! ", 5); /* caps differ now; a '!' */
    s = score(lex, text, 0);
    ck_assert_double_eq_tol(s.neg, (2.733 + 1 + 0.292) / (2.733 + 1 + 0.292 + 3 * (n - 1)), 6e-4);
    free(text);
    lq_lexicon_free(lex);
}
END_TEST

/* The fast "but" re-weighting gives exactly what the reference's list.index()
   search gives, on lists full of repeated values. */
START_TEST(test_but_equivalence)
{
    static const double pool[] = {0.0, -0.0, 1.0, 2.0, 0.5, -1.0, -2.0, 1.5, 3.0, 0.25, 4.5, -3.0};
    unsigned seed = 12345;
    int round;
    for (round = 0; round < 400; round++) {
        size_t n = 65 + (size_t)(round * 7) % 300, i, bi;
        double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        unsigned *ra = calloc(n, sizeof *ra), *rb = calloc(n, sizeof *rb);
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = b[i] = pool[(seed >> 16) % (round % 3 == 0 ? 3 : 12)];
        }
        seed = seed * 1103515245u + 12345u;
        bi = (seed >> 16) % (n + 1); /* n: no "but" */
        ck_assert_int_eq(lq_but_weights(a, ra, n, bi, LQ_BUT_BY_VALUE), LQ_OK);
        ck_assert_int_eq(lq_but_weights(b, rb, n, bi, LQ_BUT_BY_VALUE_SCAN), LQ_OK);
        for (i = 0; i < n; i++) {
            ck_assert_msg(a[i] == b[i], "round %d, n %zu, bi %zu, index %zu: %g vs %g", round, n,
                          bi, i, a[i], b[i]);
            ck_assert_uint_eq(ra[i], rb[i]);
        }
        free(a);
        free(b);
        free(ra);
        free(rb);
    }
}
END_TEST

/* "good good ... good but": linear, not quadratic. */
START_TEST(test_but_long)
{
    lq_lexicon *lex = load_small();
    size_t n = 200000, i;
    char *text = malloc(n * 5 + 8);
    struct timespec a, b;
    double ms;
    lq_scores s;
    for (i = 0; i < n; i++)
        memcpy(text + 5 * i, "good ", 5);
    memcpy(text + 5 * n, "but", 4);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    s = score(lex, text, 0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    printf("'good' x %zu + 'but': %.1f ms\n", n, ms);
    ck_assert_double_eq(s.compound, 1.0);
    ck_assert_msg(ms < 2000, "%.0f ms", ms);
    free(text);
    lq_lexicon_free(lex);
}
END_TEST

/* ---- threads and allocation failures --------------------------------------------------- */

static const char *thread_texts[] = {
    "it is not very good", "GOOD but bad!!", "the movie is so good", "no good or bad",
    "\xF0\x9F\x98\x80 wow\xE2\x9D\xA4\xEF\xB8\x8F", "he said the bomb", "\xE2\x80\x9Cgood,\xE2\x80\x9D he said",
};
#define NTEXTS (sizeof thread_texts / sizeof thread_texts[0])

typedef struct thread_job {
    const lq_lexicon *lex;
    lq_scores want[NTEXTS][4];
    int mismatches;
} thread_job;

static void *score_many(void *arg)
{
    thread_job *job = arg;
    int rep;
    size_t i;
    unsigned f;
    for (rep = 0; rep < 300; rep++)
        for (i = 0; i < NTEXTS; i++)
            for (f = 0; f < 4; f++) {
                lq_scores s;
                lq_explanation *x = NULL;
                if (lq_score(job->lex, thread_texts[i], strlen(thread_texts[i]), f, &s, NULL) != LQ_OK ||
                    memcmp(&s, &job->want[i][f], sizeof s) != 0)
                    job->mismatches++;
                if (rep % 50 == 0) {
                    if (lq_explain(job->lex, thread_texts[i], strlen(thread_texts[i]), f, &x, NULL) != LQ_OK)
                        job->mismatches++;
                    lq_explanation_free(x);
                }
            }
    return NULL;
}

/* One lexicon shared by several threads gives every thread the results of a
   single thread (run under ThreadSanitizer to check for races too). */
START_TEST(test_threads)
{
    lq_lexicon *lex = load_small();
    thread_job jobs[4];
    pthread_t th[4];
    size_t i, k;
    unsigned f;
    for (k = 0; k < 4; k++) {
        jobs[k].lex = lex;
        jobs[k].mismatches = 0;
        for (i = 0; i < NTEXTS; i++)
            for (f = 0; f < 4; f++)
                jobs[k].want[i][f] = score(lex, thread_texts[i], f);
    }
    for (k = 0; k < 4; k++)
        ck_assert_int_eq(pthread_create(&th[k], NULL, score_many, &jobs[k]), 0);
    for (k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        ck_assert_int_eq(jobs[k].mismatches, 0);
    }
    lq_lexicon_free(lex);
}
END_TEST

#ifdef LQ_FAULT_INJECTION
/* Every allocation of scoring and explaining can fail cleanly: a long text
   (heap scratch), emoji and invalid bytes (prepared copy), normalization. */
START_TEST(test_oom)
{
    lq_lexicon *lex = load_small();
    size_t n = 4000, i, k;
    char *text = malloc(n + 16);
    unsigned flags[] = {0, LQ_SENT_NORMALIZE};
    for (i = 0; i < n; i++)
        text[i] = "good bad \xF0\x9F\x98\x80 \xFF "[i % 16];
    text[n] = '\0';
    for (i = 0; i < 2; i++) {
        for (k = 0;; k++) {
            lq_explanation *x = NULL;
            lq_scores s;
            lq_status st, st2;
            lq_alloc_fail_at(k);
            st = lq_explain(lex, text, n, flags[i], &x, NULL);
            lq_alloc_fail_at(k);
            st2 = lq_score(lex, text, n, flags[i], &s, NULL);
            lq_alloc_fail_at(SIZE_MAX);
            lq_explanation_free(x);
            if (st == LQ_OK && st2 == LQ_OK)
                break;
            ck_assert(st == LQ_OK || st == LQ_ENOMEM);
            ck_assert(st2 == LQ_OK || st2 == LQ_ENOMEM);
            ck_assert(st != LQ_OK || x != NULL);
            ck_assert(k < 10000);
        }
    }
    free(text);
    lq_lexicon_free(lex);
}
END_TEST
#endif

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
    tcase_add_test(tc, test_punctuation);
    tcase_add_test(tc, test_whitespace);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_api_errors);
    tcase_add_test(tc, test_round);
    tcase_add_test(tc, test_long_text);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_test(tc, test_rule_negation);
    tcase_add_test(tc, test_rule_boosters);
    tcase_add_test(tc, test_rule_caps);
    tcase_add_test(tc, test_rule_but);
    tcase_add_test(tc, test_but_equivalence);
    tcase_add_test(tc, test_but_long);
    tcase_add_test(tc, test_rule_kind_of_least_no);
    tcase_add_test(tc, test_rule_so_this);
    tcase_add_test(tc, test_rule_idioms);
    tcase_add_test(tc, test_rule_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("emoji and typography");
    tcase_add_test(tc, test_emoji);
    tcase_add_test(tc, test_emoji_unicode);
    tcase_add_test(tc, test_normalize);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads and failures");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_threads);
#ifdef LQ_FAULT_INJECTION
    tcase_add_test(tc, test_oom);
#endif
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
