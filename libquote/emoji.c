/* Emoji lexicons: VADER's emoji_utf8_lexicon.txt (emoji TAB description) and
   Unicode's emoji-test.txt (code points ; status # emoji Ex.y name), loaded
   into a code-point table (single code points, first code points of
   sequences) and a sequence map for longest-match lookups. */
#include <string.h>
#include "sentiment.h"

lq_status lq_emoji_table_init(lq_emoji_table *t)
{
    memset(t, 0, sizeof *t);
    t->cps_cap = 1024;
    t->cps = lq_calloc(t->cps_cap, sizeof *t->cps);
    if (!t->cps)
        return LQ_ENOMEM;
    if (lq_strmap_init(&t->seqs, 4096) != LQ_OK) {
        lq_dealloc(t->cps);
        t->cps = NULL;
        return LQ_ENOMEM;
    }
    return LQ_OK;
}

void lq_emoji_table_release(lq_emoji_table *t)
{
    lq_dealloc(t->cps);
    lq_dealloc(t->descs);
    lq_strmap_release(&t->seqs);
    memset(t, 0, sizeof *t);
}

static size_t cp_slot(uint32_t cp, size_t cap)
{
    uint32_t h = cp;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return (size_t)h & (cap - 1);
}

const lq_emoji_cp *lq_emoji_find_cp(const lq_emoji_table *t, uint32_t cp)
{
    size_t i;
    /* cp 0 marks an empty slot: U+0000 is never an emoji. */
    if (!t->cps_cap || cp == 0)
        return NULL;
    i = cp_slot(cp, t->cps_cap);
    for (;;) {
        const lq_emoji_cp *e = &t->cps[i];
        if (e->cp == cp)
            return e;
        if (e->cp == 0)
            return NULL;
        i = (i + 1) & (t->cps_cap - 1);
    }
}

int32_t lq_emoji_find_seq(const lq_emoji_table *t, const char *s, size_t n)
{
    const lq_strmap_entry *e = lq_strmap_get(&t->seqs, s, n);
    return e ? (int32_t)e->value.i : -1;
}

/* The slot for cp, inserted if missing. NULL on ENOMEM. */
static lq_emoji_cp *cp_put(lq_emoji_table *t, uint32_t cp, size_t *count)
{
    size_t i;
    if ((*count + 1) * 2 > t->cps_cap) {
        size_t cap = t->cps_cap * 2, j;
        lq_emoji_cp *n = lq_calloc(cap, sizeof *n);
        if (!n)
            return NULL;
        for (j = 0; j < t->cps_cap; j++) {
            if (t->cps[j].cp) {
                size_t k = cp_slot(t->cps[j].cp, cap);
                while (n[k].cp)
                    k = (k + 1) & (cap - 1);
                n[k] = t->cps[j];
            }
        }
        lq_dealloc(t->cps);
        t->cps = n;
        t->cps_cap = cap;
    }
    i = cp_slot(cp, t->cps_cap);
    while (t->cps[i].cp && t->cps[i].cp != cp)
        i = (i + 1) & (t->cps_cap - 1);
    if (!t->cps[i].cp) {
        t->cps[i].cp = cp;
        t->cps[i].single = -1;
        t->cps[i].max_bytes = 0;
        ++*count;
    }
    return &t->cps[i];
}

static size_t count_cps(lq_emoji_table *t)
{
    size_t i, n = 0;
    for (i = 0; i < t->cps_cap; i++)
        n += t->cps[i].cp != 0;
    return n;
}

/* Add key (valid UTF-8, at least one code point) with its description.
   A later key replaces an earlier identical one, as the reference's dict does. */
static lq_status add_emoji(lq_emoji_table *t, lq_arena *arena, const char *key, size_t klen,
                           const char *desc, size_t dlen, size_t *ncps)
{
    lq_strmap_entry *e;
    lq_emoji_cp *slot;
    lq_emoji_desc *d;
    int added;
    int32_t first;
    int k;
    size_t i, idx;
    if (t->ndescs == t->descs_cap) {
        size_t cap = t->descs_cap ? t->descs_cap * 2 : 1024;
        lq_emoji_desc *n = lq_realloc(t->descs, cap * sizeof *n);
        if (!n)
            return LQ_ENOMEM;
        t->descs = n;
        t->descs_cap = cap;
    }
    if (lq_strmap_put(&t->seqs, key, klen, &e, &added) != LQ_OK)
        return LQ_ENOMEM;
    idx = t->ndescs++;
    e->value.i = (int64_t)idx;
    d = &t->descs[idx];
    d->text = lq_arena_strndup(arena, desc, dlen);
    if (!d->text)
        return LQ_ENOMEM;
    d->len = (uint32_t)dlen;
    d->bangs = d->questions = 0;
    for (i = 0; i < dlen; i++) {
        d->bangs += desc[i] == '!';
        d->questions += desc[i] == '?';
    }
    k = lq_utf8_decode((const uint8_t *)key, klen, &first);
    slot = cp_put(t, (uint32_t)first, ncps);
    if (!slot)
        return LQ_ENOMEM;
    {
        uint32_t fb = ((uint32_t)first ^ ((uint32_t)first >> 12)) & 4095u;
        t->filter[fb >> 6] |= (uint64_t)1 << (fb & 63);
    }
    if ((size_t)k == klen)
        slot->single = (int32_t)idx;
    if (klen > slot->max_bytes)
        slot->max_bytes = (uint32_t)klen;
    if ((unsigned char)key[0] < 0x80) {
        t->ascii_keys = 1;
        t->ascii_first[(unsigned char)key[0]] |= klen == 1 ? 1 : 2;
        if (klen == 1)
            t->ascii_single = 1;
        else if ((unsigned char)key[1] < 0x80) {
            t->ascii_first[(unsigned char)key[0]] |= 4;
            t->ascii_pair = 1;
        }
    }
    return LQ_OK;
}

