/* The attribution sieve: each quotation gets the most certain evidence the
   text offers, tried in this order:
     1. a speech verb next to the quote   “…,” said X / “…,” X told AFP /
                                          X said: “…” / X said that “…”
        and its variant "according to X" (LQ_ATTR_ACCORDING_TO);
        a pronoun speaker ("…," she said) is resolved to the most recent
        compatible entity (LQ_ATTR_PRONOUN);
     2. reported speech around a partial quote: X said the plan was “a farce”
        (LQ_ATTR_REPORTED, kind partial);
     3. a quotation standing alone as a sentence: it continues the quote of
        the sentence before (LQ_ATTR_CONTINUATION), or belongs to the person
        or body the sentence before is about (LQ_ATTR_PREVIOUS_SENTENCE);
     4. headline and section-rule quotations are echoes: they get the speaker
        of the body quotation that contains their words (LQ_ATTR_ECHO), or no
        speaker at all; never a new one.
   Quotes with none of these (scare quotes, titles, nicknames) are kind
   "other" and have no speaker. One pass over the sentences; every look-back
   is bounded, so the whole is linear in the text. */
#include <string.h>
#include "attribution.h"

#define LOOK_BACK 60      /* tokens searched for a reporting verb */
#define MAX_ECHO 64       /* headline quotes matched against the body */

typedef struct ctx {
    const lq_stream *st;
    lq_entities *es;
    lq_arena *arena;
    lq_qwork *q;
    size_t nq;
    long sent_speaker;        /* speaker of the sentence's main reporting verb */
    long sent_subject;        /* what the sentence is about */
    long prev_quote_entity;   /* speaker of the last quote of the previous sentence */
    long prev_subject;        /* subject of the previous sentence */
    uint32_t covered;         /* tokens before this are an earlier quote's attribution */
    int oom;                  /* an allocation failed */
} ctx;

static const lq_tok *T(const lq_stream *st, size_t i)
{
    return &st->toks[i];
}

static int is_punct(const lq_stream *st, size_t i, int32_t cp)
{
    return i < st->ntoks && (T(st, i)->shape & LQ_T_PUNCT) && T(st, i)->cp == cp;
}

static int is_dash(const lq_stream *st, size_t i)
{
    return is_punct(st, i, '-') || is_punct(st, i, 0x2013) || is_punct(st, i, 0x2014) ||
           is_punct(st, i, 0x2012) || is_punct(st, i, 0x2015);
}

static int determiner_like(const lq_stream *st, size_t i)
{
    static const char *const w[] = {"the", "a", "an", "his", "her", "their", "its", "our",
                                    "my", "your", "of", "these", "those", "such", "many",
                                    "no", "any", "some", "several", "two", "three", "new",
                                    "recent", "false", "earlier", "previous", "similar",
                                    "those", "whose", "this", "that"};
    size_t k;
    const lq_tok *t = T(st, i);
    if ((t->shape & LQ_T_POSS) || (t->shape & LQ_T_NUM))
        return 1;
    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (lq_tok_is(st, i, w[k]))
            return 1;
    return 0;
}

/* "the claims", "32% of Republican claims", "his remarks": a plural noun
   that happens to be a verb form. */
static int noun_use(const lq_stream *st, size_t i)
{
    const lq_tok *t = T(st, i);
    size_t sf = st->sents[t->sent].first;
    size_t n = t->end - t->start;
    const char *w = st->text + t->start;
    if (n < 3 || lq_tok_is(st, i, "says") || (t->vflags & LQ_V_ING) ||
        !((t->vflags & LQ_V_BASE) || w[n - 1] == 's'))
        return 0; /* past forms and participles stay verbs */
    if (i > sf && (T(st, i - 1)->shape & LQ_T_POSS))
        return 0; /* "Trump’s claim that …": the possessor is the speaker */
    if (i <= sf)
        return 0;
    if (determiner_like(st, i - 1))
        return 1;
    if (i - 1 > sf && (T(st, i - 1)->shape & LQ_T_CAP) && determiner_like(st, i - 2))
        return 1;
    return 0;
}

/* A speech verb form at i usable as a cue; weak (stance) verbs only when
   `weak_ok`. Returns the number of tokens of the verb (phrasal verbs), 0 if none. */
static size_t verb_at(const lq_stream *st, size_t i, size_t limit, int weak_ok, int ing_ok)
{
    const lq_tok *t;
    if (i >= limit || !(T(st, i)->shape & LQ_T_WORD))
        return 0;
    t = T(st, i);
    if (t->phrase && (t->phrase_cls & LQ_W_VERB) && i + t->phrase <= limit &&
        (weak_ok || !(t->phrase_vflags & LQ_V_WEAK)) &&
        (ing_ok || !(t->phrase_vflags & LQ_V_ING)))
        return t->phrase;
    if (!(t->cls & LQ_W_VERB))
        return 0;
    if (noun_use(st, i))
        return 0;
    if (!weak_ok && (t->vflags & LQ_V_WEAK))
        return 0;
    if (!ing_ok && (t->vflags & LQ_V_ING))
        return 0;
    if ((t->shape & LQ_T_CAP) && !(t->shape & LQ_T_ALLCAPS) &&
        st->sents[t->sent].first != i)
        return 0; /* "Said" inside a sentence is a name */
    return 1;
}

/* Auxiliaries and adverbs allowed between a subject and its verb. */
static int is_aux_adv(const lq_stream *st, size_t i)
{
    static const char *const w[] = {"has", "have", "had", "will", "would", "could", "should",
                                    "may", "might", "also", "later", "then", "again", "once",
                                    "further", "previously", "recently", "earlier", "since",
                                    "has", "is", "was", "were", "are", "not", "never",
                                    "just", "simply", "even", "still", "often", "already",
                                    "did", "does", "do", "can", "must"};
    size_t k, n;
    const lq_tok *t;
    if (i >= st->ntoks || !(T(st, i)->shape & LQ_T_WORD) || (T(st, i)->shape & LQ_T_CAP))
        return 0;
    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (lq_tok_is(st, i, w[k]))
            return 1;
    t = T(st, i);
    n = t->end - t->start;
    return n > 4 && st->text[t->end - 2] == 'l' && st->text[t->end - 1] == 'y' &&
           !(t->cls & (LQ_W_ROLE | LQ_W_VERB));
}

