/* The analyzer's word lists: speech verbs, roles, honorifics and titles,
   organisation head words, pronouns, given names, non-name words and
   reporting phrases, loaded from plain text files of the data directory
   (their formats are described in each file's header comment). */
#include <string.h>
#include "attribution.h"

_Static_assert(sizeof(lq_word) <= sizeof(int64_t), "lq_word fits a strmap value");

static lq_word unpack(const lq_strmap_entry *e)
{
    lq_word w;
    memcpy(&w, &e->value.i, sizeof w);
    return w;
}

static void pack(lq_strmap_entry *e, const lq_word *w)
{
    e->value.i = 0;
    memcpy(&e->value.i, w, sizeof *w);
}

int lq_word_lookup(const lq_analyzer *az, const char *key, size_t len, lq_word *w)
{
    const lq_strmap_entry *e = lq_strmap_get(&az->words, key, len);
    if (!e)
        return 0;
    *w = unpack(e);
    return 1;
}

int lq_phrase_lookup(const lq_analyzer *az, const char *key, size_t len, lq_word *w)
{
    const lq_strmap_entry *e = lq_strmap_get(&az->phrases, key, len);
    if (!e)
        return 0;
    *w = unpack(e);
    return 1;
}

/* Lower-case ASCII letters, turn U+2019 into an apostrophe and collapse
   runs of spaces: the key form of every entry. Returns the key length, or 0
   when it does not fit. */
static size_t make_key(const char *s, size_t n, char *key, size_t cap, unsigned *nwords)
{
    size_t i, k = 0;
    int space = 1;
    *nwords = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') {
            space = 1;
            continue;
        }
        if (space && k > 0) {
            if (k + 1 >= cap)
                return 0;
            key[k++] = ' ';
        }
        if (space)
            (*nwords)++;
        space = 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (k + 1 >= cap)
            return 0;
        key[k++] = (char)c;
    }
    return k;
}

/* Add (merge) an entry for one word or phrase. */
static lq_status add_entry(lq_analyzer *az, const char *s, size_t n, const lq_word *add,
                           const char *file, size_t lineno, lq_error *err)
{
    char key[128];
    unsigned nwords;
    size_t k = make_key(s, n, key, sizeof key, &nwords);
    lq_strmap *map;
    lq_strmap_entry *e;
    int added;
    lq_word w;
    lq_status st;

    if (k == 0)
        return lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, lineno,
                       "%s line %zu: empty or over-long entry (at most 127 bytes)",
                       file, lineno);
    if (nwords > 6)
        return lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, lineno,
                       "%s line %zu: an entry has at most 6 words", file, lineno);
    map = nwords > 1 ? &az->phrases : &az->words;
    st = lq_strmap_put(map, key, k, &e, &added);
    if (st != LQ_OK)
        return lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
    w = added ? (lq_word){0} : unpack(e);
    w.cls |= add->cls;
    w.vflags |= add->vflags;
    if (add->gender)
        w.gender = add->gender;
    if (add->plural)
        w.plural = add->plural;
    w.words = (uint8_t)nwords;
    pack(e, &w);
    if (nwords > 1) {
        /* Mark the first word so the tokenizer knows to try the phrase. */
        size_t fw = 0;
        while (fw < k && key[fw] != ' ')
            fw++;
        st = lq_strmap_put(&az->words, key, fw, &e, &added);
        if (st != LQ_OK)
            return lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
        w = added ? (lq_word){0} : unpack(e);
        w.cls |= LQ_W_MULTI;
        if (w.words < 1)
            w.words = 1;
        pack(e, &w);
    }
    return LQ_OK;
}

/* Split a line at TABs into at most max fields. Returns the field count. */
static size_t split_tabs(const char *line, size_t len, const char **f, size_t *fl, size_t max)
{
    size_t n = 0, i, s = 0;
    for (i = 0; i <= len && n < max; i++) {
        if (i == len || line[i] == '\t') {
            f[n] = line + s;
            fl[n] = i - s;
            n++;
            s = i + 1;
        }
    }
    return n;
}

