/* Sentiment lexicons: the word lexicon (VADER, AFINN or token<TAB>valence
   files), the rule lists of lexicons/vader-*.txt and the emoji lexicon, loaded
   once into an immutable lq_lexicon. Keys are lower-cased at load (Python's
   str.lower) and looked up in an open-addressing map. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sentiment.h"

#ifndef LQ_UNICODE_DATA_DIR
#define LQ_UNICODE_DATA_DIR "/usr/share/unicode"
#endif

/* Default file names in the data directory. */
#define WORDS_DEFAULT "en-sentiment.tsv"
#define EMOJI_DEFAULT "emoji-test.txt"
#define BOOSTERS_FILE "vader-boosters.txt"
#define NEGATIONS_FILE "vader-negations.txt"
#define IDIOMS_FILE "vader-idioms.txt"
#define TRIGGERS_FILE "vader-triggers.txt"

#define KEY_MAX 1024 /* longest key, in bytes, a data file may hold */

/* The word entry for a lower-cased key, created (all zero) when missing.
   Returns NULL on ENOMEM. */
static lq_word *word_get(lq_lexicon *lex, const char *key, size_t n)
{
    lq_strmap_entry *e;
    int added;
    if (lq_strmap_put(&lex->map, key, n, &e, &added) != LQ_OK)
        return NULL;
    if (added) {
        lq_word *w;
        if (lex->nwords == lex->words_cap) {
            size_t cap = lex->words_cap ? lex->words_cap * 2 : 1024;
            lq_word *nw = lq_realloc(lex->words, cap * sizeof *nw);
            if (!nw)
                return NULL;
            lex->words = nw;
            lex->words_cap = cap;
        }
        w = &lex->words[lex->nwords];
        memset(w, 0, sizeof *w);
        w->id = (uint32_t)(lex->nwords + 1);
        e->value.i = (int64_t)lex->nwords++;
    }
    return &lex->words[e->value.i];
}

static lq_status oom(lq_error *err, const char *path)
{
    return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "%s: out of memory", path);
}

static lq_status bad_line(lq_error *err, const char *path, const lq_lines *it,
                          const char *fmt, ...) LQ_PRINTF(4, 5);
static lq_status bad_line(lq_error *err, const char *path, const lq_lines *it,
                          const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lq_fail(err, LQ_EFORMAT, it->offset, it->lineno, "%s:%zu: %s", path, it->lineno, msg);
}

/* Lower-case s[0..n) into buf (room for 2*KEY_MAX+4). Sets *folded when the
   lower-cased form differs. */
static size_t lower_key(const char *s, size_t n, char *buf, int *folded)
{
    size_t m = lq_py_lower(s, n, buf, NULL);
    *folded = m != n || memcmp(s, buf, n) != 0;
    return m;
}

/* Split line into TAB-separated fields (at most max); returns the count. */
static size_t split_tabs(const char *line, size_t len, const char **f, size_t *flen, size_t max)
{
    size_t n = 0;
    const char *p = line, *end = line + len;
    while (n < max) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        f[n] = p;
        flen[n] = (size_t)((t ? t : end) - p);
        n++;
        if (!t)
            break;
        p = t + 1;
    }
    return n;
}

/* Parse a decimal number filling s[0..n) exactly (surrounding spaces allowed). */
static int parse_number(const char *s, size_t n, double *v)
{
    char buf[64], *end;
    while (n && (*s == ' '))
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    /* Digits, sign, point and exponent only: no "nan", "inf" or hex floats. */
    if (strspn(buf, "0123456789+-.eE") != n)
        return 0;
    errno = 0;
    *v = strtod(buf, &end);
    return end == buf + n && errno == 0 && isfinite(*v);
}

static int is_integer_text(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    if (i >= n || s[i] < '0' || s[i] > '9')
        return 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    while (i < n && s[i] == ' ')
        i++;
    return i == n;
}

/* ---- word lexicon ------------------------------------------------------------ */