static const char *cue_text(ctx *c, size_t v, size_t n)
{
    const lq_stream *st = c->st;
    size_t a = T(st, v)->start, b = T(st, v + n - 1)->end, i, k = 0;
    char *out = lq_arena_alloc(c->arena, b - a + 1);
    if (!out) {
        c->oom = 1;
        return NULL;
    }
    /* single spaces between the words of a phrase */
    for (i = a; i < b; i++) {
        char ch = st->text[i];
        if (ch == '\n' || ch == '\t' || ch == '\r')
            ch = ' ';
        if (ch == ' ' && k > 0 && out[k - 1] == ' ')
            continue;
        out[k++] = ch;
    }
    out[k] = '\0';
    /* lower-case a capital that only starts the sentence ("Said", "According") */
    if (k && out[0] >= 'A' && out[0] <= 'Z' && !(T(st, v)->shape & LQ_T_ALLCAPS))
        out[0] = (char)(out[0] - 'A' + 'a');
    return out;
}

/* Resolve a parsed noun phrase to an entity, a role and a mention. */
static lq_status np_speaker(ctx *c, const lq_np *np, long *entity, const char **role)
{
    lq_status s;
    *entity = -1;
    *role = NULL;
    if (np->kind == LQ_NP_PRONOUN) {
        *entity = lq_pronoun_resolve(c->es, c->st, np->start);
    } else {
        s = lq_entity_from_np(c->es, c->st, np, entity);
        if (s != LQ_OK)
            return s;
        if (*entity < 0 && np->role_e > np->role_s) {
            *role = lq_np_role(c->arena, c->st, np);
            if (!*role)
                return LQ_ENOMEM;
        }
    }
    if (*entity >= 0) {
        *role = c->es->ents[*entity].role;
        s = lq_mention_add(c->es, np->name_e > np->name_s ? np->name_s : np->start, *entity, 0,
                           1);
        if (s != LQ_OK)
            return s;
    }
    return LQ_OK;
}

static int is_prep(const lq_stream *st, size_t i);

/* The subject of the verb at v: the widest noun phrase that ends right
   before it (auxiliaries and adverbs may come between) and starts at a
   clause boundary, or a shorter one just before the verb. */
static int find_subject(ctx *c, size_t v, lq_np *out)
{
    const lq_stream *st = c->st;
    size_t sf = st->sents[T(st, v)->sent].first, cand[12], nc = 0, i, lo;
    lo = v > sf + 40 ? v - 40 : sf;
    if (lo == sf)
        cand[nc++] = sf;
    for (i = lo + 1; i < v && nc < 12; i++) {
        const lq_tok *p = T(st, i - 1);
        if ((p->shape & LQ_T_QUOTE) || is_punct(st, i - 1, ',') || is_punct(st, i - 1, ';') ||
            is_punct(st, i - 1, ':') || is_punct(st, i - 1, '(') || is_dash(st, i - 1) ||
            lq_tok_is(st, i - 1, "and") || lq_tok_is(st, i - 1, "but") ||
            lq_tok_is(st, i - 1, "as") || lq_tok_is(st, i - 1, "while") ||
            lq_tok_is(st, i - 1, "because") || lq_tok_is(st, i - 1, "when") ||
            lq_tok_is(st, i - 1, "after") || lq_tok_is(st, i - 1, "that") ||
            lq_tok_is(st, i - 1, "where") || lq_tok_is(st, i - 1, "although") ||
            lq_tok_is(st, i - 1, "though") || lq_tok_is(st, i - 1, "since") ||
            lq_tok_is(st, i - 1, "so"))
            cand[nc++] = i;
    }
    /* also the few positions just before the verb (a subject after an
       opening phrase: "On Tuesday the minister said") */
    for (i = v > lo + 6 ? v - 6 : lo; i < v && nc < 12; i++)
        if ((T(st, i)->shape & LQ_T_WORD) && (i == sf || !(T(st, i - 1)->shape & LQ_T_WORD) ||
                                              lq_tok_is(st, i, "the") || lq_tok_is(st, i, "a") ||
                                              lq_tok_is(st, i, "an") ||
                                              (T(st, i)->cls & LQ_W_PRONOUN) ||
                                              ((T(st, i)->shape & LQ_T_CAP) &&
                                               !(T(st, i - 1)->shape & LQ_T_CAP))))
            cand[nc++] = i;
    for (i = 0; i < nc; i++) {
        lq_np np;
        size_t e, gap = 0;
        lq_np_parse(st, cand[i], v, &np);
        if (np.kind == LQ_NP_NONE)
            continue;
        e = np.end;
        while (e < v && gap < 3 && (is_aux_adv(st, e) || is_punct(st, e, ','))) {
            e++;
            gap++;
        }
        if (e < v && e > np.end && is_punct(st, e - 1, ',') && is_prep(st, e)) {
            /* "X, at a later press gaggle, said" */
            size_t b = e + 1;
            while (b < v && b < e + 10 && (T(st, b)->shape & LQ_T_WORD))
                b++;
            if (b + 1 == v && is_punct(st, b, ','))
                e = v;
        }
        if (e != v)
            continue;
        if (np.kind == LQ_NP_PRONOUN && !(T(st, np.start)->gender || T(st, np.start)->plural ||
                                          lq_tok_is(st, np.start, "it")))
            continue; /* "I said", "we said" inside a quote context: not a speaker */
        if (np.kind == LQ_NP_PRONOUN && lq_tok_is(st, np.start, "it") && np.end < v &&
            (lq_tok_is(st, np.end, "is") || lq_tok_is(st, np.end, "was") ||
             lq_tok_is(st, np.end, "has") || lq_tok_is(st, np.end, "had")))
            return 0; /* "It is thought that …": nobody in particular */
        *out = np;
        return 1;
    }
    return 0;
}

/* Prepositions that open an aside between a subject and its verb. */
static int is_prep(const lq_stream *st, size_t i)
{
    static const char *const w[] = {"at", "in", "on", "during", "after", "before", "speaking",
                                    "writing", "for", "with", "from", "according", "asked",
                                    "when", "while", "like", "unlike", "however", "though",
                                    "meanwhile", "too", "though"};
    size_t k;
    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (lq_tok_is(st, i, w[k]))
            return 1;
    return 0;
}

