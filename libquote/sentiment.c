/* The VADER sentiment engine: the reference vaderSentiment.py 3.3.x rule for
   rule, float operation for float operation, so that its scores come out
   exactly; LQ_SENT_FIXES corrects its outright bugs, LQ_SENT_NORMALIZE scores
   normalized text.

   One pass prepares the text (emoji -> descriptions, invalid UTF-8 -> U+FFFD;
   skipped for ASCII), one pass splits and looks tokens up, one pass applies
   the rules. Scratch space lives on the stack for normal inputs; only long
   texts allocate. */
#include <math.h>
#include <string.h>
#include "sentiment.h"

/* Stack capacities: inputs that fit never allocate. */
#define STACK_TEXT 2048
#define STACK_TOKS 512
/* Longest text scored (token offsets are 32-bit). */
#define TEXT_MAX ((size_t)1 << 30)

/* ---- rounding --------------------------------------------------------------- */

/* x rounded to a multiple of 1/scale (scale a power of ten), like CPython's
   round(): decimal rounding of the exact binary value, ties to even. */
static inline double round_scaled(double x, double scale)
{
    double ax = fabs(x), p = ax * scale, r, h, d, err;
    if (!(p < 4503599627370496.0)) /* 2^52 and beyond (or NaN): nothing to round */
        return x;
    r = (double)(int64_t)p; /* floor: p >= 0 */
    h = p - r;              /* exact */
    d = h - 0.5;
    /* |err| <= ulp(p)/2 < 1e-9 while p < 2^30: only near-halves need it */
    if (d > 1e-9 && p < 1073741824.0) {
        r += 1.0;
    } else if (d >= -1e-9 || p >= 1073741824.0) {
        /* Near a half: ax*scale = p + err exactly; decide on the exact value. */
        err = fma(ax, scale, -p);
        if (d > -err || (d == -err && ((int64_t)r & 1)))
            r += 1.0;
    }
    r /= scale; /* correctly rounded, like float(repr) */
    return x < 0 ? -r : r;
}

double lq_round_places(double x, int places)
{
    static const double scales[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    if (places < 0 || places > 6)
        return x;
    return round_scaled(x, scales[places]);
}

/* ---- scratch memory ------------------------------------------------------------ */

typedef struct tok {
    uint32_t start, len;   /* token in the scored buffer */
    uint32_t lstart, llen; /* lower-cased form in the lower buffer */
    const lq_word *w;    /* word entry, or NULL */
    unsigned char upper; /* str.isupper() */
    signed char neg;     /* negation word: -1 not computed yet */
} tok;

/* A growable byte buffer that starts on the stack. */
typedef struct sbuf {
    char *data;
    size_t len, cap;
    int heap;
} sbuf;

static int sbuf_grow(sbuf *b, size_t extra)
{
    size_t cap;
    char *n;
    if (b->cap - b->len >= extra)
        return 0;
    cap = b->cap * 2;
    while (cap - b->len < extra)
        cap *= 2;
    if (b->heap) {
        n = lq_realloc(b->data, cap);
    } else {
        n = lq_malloc(cap);
        if (n)
            memcpy(n, b->data, b->len);
    }
    if (!n)
        return -1;
    b->data = n;
    b->cap = cap;
    b->heap = 1;
    return 0;
}

static inline int sbuf_put(sbuf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n && sbuf_grow(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

/* Where prepared bytes came from, for explanations: a run of replaced bytes. */
typedef struct segment {
    size_t pstart, pend; /* in the prepared text */
    size_t ostart, oend; /* in the original text */
    int emoji;
} segment;

typedef struct segments {
    segment *v;
    size_t n, cap;
} segments;

static int seg_add(segments *s, size_t ps, size_t pe, size_t os, size_t oe, int emoji)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        segment *v = lq_realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n].pstart = ps;
    s->v[s->n].pend = pe;
    s->v[s->n].ostart = os;
    s->v[s->n].oend = oe;
    s->v[s->n].emoji = emoji;
    s->n++;
    return 0;
}

/* Map a prepared range [ps, pe) (pe > ps) to the original text; *emoji
   when it touches an emoji description. Segments are in order. */
static void seg_map(const segments *s, size_t ps, size_t pe, size_t *os, size_t *oe, int *emoji)
{
    size_t i, q = pe - 1, delta = 0;
    int found_s = 0, found_e = 0;
    *emoji = 0;
    for (i = 0; i < s->n; i++) {
        const segment *g = &s->v[i];
        if (g->pstart > q)
            break;
        if (g->pend > ps)
            *emoji |= g->emoji;
        if (!found_s && ps < g->pstart) {
            *os = ps - delta;
            found_s = 1;
        } else if (!found_s && ps < g->pend) {
            *os = g->ostart;
            found_s = 1;
        }
        if (q < g->pend) {
            *oe = g->oend;
            found_e = 1;
            break;
        }
        delta = g->pend - g->oend;
    }
    if (!found_s)
        *os = ps - delta;
    if (!found_e)
        *oe = q - delta + 1;
}

/* ---- text preparation: emoji and invalid bytes -------------------------------------- */

typedef struct prepared {
    const char *text; /* bytes to tokenize (valid UTF-8) */
    size_t len;
    size_t bangs, questions;
} prepared;

static int is_ascii(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    uint64_t acc = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < len; i++)
        acc |= s[i];
    return (acc & 0x8080808080808080ull) == 0;
}