/* Which format a file is in: a "# format: NAME" header comment, else a
   VADER line (3+ fields), else AFINN when every value is an integer and some
   lies outside -4..+4 (impossible in the token<TAB>valence format), else TSV. */
static lq_lexicon_format detect_format(const char *data, size_t len)
{
    lq_lines it;
    int all_int = 1, beyond4 = 0, first = 1;
    lq_lines_init(&it, data, len);
    it.keep_comments = 1;
    while (lq_lines_next(&it)) {
        const char *f[3];
        size_t fl[3], nf;
        if (it.line[0] == '#') {
            if (first && it.line_len > 9 && memcmp(it.line, "# format:", 9) == 0) {
                const char *p = it.line + 9;
                size_t n = it.line_len - 9;
                while (n && *p == ' ')
                    p++, n--;
                if (n >= 5 && memcmp(p, "vader", 5) == 0)
                    return LQ_LEX_VADER;
                if (n >= 5 && memcmp(p, "afinn", 5) == 0)
                    return LQ_LEX_AFINN;
                if (n >= 3 && memcmp(p, "tsv", 3) == 0)
                    return LQ_LEX_TSV;
            }
            continue;
        }
        nf = split_tabs(it.line, it.line_len, f, fl, 3);
        if (first && nf >= 3)
            return LQ_LEX_VADER;
        first = 0;
        if (nf >= 2) {
            if (!is_integer_text(f[1], fl[1]))
                all_int = 0;
            else {
                double v;
                if (parse_number(f[1], fl[1], &v) && fabs(v) > LQ_VALENCE_MAX)
                    beyond4 = 1;
            }
        }
    }
    return (all_int && beyond4) ? LQ_LEX_AFINN : LQ_LEX_TSV;
}

static const char *format_name(lq_lexicon_format f)
{
    switch (f) {
    case LQ_LEX_VADER: return "VADER";
    case LQ_LEX_AFINN: return "AFINN";
    case LQ_LEX_TSV: return "token<TAB>valence";
    default: return "?";
    }
}

static lq_status load_words(lq_lexicon *lex, const char *path, lq_lexicon_format format,
                            lq_error *err)
{
    char *data;
    size_t len;
    lq_lines it;
    char key[2 * KEY_MAX + 8];
    lq_status st = lq_read_file(path, &data, &len, err);
    if (st != LQ_OK)
        return st;
    if (format == LQ_LEX_AUTO)
        format = detect_format(data, len);
    lex->words_format = format;
    lq_lines_init(&it, data, len);
    /* The reference reads every line of a VADER file as data. */
    it.keep_comments = format == LQ_LEX_VADER;
    while (lq_lines_next(&it)) {
        const char *f[3], *tok;
        size_t fl[3], nf, tlen, klen;
        double v;
        int folded;
        lq_word *w;
        if ((st = lq_lines_check_utf8(&it, path, err)) != LQ_OK)
            break;
        nf = split_tabs(it.line, it.line_len, f, fl, 3);
        tok = f[0];
        tlen = fl[0];
        while (tlen && (*tok == ' ' || *tok == '\v' || *tok == '\f')) /* str.strip() */
            tok++, tlen--;
        if (nf < 2 || (format != LQ_LEX_VADER && nf > 2)) {
            st = bad_line(err, path, &it,
                          format == LQ_LEX_VADER
                              ? "expected 'token<TAB>mean<TAB>stddev<TAB>ratings' (%s format)"
                              : "expected exactly two TAB-separated fields (%s format)",
                          format_name(format));
            break;
        }
        if (tlen == 0) {
            st = bad_line(err, path, &it, "empty token");
            break;
        }
        if (tlen > KEY_MAX) {
            st = bad_line(err, path, &it, "token longer than 1024 bytes");
            break;
        }
        if (format == LQ_LEX_AFINN) {
            if (!is_integer_text(f[1], fl[1]) || !parse_number(f[1], fl[1], &v)) {
                st = bad_line(err, path, &it, "AFINN valence must be an integer");
                break;
            }
            if (fabs(v) > 5) {
                st = bad_line(err, path, &it, "AFINN valence outside -5..+5");
                break;
            }
            v *= LQ_AFINN_SCALE;
        } else {
            if (!parse_number(f[1], fl[1], &v)) {
                st = bad_line(err, path, &it, "valence is not a number");
                break;
            }
            if (fabs(v) > LQ_VALENCE_MAX) {
                st = bad_line(err, path, &it, "valence outside -4..+4");
                break;
            }
        }
        klen = lower_key(tok, tlen, key, &folded);
        if (format != LQ_LEX_VADER)
            folded = 0;
        w = word_get(lex, key, klen);
        if (!w) {
            st = oom(err, path);
            break;
        }
        if (w->flags & LQ_W_VALENCE) {
            if (format != LQ_LEX_VADER) {
                char shown[80];
                snprintf(shown, sizeof shown, "%.*s' (first on line %u", (int)(klen > 60 ? 60 : klen),
                         key, (unsigned)w->line);
                st = bad_line(err, path, &it, "duplicate token '%s; keys are lower-cased)", shown);
                break;
            }
            /* VADER: the last line wins, as in the reference's dict; a key
               with capitals never replaces its lower-case twin (the
               reference looks up lower-cased tokens only). */
            if (folded && !(w->flags & LQ_W_FOLDED))
                continue;
        } else {
            lex->nvalence++;
        }
        w->valence = v;
        w->line = (uint32_t)it.lineno;
        w->flags |= LQ_W_VALENCE;
        if (folded)
            w->flags |= LQ_W_FOLDED;
        else
            w->flags &= ~LQ_W_FOLDED;
    }
    lq_dealloc(data);
    return st;
}

