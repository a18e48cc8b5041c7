/* Attribution and the document API (analyze.c, attribution.c, mentions.c,
   tokens.c, wordlists.c): every construction of the sieve on our fixtures,
   quote styles, hostile input, the API's contract, and the reference article
   ../shared/seed/kazakhstan-election.txt (skipped when absent). */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"

static lq_analyzer *az;

static void setup(void)
{
    lq_error err;
    ck_assert_msg(lq_analyzer_new(NULL, &az, &err) == LQ_OK, "analyzer: %s", err.text);
}

static void teardown(void)
{
    lq_analyzer_free(az);
    az = NULL;
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    lq_error err;
    if (lq_read_file(path, &data, len, &err) != LQ_OK)
        return NULL;
    return data;
}

static lq_document *analyze_str(const char *text)
{
    lq_document *doc = NULL;
    lq_error err;
    lq_status s = lq_analyze(az, text, strlen(text), 0, &doc, &err);
    ck_assert_msg(s == LQ_OK, "lq_analyze: %s", err.text);
    return doc;
}

static lq_document *analyze_fixture(const char *name, char **text_out)
{
    char path[1024];
    size_t len;
    char *text;
    lq_document *doc = NULL;
    lq_error err;
    snprintf(path, sizeof path, "%s/fixtures/%s", SRCDIR, name);
    text = slurp(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    ck_assert_msg(lq_analyze(az, text, len, 0, &doc, &err) == LQ_OK, "%s: %s", name, err.text);
    if (text_out)
        *text_out = text;
    else
        lq_dealloc(text);
    return doc;
}

/* The quote whose content starts with prefix (NULL when none). */
static const lq_quote *find(const lq_document *doc, const char *prefix)
{
    size_t i, n = strlen(prefix);
    for (i = 0; i < lq_document_quote_count(doc); i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        if (q->text_len >= n && memcmp(q->text, prefix, n) == 0)
            return q;
    }
    return NULL;
}

static int streq(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Assert speaker, role (NULL: none expected; "*": not checked), kind and method. */
static void expect(const lq_document *doc, const char *prefix, const char *speaker,
                   const char *role, lq_quote_kind kind, lq_method method)
{
    const lq_quote *q = find(doc, prefix);
    ck_assert_msg(q != NULL, "no quote starts with [%s]", prefix);
    ck_assert_msg(streq(q->speaker, speaker), "[%s]: speaker [%s], want [%s]", prefix,
                  q->speaker ? q->speaker : "(null)", speaker ? speaker : "(null)");
    if (!role || strcmp(role, "*") != 0)
        ck_assert_msg(streq(q->role, role), "[%s]: role [%s], want [%s]", prefix,
                      q->role ? q->role : "(null)", role ? role : "(null)");
    ck_assert_msg(q->kind == kind, "[%s]: kind %s, want %s", prefix, lq_quote_kind_name(q->kind),
                  lq_quote_kind_name(kind));
    ck_assert_msg(q->method == method, "[%s]: method %s, want %s", prefix,
                  lq_method_name(q->method), lq_method_name(method));
}

static void expect_cue(const lq_document *doc, const char *prefix, const char *cue)
{
    const lq_quote *q = find(doc, prefix);
    ck_assert_msg(q != NULL, "no quote starts with [%s]", prefix);
    ck_assert_msg(streq(q->cue, cue), "[%s]: cue [%s], want [%s]", prefix,
                  q->cue ? q->cue : "(null)", cue ? cue : "(null)");
}

static const lq_speaker *speaker_named(const lq_document *doc, const char *name)
{
    size_t i;
    for (i = 0; i < lq_document_speaker_count(doc); i++)
        if (strcmp(lq_document_speaker(doc, i)->name, name) == 0)
            return lq_document_speaker(doc, i);
    return NULL;
}

/* Every quote: offsets in range, covering its marks, content matching. */
static void check_invariants(const char *text, size_t len, const lq_document *doc)
{
    size_t i, prev_end = 0;
    for (i = 0; i < lq_document_quote_count(doc); i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        ck_assert_uint_le(q->start, q->end);
        ck_assert_uint_le(q->end, len);
        ck_assert_uint_ge(q->start, prev_end);
        ck_assert(q->text != NULL);
        ck_assert_uint_eq(strlen(q->text), q->text_len);
        ck_assert(q->kind <= LQ_QUOTE_OTHER);
        ck_assert(q->method <= LQ_ATTR_ECHO);
        if (q->speaker_index >= 0) {
            const lq_speaker *s = lq_document_speaker(doc, (size_t)q->speaker_index);
            ck_assert(s != NULL);
            ck_assert_str_eq(s->name, q->speaker);
        } else {
            ck_assert(q->speaker == NULL);
        }
        prev_end = q->end;
        (void)text;
    }
}

/* ---- constructions ------------------------------------------------------ */

START_TEST(test_cue_adjacent)
{
    char *text;
    lq_document *doc = analyze_fixture("attr-constructions.txt", &text);
    /* “…,” said X, a deckhand from … */
    expect(doc, "We got a fair deal", "Marta Lindqvist", "deckhand", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    expect_cue(doc, "We got a fair deal", "said");
    /* “…,” role X told reporters */
    expect(doc, "The crews held", "Pavel Dusek", "union organiser", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    expect_cue(doc, "The crews held", "told");
    /* X said: “…” */
    expect(doc, "The timetable", "Ines Calloway", "*", LQ_QUOTE_FULL, LQ_ATTR_CUE_ADJACENT);
    /* Ms X said that “…” (a fragment), Ms Calloway is the Ines Calloway of before */
    expect(doc, "every crossing", "Ines Calloway", "*", LQ_QUOTE_PARTIAL, LQ_ATTR_CUE_ADJACENT);
    /* surname alone -> the canonical first mention */
    expect(doc, "It was a long", "Marta Lindqvist", "deckhand", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    /* pre-name title */
    expect(doc, "This settlement", "Ruth Aldane", "Mayor", LQ_QUOTE_FULL, LQ_ATTR_CUE_ADJACENT);
    /* "A former ferry captain, Erik Solberg, said:" */
    expect(doc, "The sea does not", "Erik Solberg", "former ferry captain", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    /* said Dusek (inverted, surname) */
    expect(doc, "The strike taught", "Pavel Dusek", "union organiser", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    check_invariants(text, strlen(text), doc);
    lq_document_free(doc);
    lq_dealloc(text);
}
END_TEST

START_TEST(test_according_to_and_organisations)
{
    lq_document *doc = analyze_fixture("attr-constructions.txt", NULL);
    const lq_speaker *s;
    expect(doc, "the dispute cost", "the Ferry Operators Association", NULL, LQ_QUOTE_FULL,
           LQ_ATTR_ACCORDING_TO);
    expect_cue(doc, "the dispute cost", "according to");
    /* reported speech with partial quotes, and a second verb sharing the subject */
    expect(doc, "set the tone", "The Ministry of Transport", NULL, LQ_QUOTE_PARTIAL,
           LQ_ATTR_REPORTED);
    expect(doc, "copycat", "The Ministry of Transport", NULL, LQ_QUOTE_PARTIAL,
           LQ_ATTR_REPORTED);
    expect_cue(doc, "copycat", "warned");
    s = speaker_named(doc, "The Ministry of Transport");
    ck_assert(s != NULL);
    ck_assert_int_eq(s->kind, LQ_SPEAKER_ORGANIZATION);
    ck_assert_uint_eq(s->quote_count, 2);
    /* "It added that …": "it" is the most recent organisation */
    expect(doc, "no jobs will be lost", "the Halden Ferry Company", NULL, LQ_QUOTE_PARTIAL,
           LQ_ATTR_PRONOUN);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_pronouns_continuations_previous_sentence)
{
    lq_document *doc = analyze_fixture("attr-constructions.txt", NULL);
    const lq_speaker *s;
    expect(doc, "I never doubted", "Pavel Dusek", "union organiser", LQ_QUOTE_FULL,
           LQ_ATTR_PRONOUN);
    expect_cue(doc, "I never doubted", "added");
    /* a paragraph that is only a quote, after a quote by X */
    expect(doc, "My children asked", "Marta Lindqvist", "deckhand", LQ_QUOTE_CONTINUATION,
           LQ_ATTR_CONTINUATION);
    /* the second sentence of a paragraph, after "…," X said. */
    expect(doc, "It also protects", "Ruth Aldane", "Mayor", LQ_QUOTE_CONTINUATION,
           LQ_ATTR_CONTINUATION);
    /* a multi-paragraph quote (each paragraph reopens, the last closes) */
    expect(doc, "First, the crews", "Pavel Dusek", "union organiser", LQ_QUOTE_CONTINUATION,
           LQ_ATTR_CONTINUATION);
    ck_assert(strstr(find(doc, "First, the crews")->text, "Second, the islands") != NULL);
    /* speaker introduced in the sentence before */
    expect(doc, "Nobody asked", "Olav Brenna", "63-year-old fisherman", LQ_QUOTE_FULL,
           LQ_ATTR_PREVIOUS_SENTENCE);
    s = speaker_named(doc, "Pavel Dusek");
    ck_assert(s != NULL);
    ck_assert_str_eq(s->role, "union organiser");
    ck_assert_uint_eq(s->quote_count, 4);
    ck_assert_int_eq(s->kind, LQ_SPEAKER_PERSON);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_other_and_headlines)
{
    lq_document *doc = analyze_fixture("attr-constructions.txt", NULL);
    const lq_speaker *s;
    /* a nickname: no speech cue, no speaker */
    expect(doc, "Iron Lady", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    /* the section rule echoes a body quote: its speaker, kind other, not a new speaker */
    expect(doc, "A fair deal", "Marta Lindqvist", "deckhand", LQ_QUOTE_OTHER, LQ_ATTR_ECHO);
    s = speaker_named(doc, "Marta Lindqvist");
    ck_assert(s != NULL);
    ck_assert_uint_eq(s->quote_count, 3); /* the echo is not counted */
    lq_document_free(doc);

    /* a role given where the name is first mentioned, outside any attribution */
    doc = analyze_str("The bottle was thrown by musician Kristin King at a party.\n\n"
                      "“It was angry,” said Ms King.\n");
    expect(doc, "It was angry", "Kristin King", "musician", LQ_QUOTE_FULL, LQ_ATTR_CUE_ADJACENT);
    lq_document_free(doc);

    /* a headline with no body quote to echo: other, no speaker */
    doc = analyze_str("Minister rejects ‘betrayal’ charge\n\nThe minister spoke on Monday.\n");
    ck_assert_uint_eq(lq_document_quote_count(doc), 1);
    expect(doc, "betrayal", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_reported_rules)
{
    lq_document *doc;
    /* a reporting verb whose subject is a long appositive the parser cannot
       resolve still reports words: partial speech, speaker unknown */
    doc = analyze_str("Even Norway, the closest partner and its main trading link to the "
                      "region, said it was \"firmly against\" the plan.\n");
    expect(doc, "firmly against", NULL, NULL, LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    expect_cue(doc, "firmly against", "said");
    lq_document_free(doc);

    /* a Title Case name in a noun's place is a programme or a work, not speech,
       even when a cue follows it */
    doc = analyze_str("In an interview on Channel Nine's \"Morning Harbour,\" the minister "
                      "said the ferry would run again. She later told the \"Coastal Voices\" "
                      "podcast that \"nobody wants to wait another winter.\"\n");
    expect(doc, "Morning Harbour", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    expect(doc, "Coastal Voices", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    expect(doc, "nobody wants", NULL, "*", LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    lq_document_free(doc);

    /* a reporting clause that closes the sentence after more narrator words */
    doc = analyze_str("Dana Whitlock chairs the harbour board.\n\n"
                      "A clerk who \"takes a few coins\" is punished at once, Whitlock said.\n\n"
                      "Small rises, which \"say nothing about the trend\", drove the figure, "
                      "said the treasurer, Omar Haddad.\n");
    expect(doc, "takes a few coins", "Dana Whitlock", "*", LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    expect_cue(doc, "takes a few coins", "said");
    expect(doc, "say nothing", "Omar Haddad", "treasurer", LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    lq_document_free(doc);

    /* after a naming verb: a long description is speech, a short name is not */
    doc = analyze_str("The party's new chairman, in a late-night post, called the budget "
                      "\"a betrayal of every family in the valley\". On the docks the late shift is "
                      "called the \"owl watch\".\n");
    expect(doc, "a betrayal", NULL, "*", LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    expect(doc, "owl watch", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    lq_document_free(doc);

    /* a possessive determiner opens a speaker phrase: "its makers", "their spokesman" */
    doc = analyze_str("The lamp will be \"the brightest one on the shelf\", according to its "
                      "makers.\n\n\"We are not leaving,\" their spokesman said.\n");
    expect(doc, "the brightest", NULL, "*", LQ_QUOTE_PARTIAL, LQ_ATTR_ACCORDING_TO);
    expect(doc, "We are not leaving", NULL, "spokesman", LQ_QUOTE_FULL, LQ_ATTR_CUE_ADJACENT);
    lq_document_free(doc);

    /* a quote standing alone after a sentence that ends "…, X said." is X's,
       not the words of that sentence's subject */
    doc = analyze_str("Nadia Brook leads the port union.\n\n"
                      "The Harbour Council may delay the vote until spring, Brook said. "
                      "\"Nobody there wants to be blamed for the closure.\"\n");
    expect(doc, "Nobody there", "Nadia Brook", "*", LQ_QUOTE_FULL, LQ_ATTR_PREVIOUS_SENTENCE);
    lq_document_free(doc);

    /* "my", "our", "your" open a speaker phrase; chanting reports words */
    doc = analyze_str("\"The river always wins,\" my grandmother often said.\n\n"
                      "Fans leaving the stadium chanted \"Who needs a keeper?\" all the way "
                      "to the station.\n");
    expect(doc, "The river always wins", NULL, "*", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    ck_assert(find(doc, "Who needs a keeper") != NULL);
    ck_assert(find(doc, "Who needs a keeper")->kind == LQ_QUOTE_FULL);
    expect_cue(doc, "Who needs a keeper", "chanted");
    lq_document_free(doc);

    /* an honorific between the role and the name stays out of the role */
    doc = analyze_str("The report was \"very thin\", said former fisheries chief Lord "
                      "Brannock.\n");
    expect(doc, "very thin", "Lord Brannock", "former fisheries chief", LQ_QUOTE_PARTIAL,
           LQ_ATTR_CUE_ADJACENT);
    lq_document_free(doc);

    /* a one-sentence first paragraph quoting with single marks is a headline */
    doc = analyze_str("Mayor calls harbour plan ‘a slow disaster’ in council row.\n\n"
                      "The mayor spoke to councillors on Monday evening.\n");
    expect(doc, "a slow disaster", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    lq_document_free(doc);
    /* not with double marks: a lead sentence may open the text */
    doc = analyze_str("The mayor said the plan was \"a slow disaster\" for the town.\n\n"
                      "She spoke to councillors on Monday evening.\n");
    expect(doc, "a slow disaster", NULL, "*", LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_quote_styles)
{
    static const char *const want[][2] = {
        {"The curly marks", "Anna Berg"},
        {"Straight marks come", "Peter Holm"},
        {"Single marks lead", "Susan Clark"},
        {"French marks take spaces inside", "Claire Morel"},
        {"Russian marks do not", "Ivan Petrov"},
        {"German marks open low", "Klaus Weber"},
        {"Swedish marks point", "Lisa Lund"},
        {"Corner brackets serve", "Mark Tanaka"},
        {"She told me ‘never again’ and she meant it,", "Helen Shaw"},
        {"I’ll go, don’t worry, the ’90s were worse and rock ’n’ roll survived,", "James Ward"},
    };
    char *text;
    lq_document *doc = analyze_fixture("attr-styles.txt", &text);
    size_t i;
    ck_assert_uint_eq(lq_document_quote_count(doc), sizeof want / sizeof want[0]);
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        ck_assert_msg(strncmp(q->text, want[i][0], strlen(want[i][0])) == 0,
                      "quote %zu: [%s], want [%s]", i, q->text, want[i][0]);
        ck_assert_msg(streq(q->speaker, want[i][1]), "quote %zu: speaker [%s], want [%s]", i,
                      q->speaker ? q->speaker : "(null)", want[i][1]);
        ck_assert_int_eq(q->kind, LQ_QUOTE_FULL);
        ck_assert(q->closed);
        /* start/end cover the marks in the original bytes */
        ck_assert(strncmp(text + q->start, want[i][0], 3) != 0);
        ck_assert(text[q->end - 1] != ',' && text[q->end - 1] != ' ');
    }
    /* the French content has no spaces inside the marks */
    ck_assert_str_eq(lq_document_quote(doc, 3)->text, "French marks take spaces inside");
    check_invariants(text, strlen(text), doc);
    lq_document_free(doc);
    lq_dealloc(text);
}
END_TEST

START_TEST(test_offsets_exact)
{
    const char *text = "Intro.\n\n“Caf\xC3\xA9 prices rose,” said Ana Silva.\n";
    lq_document *doc = analyze_str(text);
    const lq_quote *q;
    ck_assert_uint_eq(lq_document_quote_count(doc), 1);
    q = lq_document_quote(doc, 0);
    ck_assert_uint_eq(q->start, 8);
    ck_assert(memcmp(text + q->start, "“", 3) == 0);
    ck_assert(memcmp(text + q->end - 3, "”", 3) == 0);
    ck_assert_str_eq(q->text, "Café prices rose,");
    lq_document_free(doc);
}
END_TEST

START_TEST(test_content_nfc)
{
    /* decomposed e + combining acute in the content becomes é (NFC) */
    const char *text = "“Cafe\xCC\x81 time,” said Ana Silva.";
    lq_document *doc = analyze_str(text);
    ck_assert_uint_eq(lq_document_quote_count(doc), 1);
    ck_assert_str_eq(lq_document_quote(doc, 0)->text, "Caf\xC3\xA9 time,");
    ck_assert_uint_eq(lq_document_quote(doc, 0)->end, strlen(text) - strlen(" said Ana Silva."));
    lq_document_free(doc);
}
END_TEST

/* ---- hostile input ---------------------------------------------------------- */

START_TEST(test_unbalanced_recovers)
{
    const char *text = "“This mark never closes, said nobody.\n\n"
                       "The next paragraph is fine. “Closed,” said Ruth Aldane.\n";
    lq_document *doc = analyze_str(text);
    const lq_quote *q = find(doc, "Closed,");
    ck_assert(q != NULL);
    ck_assert_str_eq(q->speaker, "Ruth Aldane");
    ck_assert_uint_eq(lq_document_quote_count(doc), 2);
    /* the unclosed quote stops at its paragraph */
    q = lq_document_quote(doc, 0);
    ck_assert(!q->closed);
    ck_assert(strchr(q->text, '\n') == NULL);
    check_invariants(text, strlen(text), doc);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_edges)
{
    lq_document *doc;
    const char *t1 = "“Quote at the very start,” said Anna Berg, and then “at the very end”";
    doc = analyze_str(t1);
    ck_assert_uint_eq(lq_document_quote_count(doc), 2);
    ck_assert_uint_eq(lq_document_quote(doc, 0)->start, 0);
    ck_assert_uint_eq(lq_document_quote(doc, 1)->end, strlen(t1));
    ck_assert_str_eq(lq_document_quote(doc, 0)->speaker, "Anna Berg");
    check_invariants(t1, strlen(t1), doc);
    lq_document_free(doc);

    doc = analyze_str("He wrote “” and left.");
    ck_assert_uint_le(lq_document_quote_count(doc), 1);
    if (lq_document_quote_count(doc) == 1) {
        ck_assert_uint_eq(lq_document_quote(doc, 0)->text_len, 0);
        ck_assert_str_eq(lq_document_quote(doc, 0)->text, "");
    }
    lq_document_free(doc);

    doc = analyze_str("");
    ck_assert_uint_eq(lq_document_quote_count(doc), 0);
    ck_assert_uint_eq(lq_document_speaker_count(doc), 0);
    ck_assert(lq_document_quote(doc, 0) == NULL);
    ck_assert(lq_document_speaker(doc, 0) == NULL);
    lq_document_free(doc);

    doc = analyze_str("“");
    ck_assert_uint_le(lq_document_quote_count(doc), 1);
    lq_document_free(doc);

    doc = analyze_str("said");
    ck_assert_uint_eq(lq_document_quote_count(doc), 0);
    lq_document_free(doc);
}
END_TEST

START_TEST(test_deep_nesting)
{
    /* 10,000 nested marks: one outermost quote, bounded work */
    size_t depth = 10000, i, k = 0;
    char *text = malloc(depth * 6 + 64);
    lq_document *doc;
    lq_error err;
    ck_assert(text != NULL);
    for (i = 0; i < depth; i++) {
        memcpy(text + k, i % 2 ? "‘" : "“", 3);
        k += 3;
    }
    memcpy(text + k, "x", 1);
    k += 1;
    for (i = depth; i-- > 0;) {
        memcpy(text + k, i % 2 ? "’" : "”", 3);
        k += 3;
    }
    memcpy(text + k, " said Anna Berg.", 16);
    k += 16;
    ck_assert_int_eq(lq_analyze(az, text, k, 0, &doc, &err), LQ_OK);
    ck_assert_uint_ge(lq_document_quote_count(doc), 1);
    ck_assert_uint_le(lq_document_quote_count(doc), depth);
    check_invariants(text, k, doc);
    lq_document_free(doc);
    free(text);
}
END_TEST

START_TEST(test_megabyte_unclosed)
{
    /* a 1 MB paragraph with an opening mark and no closing mark, then a
       normal paragraph: the quote stops at its paragraph */
    size_t n = 1u << 20, k = 0;
    const char *tail = "\n\nThen it rained. “After the flood,” said Anna Berg.\n";
    char *text = malloc(n + 64);
    lq_document *doc;
    lq_error err;
    ck_assert(text != NULL);
    memcpy(text, "“", 3);
    k = 3;
    while (k < n) {
        static const char chunk[] = "words, said he, and more words ";
        size_t c = sizeof chunk - 1;
        if (k + c > n)
            c = n - k;
        memcpy(text + k, chunk, c);
        k += c;
    }
    memcpy(text + k, tail, strlen(tail));
    k += strlen(tail);
    ck_assert_int_eq(lq_analyze(az, text, k, 0, &doc, &err), LQ_OK);
    ck_assert_uint_le(lq_document_quote_count(doc), 2);
    ck_assert(find(doc, "After the flood") != NULL);
    ck_assert_str_eq(find(doc, "After the flood")->speaker, "Anna Berg");
    check_invariants(text, k, doc);
    lq_document_free(doc);
    free(text);
}
END_TEST

START_TEST(test_many_quotes_linear)
{
    /* 20,000 attributed quotes in one paragraph-less text */
    size_t n = 20000, i, k = 0;
    static const char unit[] = "“Yes,” he said. ";
    size_t ul = sizeof unit - 1;
    char *text = malloc(n * ul + 64);
    lq_document *doc;
    lq_error err;
    ck_assert(text != NULL);
    memcpy(text, "Peter Berg spoke. ", 18);
    k = 18;
    for (i = 0; i < n; i++) {
        memcpy(text + k, unit, ul);
        k += ul;
    }
    ck_assert_int_eq(lq_analyze(az, text, k, 0, &doc, &err), LQ_OK);
    ck_assert_uint_eq(lq_document_quote_count(doc), n);
    ck_assert_str_eq(lq_document_quote(doc, n - 1)->speaker, "Peter Berg");
    lq_document_free(doc);
    free(text);
}
END_TEST

/* ---- API contract ------------------------------------------------------------- */

START_TEST(test_api_errors)
{
    lq_document *doc = (lq_document *)1;
    lq_analyzer *bad = (lq_analyzer *)1;
    lq_analyzer_options o;
    lq_error err;
    ck_assert_int_eq(lq_analyze(NULL, "x", 1, 0, &doc, &err), LQ_EINVAL);
    ck_assert(doc == NULL);
    ck_assert_int_eq(lq_analyze(az, NULL, 1, 0, &doc, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_analyze(az, "x", 1, 0, NULL, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_analyze(az, "x", 1, 1u << 7, &doc, &err), LQ_EINVAL);
    ck_assert_int_eq(err.code, LQ_EINVAL);
    ck_assert_int_eq(lq_analyze(az, NULL, 0, 0, &doc, NULL), LQ_OK);
    lq_document_free(doc);
    lq_document_free(NULL);
    lq_analyzer_free(NULL);

    memset(&o, 0, sizeof o);
    o.datadir = "/nonexistent/libquote-data";
    ck_assert_int_eq(lq_analyzer_new(&o, &bad, &err), LQ_EIO);
    ck_assert(bad == NULL);
    ck_assert(strstr(err.text, "nonexistent") != NULL);
    o.datadir = NULL;
    o.sentiment_flags = 1u << 20;
    ck_assert_int_eq(lq_analyzer_new(&o, &bad, &err), LQ_EINVAL);
    ck_assert_int_eq(lq_analyzer_new(NULL, NULL, &err), LQ_EINVAL);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    const char text[] = "Intro \xFF\xFE.\n\n“Prices rose,” said Ana Silva.\n";
    size_t len = sizeof text - 1;
    lq_document *doc = NULL;
    const lq_quote *q;
    lq_error err;
    ck_assert_int_eq(lq_analyze(az, text, len, 0, &doc, &err), LQ_EUTF8);
    ck_assert(doc == NULL);
    ck_assert_uint_eq(err.offset, 6);
    ck_assert_int_eq(lq_analyze(az, text, len, LQ_ANALYZE_REPLACE_INVALID, &doc, &err), LQ_OK);
    ck_assert_uint_eq(lq_document_quote_count(doc), 1);
    q = lq_document_quote(doc, 0);
    /* offsets are in the ORIGINAL bytes, not in the repaired copy */
    ck_assert(memcmp(text + q->start, "“Prices", 9) == 0);
    ck_assert(memcmp(text + q->end - 3, "”", 3) == 0);
    ck_assert_str_eq(q->speaker, "Ana Silva");
    lq_document_free(doc);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(lq_quote_kind_name(LQ_QUOTE_FULL), "full");
    ck_assert_str_eq(lq_quote_kind_name(LQ_QUOTE_PARTIAL), "partial");
    ck_assert_str_eq(lq_quote_kind_name(LQ_QUOTE_CONTINUATION), "continuation");
    ck_assert_str_eq(lq_quote_kind_name(LQ_QUOTE_OTHER), "other");
    ck_assert_str_eq(lq_quote_kind_name((lq_quote_kind)42), "");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_NONE), "none");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_CUE_ADJACENT), "cue");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_ACCORDING_TO), "according-to");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_REPORTED), "reported");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_PRONOUN), "pronoun");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_CONTINUATION), "continuation");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_PREVIOUS_SENTENCE), "previous-sentence");
    ck_assert_str_eq(lq_method_name(LQ_ATTR_ECHO), "echo");
    ck_assert_str_eq(lq_method_name((lq_method)42), "");
}
END_TEST

START_TEST(test_custom_wordlist)
{
    /* the word lists decide: a data directory with a new speech verb */
    char dir[] = "/tmp/lq-attr-XXXXXX";
    static const char *const files[] = {"first-names.txt", "honorifics.txt", "non-names.txt",
                                        "org-heads.txt", "pronouns.txt", "reporting-phrases.txt",
                                        "role-modifiers.txt", "roles.txt"};
    char path[2048], src[2048];
    size_t i;
    lq_analyzer_options o;
    lq_analyzer *custom;
    lq_document *doc;
    lq_error err;
    const char *datadir = getenv("LIBQUOTE_DATADIR");
    const char *text = "“Boats sail at dawn,” harrumphed Anna Berg.";
    FILE *f;
    ck_assert(datadir != NULL);
    ck_assert(mkdtemp(dir) != NULL);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *data;
        size_t len;
        snprintf(src, sizeof src, "%s/%s", datadir, files[i]);
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        data = slurp(src, &len);
        ck_assert(data != NULL);
        f = fopen(path, "wb");
        ck_assert(f != NULL);
        ck_assert_uint_eq(fwrite(data, 1, len, f), len);
        fclose(f);
        lq_dealloc(data);
    }
    snprintf(path, sizeof path, "%s/speech-verbs.txt", dir);
    f = fopen(path, "wb");
    ck_assert(f != NULL);
    fputs("# test\nsay\tsays said saying\t-\nharrumph\tharrumphs harrumphed harrumphing\t-\n", f);
    fclose(f);
    memset(&o, 0, sizeof o);
    o.datadir = dir;
    ck_assert_msg(lq_analyzer_new(&o, &custom, &err) == LQ_OK, "%s", err.text);
    ck_assert_int_eq(lq_analyze(custom, text, strlen(text), 0, &doc, &err), LQ_OK);
    ck_assert_str_eq(lq_document_quote(doc, 0)->speaker, "Anna Berg");
    ck_assert_str_eq(lq_document_quote(doc, 0)->cue, "harrumphed");
    lq_document_free(doc);
    lq_analyzer_free(custom);
    /* without the verb, no cue */
    ck_assert_int_eq(lq_analyze(az, text, strlen(text), 0, &doc, &err), LQ_OK);
    ck_assert(lq_document_quote(doc, 0)->cue == NULL);
    lq_document_free(doc);

    /* a malformed line is LQ_EFORMAT with its line number */
    f = fopen(path, "wb");
    ck_assert(f != NULL);
    fputs("# test\nsay\tsays said saying\n", f);
    fclose(f);
    ck_assert_int_eq(lq_analyzer_new(&o, &custom, &err), LQ_EFORMAT);
    ck_assert_uint_eq(err.line, 2);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/speech-verbs.txt", dir);
    remove(path);
    remove(dir);
}
END_TEST

/* One analyzer shared by several threads gives every thread the same answer. */
typedef struct thread_job {
    const char *text;
    size_t len;
    const lq_document *want;
    int mismatches;
} thread_job;

static void *analyze_many(void *arg)
{
    thread_job *job = arg;
    int round;
    for (round = 0; round < 20; round++) {
        lq_document *doc;
        lq_error err;
        size_t i;
        if (lq_analyze(az, job->text, job->len, 0, &doc, &err) != LQ_OK) {
            job->mismatches++;
            continue;
        }
        if (lq_document_quote_count(doc) != lq_document_quote_count(job->want))
            job->mismatches++;
        else
            for (i = 0; i < lq_document_quote_count(doc); i++) {
                const lq_quote *a = lq_document_quote(doc, i), *b = lq_document_quote(job->want, i);
                if (a->start != b->start || !streq(a->speaker, b->speaker) ||
                    !streq(a->role, b->role) || a->kind != b->kind || a->method != b->method)
                    job->mismatches++;
            }
        lq_document_free(doc);
    }
    return NULL;
}

START_TEST(test_threads_share_analyzer)
{
    char *text;
    lq_document *want = analyze_fixture("attr-constructions.txt", &text);
    pthread_t th[4];
    thread_job jobs[4];
    int i;
    for (i = 0; i < 4; i++) {
        jobs[i].text = text;
        jobs[i].len = strlen(text);
        jobs[i].want = want;
        jobs[i].mismatches = 0;
        ck_assert_int_eq(pthread_create(&th[i], NULL, analyze_many, &jobs[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
        ck_assert_int_eq(jobs[i].mismatches, 0);
    }
    lq_document_free(want);
    lq_dealloc(text);
}
END_TEST

#ifdef LQ_FAULT_INJECTION
START_TEST(test_allocation_failures)
{
    /* every allocation of an analysis may fail: LQ_ENOMEM, nothing leaked */
    char *text;
    size_t len, k, total;
    char path[1024];
    lq_document *doc;
    lq_error err;
    snprintf(path, sizeof path, "%s/fixtures/attr-constructions.txt", SRCDIR);
    text = slurp(path, &len);
    ck_assert(text != NULL);
    lq_alloc_fail_at(SIZE_MAX);
    ck_assert_int_eq(lq_analyze(az, text, len, 0, &doc, &err), LQ_OK);
    total = lq_alloc_count();
    lq_document_free(doc);
    for (k = 0; k < total; k++) {
        lq_status s;
        lq_alloc_fail_at(k);
        s = lq_analyze(az, text, len, 0, &doc, &err);
        lq_alloc_fail_at(SIZE_MAX);
        ck_assert_msg(s == LQ_ENOMEM || s == LQ_OK, "failure at %zu: %d", k, s);
        if (s == LQ_OK)
            lq_document_free(doc);
        else
            ck_assert(doc == NULL);
    }
    lq_dealloc(text);
}
END_TEST
#endif

/* ---- the reference article ----------------------------------------------------------- */

static char *seed_text(size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/../shared/seed/kazakhstan-election.txt", TOP_SRCDIR);
    return slurp(path, len);
}

START_TEST(test_reference_article)
{
    size_t len, i, nquotes;
    char *text = seed_text(&len);
    lq_document *doc;
    lq_error err;
    const lq_quote *q;
    const lq_speaker *s;
    if (!text) {
        fprintf(stderr, "check_attribution: SKIP reference article: ../shared/seed/"
                        "kazakhstan-election.txt not found\n");
        return;
    }
    ck_assert_int_eq(lq_analyze(az, text, len, 0, &doc, &err), LQ_OK);
    check_invariants(text, len, doc);

    /* every quote found: count the opening double marks of the article */
    nquotes = 0;
    for (i = 0; i + 3 <= len; i++)
        if (memcmp(text + i, "“", 3) == 0)
            nquotes++;
    ck_assert_uint_eq(lq_document_quote_count(doc), nquotes);

    expect(doc, "There is no credible candidate", "Asset Terirgaliyev", "retiree",
           LQ_QUOTE_FULL, LQ_ATTR_CUE_ADJACENT);
    expect(doc, "These elections are a farce", "Aidar Ergaly", "architect", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    expect_cue(doc, "These elections are a farce", "told");
    /* the second Ergaly paragraph has no cue verb */
    expect(doc, "If Tokayev had said", "Aidar Ergaly", "architect", LQ_QUOTE_CONTINUATION,
           LQ_ATTR_CONTINUATION);
    q = find(doc, "If Tokayev had said");
    ck_assert(strstr(q->text, "‘I’ll annul the vote.") != NULL); /* nested marks kept */
    expect(doc, "A little time has passed", "Svetlana Kadysheva", "pensioner", LQ_QUOTE_FULL,
           LQ_ATTR_CUE_ADJACENT);
    expect(doc, "to the brink of civil war", "Andrei Chebotarev", "political scientist",
           LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    expect(doc, "change in the foundations", "Andrei Chebotarev", "political scientist",
           LQ_QUOTE_PARTIAL, LQ_ATTR_REPORTED);
    expect(doc, "We have great hopes", "Janiya Nakizbekova", "57-year-old entrepreneur",
           LQ_QUOTE_FULL, LQ_ATTR_PREVIOUS_SENTENCE);
    expect(doc, "organize riots", "The National Security Committee", NULL, LQ_QUOTE_PARTIAL,
           LQ_ATTR_REPORTED);
    expect(doc, "share the views", "The National Security Committee", NULL, LQ_QUOTE_PARTIAL,
           LQ_ATTR_REPORTED);
    expect_cue(doc, "organize riots", "said");
    expect_cue(doc, "share the views", "adding");
    expect_cue(doc, "to the brink", "said");
    expect_cue(doc, "A little time", "said");
    q = find(doc, "conditions for the admission");
    ck_assert(q != NULL && q->speaker != NULL);
    ck_assert_msg(strstr(q->speaker, "OSCE") != NULL, "OSCE quote: [%s]", q->speaker);
    ck_assert_int_eq(q->kind, LQ_QUOTE_PARTIAL);
    s = lq_document_speaker(doc, (size_t)q->speaker_index);
    ck_assert_int_eq(s->kind, LQ_SPEAKER_ORGANIZATION);
    q = find(doc, "new people’s confidence mandate");
    ck_assert(q != NULL && q->speaker != NULL);
    ck_assert_msg(strstr(q->speaker, "Tokayev") != NULL, "Tokayev quote: [%s]", q->speaker);
    ck_assert_int_eq(q->kind, LQ_QUOTE_PARTIAL);
    /* "shoot to kill": a nickname of orders, no speech cue, nobody's words */
    expect(doc, "shoot to kill", NULL, NULL, LQ_QUOTE_OTHER, LQ_ATTR_NONE);
    /* the section rule is no new speaker: an echo of Terirgaliyev's words */
    q = find(doc, "No real choice");
    ck_assert(q != NULL);
    ck_assert_int_eq(q->kind, LQ_QUOTE_OTHER);
    ck_assert(q->speaker == NULL || strcmp(q->speaker, "Asset Terirgaliyev") == 0);
    /* speakers: canonical names, roles, counts */
    s = speaker_named(doc, "Aidar Ergaly");
    ck_assert(s != NULL);
    ck_assert_uint_eq(s->quote_count, 2);
    ck_assert_str_eq(s->role, "architect");
    s = speaker_named(doc, "Asset Terirgaliyev");
    ck_assert(s != NULL);
    ck_assert_uint_eq(s->quote_count, 1);
    for (i = 0; i < lq_document_speaker_count(doc); i++)
        ck_assert_msg(strstr(lq_document_speaker(doc, i)->name, "choice") == NULL,
                      "headline taken for a speaker");
    lq_document_free(doc);
    lq_dealloc(text);
}
END_TEST

START_TEST(test_reference_article_repaired_offsets)
{
    /* the same article with an invalid byte up front: with
       LQ_ANALYZE_REPLACE_INVALID, every offset still points into the original */
    size_t len, i;
    char *text = seed_text(&len), *bad;
    lq_document *doc;
    lq_error err;
    if (!text) {
        fprintf(stderr, "check_attribution: SKIP reference article (repaired): not found\n");
        return;
    }
    bad = malloc(len + 2);
    ck_assert(bad != NULL);
    bad[0] = (char)0xC3; /* truncated sequence */
    bad[1] = ' ';
    memcpy(bad + 2, text, len);
    ck_assert_int_eq(lq_analyze(az, bad, len + 2, LQ_ANALYZE_REPLACE_INVALID, &doc, &err),
                     LQ_OK);
    for (i = 0; i < lq_document_quote_count(doc); i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        ck_assert(q->start >= 2);
        ck_assert(memcmp(bad + q->start, "“", 3) == 0);
    }
    lq_document_free(doc);
    free(bad);
    lq_dealloc(text);
}
END_TEST

static Suite *attribution_suite(void)
{
    Suite *s = suite_create("attribution");
    TCase *tc;

    tc = tcase_create("constructions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cue_adjacent);
    tcase_add_test(tc, test_according_to_and_organisations);
    tcase_add_test(tc, test_pronouns_continuations_previous_sentence);
    tcase_add_test(tc, test_other_and_headlines);
    suite_add_tcase(s, tc);

    tc = tcase_create("styles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_quote_styles);
    tcase_add_test(tc, test_offsets_exact);
    tcase_add_test(tc, test_content_nfc);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_unbalanced_recovers);
    tcase_add_test(tc, test_edges);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_megabyte_unclosed);
    tcase_add_test(tc, test_many_quotes_linear);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_reported_rules);
    tcase_add_test(tc, test_api_errors);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_custom_wordlist);
    tcase_add_test(tc, test_threads_share_analyzer);
#ifdef LQ_FAULT_INJECTION
    tcase_add_test(tc, test_allocation_failures);
#endif
    suite_add_tcase(s, tc);

    tc = tcase_create("reference");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reference_article);
    tcase_add_test(tc, test_reference_article_repaired_offsets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(attribution_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
