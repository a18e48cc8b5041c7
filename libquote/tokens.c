/* The token stream of a text: words, punctuation and whole quotations as
   tokens, classified with the analyzer's word lists, grouped into sentences
   and paragraphs. One pass over the bytes, one more over the tokens. */
#include <string.h>
#include <utf8proc.h>
#include "attribution.h"

#define KEY_MAX 64

static int is_space(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
        return 1;
    if (cp < 0x80)
        return 0;
    return cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return 1;
    default:
        return 0;
    }
}

static int is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static int is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int32_t decode_at(const char *text, size_t len, size_t i, int *n)
{
    int32_t cp;
    int k = lq_utf8_decode((const uint8_t *)text + i, len - i, &cp);
    if (k < 0) {
        *n = -k;
        return 0xFFFD;
    }
    *n = k;
    return cp;
}

static lq_status push_tok(lq_stream *st, const lq_tok *t)
{
    if (st->ntoks == st->cap) {
        size_t ncap = st->cap ? st->cap * 2 : 256;
        lq_tok *p = lq_realloc(st->toks, ncap * sizeof *p);
        if (!p)
            return LQ_ENOMEM;
        st->toks = p;
        st->cap = ncap;
    }
    st->toks[st->ntoks++] = *t;
    return LQ_OK;
}

/* Lower-cased key of bytes [s, e) (ASCII folding, U+2019 -> '). 0 if too long. */
static size_t key_of(const char *text, size_t s, size_t e, char *key)
{
    size_t k = 0, i;
    for (i = s; i < e; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0xE2 && i + 2 < e && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (k + 1 >= KEY_MAX)
            return 0;
        key[k++] = (char)c;
    }
    return k;
}

int lq_tok_is(const lq_stream *st, size_t i, const char *w)
{
    const lq_tok *t;
    size_t n = strlen(w), j;
    if (i >= st->ntoks)
        return 0;
    t = &st->toks[i];
    if (!(t->shape & LQ_T_WORD) || t->end - t->start != n)
        return 0;
    for (j = 0; j < n; j++) {
        unsigned char c = (unsigned char)st->text[t->start + j];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)w[j])
            return 0;
    }
    return 1;
}

/* Classify one word token with the single-word list, trying singular forms
   of plurals for roles and organisation heads. */
static void classify(const lq_analyzer *az, const char *text, lq_tok *t)
{
    char key[KEY_MAX + 4];
    size_t k = key_of(text, t->start, t->end, key);
    lq_word w;
    if (k == 0)
        return;
    /* possessive "BA's", "country’s": classify the bare word */
    if (k > 2 && key[k - 2] == '\'' && key[k - 1] == 's') {
        t->shape |= LQ_T_POSS;
        k -= 2;
    } else if (k > 1 && key[k - 1] == '\'') {
        t->shape |= LQ_T_POSS;
        k -= 1;
    }
    if (lq_word_lookup(az, key, k, &w)) {
        t->cls = w.cls;
        t->vflags = w.vflags;
        t->gender = w.gender;
        t->plural = w.plural;
    }
    if (k > 3 && !(t->cls & (LQ_W_ROLE | LQ_W_ORGHEAD))) {
        /* plurals: -ies -> -y, -men -> -man, -es, -s */
        char alt[KEY_MAX + 4];
        size_t n = 0;
        memcpy(alt, key, k);
        if (k > 3 && memcmp(key + k - 3, "ies", 3) == 0) {
            alt[k - 3] = 'y';
            n = k - 2;
        } else if (k > 3 && memcmp(key + k - 3, "men", 3) == 0) {
            alt[k - 2] = 'a';
            n = k;
        } else if (key[k - 1] == 's') {
            n = k - 1;
        }
        if (n && lq_word_lookup(az, alt, n, &w) && (w.cls & (LQ_W_ROLE | LQ_W_ORGHEAD))) {
            t->cls |= w.cls & (LQ_W_ROLE | LQ_W_ORGHEAD);
            t->plural = 1;
        } else if (key[k - 1] == 's' && k > 4 && key[k - 2] == 'e' &&
                   lq_word_lookup(az, alt, k - 2, &w) &&
                   (w.cls & (LQ_W_ROLE | LQ_W_ORGHEAD))) {
            t->cls |= w.cls & (LQ_W_ROLE | LQ_W_ORGHEAD);
            t->plural = 1;
        }
    }
}