/* ---- rule lists ---------------------------------------------------------------- */

/* Split a phrase of words separated by single spaces into word ids (each
   word lower-cased and added to the map). */
static lq_status phrase_ids(lq_lexicon *lex, const char *s, size_t n, lq_phrase *ph,
                            const char *path, const lq_lines *it, lq_error *err)
{
    char key[2 * KEY_MAX + 8];
    size_t i = 0;
    ph->n = 0;
    while (i < n) {
        size_t j = i, klen;
        int folded;
        lq_word *w;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i || ph->n == LQ_PHRASE_MAX || j - i > KEY_MAX)
            return bad_line(err, path, it, "expected 1 to 4 words separated by single spaces");
        klen = lower_key(s + i, j - i, key, &folded);
        w = word_get(lex, key, klen);
        if (!w)
            return oom(err, path);
        ph->ids[ph->n++] = w->id;
        i = j + 1;
        if (j + 1 == n)
            return bad_line(err, path, it, "trailing space in a phrase");
    }
    return LQ_OK;
}

static lq_status push_phrase(lq_lexicon *lex, lq_phrase **arr, size_t *n, const lq_phrase *ph)
{
    uint32_t k;
    for (k = 0; k < ph->n; k++)
        lex->words[ph->ids[k] - 1].flags |= LQ_W_PHRASE | (k == 0 ? LQ_W_PHRASE_FIRST : 0u) |
                                            (k == 1 ? LQ_W_PHRASE_SECOND : 0u);
    lq_phrase *a = lq_realloc(*arr, (*n + 1) * sizeof *a);
    if (!a)
        return LQ_ENOMEM;
    a[(*n)++] = *ph;
    *arr = a;
    return LQ_OK;
}

typedef lq_status (*rule_line_fn)(lq_lexicon *lex, const char *path, const lq_lines *it,
                                  lq_error *err);

static lq_status load_rule_file(lq_lexicon *lex, const char *dir, const char *name,
                                rule_line_fn fn, lq_error *err)
{
    char path[4096];
    char *data;
    size_t len;
    lq_lines it;
    lq_status st = lq_path_join(path, sizeof path, dir, name, err);
    if (st != LQ_OK)
        return st;
    if ((st = lq_read_file(path, &data, &len, err)) != LQ_OK)
        return st;
    lq_lines_init(&it, data, len);
    while (st == LQ_OK && lq_lines_next(&it)) {
        st = lq_lines_check_utf8(&it, path, err);
        if (st == LQ_OK)
            st = fn(lex, path, &it, err);
    }
    lq_dealloc(data);
    return st;
}