/* A capitalised word (part of a name) at i? */
static int name_like(const lq_stream *st, size_t i)
{
    const lq_tok *t = T(st, i);
    return (t->shape & LQ_T_WORD) && (t->shape & LQ_T_CAP) && !(t->shape & LQ_T_COMMON) &&
           !(t->cls & (LQ_W_NONNAME | LQ_W_PRONOUN));
}

/* Does a new clause subject start at i (an article, a pronoun, a name)? */
static int new_subject(const lq_stream *st, size_t i)
{
    const lq_tok *t = T(st, i);
    if (!(t->shape & LQ_T_WORD))
        return 0;
    return lq_tok_is(st, i, "the") || lq_tok_is(st, i, "a") || lq_tok_is(st, i, "an") ||
           ((t->cls & LQ_W_PRONOUN) && !lq_tok_is(st, i, "it") && !lq_tok_is(st, i, "its")) ||
           lq_tok_is(st, i, "it") || ((t->shape & LQ_T_CAP) && !(t->cls & LQ_W_NONNAME));
}

/* Is there a reporting verb (of any strength) in [from, tok), within reach? */
static int verb_before(const lq_stream *st, size_t from, size_t tok)
{
    size_t v, lo = tok > from + LOOK_BACK ? tok - LOOK_BACK : from;
    for (v = tok; v-- > lo;)
        if (verb_at(st, v, tok, 1, 1))
            return 1;
    return 0;
}

/* A verb that gives a name rather than reports words (call, dub, label…). */
static int naming_verb(const lq_stream *st, size_t v)
{
    static const char *const w[] = {"call", "calls", "called", "calling", "dub", "dubs",
                                    "dubbed", "label", "labels", "labelled", "labeled",
                                    "brand", "brands", "branded", "term", "termed",
                                    "nickname", "nicknamed"};
    size_t k;
    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (lq_tok_is(st, v, w[k]))
            return 1;
    return 0;
}

/* Does the text between two tokens hold a line break (a paragraph or line)? */
static int line_between(const lq_stream *st, size_t a, size_t b)
{
    size_t i;
    for (i = T(st, a)->end; i < T(st, b)->start; i++)
        if (st->text[i] == '\n')
            return 1;
    return 0;
}

/* The last non-space character of the quote's content is one of chars. */
static int quote_ends_with(const lq_stream *st, const lq_qwork *q, const char *chars)
{
    size_t e = q->span.content_end;
    while (e > q->span.content_start && (st->text[e - 1] == ' ' || st->text[e - 1] == '\n'))
        e--;
    return e > q->span.content_start && strchr(chars, st->text[e - 1]) != NULL;
}

/* Content that reads as a whole utterance rather than a title or a scare
   quote: it starts with a capital and has six words or more, or it holds a
   sentence end followed by more words. */
static int utterance_like(const lq_stream *st, const lq_qwork *q)
{
    size_t i, words = 0, inner_end = 0;
    int in_word = 0, first_upper = -1;
    for (i = q->span.content_start; i < q->span.content_end; i++) {
        unsigned char ch = (unsigned char)st->text[i];
        int letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80 ||
                     (ch >= '0' && ch <= '9');
        if (first_upper < 0 && letter)
            first_upper = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (letter && !in_word) {
            words++;
            if (inner_end)
                inner_end = 2;
        }
        in_word = letter || ch == '\'' || ch == '-';
        if ((ch == '.' || ch == '?' || ch == '!') && words >= 2 && inner_end == 0)
            inner_end = 1;
    }
    return first_upper == 1 && (words >= 6 || (inner_end == 2 && words >= 4));
}

static int content_starts_lower(const lq_stream *st, const lq_qwork *q)
{
    size_t i;
    for (i = q->span.content_start; i < q->span.content_end; i++) {
        unsigned char ch = (unsigned char)st->text[i];
        if (ch >= 'a' && ch <= 'z')
            return 1;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
            return 0;
    }
    return 0;
}

/* Token i is a quotation whose content ends with a comma ("…,” and …). */
static int quote_ends_comma(const ctx *c, size_t i)
{
    const lq_tok *t = T(c->st, i);
    const lq_qspan *sp;
    size_t e;
    if (!(t->shape & LQ_T_QUOTE) || t->quote < 0)
        return 0;
    sp = &c->q[t->quote].span;
    e = sp->content_end;
    while (e > sp->content_start && c->st->text[e - 1] == ' ')
        e--;
    return e > sp->content_start && c->st->text[e - 1] == ',';
}

/* Number of word tokens in [a, b), in constant time. */
static size_t words_between(const lq_stream *st, size_t a, size_t b)
{
    size_t before_b = b < st->ntoks ? T(st, b)->words_before : st->nwords;
    return before_b - T(st, a)->words_before;
}

/* Narrator words between the sentence start (or the end of an earlier quote's
   attribution) and token tok? */
static int narrator_before(ctx *c, size_t from, size_t tok)
{
    const lq_stream *st = c->st;
    if (tok > from && is_punct(st, tok - 1, ':'))
        return 0; /* X put it bluntly: "…" */
    if (from < c->covered)
        from = c->covered;
    return from < tok && words_between(st, from, tok) > 0;
}

/* Every token of the sentence other than quotes is punctuation. */
static int standalone(const lq_stream *st, size_t s)
{
    return words_between(st, st->sents[s].first, st->sents[s].end) == 0;
}

/* A title or section-rule paragraph: the scanner says so, or the paragraph
   is framed by dashes, or it is the first paragraph and has no sentence
   punctuation (or, for single marks, one sentence). */
static int headline_para(const lq_stream *st, const lq_qwork *q)
{
    const lq_para *p;
    size_t i;
    int dashes;
    if (q->span.flags & LQ_QS_HEADLINE)
        return 1;
    p = &st->paras[T(st, q->tok)->para];
    dashes = is_dash(st, p->first) || is_dash(st, p->end - 1);
    if (dashes && p->end - p->first <= 12)
        return 1;
    if (T(st, q->tok)->para != 0 || st->nparas < 2 || p->end - p->first > 25)
        return 0;
    for (i = p->first; i < p->end; i++)
        if (T(st, i)->shape & LQ_T_SENT_END) {
            /* a one-sentence first paragraph is a headline when it quotes
               with single marks, the headline convention of news
               ("Minister calls plan ‘a disgrace’ in rare rebuke.") */
            return (q->span.flags & LQ_QS_SINGLE) && i + 2 >= p->end;
        }
    return !(T(st, p->end - 1)->shape & LQ_T_QUOTE) || p->end - p->first > 1;
}