/* Longest multi-word entry starting at token i (words only, up to 6). */
static void classify_phrase(const lq_analyzer *az, lq_stream *st, size_t i)
{
    char key[128];
    size_t k = 0, j, nw = 0;
    lq_tok *t = &st->toks[i];
    for (j = i; j < st->ntoks && nw < 6; j++) {
        const lq_tok *u = &st->toks[j];
        char part[KEY_MAX + 4];
        size_t pk;
        lq_word w;
        if (!(u->shape & LQ_T_WORD) || u->para != t->para)
            break;
        pk = key_of(st->text, u->start, u->end, part);
        if (pk == 0 || k + pk + 2 > sizeof key)
            break;
        if (k)
            key[k++] = ' ';
        memcpy(key + k, part, pk);
        k += pk;
        nw++;
        if (nw >= 2 && lq_phrase_lookup(az, key, k, &w)) {
            t->phrase = (uint8_t)nw;
            t->phrase_cls = w.cls;
            t->phrase_vflags = w.vflags;
        }
    }
}

/* Does the word token at i look like an abbreviation before a full stop
   (Mr., Dr., initials, St.)? */
static int is_abbrev(const lq_stream *st, size_t i)
{
    const lq_tok *t = &st->toks[i];
    size_t n = t->end - t->start;
    if (!(t->shape & LQ_T_WORD))
        return 0;
    if (t->cls & (LQ_W_HONORIFIC | LQ_W_TITLE))
        return (t->shape & LQ_T_CAP) && n <= 5;
    if ((t->shape & LQ_T_CAP) && n == 1)
        return 1; /* an initial */
    if (n <= 3 && (t->shape & LQ_T_CAP) && !(t->shape & LQ_T_ALLCAPS))
        return lq_tok_is(st, i, "st") || lq_tok_is(st, i, "no") || lq_tok_is(st, i, "vs") ||
               lq_tok_is(st, i, "jan") || lq_tok_is(st, i, "feb") ||
               lq_tok_is(st, i, "aug") || lq_tok_is(st, i, "sep") ||
               lq_tok_is(st, i, "oct") || lq_tok_is(st, i, "nov") ||
               lq_tok_is(st, i, "dec") || lq_tok_is(st, i, "jr") || lq_tok_is(st, i, "sr");
    if (lq_tok_is(st, i, "sept") || lq_tok_is(st, i, "vs"))
        return 1;
    return 0;
}

/* The last non-space code point of a quote's content ends a sentence? */
static int quote_ends_sentence(const char *text, const lq_qspan *q)
{
    size_t e = q->content_end;
    while (e > q->content_start) {
        unsigned char c = (unsigned char)text[e - 1];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            e--;
            continue;
        }
        if (c == '.' || c == '!' || c == '?')
            return 1;
        /* … U+2026 */
        if (e - q->content_start >= 3 && c == 0xA6 && (unsigned char)text[e - 2] == 0x80 &&
            (unsigned char)text[e - 3] == 0xE2)
            return 1;
        return 0;
    }
    return 0;
}

static lq_status push_sent(lq_stream *st, uint32_t first, uint32_t end, uint32_t para)
{
    if (st->nsents == st->sent_cap) {
        size_t ncap = st->sent_cap ? st->sent_cap * 2 : 64;
        lq_sent *p = lq_realloc(st->sents, ncap * sizeof *p);
        if (!p)
            return LQ_ENOMEM;
        st->sents = p;
        st->sent_cap = ncap;
    }
    st->sents[st->nsents].first = first;
    st->sents[st->nsents].end = end;
    st->sents[st->nsents].para = para;
    st->nsents++;
    return LQ_OK;
}

static lq_status push_para(lq_stream *st, uint32_t first, uint32_t end, uint32_t first_sent)
{
    if (st->nparas == st->para_cap) {
        size_t ncap = st->para_cap ? st->para_cap * 2 : 32;
        lq_para *p = lq_realloc(st->paras, ncap * sizeof *p);
        if (!p)
            return LQ_ENOMEM;
        st->paras = p;
        st->para_cap = ncap;
    }
    st->paras[st->nparas].first = first;
    st->paras[st->nparas].end = end;
    st->paras[st->nparas].first_sent = first_sent;
    st->nparas++;
    return LQ_OK;
}