static int parse_gender(const char *s, size_t n)
{
    if (n == 1 && s[0] == 'm')
        return LQ_G_MALE;
    if (n == 1 && s[0] == 'f')
        return LQ_G_FEMALE;
    if (n == 1 && s[0] == 'n')
        return LQ_G_NEUTER;
    if (n == 1 && s[0] == '-')
        return LQ_G_ANY;
    return -1;
}

typedef enum { LIST_VERBS, LIST_WORDS, LIST_HONORIFICS, LIST_PRONOUNS, LIST_NAMES,
               LIST_PHRASES } list_format;

static lq_status load_list(lq_analyzer *az, const char *dir, const char *file,
                           list_format fmt, unsigned cls, lq_error *err)
{
    char path[4096];
    char *data = NULL;
    size_t len = 0;
    lq_lines it;
    lq_status st = lq_path_join(path, sizeof path, dir, file, err);
    if (st != LQ_OK)
        return st;
    st = lq_read_file(path, &data, &len, err);
    if (st != LQ_OK)
        return st;
    st = lq_utf8_validate(data, len, err);
    if (st != LQ_OK) {
        lq_fail(err, st, err ? err->offset : LQ_NO_POSITION, LQ_NO_POSITION,
                "%s: not valid UTF-8", path);
        lq_dealloc(data);
        return st;
    }
    lq_lines_init(&it, data, len);
    while (st == LQ_OK && lq_lines_next(&it)) {
        const char *f[3];
        size_t fl[3], nf = split_tabs(it.line, it.line_len, f, fl, 3);
        lq_word w = {0};
        w.cls = (uint16_t)cls;
        switch (fmt) {
        case LIST_WORDS:
            st = add_entry(az, it.line, it.line_len, &w, path, it.lineno, err);
            break;
        case LIST_NAMES:
        case LIST_PRONOUNS: {
            int g = nf >= 2 ? parse_gender(f[1], fl[1]) : -1;
            if (g < 0 || (fmt == LIST_PRONOUNS && (nf < 3 || fl[2] != 1 ||
                                                   (f[2][0] != 's' && f[2][0] != 'p')))) {
                st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, it.lineno,
                             "%s line %zu: expected %s", path, it.lineno,
                             fmt == LIST_NAMES ? "NAME<TAB>m|f"
                                               : "PRONOUN<TAB>m|f|n|-<TAB>s|p");
                break;
            }
            w.gender = (uint8_t)g;
            w.plural = fmt == LIST_PRONOUNS && f[2][0] == 'p';
            st = add_entry(az, f[0], fl[0], &w, path, it.lineno, err);
            break;
        }
        case LIST_HONORIFICS: {
            int g = nf == 3 ? parse_gender(f[1], fl[1]) : -1;
            if (g < 0 || !((fl[2] == 9 && memcmp(f[2], "honorific", 9) == 0) ||
                           (fl[2] == 5 && memcmp(f[2], "title", 5) == 0))) {
                st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, it.lineno,
                             "%s line %zu: expected WORD<TAB>m|f|-<TAB>honorific|title",
                             path, it.lineno);
                break;
            }
            w.cls = fl[2] == 5 ? LQ_W_TITLE : LQ_W_HONORIFIC;
            w.gender = (uint8_t)g;
            st = add_entry(az, f[0], fl[0], &w, path, it.lineno, err);
            break;
        }
        case LIST_PHRASES: {
            if (nf != 2 || !((fl[0] == 6 && memcmp(f[0], "source", 6) == 0) ||
                             (fl[0] == 6 && memcmp(f[0], "object", 6) == 0))) {
                st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, it.lineno,
                             "%s line %zu: expected source|object<TAB>PHRASE", path,
                             it.lineno);
                break;
            }
            w.cls = f[0][0] == 's' ? LQ_W_SOURCE : LQ_W_OBJECT;
            st = add_entry(az, f[1], fl[1], &w, path, it.lineno, err);
            break;
        }
        case LIST_VERBS: {
            size_t i, s;
            unsigned flags = 0;
            if (nf != 3) {
                st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, it.lineno,
                             "%s line %zu: expected LEMMA<TAB>FORMS<TAB>FLAGS", path,
                             it.lineno);
                break;
            }
            for (i = 0; i < fl[2]; i++) {
                if (f[2][i] == 'o')
                    flags |= LQ_V_OBJECT;
                else if (f[2][i] == 'w')
                    flags |= LQ_V_WEAK;
                else if (f[2][i] != '-')
                    st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, it.lineno,
                                 "%s line %zu: unknown flag '%c' (use o, w or -)", path,
                                 it.lineno, f[2][i]);
            }
            if (st != LQ_OK)
                break;
            w.cls = LQ_W_VERB;
            w.vflags = (uint8_t)(flags | LQ_V_BASE);
            st = add_entry(az, f[0], fl[0], &w, path, it.lineno, err);
            /* Forms: space-separated, but a phrasal verb's forms keep their
               particle ("points out"): a form is one word plus, when the lemma
               has one, the same number of extra words. */
            {
                size_t lemma_words = 1, per, cnt = 0, fs = 0;
                for (i = 0; i < fl[0]; i++)
                    lemma_words += f[0][i] == ' ';
                per = lemma_words;
                for (i = 0, s = 0; i <= fl[1] && st == LQ_OK; i++) {
                    if (i == fl[1] || f[1][i] == ' ') {
                        if (i > s)
                            cnt++;
                        s = i + 1;
                        if (cnt == per || (i == fl[1] && cnt > 0)) {
                            const char *form = f[1] + fs;
                            size_t flen = i - fs, e;
                            w.vflags = (uint8_t)flags;
                            for (e = 0; e < flen && form[e] != ' '; e++)
                                ;
                            if (e >= 3 && memcmp(form + e - 3, "ing", 3) == 0)
                                w.vflags |= LQ_V_ING;
                            st = add_entry(az, form, flen, &w, path, it.lineno, err);
                            cnt = 0;
                            fs = i + 1;
                        }
                    }
                }
            }
            break;
        }
        }
    }
    lq_dealloc(data);
    return st;
}