/* Number of words (runs of letters and digits) in the quote's content. */
static size_t content_words(const lq_stream *st, const lq_qwork *q)
{
    size_t i, words = 0;
    int in_word = 0;
    for (i = q->span.content_start; i < q->span.content_end; i++) {
        unsigned char ch = (unsigned char)st->text[i];
        int letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80 ||
                     (ch >= '0' && ch <= '9');
        if (letter && !in_word)
            words++;
        in_word = letter || ch == '\'' || ch == '-';
    }
    return words;
}

/* Content in Title Case, one to five words ("Face the Nation", "Keepin' It
   Real", "Commander-in-Chief Forum"): every word capitalised except short
   function words, no sentence inside. */
static int title_case(const lq_stream *st, const lq_qwork *q)
{
    static const char *const small[] = {"a", "an", "the", "and", "or", "nor", "but", "of",
                                        "in", "on", "at", "to", "for", "by", "with", "from",
                                        "vs", "as"};
    size_t i = q->span.content_start, e = q->span.content_end, words = 0, k;
    while (e > i && strchr(" ,.!?", st->text[e - 1]))
        e--;
    while (i < e) {
        size_t w0, n;
        unsigned char ch;
        while (i < e && st->text[i] == ' ')
            i++;
        if (i >= e)
            break;
        w0 = i;
        while (i < e && st->text[i] != ' ')
            i++;
        n = i - w0;
        ch = (unsigned char)st->text[w0];
        if (memchr(st->text + w0, '.', n) || memchr(st->text + w0, '?', n) ||
            memchr(st->text + w0, '!', n) || memchr(st->text + w0, ';', n) ||
            memchr(st->text + w0, ':', n) || memchr(st->text + w0, '\n', n))
            return 0;
        if (++words > 5)
            return 0;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
            continue;
        if (words == 1)
            return 0;
        for (k = 0; k < sizeof small / sizeof small[0]; k++)
            if (strlen(small[k]) == n && memcmp(small[k], st->text + w0, n) == 0)
                break;
        if (k == sizeof small / sizeof small[0])
            return 0;
    }
    return words > 0;
}

/* After a naming verb, a description of four words or more that is not a
   title ("called him “a disappointment of historic proportions”") is the
   speaker's characterisation, quoted speech, unlike a name ("call it the
   “graveyard watch”", "a film called “The Long Road Home”"). */
static int described(const lq_stream *st, const lq_qwork *q)
{
    return content_words(st, q) >= 4 && !title_case(st, q);
}

/* The quote stands where a noun does: after a possessive ("CBS's “…”"),
   an article or possessive determiner ("a “…”", "his “…”"), or "on"
   ("appeared on “…”"). */
static int noun_position(const lq_stream *st, size_t tok)
{
    size_t p;
    if (tok == 0)
        return 0;
    p = tok - 1;
    if (!(T(st, p)->shape & LQ_T_WORD) || T(st, p)->sent != T(st, tok)->sent)
        return 0;
    return (T(st, p)->shape & LQ_T_POSS) || lq_tok_is(st, p, "a") || lq_tok_is(st, p, "an") ||
           lq_tok_is(st, p, "the") || lq_tok_is(st, p, "his") || lq_tok_is(st, p, "her") ||
           lq_tok_is(st, p, "their") || lq_tok_is(st, p, "its") || lq_tok_is(st, p, "our") ||
           lq_tok_is(st, p, "on");
}

/* The speaker of a participle ("…, adding that", "footage of X asking"):
   a name right before it, else the speaker or subject of the sentence. */
static lq_status ing_speaker(ctx *c, size_t v, long *ent, const char **role)
{
    const lq_stream *st = c->st;
    lq_np np;
    size_t sf = st->sents[T(st, v)->sent].first, a;
    *ent = -1;
    *role = NULL;
    if (v > sf && name_like(st, v - 1)) {
        for (a = v - 1; a > sf && a + 6 > v && name_like(st, a - 1); a--)
            ;
        lq_np_parse(st, a, v, &np);
        if ((np.kind == LQ_NP_PERSON || np.kind == LQ_NP_ORG) && np.end == v)
            return np_speaker(c, &np, ent, role);
    }
    *ent = c->sent_speaker >= 0 ? c->sent_speaker : c->sent_subject;
    if (*ent >= 0)
        *role = c->es->ents[*ent].role;
    return LQ_OK;
}

/* The sentence ends in a comma-led reporting clause after token from:
   ", the senator said." / ", said the treasurer, Omar Haddad." (the clause
   starts at one of the last two commas, at most 24 tokens back, so long
   sentences stay linear). Gives the speaker phrase and the verb. */
static int trailing_clause(const lq_stream *st, size_t s, size_t from, lq_np *who, size_t *vp,
                           size_t *nvp)
{
    size_t e = st->sents[s].end, k, last = e, tries, floor;
    while (last > from && (T(st, last - 1)->shape & LQ_T_SENT_END))
        last--;
    if (last + 1 < e)
        return 0;
    k = last;
    floor = last > from + 24 ? last - 24 : from;
    for (tries = 0; tries < 2; tries++) {
        size_t nv, v;
        while (k-- > floor)
            if ((T(st, k)->shape & LQ_T_QUOTE) || is_punct(st, k, ','))
                break;
        if (k <= floor || !is_punct(st, k, ',') || k + 2 >= last)
            return 0;
        who->kind = LQ_NP_NONE;
        v = k + 1;
        if ((nv = verb_at(st, v, last, 0, 0)) != 0 &&
            !(T(st, v)->vflags & (LQ_V_BASE | LQ_V_ING))) {
            /* ", said the senator." */
            lq_np_parse(st, v + nv, last, who);
        } else {
            /* ", the senator said." */
            lq_np_parse(st, k + 1, last, who);
            v = who->end;
            while (v < last && is_aux_adv(st, v))
                v++;
            nv = who->kind != LQ_NP_NONE ? verb_at(st, v, last, 0, 0) : 0;
            if (!nv || v + nv != last || (T(st, v)->vflags & (LQ_V_BASE | LQ_V_ING)))
                who->kind = LQ_NP_NONE;
        }
        if (who->kind != LQ_NP_NONE &&
            !(who->kind == LQ_NP_PRONOUN && !T(st, who->start)->gender &&
              !T(st, who->start)->plural)) {
            *vp = v;
            *nvp = nv;
            return 1;
        }
    }
    return 0;
}