/* Mark sentence-initial capitalised words that the text also writes in
   lower case: they are common words, not names ("Following the vote…"). */
static lq_status mark_common(lq_stream *st)
{
    lq_strmap lower;
    size_t i;
    lq_status s = lq_strmap_init(&lower, st->ntoks / 4 + 16);
    if (s != LQ_OK)
        return s;
    for (i = 0; i < st->ntoks && s == LQ_OK; i++) {
        const lq_tok *t = &st->toks[i];
        lq_strmap_entry *e;
        int added;
        if ((t->shape & (LQ_T_WORD | LQ_T_CAP | LQ_T_NUM)) == LQ_T_WORD && t->end - t->start < 64)
            s = lq_strmap_put(&lower, st->text + t->start, t->end - t->start, &e, &added);
    }
    for (i = 0; i < st->nsents && s == LQ_OK; i++) {
        size_t k = st->sents[i].first;
        lq_tok *t;
        char key[64];
        size_t n, j;
        while (k < st->sents[i].end && !(st->toks[k].shape & LQ_T_WORD))
            k++;
        if (k >= st->sents[i].end)
            continue;
        t = &st->toks[k];
        n = t->end - t->start;
        /* a dateline: "WASHINGTON —", "PORTVALE, March 14 —" */
        if ((t->shape & LQ_T_ALLCAPS) && st->paras[t->para].first == k) {
            size_t d = k + 1;
            while (d < st->sents[i].end && d < k + 4 && (st->toks[d].shape & LQ_T_ALLCAPS))
                d++;
            if (d < st->ntoks && (st->toks[d].shape & LQ_T_PUNCT) &&
                (st->toks[d].cp == 0x2014 || st->toks[d].cp == 0x2013 ||
                 st->toks[d].cp == '-' || st->toks[d].cp == ','))
                for (j = k; j < d; j++)
                    st->toks[j].shape |= LQ_T_COMMON;
            continue;
        }
        if (!(t->shape & LQ_T_CAP) || (t->shape & LQ_T_ALLCAPS) || n >= sizeof key ||
            (t->cls & LQ_W_FIRSTNAME))
            continue;
        memcpy(key, st->text + t->start, n);
        for (j = 0; j < n; j++)
            if (key[j] >= 'A' && key[j] <= 'Z')
                key[j] = (char)(key[j] - 'A' + 'a');
        if (lq_strmap_get(&lower, key, n))
            t->shape |= LQ_T_COMMON;
        /* "Following the vote", "Bemoaning the…", "Separately, …": a participle
           or adverb opening the sentence before an article or a comma */
        else if (((n >= 6 && memcmp(key + n - 3, "ing", 3) == 0) ||
                  (n >= 7 && memcmp(key + n - 2, "ly", 2) == 0)) &&
                 k + 1 < st->ntoks &&
                 ((st->toks[k + 1].shape & LQ_T_PUNCT && st->toks[k + 1].cp == ',') ||
                  lq_tok_is(st, k + 1, "the") || lq_tok_is(st, k + 1, "a") ||
                  lq_tok_is(st, k + 1, "an") || lq_tok_is(st, k + 1, "his") ||
                  lq_tok_is(st, k + 1, "her") || lq_tok_is(st, k + 1, "their") ||
                  lq_tok_is(st, k + 1, "its")))
            t->shape |= LQ_T_COMMON;
    }
    lq_strmap_release(&lower);
    return s;
}

/* Sentences: a break after . ! ? (not after an abbreviation) or after a
   quotation whose content ends so, when the next token opens a sentence
   (capital, digit, quotation); and always at a paragraph break. */