/* phrase TAB scalar: one word is a booster, more words a booster phrase. */
static lq_status booster_line(lq_lexicon *lex, const char *path, const lq_lines *it,
                              lq_error *err)
{
    const char *f[3];
    size_t fl[3];
    double v;
    lq_phrase ph;
    lq_status st;
    if (split_tabs(it->line, it->line_len, f, fl, 3) != 2 || !parse_number(f[1], fl[1], &v))
        return bad_line(err, path, it, "expected 'word-or-phrase<TAB>scalar'");
    if ((st = phrase_ids(lex, f[0], fl[0], &ph, path, it, err)) != LQ_OK)
        return st;
    ph.value = v;
    if (ph.n == 1) {
        lq_word *w = &lex->words[ph.ids[0] - 1];
        w->flags |= LQ_W_BOOSTER;
        w->booster = v;
        return LQ_OK;
    }
    return push_phrase(lex, &lex->bphrases, &lex->nbphrases, &ph) == LQ_OK ? LQ_OK : oom(err, path);
}

/* word, or *substring* */
static lq_status negation_line(lq_lexicon *lex, const char *path, const lq_lines *it,
                               lq_error *err)
{
    char key[2 * KEY_MAX + 8];
    size_t klen;
    int folded;
    if (memchr(it->line, '\t', it->line_len) || memchr(it->line, ' ', it->line_len) ||
        it->line_len > KEY_MAX)
        return bad_line(err, path, it, "expected one word or *substring* per line");
    if (it->line_len >= 3 && it->line[0] == '*' && it->line[it->line_len - 1] == '*') {
        char **a = lq_realloc(lex->neg_subs, (lex->nneg_subs + 1) * sizeof *a);
        size_t *l;
        if (!a)
            return oom(err, path);
        lex->neg_subs = a;
        l = lq_realloc(lex->neg_sub_lens, (lex->nneg_subs + 1) * sizeof *l);
        if (!l)
            return oom(err, path);
        lex->neg_sub_lens = l;
        klen = lower_key(it->line + 1, it->line_len - 2, key, &folded);
        l[lex->nneg_subs] = klen;
        a[lex->nneg_subs] = lq_arena_strndup(&lex->arena, key, klen);
        if (!a[lex->nneg_subs])
            return oom(err, path);
        lex->nneg_subs++;
        return LQ_OK;
    }
    klen = lower_key(it->line, it->line_len, key, &folded);
    {
        lq_word *w = word_get(lex, key, klen);
        if (!w)
            return oom(err, path);
        w->flags |= LQ_W_NEGATION;
    }
    return LQ_OK;
}

/* phrase TAB valence */
static lq_status idiom_line(lq_lexicon *lex, const char *path, const lq_lines *it,
                            lq_error *err)
{
    const char *f[3];
    size_t fl[3];
    lq_phrase ph;
    lq_status st;
    if (split_tabs(it->line, it->line_len, f, fl, 3) != 2 || !parse_number(f[1], fl[1], &ph.value))
        return bad_line(err, path, it, "expected 'phrase<TAB>valence'");
    if ((st = phrase_ids(lex, f[0], fl[0], &ph, path, it, err)) != LQ_OK)
        return st;
    return push_phrase(lex, &lex->idioms, &lex->nidioms, &ph) == LQ_OK ? LQ_OK : oom(err, path);
}