static lq_status attribute_one(ctx *c, lq_qwork *q)
{
    const lq_stream *st = c->st;
    size_t tok = q->tok, s = T(st, tok)->sent;
    size_t sf = st->sents[s].first;
    size_t j, n;
    lq_np np;
    lq_status r;
    long ent = -1;
    const char *role = NULL;

    q->entity = -1;
    q->kind = LQ_QUOTE_OTHER;
    q->method = LQ_ATTR_NONE;
    q->attr_end = 0;

    if (headline_para(st, q)) {
        q->headline = 1;
        return LQ_OK;
    }
    /* a name of a thing: a programme, a song, a forum ("on CBS's “Face the
       Nation,” Ryan said" does not quote Ryan) */
    if (noun_position(st, tok) && title_case(st, q))
        return LQ_OK;

    /* 1a. after the quote: "…," said X / "…," X said / "…," according to X */
    j = tok + 1;
    if (j < st->ntoks && (is_punct(st, j, ',') || is_dash(st, j)) && !line_between(st, tok, j))
        j++;
    /* the cue may open the next sentence only after "…?" or "…!" */
    if (j < st->ntoks && T(st, j)->sent != s && !quote_ends_with(st, q, "?!"))
        j = st->ntoks;
    if (j < st->ntoks && (T(st, j)->shape & LQ_T_WORD) && !line_between(st, j - 1, j)) {
        size_t lim = st->sents[T(st, j)->sent].end;
        const lq_tok *t = T(st, j);
        if (is_dash(st, tok + 1) || is_punct(st, tok + 1, 0x2015)) {
            /* "…" ― Pamela Padilla: a signed quotation */
            lq_np_parse(st, j, lim, &np);
            if ((np.kind == LQ_NP_PERSON || np.kind == LQ_NP_ORG) &&
                (np.end >= lim || !(T(st, np.end)->shape & LQ_T_WORD)) &&
                (np.end >= st->ntoks || T(st, np.end)->para != T(st, tok)->para ||
                 (T(st, np.end)->shape & (LQ_T_QUOTE | LQ_T_SENT_END)))) {
                if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                    return r;
                q->cue = cue_text(c, tok + 1, 1);
                q->method = LQ_ATTR_CUE_ADJACENT;
                q->attr_end = np.end;
            }
        } else if (t->phrase && (t->phrase_cls & LQ_W_SOURCE)) {
            lq_np_parse(st, j + t->phrase, lim, &np);
            if (np.kind != LQ_NP_NONE) {
                if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                    return r;
                q->cue = cue_text(c, j, t->phrase);
                q->method = LQ_ATTR_ACCORDING_TO;
                q->attr_end = np.end;
            }
        } else if ((T(st, j)->vflags & LQ_V_ING) && (T(st, j)->cls & LQ_W_VERB) &&
                   is_punct(st, j - 1, ',') == 0 && quote_ends_comma(c, tok) &&
                   (c->sent_speaker >= 0 || c->sent_subject >= 0) && !verb_before(st, sf, tok)) {
            /* "… a “strong leader,” comparing him to …": the sentence's speaker */
            if ((r = ing_speaker(c, j, &ent, &role)) != LQ_OK)
                return r;
            q->cue = cue_text(c, j, 1);
            q->method = LQ_ATTR_REPORTED;
            q->attr_end = (uint32_t)(j + 1);
            q->kind = narrator_before(c, sf, tok) ? LQ_QUOTE_PARTIAL : LQ_QUOTE_FULL;
            goto done;
        } else if ((n = verb_at(st, j, lim, 0, 0)) != 0) {
            lq_np_parse(st, j + n, lim, &np);
            if (np.kind != LQ_NP_NONE) {
                if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                    return r;
                q->cue = cue_text(c, j, n);
                q->method = np.kind == LQ_NP_PRONOUN ? LQ_ATTR_PRONOUN : LQ_ATTR_CUE_ADJACENT;
                q->attr_end = np.end;
            }
        } else {
            lq_np_parse(st, j, lim, &np);
            if (np.kind != LQ_NP_NONE) {
                size_t v = np.end, gap = 0;
                while (v < lim && gap < 3 && (is_aux_adv(st, v) || is_punct(st, v, ','))) {
                    v++;
                    gap++;
                }
                if (!verb_at(st, v, lim, 0, 0) && is_punct(st, np.end, ',') &&
                    np.kind != LQ_NP_DESC) {
                    /* "…," X, the attorney general, one of the states suing, said */
                    size_t w2;
                    v = np.end;
                    for (w2 = v + 1; w2 < lim && w2 < v + 16; w2++) {
                        if (T(st, w2)->shape & LQ_T_QUOTE)
                            break;
                        if (is_punct(st, w2, ',') && verb_at(st, w2 + 1, lim, 0, 0)) {
                            v = w2 + 1;
                            break;
                        }
                    }
                }
                if (lq_tok_is(st, v, "quoted") || lq_tok_is(st, v, "quotes")) {
                    /* "…," the newspaper quoted an insider as saying */
                    lq_np who;
                    size_t as;
                    lq_np_parse(st, v + 1, lim, &who);
                    for (as = who.end; as < lim && as < who.end + 8 && !lq_tok_is(st, as, "as") &&
                                       (T(st, as)->shape & LQ_T_WORD);
                         as++)
                        ;
                    if (who.kind != LQ_NP_NONE && lq_tok_is(st, as, "as") &&
                        verb_at(st, as + 1, lim, 0, 1)) {
                        who.end = (uint32_t)as;
                        if ((r = np_speaker(c, &who, &ent, &role)) != LQ_OK)
                            return r;
                        q->cue = cue_text(c, who.end + 1, 1);
                        q->method = who.kind == LQ_NP_PRONOUN ? LQ_ATTR_PRONOUN
                                                              : LQ_ATTR_CUE_ADJACENT;
                        q->attr_end = (uint32_t)(who.end + 2);
                        q->kind = narrator_before(c, sf, tok) ? LQ_QUOTE_PARTIAL
                                                              : LQ_QUOTE_FULL;
                        goto done;
                    }
                }
                if ((n = verb_at(st, v, lim, 0, 0)) != 0 &&
                    (!(T(st, v)->vflags & LQ_V_BASE) || np.plural ||
                     np.kind == LQ_NP_PRONOUN) &&
                    !(np.kind == LQ_NP_PRONOUN && !T(st, np.start)->gender &&
                      !T(st, np.start)->plural && !lq_tok_is(st, np.start, "it"))) {
                    if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                        return r;
                    q->cue = cue_text(c, v, n);
                    q->method =
                        np.kind == LQ_NP_PRONOUN ? LQ_ATTR_PRONOUN : LQ_ATTR_CUE_ADJACENT;
                    q->attr_end = (uint32_t)(v + n);
                }
            }
        }
        if (q->method != LQ_ATTR_NONE) {
            q->kind = narrator_before(c, sf, tok) ? LQ_QUOTE_PARTIAL : LQ_QUOTE_FULL;
            goto done;
        }
    }

    /* 1b. before the quote: X said: "…" / X told AFP: "…" / X said that "…" /
       according to X, "…" / the second half of an interrupted quote */
    if (tok > sf) {
        size_t k = tok - 1, v, lo;
        int that = 0, colon = 0;
        if (is_punct(st, k, ':') || is_punct(st, k, ',') || is_dash(st, k)) {
            colon = is_punct(st, k, ':');
            if (k == sf)
                goto reported;
            k--;
        }
        if (lq_tok_is(st, k, "that") && k > sf) {
            that = 1;
            k--;
        }
        /* interrupted: "…," she said, "…" */
        if (q > c->q && q[-1].attr_end == k + 1 && T(st, q[-1].tok)->sent == s) {
            ent = q[-1].entity;
            role = q[-1].role;
            q->cue = q[-1].cue;
            q->method = q[-1].method;
            q->attr_end = 0;
            q->kind = that && content_starts_lower(st, q) ? LQ_QUOTE_PARTIAL : LQ_QUOTE_FULL;
            goto done;
        }
        /* the verb, maybe followed by its addressee */
        lo = k > sf + 6 ? k - 6 : sf;
        for (v = k + 1; v-- > lo;) {
            size_t nv = verb_at(st, v, tok, 0, 1);
            if (T(st, v)->shape & LQ_T_QUOTE)
                break;
            if (nv && v + nv < k + 1 && !(T(st, v)->vflags & LQ_V_ING) &&
                (v == sf || is_punct(st, v - 1, ',') || (T(st, v - 1)->shape & LQ_T_QUOTE))) {
                /* inverted: Said Ellis: "…" / …, said X, "…" */
                lq_np_parse(st, v + nv, tok, &np);
                if ((np.kind == LQ_NP_PERSON || np.kind == LQ_NP_ORG ||
                     np.kind == LQ_NP_PRONOUN) && np.end >= k + 1 - (that ? 0 : 0) &&
                    np.end <= k + 1) {
                    if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                        return r;
                    q->cue = cue_text(c, v, nv);
                    q->method = np.kind == LQ_NP_PRONOUN ? LQ_ATTR_PRONOUN
                                                         : LQ_ATTR_CUE_ADJACENT;
                    c->sent_speaker = ent;
                    q->kind = (that && content_starts_lower(st, q)) ? LQ_QUOTE_PARTIAL
                                                                    : LQ_QUOTE_FULL;
                    goto done;
                }
            }
            if (nv && (v + nv == k + 1 ||
                       ((T(st, v)->vflags & LQ_V_OBJECT) && k + 1 - (v + nv) <= 5 &&
                        (colon || that || is_punct(st, tok - 1, ','))) ||
                       /* "said in a statement:", "wrote on Twitter:" */
                       ((colon || is_punct(st, tok - 1, ',')) && k + 1 - (v + nv) <= 5 &&
                        is_prep(st, v + nv)))) {
                size_t a;
                int ok = 1;
                for (a = v + nv; a <= k; a++)
                    if (!(T(st, a)->shape & LQ_T_WORD))
                        ok = 0;
                if (!ok)
                    break;
                if (T(st, v)->vflags & LQ_V_ING) {
                    if ((r = ing_speaker(c, v, &ent, &role)) != LQ_OK)
                        return r;
                    if (ent >= 0)
                        q->method = LQ_ATTR_CUE_ADJACENT;
                } else if (find_subject(c, v, &np)) {
                    if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                        return r;
                    q->method = np.kind == LQ_NP_PRONOUN ? LQ_ATTR_PRONOUN
                                                         : LQ_ATTR_CUE_ADJACENT;
                }
                if (q->method != LQ_ATTR_NONE) {
                    q->cue = cue_text(c, v, nv);
                    if (!(T(st, v)->vflags & LQ_V_ING))
                        c->sent_speaker = ent;
                    q->kind = (that && content_starts_lower(st, q)) ? LQ_QUOTE_PARTIAL
                                                                    : LQ_QUOTE_FULL;
                    goto done;
                }
                break;
            }
        }
        /* According to X, "…" */
        lo = k > sf + 14 ? k - 14 : sf;
        for (v = k + 1; v-- > lo;) {
            const lq_tok *t = T(st, v);
            if (t->shape & LQ_T_QUOTE)
                break;
            if (t->phrase && (t->phrase_cls & LQ_W_SOURCE)) {
                lq_np_parse(st, v + t->phrase, tok, &np);
                if (np.kind != LQ_NP_NONE && np.end >= k) {
                    if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                        return r;
                    q->cue = cue_text(c, v, t->phrase);
                    q->method = LQ_ATTR_ACCORDING_TO;
                    q->kind = narrator_before(c, sf, v) ? LQ_QUOTE_PARTIAL : LQ_QUOTE_FULL;
                    goto done;
                }
                break;
            }
        }
    }

reported:
    /* 2. reported speech: a reporting verb earlier in the sentence */
    if (tok > sf) {
        size_t v, lo = tok > sf + LOOK_BACK ? tok - LOOK_BACK : sf, unresolved = 0;
        for (v = tok; v-- > lo;) {
            size_t nv = verb_at(st, v, tok, 1, 1);
            const lq_tok *t = T(st, v);
            /* a new coordinated clause (", and the paper ran…", ";") has its
               own subject: do not look past it */
            if (is_punct(st, v, ';') ||
                ((quote_ends_comma(c, v) || is_punct(st, v, ',')) && v + 2 < tok &&
                 (lq_tok_is(st, v + 1, "and") || lq_tok_is(st, v + 1, "but") ||
                  lq_tok_is(st, v + 1, "while") || lq_tok_is(st, v + 1, "whereas") ||
                  lq_tok_is(st, v + 1, "although") || lq_tok_is(st, v + 1, "though")) &&
                 new_subject(st, v + 2)))
                break;
            if (t->phrase && (t->phrase_cls & LQ_W_SOURCE)) {
                lq_np_parse(st, v + t->phrase, tok, &np);
                if (np.kind != LQ_NP_NONE) {
                    if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                        return r;
                    q->cue = cue_text(c, v, t->phrase);
                    q->method = LQ_ATTR_ACCORDING_TO;
                    q->kind = LQ_QUOTE_PARTIAL;
                    goto done;
                }
            }
            if (!nv)
                continue;
            if (t->vflags & LQ_V_ING) {
                if ((r = ing_speaker(c, v, &ent, &role)) != LQ_OK)
                    return r;
            } else if (v > sf && lq_tok_is(st, v - 1, "to")) {
                /* "X took to Twitter to accuse …": the subject of the sentence */
                if ((r = ing_speaker(c, v - 1, &ent, &role)) != LQ_OK)
                    return r;
                if (ent < 0)
                    continue;
            } else if (find_subject(c, v, &np)) {
                if ((r = np_speaker(c, &np, &ent, &role)) != LQ_OK)
                    return r;
                if (ent < 0 && !role && np.kind != LQ_NP_PRONOUN) {
                    /* "saying anybody who complains …": look further back;
                       if nothing earlier names a speaker, the verb still
                       reports words ("X, its main ally, said it was “…”") */
                    ent = -1;
                    if (!unresolved)
                        unresolved = v + 1;
                    continue;
                }
                c->sent_speaker = ent;
            } else if (v > sf && (lq_tok_is(st, v - 1, "and") || lq_tok_is(st, v - 1, "but") ||
                                  lq_tok_is(st, v - 1, "or") || lq_tok_is(st, v - 1, "then") ||
                                  lq_tok_is(st, v - 1, "also")) &&
                       (c->sent_speaker >= 0 || c->sent_subject >= 0)) {
                /* "X said … and warned of “…”": the same subject */
                ent = c->sent_speaker >= 0 ? c->sent_speaker : c->sent_subject;
                role = c->es->ents[ent].role;
            } else if ((t->vflags & LQ_V_BASE) || (t->shape & LQ_T_CAP)) {
                continue; /* "to say", "Said": no subject, keep looking */
            } else {
                /* no subject found: an earlier verb may have one */
                if (!unresolved)
                    unresolved = v + 1;
                continue;
            }
            if (ent < 0 && !role && naming_verb(st, v) && !described(st, q))
                return LQ_OK; /* "workers call it the “graveyard watch”": a name, not speech */
            q->cue = cue_text(c, v, nv);
            q->method = LQ_ATTR_REPORTED;
            q->kind = LQ_QUOTE_PARTIAL;
            goto done;
        }
        if (unresolved && (!naming_verb(st, unresolved - 1) || described(st, q))) {
            /* a reporting verb whose speaker the text does not name */
            q->cue = cue_text(c, unresolved - 1, verb_at(st, unresolved - 1, tok, 1, 1));
            q->method = LQ_ATTR_REPORTED;
            q->kind = LQ_QUOTE_PARTIAL;
            goto done;
        }
    }

    /* 2b. a reporting clause closes the sentence after more narrator words:
       "A clerk who “…” is punished, the senator said." */
    if (!standalone(st, s)) {
        lq_np who;
        size_t v, nv;
        if (trailing_clause(st, s, tok + 1, &who, &v, &nv)) {
            if ((r = np_speaker(c, &who, &ent, &role)) != LQ_OK)
                return r;
            q->cue = cue_text(c, v, nv);
            q->method = LQ_ATTR_REPORTED;
            q->kind = LQ_QUOTE_PARTIAL;
            goto done;
        }
    }

    /* 3. a quotation standing alone as a sentence */
    if (standalone(st, s)) {
        if (c->prev_quote_entity >= 0) {
            ent = c->prev_quote_entity;
            role = c->es->ents[ent].role;
            q->method = LQ_ATTR_CONTINUATION;
            q->kind = LQ_QUOTE_CONTINUATION;
        } else if (c->prev_subject >= 0) {
            ent = c->prev_subject;
            role = c->es->ents[ent].role;
            q->method = LQ_ATTR_PREVIOUS_SENTENCE;
            q->kind = LQ_QUOTE_FULL;
        } else {
            q->kind = LQ_QUOTE_FULL;
        }
        goto done;
    }
    /* 4. a whole utterance introduced by a colon after a clause about a
       person or body: "X is rolling out a new message: “It's about me.”" */
    if (tok > sf && is_punct(st, tok - 1, ':') && c->sent_subject >= 0 &&
        (utterance_like(st, q) || (!content_starts_lower(st, q) && quote_ends_with(st, q, ".?!")))) {
        ent = c->sent_subject;
        role = c->es->ents[ent].role;
        q->method = LQ_ATTR_REPORTED;
        q->kind = LQ_QUOTE_FULL;
        goto done;
    }
    /* 5. a whole utterance with nobody named: speech, speaker unknown */
    if (utterance_like(st, q)) {
        q->kind = LQ_QUOTE_FULL;
        return LQ_OK;
    }
    /* 6. no evidence: a title, a scare quote, a nickname */
    return LQ_OK;

done:
    q->entity = ent;
    q->role = role;
    if (q->attr_end > c->covered)
        c->covered = q->attr_end;
    if (ent >= 0 && q->method != LQ_ATTR_CONTINUATION &&
        q->method != LQ_ATTR_PREVIOUS_SENTENCE && c->sent_speaker < 0)
        c->sent_speaker = ent;
    return c->oom ? LQ_ENOMEM : LQ_OK; /* cue_text may have failed */
}