lq_status lq_wordlists_load(lq_analyzer *az, const char *datadir, lq_error *err)
{
    static const struct {
        const char *file;
        list_format fmt;
        unsigned cls;
    } lists[] = {
        {"speech-verbs.txt", LIST_VERBS, LQ_W_VERB},
        {"roles.txt", LIST_WORDS, LQ_W_ROLE},
        {"honorifics.txt", LIST_HONORIFICS, 0},
        {"org-heads.txt", LIST_WORDS, LQ_W_ORGHEAD},
        {"pronouns.txt", LIST_PRONOUNS, LQ_W_PRONOUN},
        {"first-names.txt", LIST_NAMES, LQ_W_FIRSTNAME},
        {"non-names.txt", LIST_WORDS, LQ_W_NONNAME},
        {"role-modifiers.txt", LIST_WORDS, LQ_W_MODIFIER},
        {"reporting-phrases.txt", LIST_PHRASES, 0},
    };
    const char *dir = lq_datadir(datadir);
    size_t i;
    lq_status st = lq_strmap_init(&az->words, 2048);
    if (st == LQ_OK)
        st = lq_strmap_init(&az->phrases, 256);
    if (st != LQ_OK)
        return lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        st = load_list(az, dir, lists[i].file, lists[i].fmt, lists[i].cls, err);
        if (st != LQ_OK)
            return st;
    }
    return LQ_OK;
}

void lq_wordlists_release(lq_analyzer *az)
{
    lq_strmap_release(&az->words);
    lq_strmap_release(&az->phrases);
}