/* role TAB word(s) */
static lq_status trigger_line(lq_lexicon *lex, const char *path, const lq_lines *it,
                              lq_error *err)
{
    static const struct {
        const char *role;
        uint32_t flags[2]; /* for the first and second word */
    } roles[] = {
        {"no", {LQ_W_NO, 0}},
        {"no-or", {LQ_W_NO_OR, 0}},
        {"but", {LQ_W_BUT, 0}},
        {"kind-of", {LQ_W_KIND, LQ_W_OF}},
        {"least", {LQ_W_LEAST, 0}},
        {"least-exempt", {LQ_W_LEAST_EXEMPT, 0}},
        {"never", {LQ_W_NEVER, 0}},
        {"so-this", {LQ_W_SO_THIS, 0}},
        {"without-doubt", {LQ_W_WITHOUT, LQ_W_DOUBT}},
    };
    const char *f[3];
    size_t fl[3], r;
    lq_phrase ph;
    lq_status st;
    if (split_tabs(it->line, it->line_len, f, fl, 3) != 2)
        return bad_line(err, path, it, "expected 'role<TAB>word'");
    for (r = 0; r < sizeof roles / sizeof roles[0]; r++)
        if (strlen(roles[r].role) == fl[0] && memcmp(roles[r].role, f[0], fl[0]) == 0)
            break;
    if (r == sizeof roles / sizeof roles[0])
        return bad_line(err, path, it, "unknown rule role");
    if ((st = phrase_ids(lex, f[1], fl[1], &ph, path, it, err)) != LQ_OK)
        return st;
    if (ph.n != (roles[r].flags[1] ? 2u : 1u))
        return bad_line(err, path, it, "wrong number of words for this role");
    lex->words[ph.ids[0] - 1].flags |= roles[r].flags[0];
    if (ph.n == 2)
        lex->words[ph.ids[1] - 1].flags |= roles[r].flags[1];
    return LQ_OK;
}

/* ---- frozen table ------------------------------------------------------------------ */

/* Pack the keys of the loading map into the lookup table of lq_lex_word. */
static lq_status freeze(lq_lexicon *lex, lq_error *err)
{
    size_t cap = 16, i, blob = LQ_KEY_PAD, off = 0;
    unsigned bits = 4;
    while (cap < lex->map.count * 2 + 2) {
        cap *= 2;
        bits++;
    }
    for (i = 0; i < lex->map.cap; i++)
        if (lex->map.slots[i].key)
            blob += lex->map.slots[i].key_len;
    lex->slots = lq_calloc(cap, sizeof *lex->slots);
    lex->keys = lq_calloc(1, blob);
    if (!lex->slots || !lex->keys)
        return oom(err, "lexicon");
    lex->slots_mask = cap - 1;
    lex->slots_shift = 64 - bits;
    for (i = 0; i < lex->map.cap; i++) {
        const lq_strmap_entry *e = &lex->map.slots[i];
        uint64_t head;
        size_t j;
        if (!e->key)
            continue;
        memcpy(lex->keys + off, e->key, e->key_len);
        head = lq_key_head(lex->keys + off, e->key_len);
        j = (size_t)(lq_key_hash(lex->keys + off, e->key_len, head) >> lex->slots_shift);
        while (lex->slots[j].word)
            j = (j + 1) & lex->slots_mask;
        lex->slots[j].head = head;
        lex->slots[j].len = (uint32_t)e->key_len;
        lex->slots[j].word = (uint32_t)e->value.i + 1;
        lex->words[e->value.i].key_len = e->key_len;
        lex->words[e->value.i].key_off = (uint32_t)off;
        off += e->key_len;
    }
    /* The loading map is no longer needed. */
    lq_strmap_release(&lex->map);
    return LQ_OK;
}

/* ---- public API ------------------------------------------------------------------- */