static lq_status bad_line(lq_error *err, const char *path, const lq_lines *it, const char *what)
{
    return lq_fail(err, LQ_EFORMAT, it->offset, it->lineno, "%s:%zu: %s", path, it->lineno,
                   what);
}

/* emoji TAB description [TAB ...] */
static lq_status parse_vader(lq_emoji_table *t, lq_arena *arena, const char *path,
                             lq_lines *it, size_t *ncps, lq_error *err)
{
    const char *tab = memchr(it->line, '\t', it->line_len);
    const char *desc, *dend;
    lq_status st;
    if ((st = lq_lines_check_utf8(it, path, err)) != LQ_OK)
        return st;
    if (!tab || tab == it->line)
        return bad_line(err, path, it, "expected 'emoji<TAB>description'");
    desc = tab + 1;
    dend = memchr(desc, '\t', (size_t)(it->line + it->line_len - desc));
    if (!dend)
        dend = it->line + it->line_len;
    st = add_emoji(t, arena, it->line, (size_t)(tab - it->line), desc, (size_t)(dend - desc),
                   ncps);
    return st == LQ_OK ? st : lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION,
                                      "%s: out of memory", path);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* 1F44D 1F3FD ; fully-qualified # 👍🏽 E1.0 thumbs up: medium skin tone */
static lq_status parse_unicode(lq_emoji_table *t, lq_arena *arena, const char *path,
                               lq_lines *it, size_t *ncps, lq_error *err)
{
    const char *p = it->line, *end = it->line + it->line_len, *hash, *name;
    char key[64];
    size_t klen = 0;
    int ncp = 0;
    lq_status st;
    if ((st = lq_lines_check_utf8(it, path, err)) != LQ_OK)
        return st;
    for (;;) {
        int32_t cp = 0;
        int digits = 0, h;
        while (p < end && *p == ' ')
            p++;
        if (p >= end || *p == ';')
            break;
        while (p < end && (h = hexval(*p)) >= 0 && digits < 7) {
            cp = cp * 16 + h;
            digits++;
            p++;
        }
        if (digits < 4 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0 ||
            (p < end && *p != ' ' && *p != ';'))
            return bad_line(err, path, it, "expected hexadecimal code points before ';'");
        if (klen + 4 > sizeof key)
            return bad_line(err, path, it, "emoji sequence too long");
        klen += (size_t)lq_utf8_encode(cp, (uint8_t *)key + klen);
        ncp++;
    }
    if (!ncp || p >= end)
        return bad_line(err, path, it, "expected 'code points ; status # emoji Ex.y name'");
    hash = memchr(p, '#', (size_t)(end - p));
    if (!hash)
        return bad_line(err, path, it, "missing '# emoji Ex.y name' comment");
    /* Skip the emoji itself and the version "E<major>.<minor>". */
    name = hash + 1;
    while (name < end && *name == ' ')
        name++;
    while (name < end && *name != ' ')
        name++;
    while (name < end && *name == ' ')
        name++;
    if (name + 1 < end && name[0] == 'E' && name[1] >= '0' && name[1] <= '9') {
        while (name < end && *name != ' ')
            name++;
        while (name < end && *name == ' ')
            name++;
    }
    if (name >= end)
        return bad_line(err, path, it, "missing emoji name after the version");
    st = add_emoji(t, arena, key, klen, name, (size_t)(end - name), ncps);
    return st == LQ_OK ? st : lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION,
                                      "%s: out of memory", path);
}

lq_status lq_emoji_load(lq_emoji_table *t, lq_arena *arena, const char *path,
                        lq_emoji_format *formatp, lq_error *err)
{
    lq_emoji_format format = *formatp;
    char *data;
    size_t len, ncps = count_cps(t);
    lq_lines it;
    lq_status st = lq_read_file(path, &data, &len, err);
    if (st != LQ_OK)
        return st;
    lq_lines_init(&it, data, len);
    if (format == LQ_EMOJI_AUTO) {
        /* emoji-test.txt names its data lines "; fully-qualified" etc. */
        format = (strstr(data, "; fully-qualified") || strstr(data, "# group:"))
                     ? LQ_EMOJI_UNICODE
                     : LQ_EMOJI_VADER;
    }
    /* VADER's file has no comments: "#️⃣" is a key. */
    it.keep_comments = format == LQ_EMOJI_VADER;
    *formatp = format;
    while (st == LQ_OK && lq_lines_next(&it)) {
        if (format == LQ_EMOJI_UNICODE)
            st = parse_unicode(t, arena, path, &it, &ncps, err);
        else
            st = parse_vader(t, arena, path, &it, &ncps, err);
    }
    lq_dealloc(data);
    if (st == LQ_OK && t->ndescs == 0)
        st = lq_fail(err, LQ_EFORMAT, LQ_NO_POSITION, LQ_NO_POSITION,
                     "%s: no emoji entries found", path);
    if (st == LQ_OK)
        t->loaded = 1;
    return st;
}