/* The reference replaces every code point found in the emoji lexicon by
   " description" (a space first unless one precedes, none after). With
   longest (FIXES, or a Unicode emoji-test lexicon) whole sequences match,
   longest first; with spaced (FIXES) a space follows too. */
static lq_status prepare(const lq_lexicon *lex, const char *text, size_t len, int longest,
                         int spaced, sbuf *out, segments *segs, prepared *pr)
{
    const lq_emoji_table *et = &lex->emoji;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0; /* run: start of unchanged bytes not yet copied */
    int prev_space = 1;
    /* ASCII bytes that matter: keys by themselves, or starts of longer keys */
    unsigned char amask = longest ? 3 : 1;
    static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

    while (i < len) {
        int32_t cp;
        int k;
        const lq_emoji_cp *e;
        int32_t idx = -1;
        size_t mlen = 0;
        unsigned char b = s[i];
        if (b < 0x80 && !(et->ascii_first[b] & amask)) {
            /* a run of ASCII that starts no key: nothing to replace */
            size_t j = i + 1;
            while (j < len && s[j] < 0x80 && !(et->ascii_first[s[j]] & amask))
                j++;
            prev_space = s[j - 1] == ' ';
            i = j;
            continue;
        }
        k = b < 0x80 ? (cp = b, 1) : lq_utf8_decode(s + i, len - i, &cp);
        if (k < 0) {
            /* Invalid: U+FFFD for the maximal subpart. */
            if (sbuf_put(out, text + run, i - run) != 0)
                return LQ_ENOMEM;
            if (segs && seg_add(segs, out->len, out->len + 3, i, i + (size_t)-k, 0) != 0)
                return LQ_ENOMEM;
            if (sbuf_put(out, fffd, 3) != 0)
                return LQ_ENOMEM;
            i += (size_t)-k;
            run = i;
            prev_space = 0;
            continue;
        }
        e = lq_emoji_maybe(et, (uint32_t)cp) ? lq_emoji_find_cp(et, (uint32_t)cp) : NULL;
        if (e) {
            if (longest && e->max_bytes > (size_t)k) {
                /* Code point boundaries up to the longest key. */
                size_t ends[32], ne = 0, j = i, lim = len - i < e->max_bytes ? len : i + e->max_bytes;
                while (j < lim && ne < 32) {
                    int32_t c2;
                    int k2 = lq_utf8_decode(s + j, len - j, &c2);
                    if (k2 <= 0 || j + (size_t)k2 > lim)
                        break;
                    j += (size_t)k2;
                    ends[ne++] = j;
                }
                while (ne > 0 && idx < 0) {
                    ne--;
                    idx = lq_emoji_find_seq(et, text + i, ends[ne] - i);
                    mlen = ends[ne] - i;
                }
            } else {
                idx = e->single;
                mlen = (size_t)k;
            }
        }
        if (idx >= 0) {
            const lq_emoji_desc *d = &et->descs[idx];
            size_t pstart;
            if (sbuf_put(out, text + run, i - run) != 0)
                return LQ_ENOMEM;
            pstart = out->len;
            if (!prev_space && sbuf_put(out, " ", 1) != 0)
                return LQ_ENOMEM;
            if (sbuf_put(out, d->text, d->len) != 0)
                return LQ_ENOMEM;
            prev_space = 0;
            if (spaced) {
                if (sbuf_put(out, " ", 1) != 0)
                    return LQ_ENOMEM;
                prev_space = 1;
            }
            if (segs && seg_add(segs, pstart, out->len, i, i + mlen, 1) != 0)
                return LQ_ENOMEM;
            i += mlen;
            run = i;
            continue;
        }
        prev_space = cp == ' ';
        i += (size_t)k;
    }
    if (run == 0 && out->len == 0) {
        pr->text = text; /* nothing replaced */
        pr->len = len;
    } else {
        if (sbuf_put(out, text + run, len - run) != 0)
            return LQ_ENOMEM;
        pr->text = out->data;
        pr->len = out->len;
    }
    return LQ_OK;
}

/* ---- tokenizing ------------------------------------------------------------------------ */

/* Byte classes: 1 ASCII whitespace (str.split), 2 string.punctuation,
   4 A-Z, 8 a-z, 16 '!' or '?', 32 non-ASCII. */
#define C_SPACE 1
#define C_PUNCT 2
#define C_UPPER 4
#define C_LOWER 8
#define C_EMPH 16
#define C_HIGH 32
static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 18, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 18,
    2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2,
    2, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 2, 2, 2, 2, 0,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
};

static inline int ascii_punct(unsigned char b)
{
    return byte_class[b] & C_PUNCT;
}