lq_status lq_lexicon_load(const lq_lexicon_options *opts, lq_lexicon **out, lq_error *err)
{
    lq_lexicon_options none;
    lq_lexicon *lex;
    const char *dir;
    char words_path[4096], emoji_path[4096];
    const char *wp, *ep;
    lq_emoji_format ef;
    lq_status st;

    if (out)
        *out = NULL;
    if (!out)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION, "out is NULL");
    if (!opts) {
        memset(&none, 0, sizeof none);
        opts = &none;
    }
    if ((unsigned)opts->words_format > LQ_LEX_TSV || (unsigned)opts->emoji_format > LQ_EMOJI_UNICODE)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION, "unknown lexicon format");
    dir = lq_datadir(opts->datadir);
    wp = opts->words_path;
    if (!wp) {
        if ((st = lq_path_join(words_path, sizeof words_path, dir, WORDS_DEFAULT, err)) != LQ_OK)
            return st;
        wp = words_path;
    }
    ep = opts->emoji_path;
    ef = opts->emoji_format;
    if (!ep) {
        /* The copy installed with the data files, else Unicode's own file. */
        if ((st = lq_path_join(emoji_path, sizeof emoji_path, dir, EMOJI_DEFAULT, err)) != LQ_OK)
            return st;
        if (access(emoji_path, R_OK) != 0 &&
            (st = lq_path_join(emoji_path, sizeof emoji_path, LQ_UNICODE_DATA_DIR,
                               "emoji/" EMOJI_DEFAULT, err)) != LQ_OK)
            return st;
        ep = emoji_path;
        ef = LQ_EMOJI_UNICODE;
    }

    lex = lq_calloc(1, sizeof *lex);
    if (!lex)
        return oom(err, "lexicon");
    lq_arena_init(&lex->arena, 65536);
    if (lq_strmap_init(&lex->map, 16384) != LQ_OK || lq_emoji_table_init(&lex->emoji) != LQ_OK) {
        lq_lexicon_free(lex);
        return oom(err, "lexicon");
    }
    st = load_words(lex, wp, opts->words_format, err);
    if (st == LQ_OK)
        st = load_rule_file(lex, dir, BOOSTERS_FILE, booster_line, err);
    if (st == LQ_OK)
        st = load_rule_file(lex, dir, NEGATIONS_FILE, negation_line, err);
    if (st == LQ_OK)
        st = load_rule_file(lex, dir, IDIOMS_FILE, idiom_line, err);
    if (st == LQ_OK)
        st = load_rule_file(lex, dir, TRIGGERS_FILE, trigger_line, err);
    if (st == LQ_OK) {
        st = lq_emoji_load(&lex->emoji, &lex->arena, ep, &ef, err);
        lex->emoji_format = ef;
    }
    if (st == LQ_OK)
        st = freeze(lex, err);
    if (st != LQ_OK) {
        lq_lexicon_free(lex);
        return st;
    }
    lq_error_clear(err);
    *out = lex;
    return LQ_OK;
}

size_t lq_lexicon_size(const lq_lexicon *lex)
{
    return lex ? lex->nvalence : 0;
}

int lq_lexicon_lookup(const lq_lexicon *lex, const char *token, size_t len, double *valence)
{
    char stackbuf[512 + LQ_KEY_PAD], *buf = stackbuf;
    const lq_word *w;
    size_t n;
    lq_error e;
    if (!lex || (!token && len))
        return 0;
    if (lq_utf8_validate(token, len, &e) != LQ_OK)
        return 0;
    if (2 * len + 4 + LQ_KEY_PAD > sizeof stackbuf) {
        buf = lq_malloc(2 * len + 4 + LQ_KEY_PAD);
        if (!buf)
            return 0;
    }
    n = lq_py_lower(token ? token : "", len, buf, NULL);
    w = lq_lex_word(lex, buf, n);
    if (buf != stackbuf)
        lq_dealloc(buf);
    if (!w || !(w->flags & LQ_W_VALENCE))
        return 0;
    if (valence)
        *valence = w->valence;
    return 1;
}

void lq_lexicon_free(lq_lexicon *lex)
{
    if (!lex)
        return;
    lq_strmap_release(&lex->map);
    lq_dealloc(lex->words);
    lq_dealloc(lex->idioms);
    lq_dealloc(lex->bphrases);
    lq_dealloc(lex->neg_subs);
    lq_dealloc(lex->neg_sub_lens);
    lq_dealloc(lex->slots);
    lq_dealloc(lex->keys);
    lq_emoji_table_release(&lex->emoji);
    lq_arena_release(&lex->arena);
    lq_dealloc(lex);
}