static lq_status segment(lq_stream *st)
{
    size_t i, first = 0, pfirst = 0, pfirst_sent = 0;
    lq_status s;
    for (i = 0; i < st->ntoks; i++) {
        lq_tok *t = &st->toks[i];
        const lq_tok *nx = i + 1 < st->ntoks ? &st->toks[i + 1] : NULL;
        int brk = 0;
        t->sent = (uint32_t)st->nsents;
        t->words_before = (uint32_t)st->nwords;
        if (t->shape & LQ_T_WORD)
            st->nwords++;
        if (!nx || nx->para != t->para) {
            brk = 1;
        } else if ((t->shape & LQ_T_SENT_END) || (t->shape & LQ_T_QUOTE)) {
            int opens = (nx->shape & (LQ_T_CAP | LQ_T_NUM | LQ_T_QUOTE)) != 0 ||
                        (nx->shape & LQ_T_PUNCT && (nx->cp == '(' || nx->cp == '[' ||
                                                    nx->cp == 0x2013 || nx->cp == 0x2014));
            if (t->shape & LQ_T_QUOTE)
                brk = opens && t->quote >= 0 && (nx->shape & (LQ_T_QUOTE | LQ_T_CAP)) &&
                      t->cp == 1;
            else
                brk = opens && !(t->cp == '.' && i > 0 && is_abbrev(st, i - 1));
        }
        if (brk) {
            s = push_sent(st, (uint32_t)first, (uint32_t)(i + 1), t->para);
            if (s != LQ_OK)
                return s;
            first = i + 1;
            if (!nx || nx->para != t->para) {
                s = push_para(st, (uint32_t)pfirst, (uint32_t)(i + 1), (uint32_t)pfirst_sent);
                if (s != LQ_OK)
                    return s;
                pfirst = i + 1;
                pfirst_sent = st->nsents;
            }
        }
    }
    /* Paragraph numbers become indexes into paras[] (empty paragraphs and
       paragraphs inside quotations are skipped). */
    for (i = 0; i < st->nparas; i++) {
        size_t j;
        for (j = st->paras[i].first; j < st->paras[i].end; j++)
            st->toks[j].para = (uint32_t)i;
    }
    for (i = 0; i < st->nsents; i++)
        st->sents[i].para = st->toks[st->sents[i].first].para;
    return LQ_OK;
}