/* First occurrence of needle in hay (memchr on the first byte, then memcmp). */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
    const char *p = hay, *end = hay + hn;
    if (nn == 0 || nn > hn)
        return NULL;
    while ((size_t)(end - p) >= nn && (p = memchr(p, needle[0], (size_t)(end - p) - nn + 1))) {
        if (memcmp(p, needle, nn) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* Fold text for echo matching: ASCII letters and digits lower-cased, other
   bytes of letters kept, every run of anything else one space. */
static size_t fold(const char *s, size_t n, char *out)
{
    size_t i, k = 0;
    int space = 1;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
        if (ch >= 'A' && ch <= 'Z') {
            ch = (unsigned char)(ch - 'A' + 'a');
            keep = 1;
        }
        /* typographic punctuation (U+2000..U+206F) is not a letter */
        if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x81) {
            i += 2;
            keep = 0;
            if ((unsigned char)s[i - 1] == 0x80 && (unsigned char)s[i] == 0x99) {
                out[k++] = '\'';
                space = 0;
                continue;
            }
        }
        if (keep) {
            out[k++] = (char)ch;
            space = 0;
        } else if (!space) {
            out[k++] = ' ';
            space = 1;
        }
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    return k;
}

static lq_status echoes(ctx *c, const char *const *contents, const size_t *lens)
{
    size_t i, total = 0, done = 0;
    char *buf;
    size_t *starts, *owner, nb = 0, blen = 0;
    int any = 0;
    for (i = 0; i < c->nq; i++) {
        if (c->q[i].headline)
            any = 1;
        else if (c->q[i].entity >= 0)
            total += lens[i] + 1;
    }
    if (!any || total == 0)
        return LQ_OK;
    buf = lq_malloc(total + 1);
    starts = lq_malloc((c->nq + 1) * sizeof *starts);
    owner = lq_malloc((c->nq + 1) * sizeof *owner);
    if (!buf || !starts || !owner) {
        lq_dealloc(buf);
        lq_dealloc(starts);
        lq_dealloc(owner);
        return LQ_ENOMEM;
    }
    for (i = 0; i < c->nq; i++) {
        if (c->q[i].headline || c->q[i].entity < 0)
            continue;
        starts[nb] = blen;
        owner[nb++] = i;
        blen += fold(contents[i], lens[i], buf + blen);
        buf[blen++] = '\n';
    }
    buf[blen] = '\0';
    for (i = 0; i < c->nq && done < MAX_ECHO; i++) {
        char small[512];
        size_t fl;
        const char *hit;
        if (!c->q[i].headline || lens[i] >= sizeof small)
            continue;
        done++;
        fl = fold(contents[i], lens[i], small);
        if (fl < 3)
            continue;
        hit = find_bytes(buf, blen, small, fl);
        /* whole words only */
        while (hit && ((hit > buf && hit[-1] != ' ' && hit[-1] != '\n') ||
                       (hit + fl < buf + blen && hit[fl] != ' ' && hit[fl] != '\n')))
            hit = find_bytes(hit + 1, (size_t)(buf + blen - hit - 1), small, fl);
        if (hit) {
            size_t lo = 0, hi = nb, pos = (size_t)(hit - buf);
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (starts[mid] <= pos)
                    lo = mid;
                else
                    hi = mid;
            }
            c->q[i].entity = c->q[owner[lo]].entity;
            c->q[i].role = c->q[owner[lo]].role;
            c->q[i].method = LQ_ATTR_ECHO;
        }
    }
    lq_dealloc(buf);
    lq_dealloc(starts);
    lq_dealloc(owner);
    return LQ_OK;
}