static inline size_t utf8_len(unsigned char b)
{
    return b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* Code points in valid UTF-8 s[0..n), stopping at limit+1. */
static size_t count_cps(const char *s, size_t n, size_t limit)
{
    size_t i, k = 0;
    for (i = 0; i < n && k <= limit; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Lower-case a token into lower (ASCII fast path); returns its length. */
static inline size_t lower_token(const char *s, size_t n, char *lower, int *upper)
{
    size_t i;
    unsigned seen = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned k = byte_class[c];
        seen |= k;
        lower[i] = (char)(c | ((k & C_UPPER) << 3)); /* C_UPPER << 3 == 0x20 */
    }
    if (seen & C_HIGH)
        return lq_py_lower(s, n, lower, upper);
    *upper = (seen & (C_UPPER | C_LOWER)) == C_UPPER;
    return n;
}

/* Split on Python whitespace, strip ASCII punctuation unless 2 or fewer
   code points would remain, lower-case and look up. ASCII tokens are
   lower-cased while they are scanned. `lower` needs room for 3*len+8 bytes.
   Returns the count. */
static size_t tokenize(const lq_lexicon *lex, const char *t, size_t len, tok *toks,
                       char *lower, int fixes, uint32_t lexmask, size_t *bangs, size_t *questions)
{
    const unsigned char *s = (const unsigned char *)t;
    size_t i = 0, n = 0, lo = 0, nb = 0, nq = 0;
    while (i < len) {
        size_t start, end, a, z, sl, ts, te, lo0;
        int upper;
        unsigned seen;
        unsigned char b = s[i], c = byte_class[b];
        if (c & C_SPACE) {
            i++;
            continue;
        }
        if ((c & C_HIGH) && (sl = lq_py_space_len(s + i, len - i)) != 0) {
            i += sl;
            continue;
        }
        start = i;
        lo0 = lo;
        seen = 0;
        while (i < len) {
            b = s[i];
            c = byte_class[b];
            if (!(c & (C_SPACE | C_EMPH | C_HIGH))) {
                seen |= c;
                lower[lo0 + (i - start)] = (char)(b | ((c & C_UPPER) << 3)); /* 4 << 3 = 0x20 */
                i++;
            } else if (c & C_SPACE) {
                break;
            } else if (c & C_EMPH) {
                nb += b == '!';
                nq += b == '?';
                lower[lo0 + (i - start)] = (char)b;
                i++;
            } else {
                if (lq_py_space_len(s + i, len - i))
                    break;
                seen |= C_HIGH;
                i += utf8_len(b);
            }
        }
        end = i;
        a = start;
        z = end;
        while (a < z && ascii_punct(s[a]))
            a++;
        while (z > a && ascii_punct(s[z - 1]))
            z--;
        if (z - a > 2 && (!(seen & C_HIGH) || z - a > 8 || count_cps(t + a, z - a, 2) > 2)) {
            ts = a;
            te = z;
        } else {
            ts = start;
            te = end;
        }
        toks[n].start = (uint32_t)ts;
        toks[n].len = (uint32_t)(te - ts);
        if (!(seen & C_HIGH)) {
            /* lower-cased in place already; punctuation has no case */
            toks[n].lstart = (uint32_t)(lo0 + (ts - start));
            toks[n].llen = (uint32_t)(te - ts);
            upper = (seen & (C_UPPER | C_LOWER)) == C_UPPER;
            lo = lo0 + (end - start);
        } else {
            toks[n].lstart = (uint32_t)lo0;
            toks[n].llen = (uint32_t)lq_py_lower(t + ts, te - ts, lower + lo0, &upper);
            lo = lo0 + toks[n].llen;
        }
        toks[n].w = lq_lex_word(lex, lower + toks[n].lstart, toks[n].llen);
        if (fixes && ts == start && (a != start || z != end) && z > a &&
            !(toks[n].w && (toks[n].w->flags & lexmask) == LQ_W_VALENCE)) {
            /* FIXES: "ok," and "no." keep their word when it is in the lexicon. */
            int up2;
            size_t l2 = lower_token(t + a, z - a, lower + lo, &up2);
            const lq_word *w2 = lq_lex_word(lex, lower + lo, l2);
            if (w2 && (w2->flags & lexmask) == LQ_W_VALENCE) {
                toks[n].start = (uint32_t)a;
                toks[n].len = (uint32_t)(z - a);
                toks[n].lstart = (uint32_t)lo;
                toks[n].llen = (uint32_t)l2;
                toks[n].w = w2;
                upper = up2;
                lo += l2;
            }
        }
        toks[n].upper = (unsigned char)upper;
        toks[n].neg = -1;
        n++;
    }
    *bangs = nb;
    *questions = nq;
    return n;
}

/* ---- the rules ------------------------------------------------------------------------ */

typedef struct engine {
    const lq_lexicon *lex;
    tok *t;
    size_t n;
    const char *lower;
    uint32_t lexmask; /* VALENCE|FOLDED normally, VALENCE with FIXES */
    int cap_diff;
    int fixes;
} engine;

static inline int in_lex(const engine *e, size_t j)
{
    const lq_word *w = e->t[j].w;
    return w && (w->flags & e->lexmask) == LQ_W_VALENCE;
}

static inline int has(const engine *e, size_t j, uint32_t flag)
{
    const lq_word *w = e->t[j].w;
    return w && (w->flags & flag);
}

/* Does hay[0..hn) contain sub[0..sl)? memchr on sub's first non-letter
   (the apostrophe of "n't"), which is rare in text. */
static int contains(const char *hay, size_t hn, const char *sub, size_t sl)
{
    size_t at = 0, k;
    const char *p, *last;
    if (sl == 0 || hn < sl)
        return sl == 0;
    for (k = 0; k < sl; k++)
        if (!(byte_class[(unsigned char)sub[k]] & (C_UPPER | C_LOWER))) {
            at = k;
            break;
        }
    p = hay + at;
    last = hay + (hn - sl) + at; /* last place the anchor can be */
    while (p <= last && (p = memchr(p, sub[at], (size_t)(last - p) + 1)) != NULL) {
        if (memcmp(p - at, sub, sl) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* negated([word]): a negation word, or one containing "n't". */
static int negated(engine *e, size_t j)
{
    tok *t = &e->t[j];
    if (t->neg < 0) {
        size_t k;
        t->neg = (signed char)has(e, j, LQ_W_NEGATION);
        for (k = 0; !t->neg && k < e->lex->nneg_subs; k++)
            t->neg = (signed char)contains(e->lower + t->lstart, t->llen, e->lex->neg_subs[k],
                                           e->lex->neg_sub_lens[k]);
    }
    return t->neg;
}

static uint32_t word_id(const engine *e, size_t j)
{
    const lq_word *w = e->t[j].w;
    return w ? w->id : 0;
}

static int phrase_is(const lq_phrase *ph, const uint32_t *ids, uint32_t n)
{
    uint32_t k;
    if (ph->n != n)
        return 0;
    for (k = 0; k < n; k++)
        if (ph->ids[k] != ids[k] || ids[k] == 0)
            return 0;
    return 1;
}

static const lq_phrase *find_phrase(const lq_lexicon *lex, const lq_phrase *v, size_t nv,
                                     const uint32_t *ids, uint32_t n)
{
    size_t k;
    if (!ids[0] || !ids[1] || !(lex->words[ids[0] - 1].flags & LQ_W_PHRASE_FIRST) ||
        !(lex->words[ids[1] - 1].flags & LQ_W_PHRASE_SECOND))
        return NULL;
    for (k = 0; k < nv; k++)
        if (phrase_is(&v[k], ids, n))
            return &v[k];
    return NULL;
}

/* _special_idioms_check. Sequences that run off the text are skipped (the
   reference only calls it with three words before). */
static double idioms_check(const engine *e, size_t i, double v, unsigned *rules)
{
    const lq_lexicon *lex = e->lex;
    {
        /* Windows start at i-3..i; most hold no phrase's first word. */
        size_t j, lo = i >= 3 ? i - 3 : 0;
        int any = 0;
        for (j = lo; j <= i && !any; j++)
            any = has(e, j, LQ_W_PHRASE_FIRST);
        if (e->fixes && i >= 1 && has(e, i - 1, LQ_W_PHRASE_FIRST))
            any = 1;
        if (!any)
            return v;
    }
    uint32_t a3 = i >= 3 ? word_id(e, i - 3) : 0, a2 = i >= 2 ? word_id(e, i - 2) : 0;
    uint32_t a1 = i >= 1 ? word_id(e, i - 1) : 0, a0 = word_id(e, i);
    uint32_t b1 = i + 1 < e->n ? word_id(e, i + 1) : 0;
    uint32_t b2 = i + 2 < e->n ? word_id(e, i + 2) : 0;
    const lq_phrase *ph = NULL;
    {
        uint32_t s1[2] = {a1, a0}, s2[3] = {a2, a1, a0}, s3[2] = {a2, a1}, s4[3] = {a3, a2, a1},
                 s5[2] = {a3, a2};
        const uint32_t *seqs[5] = {s1, s2, s3, s4, s5};
        static const uint32_t lens[5] = {2, 3, 2, 3, 2};
        size_t k;
        for (k = 0; k < 5 && !ph; k++)
            ph = find_phrase(lex, lex->idioms, lex->nidioms, seqs[k], lens[k]);
        if (ph) {
            v = ph->value;
            *rules |= LQ_RULE_IDIOM;
        }
    }
    if (i + 1 < e->n) {
        uint32_t s[2] = {a0, b1};
        if ((ph = find_phrase(lex, lex->idioms, lex->nidioms, s, 2)) != NULL) {
            v = ph->value;
            *rules |= LQ_RULE_IDIOM;
        }
    }
    if (i + 2 < e->n) {
        uint32_t s[3] = {a0, b1, b2};
        if ((ph = find_phrase(lex, lex->idioms, lex->nidioms, s, 3)) != NULL) {
            v = ph->value;
            *rules |= LQ_RULE_IDIOM;
        }
    }
    if (e->fixes && i >= 1 && i + 1 < e->n) {
        /* FIXES: the idiom around the word ("to die for"). */
        uint32_t s[3] = {a1, a0, b1};
        if ((ph = find_phrase(lex, lex->idioms, lex->nidioms, s, 3)) != NULL) {
            v = ph->value;
            *rules |= LQ_RULE_IDIOM;
        }
    }
    {
        /* Booster phrases before the word ("kind of", "sort of"). */
        uint32_t g1[3] = {a3, a2, a1}, g2[2] = {a3, a2}, g3[2] = {a2, a1};
        const uint32_t *grams[3] = {g1, g2, g3};
        static const uint32_t glens[3] = {3, 2, 2};
        size_t k;
        for (k = 0; k < 3; k++) {
            if ((ph = find_phrase(lex, lex->bphrases, lex->nbphrases, grams[k], glens[k])) != NULL) {
                v = v + ph->value;
                *rules |= LQ_RULE_BOOSTED;
            }
        }
    }
    return v;
}

/* _negation_check for the word start+1 before i. */
static double negation_check(engine *e, size_t i, int start, double v, unsigned *rules)
{
    if (start == 0) {
        if (negated(e, i - 1)) {
            v = v * LQ_VADER_N_SCALAR;
            *rules |= LQ_RULE_NEGATED;
        }
    } else if (start == 1) {
        if (has(e, i - 2, LQ_W_NEVER) && has(e, i - 1, LQ_W_SO_THIS)) {
            v = v * LQ_VADER_SO_THIS;
            *rules |= LQ_RULE_SO_THIS;
        } else if (has(e, i - 2, LQ_W_WITHOUT) && has(e, i - 1, LQ_W_DOUBT)) {
            /* "without doubt": no negation */
        } else if (negated(e, i - 2)) {
            v = v * LQ_VADER_N_SCALAR;
            *rules |= LQ_RULE_NEGATED;
        }
    } else {
        int so_this;
        if (e->fixes) /* what the reference means */
            so_this = has(e, i - 3, LQ_W_NEVER) &&
                      (has(e, i - 2, LQ_W_SO_THIS) || has(e, i - 1, LQ_W_SO_THIS));
        else /* what it does: `a and (b or c) or (d or e)` */
            so_this = (has(e, i - 3, LQ_W_NEVER) && has(e, i - 2, LQ_W_SO_THIS)) ||
                      has(e, i - 1, LQ_W_SO_THIS);
        if (so_this) {
            v = v * LQ_VADER_SO_THIS;
            *rules |= LQ_RULE_SO_THIS;
        } else if (has(e, i - 3, LQ_W_WITHOUT) &&
                   (has(e, i - 2, LQ_W_DOUBT) || has(e, i - 1, LQ_W_DOUBT))) {
            /* "without a doubt" */
        } else if (negated(e, i - 3)) {
            v = v * LQ_VADER_N_SCALAR;
            *rules |= LQ_RULE_NEGATED;
        }
    }
    return v;
}

/* sentiment_valence for a lexicon word at i. */
static double word_valence(engine *e, size_t i, unsigned *rules)
{
    const tok *t = &e->t[i];
    double base = t->w->valence, v = base;
    int s;
    *rules |= LQ_RULE_LEXICON;
    if ((t->w->flags & LQ_W_NO) && i != e->n - 1 && in_lex(e, i + 1)) {
        v = 0.0; /* "no" negates the next word instead */
        *rules |= LQ_RULE_NO;
    }
    if ((i > 0 && has(e, i - 1, LQ_W_NO)) || (i > 1 && has(e, i - 2, LQ_W_NO)) ||
        (i > 2 && has(e, i - 3, LQ_W_NO) && has(e, i - 1, LQ_W_NO_OR))) {
        v = base * LQ_VADER_N_SCALAR;
        *rules |= LQ_RULE_NO | LQ_RULE_NEGATED;
    }
    if (t->upper && e->cap_diff && !(e->fixes && v == 0.0)) {
        v = v > 0 ? v + LQ_VADER_C_INCR : v - LQ_VADER_C_INCR;
        *rules |= LQ_RULE_CAPS;
    }
    for (s = 0; s < 3; s++) {
        size_t j;
        double sc = 0.0;
        if (i <= (size_t)s)
            continue;
        j = i - (size_t)s - 1;
        if (in_lex(e, j))
            continue;
        if (has(e, j, LQ_W_BOOSTER)) { /* scalar_inc_dec */
            sc = e->t[j].w->booster;
            if (v < 0)
                sc = -sc;
            if (e->t[j].upper && e->cap_diff) {
                if (v > 0)
                    sc += LQ_VADER_C_INCR;
                else
                    sc -= LQ_VADER_C_INCR;
            }
        }
        if (s == 1 && sc != 0)
            sc = sc * 0.95;
        if (s == 2 && sc != 0)
            sc = sc * 0.9;
        if (sc != 0)
            *rules |= LQ_RULE_BOOSTED;
        v = v + sc;
        v = negation_check(e, i, s, v, rules);
        if (s == 2 && !e->fixes)
            v = idioms_check(e, i, v, rules);
    }
    if (e->fixes)
        v = idioms_check(e, i, v, rules);
    /* _least_check */
    if (i > 1 && !in_lex(e, i - 1) && has(e, i - 1, LQ_W_LEAST)) {
        if (!has(e, i - 2, LQ_W_LEAST_EXEMPT)) {
            v = v * LQ_VADER_N_SCALAR;
            *rules |= LQ_RULE_LEAST;
        }
    } else if (i > 0 && !in_lex(e, i - 1) && has(e, i - 1, LQ_W_LEAST)) {
        v = v * LQ_VADER_N_SCALAR;
        *rules |= LQ_RULE_LEAST;
    }
    return v;
}

/* ---- the "but" rule ------------------------------------------------------------ */

/* The reference re-weights with
       for sentiment in sentiments:
           si = sentiments.index(sentiment)     # first EQUAL value, not this one
           ...scale sentiments[si] by 0.5 before "but", 1.5 after
   Iteration k reads its own original value v (earlier iterations only change
   indices <= their own) and scales the first index holding v, which may be
   an earlier, already scaled entry. A direct search is quadratic on long
   texts ("good good ... good but"), so long lists keep, per value, a pairing
   heap of the indices below k that hold it: the first index is the heap's
   minimum. Each index is in exactly one heap, so one node per index. */

typedef struct but_heaps {
    int32_t *child, *sibling, *stack;
    struct but_slot {
        uint64_t key;  /* value bits (+0.0 for zeros) */
        int32_t root;  /* heap of indices, -1 empty */
        int32_t used;
    } *slots;
    size_t mask;
} but_heaps;

static int32_t heap_meld(but_heaps *h, int32_t a, int32_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    if (b < a) {
        int32_t t = a;
        a = b;
        b = t;
    }
    h->sibling[b] = h->child[a];
    h->child[a] = b;
    return a;
}

/* Remove the minimum (the root); returns the new root. Two-pass pairing. */
static int32_t heap_pop(but_heaps *h, int32_t root)
{
    int32_t c = h->child[root], top = 0, r = -1;
    h->child[root] = -1;
    while (c >= 0) {
        int32_t a = c, b = h->sibling[a], next = b >= 0 ? h->sibling[b] : -1;
        h->sibling[a] = -1;
        if (b >= 0)
            h->sibling[b] = -1;
        h->stack[top++] = heap_meld(h, a, b);
        c = next;
    }
    while (top > 0)
        r = heap_meld(h, h->stack[--top], r);
    return r;
}

static struct but_slot *heap_slot(but_heaps *h, double v)
{
    uint64_t key, x;
    size_t i;
    if (v == 0)
        v = 0.0; /* -0.0 == 0.0 */
    memcpy(&key, &v, sizeof key);
    x = key * 0x9E3779B97F4A7C15ull;
    i = (size_t)(x >> 32) & h->mask;
    while (h->slots[i].used && h->slots[i].key != key)
        i = (i + 1) & h->mask;
    if (!h->slots[i].used) {
        h->slots[i].used = 1;
        h->slots[i].key = key;
        h->slots[i].root = -1;
    }
    return &h->slots[i];
}

static void heap_add(but_heaps *h, double v, int32_t idx)
{
    struct but_slot *sl = heap_slot(h, v);
    h->child[idx] = h->sibling[idx] = -1;
    sl->root = heap_meld(h, sl->root, idx);
}

/* First index <= k holding sent[k]: a direct search (short lists). */
static size_t first_equal_scan(const double *sent, size_t k)
{
    size_t si;
    double v = sent[k];
    for (si = 0; si < k && sent[si] != v; si++)
        ;
    return si;
}

static void but_scale(double *sent, unsigned *rules, size_t si, size_t bi, double v)
{
    if (si < bi)
        sent[si] = v * LQ_VADER_BUT_BEFORE;
    else if (si > bi)
        sent[si] = v * LQ_VADER_BUT_AFTER;
    if (si != bi && rules)
        rules[si] |= LQ_RULE_BUT;
}

lq_status lq_but_weights(double *sent, unsigned *rules, size_t n, size_t bi, int method)
{
    size_t k, cap = 16;
    but_heaps h;
    if (bi >= n)
        return LQ_OK;
    if (method == LQ_BUT_BY_POSITION) {
        for (k = 0; k < n; k++)
            but_scale(sent, rules, k, bi, sent[k]);
        return LQ_OK;
    }
    if (method == LQ_BUT_BY_VALUE_SCAN || n <= 64) {
        for (k = 0; k < n; k++)
            but_scale(sent, rules, first_equal_scan(sent, k), bi, sent[k]);
        return LQ_OK;
    }
    if (n > (size_t)INT32_MAX / 2)
        return LQ_ELIMIT;
    while (cap < 4 * n) /* at most 2n keys: original and scaled values */
        cap *= 2;
    h.child = lq_malloc(3 * n * sizeof *h.child);
    h.slots = lq_calloc(cap, sizeof *h.slots);
    if (!h.child || !h.slots) {
        lq_dealloc(h.child);
        lq_dealloc(h.slots);
        return LQ_ENOMEM;
    }
    h.sibling = h.child + n;
    h.stack = h.child + 2 * n;
    h.mask = cap - 1;
    for (k = 0; k < n; k++) {
        double v = sent[k];
        struct but_slot *sl = heap_slot(&h, v);
        size_t si = sl->root >= 0 ? (size_t)sl->root : k;
        if (si != k && si != bi)
            sl->root = heap_pop(&h, sl->root); /* sent[si] leaves the value v */
        but_scale(sent, rules, si, bi, v);
        if (si != k && si != bi)
            heap_add(&h, sent[si], (int32_t)si);
        heap_add(&h, sent[k], (int32_t)k); /* index k now belongs to the prefix */
    }
    lq_dealloc(h.child);
    lq_dealloc(h.slots);
    return LQ_OK;
}

/* _but_check: only the first "but" counts. */
static lq_status but_check(const engine *e, double *sent, unsigned *rules)
{
    size_t bi;
    for (bi = 0; bi < e->n; bi++)
        if (has(e, bi, LQ_W_BUT))
            break;
    return lq_but_weights(sent, rules, e->n, bi,
                          e->fixes ? LQ_BUT_BY_POSITION : LQ_BUT_BY_VALUE);
}

/* score_valence */
static void score_valence(const double *sent, size_t n, size_t bangs, size_t questions,
                          lq_scores *out)
{
    double sum = 0.0, c = 0.0, amp, ep, qm = 0.0, compound, pos_sum = 0.0, neg_sum = 0.0,
           total;
    size_t k, neu = 0;
    if (n == 0) {
        out->neg = out->neu = out->pos = out->compound = 0.0;
        return;
    }
    /* sum(): Neumaier compensated summation, as CPython >= 3.12 does. */
    for (k = 0; k < n; k++) {
        double x = sent[k], t = sum + x;
        if (fabs(sum) >= fabs(x))
            c += (sum - t) + x;
        else
            c += (x - t) + sum;
        sum = t;
    }
    if (c != 0.0)
        sum += c;
    ep = (double)(bangs > 4 ? 4 : bangs) * LQ_VADER_EP;
    if (questions > 1)
        qm = questions <= 3 ? (double)questions * LQ_VADER_QM : LQ_VADER_QM_MAX;
    amp = ep + qm;
    if (sum > 0)
        sum += amp;
    else if (sum < 0)
        sum -= amp;
    compound = sum / sqrt(sum * sum + LQ_VADER_ALPHA);
    if (compound < -1.0)
        compound = -1.0;
    else if (compound > 1.0)
        compound = 1.0;
    for (k = 0; k < n; k++) {
        if (sent[k] > 0)
            pos_sum += sent[k] + 1;
        if (sent[k] < 0)
            neg_sum += sent[k] - 1;
        if (sent[k] == 0)
            neu++;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum += amp;
    else if (pos_sum < fabs(neg_sum))
        neg_sum -= amp;
    total = pos_sum + fabs(neg_sum) + (double)neu;
    out->pos = round_scaled(fabs(pos_sum / total), 1000.0);
    out->neg = round_scaled(fabs(neg_sum / total), 1000.0);
    out->neu = round_scaled(fabs((double)neu / total), 1000.0);
    out->compound = round_scaled(compound, 10000.0);
}

/* ---- driver ------------------------------------------------------------------------------ */

static lq_status run_core(const lq_lexicon *lex, const char *text, size_t len, unsigned flags,
                          lq_scores *out, const lq_trace *trace, lq_error *err)
{
    char textbuf[STACK_TEXT], lowerbuf[3 * STACK_TEXT + 16];
    tok tokbuf[STACK_TOKS];
    double sentbuf[STACK_TOKS];
    unsigned rulebuf[STACK_TOKS];
    sbuf pb = {textbuf, 0, sizeof textbuf, 0};
    segments segs = {NULL, 0, 0};
    prepared pr;
    char *lower = lowerbuf;
    tok *toks = tokbuf;
    double *sent = sentbuf;
    unsigned *rules = trace ? rulebuf : NULL;
    void *heap = NULL;
    engine e;
    size_t i, maxtok;
    int fixes = (flags & LQ_SENT_FIXES) != 0;
    int longest = fixes || lex->emoji_format == LQ_EMOJI_UNICODE;
    lq_status st = LQ_OK;

    /* 1. Emoji and invalid bytes. */
    if (!(longest ? lex->emoji.ascii_keys : lex->emoji.ascii_single) && is_ascii(text, len)) {
        pr.text = text;
        pr.len = len;
    } else if ((st = prepare(lex, text, len, longest, fixes, &pb, trace ? &segs : NULL, &pr)) !=
               LQ_OK) {
        goto done;
    }

    if (pr.len > TEXT_MAX) {
        st = lq_fail(err, LQ_ELIMIT, LQ_NO_POSITION, LQ_NO_POSITION,
                     "text of %zu bytes is longer than the 1 GiB the scorer takes", pr.len);
        goto done;
    }
    /* 2. Scratch for tokens: at most one per two bytes, plus one. */
    maxtok = pr.len / 2 + 1;
    if (maxtok > STACK_TOKS || 3 * pr.len + 16 > sizeof lowerbuf) {
        size_t per = sizeof(tok) + sizeof(double) + sizeof(unsigned);
        if (maxtok > (SIZE_MAX - 3 * pr.len - 64) / per) { /* 3 * 1 GiB fits even in 32 bits */
            st = LQ_ENOMEM;
            goto done;
        }
        heap = lq_malloc(maxtok * per + 3 * pr.len + 64);
        if (!heap) {
            st = LQ_ENOMEM;
            goto done;
        }
        toks = heap;
        sent = (double *)(toks + maxtok);
        rules = trace ? (unsigned *)(sent + maxtok) : NULL;
        lower = (char *)((unsigned *)(sent + maxtok) + maxtok);
    }

    /* 3. Tokens. */
    e.lex = lex;
    e.t = toks;
    e.lower = lower;
    e.fixes = fixes;
    e.lexmask = fixes ? LQ_W_VALENCE : (LQ_W_VALENCE | LQ_W_FOLDED);
    e.n = tokenize(lex, pr.text, pr.len, toks, lower, fixes, e.lexmask, &pr.bangs, &pr.questions);
    {
        size_t upper = 0;
        for (i = 0; i < e.n; i++)
            upper += toks[i].upper;
        e.cap_diff = e.n - upper > 0 && e.n - upper < e.n;
    }

    /* 4. Rules, token by token (polarity_scores). */
    for (i = 0; i < e.n; i++) {
        unsigned r = 0;
        const lq_word *w = toks[i].w;
        double v = 0.0;
        if (w && (w->flags & LQ_W_BOOSTER)) {
            r = LQ_RULE_BOOSTER;
        } else if (w && (w->flags & LQ_W_KIND) && i + 1 < e.n && has(&e, i + 1, LQ_W_OF)) {
            r = LQ_RULE_KIND_OF;
        } else if (in_lex(&e, i)) {
            v = word_valence(&e, i, &r);
        }
        sent[i] = v;
        if (rules)
            rules[i] = r;
    }
    if ((st = but_check(&e, sent, rules)) != LQ_OK)
        goto done;
    score_valence(sent, e.n, pr.bangs, pr.questions, out);

    /* 5. Explanations. */
    if (trace) {
        for (i = 0; i < e.n && st == LQ_OK; i++) {
            lq_trace_token tt;
            int emoji = 0;
            tt.text = pr.text + toks[i].start;
            tt.len = toks[i].len;
            if (pr.text == text) {
                tt.start = toks[i].start;
                tt.end = toks[i].start + toks[i].len;
            } else {
                seg_map(&segs, toks[i].start, toks[i].start + toks[i].len, &tt.start, &tt.end,
                        &emoji);
            }
            tt.valence = in_lex(&e, i) ? toks[i].w->valence : 0.0;
            tt.contribution = sent[i];
            tt.rules = rules[i] | (emoji ? LQ_RULE_EMOJI : 0u);
            st = trace->token(trace->ctx, &tt);
        }
    }

done:
    if (pb.heap)
        lq_dealloc(pb.data);
    lq_dealloc(segs.v);
    lq_dealloc(heap);
    if (st == LQ_ENOMEM)
        return lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory scoring %zu bytes",
                       len);
    return st;
}

/* ---- normalized scoring ---------------------------------------------------------------------- */


typedef struct norm_trace {
    const lq_trace *inner;
    const lq_text *t;
} norm_trace;

static lq_status norm_token(void *ctx, const lq_trace_token *tok_in)
{
    norm_trace *nt = ctx;
    lq_trace_token t = *tok_in;
    size_t s, e;
    if (t.end > t.start && lq_text_source_span(nt->t, t.start, t.end, &s, &e) == LQ_OK) {
        t.start = s;
        t.end = e;
    }
    return nt->inner->token(nt->inner->ctx, &t);
}

#define NORM_FLAGS (LQ_NORM_ASCII_QUOTES | LQ_NORM_ASCII_DASHES | LQ_NORM_SPACES | \
                    LQ_NORM_NEWLINES | LQ_NORM_REPLACE_INVALID)

lq_status lq_sentiment_run(const lq_lexicon *lex, const char *text, size_t len, unsigned flags,
                           lq_scores *out, const lq_trace *trace, lq_error *err)
{
    lq_text *nt = NULL;
    lq_status st;
    norm_trace ntr;
    lq_trace wrap;
    /* In ASCII text normalization changes nothing a token could see (CR
       and LF are both separators), so it is skipped. */
    if (!(flags & LQ_SENT_NORMALIZE) || is_ascii(text ? text : "", len))
        return run_core(lex, text ? text : "", len, flags, out, trace, err);
    st = lq_normalize(text, len, NORM_FLAGS, &nt, err);
    if (st != LQ_OK)
        return st;
    ntr.inner = trace;
    ntr.t = nt;
    wrap.token = norm_token;
    wrap.ctx = &ntr;
    st = run_core(lex, lq_text_data(nt), lq_text_length(nt), flags, out, trace ? &wrap : NULL,
                  err);
    lq_text_free(nt);
    return st;
}

lq_status lq_score(const lq_lexicon *lex, const char *text, size_t len, unsigned flags,
                   lq_scores *out, lq_error *err)
{
    lq_status st;
    if (out)
        memset(out, 0, sizeof *out);
    if (!lex || !out || (!text && len))
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_score: %s is NULL", !lex ? "lexicon" : !out ? "out" : "text");
    if (flags & ~LQ_SENT_ALL)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_score: unknown flag bits 0x%x", flags & ~LQ_SENT_ALL);
    st = lq_sentiment_run(lex, text, len, flags, out, NULL, err);
    if (st != LQ_OK)
        memset(out, 0, sizeof *out);
    return st;
}