lq_status lq_stream_build(lq_stream *st, const lq_analyzer *az, const char *text,
                          size_t len, const lq_qspan *spans, size_t nspans, lq_error *err)
{
    size_t i = 0, q = 0;
    uint32_t para = 0;
    int blank_mode;
    lq_status s;

    memset(st, 0, sizeof *st);
    st->text = text;
    st->len = len;
    if (len >= UINT32_MAX)
        return lq_fail(err, LQ_ELIMIT, LQ_NO_POSITION, LQ_NO_POSITION,
                       "text of %zu bytes is over the 4 GiB limit of the analysis", len);
    /* Paragraphs are separated by blank lines; a text without any blank line
       has one paragraph per line. */
    blank_mode = 0;
    {
        const char *p = text, *e = text + len;
        while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
            const char *r = p + 1;
            while (r < e && (*r == ' ' || *r == '\t' || *r == '\r'))
                r++;
            if (r < e && *r == '\n') {
                blank_mode = 1;
                break;
            }
            p = r;
        }
    }

    while (i < len) {
        lq_tok t;
        int n;
        int32_t cp;
        if (q < nspans && i >= spans[q].start) {
            size_t j;
            memset(&t, 0, sizeof t);
            t.start = (uint32_t)spans[q].start;
            t.end = (uint32_t)spans[q].end;
            t.para = para;
            t.quote = (int32_t)q;
            t.shape = LQ_T_QUOTE;
            t.cp = quote_ends_sentence(text, &spans[q]);
            if ((s = push_tok(st, &t)) != LQ_OK)
                goto oom;
            /* paragraph breaks inside the quotation still count */
            for (j = spans[q].start; j < spans[q].end; j++) {
                if (text[j] == '\n') {
                    size_t r = j + 1;
                    if (!blank_mode) {
                        para++;
                        continue;
                    }
                    while (r < spans[q].end && (text[r] == ' ' || text[r] == '\t' ||
                                                text[r] == '\r'))
                        r++;
                    if (r < spans[q].end && text[r] == '\n') {
                        para++;
                        j = r;
                    }
                }
            }
            i = spans[q].end > i ? spans[q].end : i + 1;
            q++;
            continue;
        }
        cp = decode_at(text, len, i, &n);
        if (is_space(cp)) {
            if (cp == '\n') {
                if (!blank_mode) {
                    para++;
                } else {
                    size_t r = i + 1;
                    while (r < len && (text[r] == ' ' || text[r] == '\t' || text[r] == '\r'))
                        r++;
                    if (r < len && text[r] == '\n') {
                        para++;
                        i = r;
                        /* further blank lines are the same break */
                        while (i + 1 < len && (text[i + 1] == '\n' || text[i + 1] == ' ' ||
                                               text[i + 1] == '\t' || text[i + 1] == '\r'))
                            i++;
                        i++;
                        continue;
                    }
                }
            }
            i += (size_t)n;
            continue;
        }
        memset(&t, 0, sizeof t);
        t.start = (uint32_t)i;
        t.para = para;
        t.quote = -1;
        if (is_letter(cp) || is_digit(cp)) {
            size_t j = i + (size_t)n;
            int upper = 0, lower = 0, letters = 0;
            t.shape = LQ_T_WORD;
            if (is_upper(cp))
                t.shape |= LQ_T_CAP;
            else if (is_digit(cp))
                t.shape |= LQ_T_NUM;
            if (is_letter(cp)) {
                letters++;
                upper += is_upper(cp);
                lower += is_lower(cp);
            }
            while (j < len && (q >= nspans || j < spans[q].start)) {
                int m, m2;
                int32_t c = decode_at(text, len, j, &m);
                if (is_letter(c) || is_digit(c)) {
                    if (is_letter(c)) {
                        letters++;
                        upper += is_upper(c);
                        lower += is_lower(c);
                    }
                    j += (size_t)m;
                    continue;
                }
                /* S&P, AT&T: an ampersand between capitals */
                if (c == '&' && j + 1 < len && is_upper(decode_at(text, len, j - 1, &m2)) &&
                    (unsigned char)text[j + 1] >= 'A' && (unsigned char)text[j + 1] <= 'Z' &&
                    (q >= nspans || j + 1 < spans[q].start)) {
                    j += 1;
                    continue;
                }
                /* inner apostrophe, hyphen, or the dot of U.S. / 3.5 */
                if ((c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == '.' ||
                     c == ',') && j + (size_t)m < len &&
                    (q >= nspans || j + (size_t)m < spans[q].start)) {
                    int32_t d = decode_at(text, len, j + (size_t)m, &m2);
                    if (c == ',' || c == '.') {
                        /* 3.5, 1,000 and U.S.A */
                        int digits = is_digit(d) && is_digit(decode_at(text, len, j - 1, &m2));
                        int initials = c == '.' && is_upper(d) && j + (size_t)m + 1 < len &&
                                       text[j + (size_t)m + 1] == '.' && j - i <= 3;
                        if (digits || initials) {
                            j += (size_t)m;
                            continue;
                        }
                        break;
                    }
                    if (is_letter(d) || is_digit(d)) {
                        j += (size_t)m;
                        continue;
                    }
                    /* possessive plural: students’ */
                    if ((c == '\'' || c == 0x2019) && j > i && text[j - 1] == 's') {
                        j += (size_t)m;
                        break;
                    }
                }
                break;
            }
            /* U.S. : keep the final dot of a dotted abbreviation */
            if (j < len && text[j] == '.' && j >= i + 2 && text[j - 2] == '.')
                j++;
            t.end = (uint32_t)j;
            if (letters >= 2 && lower == 0 && upper >= 2)
                t.shape |= LQ_T_ALLCAPS;
            classify(az, text, &t);
            i = j;
        } else {
            t.end = (uint32_t)(i + (size_t)n);
            t.cp = cp;
            t.shape = LQ_T_PUNCT;
            if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026)
                t.shape |= LQ_T_SENT_END;
            i += (size_t)n;
        }
        if ((s = push_tok(st, &t)) != LQ_OK)
            goto oom;
    }
    for (i = 0; i < st->ntoks; i++)
        if (st->toks[i].cls & LQ_W_MULTI)
            classify_phrase(az, st, i);
    if ((s = segment(st)) != LQ_OK || (s = mark_common(st)) != LQ_OK)
        goto oom;
    return LQ_OK;
oom:
    lq_stream_release(st);
    return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                   "out of memory while tokenizing %zu bytes", len);
}

void lq_stream_release(lq_stream *st)
{
    lq_dealloc(st->toks);
    lq_dealloc(st->sents);
    lq_dealloc(st->paras);
    st->toks = NULL;
    st->sents = NULL;
    st->paras = NULL;
    st->ntoks = st->nsents = st->nparas = 0;
}