lq_status lq_attribute(const lq_stream *st, lq_entities *es, lq_arena *arena, lq_qwork *q,
                       size_t nq, const char *const *contents, const size_t *content_lens,
                       lq_error *err)
{
    ctx c;
    size_t s;
    lq_status r = LQ_OK;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.es = es;
    c.arena = arena;
    c.q = q;
    c.nq = nq;
    c.prev_quote_entity = -1;
    c.prev_subject = -1;
    for (s = 0; s < st->nsents; s++) {
        size_t i;
        long last_quote = -1;
        int had_quote = 0;
        c.sent_speaker = -1;
        c.covered = 0;
        r = lq_entities_scan_sentence(es, st, s, &c.sent_subject);
        if (r != LQ_OK)
            break;
        for (i = st->sents[s].first; i < st->sents[s].end; i++) {
            const lq_tok *t = T(st, i);
            lq_qwork *w;
            if (!(t->shape & LQ_T_QUOTE))
                continue;
            w = &q[t->quote];
            r = attribute_one(&c, w);
            if (r != LQ_OK)
                goto out;
            if (!w->headline) {
                had_quote = 1;
                if (w->entity >= 0 && w->kind != LQ_QUOTE_OTHER)
                    last_quote = w->entity;
            }
        }
        /* a sentence without quotes that ends "…, Schiff said.": its
           speaker, not its subject, is who a following quote continues */
        if (!had_quote && st->sents[s].end > st->sents[s].first + 1) {
            lq_np who;
            size_t v, nv;
            if (trailing_clause(st, s, st->sents[s].first + 1, &who, &v, &nv)) {
                long ent;
                const char *role;
                if ((r = np_speaker(&c, &who, &ent, &role)) != LQ_OK)
                    goto out;
                if (ent >= 0)
                    c.sent_speaker = ent;
            }
        }
        /* what the next sentence may continue */
        if (had_quote || c.sent_subject >= 0 || c.sent_speaker >= 0 ||
            st->sents[s].end - st->sents[s].first > 2) {
            c.prev_quote_entity = last_quote;
            c.prev_subject = !had_quote && c.sent_speaker >= 0 ? c.sent_speaker
                             : c.sent_subject >= 0             ? c.sent_subject
                                                               : c.sent_speaker;
            if (had_quote && last_quote < 0)
                c.prev_subject = -1;
        }
    }
    if (r == LQ_OK)
        r = echoes(&c, contents, content_lens);
out:
    if (r != LQ_OK)
        return lq_fail(err, r, LQ_NO_POSITION, LQ_NO_POSITION,
                       "out of memory while attributing quotes");
    return LQ_OK;
}
