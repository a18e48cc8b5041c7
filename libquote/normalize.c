/* Unicode normalization (NFC/NFD/NFKC/NFKD via utf8proc) with optional
   clean-ups, invalid-UTF-8 handling and a map back to the original bytes.

   How it works. The input is cut into segments at "boundaries": a code point
   whose mapping starts with a starter (canonical combining class 0) that can
   never compose with what comes before it. Normalization never crosses such a
   boundary, so each segment can be normalized on its own and the results
   concatenated: that is what makes the offset map exact.

   Most text needs no work at all. A code point is "simple" when it is a
   boundary, maps to itself under every selected option, and the code point
   after it is a boundary too (nothing combines with it). Runs of simple code
   points are copied in bulk (with the byte-wise ASCII changes, lower-casing
   and lone CR -> LF, applied on the way) and stored in the offset map as one
   exact run. ASCII is scanned eight bytes at a time and never looked up in
   the Unicode tables. Only segments that can change go through utf8proc:
   decompose each code point into a reusable buffer, put the marks in
   canonical order, compose, encode. Two per-call caches (no shared state)
   keep repeated work cheap: the class of recently seen code points, and the
   output of recent short segments.

   Cutting at boundaries also keeps U+11A7 (not a trailing consonant) out of
   Hangul composition, which utf8proc 2.8 alone gets wrong. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "normalize.h"
#include "offsets.h"
#include "private.h"

struct lq_text {
    char *data;           /* NUL-terminated normalized bytes */
    size_t len;
    size_t replacements;  /* invalid sequences replaced by U+FFFD */
    lq_offsets map;
};

#define NO_SEGMENT ((size_t)-1)
/* Long ASCII runs are scanned in chunks and each is copied right away, while
   it is still in the cache; shorter runs wait to be copied with the text
   around them. */
#define ASCII_CHUNK 65536
#define ASCII_COPY_NOW 2048
#define HI_BITS 0x8080808080808080ull
#define ONES 0x0101010101010101ull

/* Hangul jamo that compose with the syllable or jamo before them
   (Unicode §3.12: V 1161..1175, T 11A8..11C2). utf8proc composes them by
   arithmetic, not through its composition table. */
#define IS_HANGUL_V(c) ((c) >= 0x1161 && (c) <= 0x1175)
#define IS_HANGUL_T(c) ((c) >= 0x11A8 && (c) <= 0x11C2)
#define IS_HANGUL_S(c) ((c) >= 0xAC00 && (c) <= 0xD7A3)

/* classify() results for recently seen code points, direct-mapped by the
   low bits: (cp << 2) | CP_BOUNDARY | CP_SIMPLE, 0 for an empty slot (cp is
   never ASCII here, so a used slot is never 0). Per call, so no shared state. */
#define CACHE_SIZE 1024
#define CP_BOUNDARY 1u
#define CP_SIMPLE 2u

/* Results of recent short segments (up to 8 input bytes: "é", "e" + U+0301,
   "«", CR LF…), which repeat all through a text. Direct-mapped by a hash of
   the bytes; switched on after SEG_CACHE_AFTER segments so that short inputs
   do not pay for clearing it. */
#define SEG_CACHE_SIZE 256
#define SEG_CACHE_AFTER 32
typedef struct seg_entry {
    uint64_t key;      /* the input bytes, zero-padded */
    uint8_t klen;      /* their number, 0 for an empty slot */
    uint8_t olen;      /* output length */
    uint8_t out[14];   /* output bytes */
} seg_entry;

typedef struct norm {
    const uint8_t *in;
    size_t len;
    unsigned flags;
    utf8proc_option_t uopts;   /* options for utf8proc_decompose_char() */
    lq_buf out;
    lq_offsets map;
    int32_t *cps;              /* code point buffer for one segment, reused */
    size_t cps_cap;
    size_t replacements;
    size_t ex;                 /* start of the exact run not yet copied */
    int cache_ready;           /* cache zeroed (done at the first non-ASCII) */
    uint32_t cache[CACHE_SIZE];
    size_t segs_seen;          /* segments normalized before the cache is on */
    int segs_ready;
    seg_entry segs[SEG_CACHE_SIZE];
} norm;

/* Can this code point compose with a starter before it? (NFC_Quick_Check
   Maybe with combining class 0.) utf8proc 2.8 marks such "second" code
   points with a comb_index >= 0x8000; later versions have a flag. */
static int combines_back(int32_t c, const utf8proc_property_t *p)
{
    if (IS_HANGUL_V(c) || IS_HANGUL_T(c))
        return 1;
#if UTF8PROC_VERSION_MAJOR > 2 || (UTF8PROC_VERSION_MAJOR == 2 && UTF8PROC_VERSION_MINOR >= 9)
    return p->comb_issecond;
#else
    return p->comb_index != UINT16_MAX && p->comb_index >= 0x8000;
#endif
}

/* The typographic quotation marks LQ_NORM_ASCII_QUOTES turns into ASCII.
   Double marks and CJK corner brackets -> '"':
     “ ” „ ‟ « » ❝ ❞ ⹂ 〝 〞 〟 ＂ 「 」 『 』 ｢ ｣ and the vertical ﹁ ﹂ ﹃ ﹄.
   Single marks -> '\'':
     ‘ ’ ‚ ‛ ‹ › ❛ ❜ ＇ and the modifier letter apostrophe ʼ (U+02BC), which
     many texts use as their apostrophe.
   Single guillemets become ' (not ") so that a quote nested in « » keeps
   its level, as ‘ ’ inside “ ” does. Primes (′ ″) are units, not quotes,
   and stay. */
static int32_t ascii_quote(int32_t c)
{
    switch (c) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x00AB: case 0x00BB:
    case 0x275D: case 0x275E: case 0x2E42:
    case 0x301D: case 0x301E: case 0x301F: case 0xFF02:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    case 0xFF62: case 0xFF63:
    case 0xFE41: case 0xFE42: case 0xFE43: case 0xFE44:
        return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2039: case 0x203A:
    case 0x275B: case 0x275C: case 0xFF07: case 0x02BC:
        return '\'';
    default:
        return c;
    }
}

/* Unassigned code points reserved as default-ignorable (Unicode's
   Other_Default_Ignorable_Code_Point). utf8proc flags only assigned ones;
   these ranges are fixed by Unicode's stability policy. */
static int reserved_ignorable(int32_t c)
{
    return c == 0x2065 || (c >= 0xFFF0 && c <= 0xFFF8) || c == 0xE0000 ||
           (c >= 0xE0002 && c <= 0xE001F) || (c >= 0xE0080 && c <= 0xE00FF) ||
           (c >= 0xE01F0 && c <= 0xE0FFF);
}

/* Our own mappings, applied to each original code point before utf8proc's.
   Returns -1 for a code point to remove. */
static int32_t premap(unsigned flags, int32_t c, const utf8proc_property_t *p)
{
    if ((flags & LQ_NORM_STRIP_IGNORABLE) && p->category == UTF8PROC_CATEGORY_CN &&
        reserved_ignorable(c))
        return -1;
    if ((flags & LQ_NORM_NEWLINES) &&
        (c == 0x0D || c == 0x85 || c == 0x2028 || c == 0x2029))
        return 0x0A;
    if ((flags & LQ_NORM_SPACES) && p->category == UTF8PROC_CATEGORY_ZS)
        return 0x20;
    if ((flags & LQ_NORM_ASCII_DASHES) &&
        (p->category == UTF8PROC_CATEGORY_PD || c == 0x2212))
        return '-';
    if (flags & LQ_NORM_ASCII_QUOTES)
        return ascii_quote(c);
    return c;
}

/* The mappings of premap() that a decomposition or case folding can make
   necessary again: NFKC turns U+0149 into U+02BC + n, U+FE58 into an em
   dash, U+2007 stays a space separator… Applied to what utf8proc produced, so
   that normalizing twice gives what normalizing once gave. Every result is an
   ASCII starter, which composes with nothing. */
#define POSTMAP_FLAGS (LQ_NORM_SPACES | LQ_NORM_ASCII_DASHES | LQ_NORM_ASCII_QUOTES)
static void postmap(unsigned flags, int32_t *d, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (d[i] >= 0x80) {
            const utf8proc_property_t *p = utf8proc_get_property(d[i]);
            if (p->category == UTF8PROC_CATEGORY_ZS || p->category == UTF8PROC_CATEGORY_PD ||
                d[i] == 0x2212 || ascii_quote(d[i]) != d[i])
                d[i] = premap(flags & POSTMAP_FLAGS, d[i], p);
        }
}

/* Put d[0..n) in canonical order: each run of non-starters sorted by
   combining class, keeping the order of equal classes (Unicode §3.11).
   Short runs by insertion; long ones by counting sort into tmp (room for n
   code points, may be NULL when n is small), so a flood of marks stays
   linear. */
static void canonical_order(int32_t *d, size_t n, int32_t *tmp)
{
    size_t i = 0;
    while (i < n) {
        size_t j, a;
        if (utf8proc_get_property(d[i])->combining_class == 0) {
            i++;
            continue;
        }
        j = i + 1;
        while (j < n && utf8proc_get_property(d[j])->combining_class != 0)
            j++;
        if (j - i <= 16 || !tmp) {
            for (a = i + 1; a < j; a++) {
                int32_t c = d[a];
                int cc = utf8proc_get_property(c)->combining_class;
                size_t b = a;
                while (b > i && utf8proc_get_property(d[b - 1])->combining_class > cc) {
                    d[b] = d[b - 1];
                    b--;
                }
                d[b] = c;
            }
        } else {
            size_t start[257] = {0};
            for (a = i; a < j; a++)
                start[(unsigned char)utf8proc_get_property(d[a])->combining_class + 1]++;
            for (a = 1; a < 257; a++)
                start[a] += start[a - 1];
            for (a = i; a < j; a++)
                tmp[start[(unsigned char)utf8proc_get_property(d[a])->combining_class]++] = d[a];
            memcpy(d + i, tmp, (j - i) * sizeof *d);
        }
        i = j;
    }
}

/* Classify a non-ASCII scalar value: returns whether it starts a segment and
   sets *simple when, alone, it also normalizes to itself. */
static int classify(const norm *nm, int32_t c, int *simple)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    unsigned f = nm->flags;
    int32_t m = premap(f, c, p);
    int32_t d[32];
    int bc = UTF8PROC_BOUNDCLASS_START;
    utf8proc_ssize_t r;
    int boundary;

    *simple = 0;
    /* Quick answer for the usual case: nothing to decompose, fold or drop. */
    if (m == c && p->combining_class == 0 && !combines_back(c, p) &&
        (p->decomp_seqindex == UINT16_MAX || (p->decomp_type && !(f & LQ_NORM_COMPAT))) &&
        !IS_HANGUL_S(c) &&
        !((f & LQ_NORM_CASEFOLD) && p->casefold_seqindex != UINT16_MAX) &&
        !((f & LQ_NORM_STRIP_IGNORABLE) && p->ignorable) &&
        !((f & LQ_NORM_STRIP_MARKS) && (p->category == UTF8PROC_CATEGORY_MN ||
                                         p->category == UTF8PROC_CATEGORY_MC ||
                                         p->category == UTF8PROC_CATEGORY_ME))) {
        *simple = 1;
        return 1;
    }
    if (m < 0)
        return 0; /* removed: stays with the segment before */
    r = utf8proc_decompose_char(m, d, 32, nm->uopts, &bc);
    if (r <= 0) /* removed (ignorable, mark): stays with the segment before */
        return 0;
    p = utf8proc_get_property(d[0]);
    boundary = p->combining_class == 0 && !combines_back(d[0], p);
    /* A precomposed letter (é, й, Hangul syllables) usually composes back
       to itself: find out, so that it can be copied like any other text. */
    if (boundary && m == c && r <= 32) {
        canonical_order(d, (size_t)r, NULL);
        if (!(f & LQ_NORM_DECOMPOSE) && r > 1)
            r = utf8proc_normalize_utf32(d, r, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        *simple = r == 1 && d[0] == c;
    }
    return boundary;
}

/* classify() through the cache. Returns CP_BOUNDARY | CP_SIMPLE bits. */
static unsigned classify_cached(norm *nm, int32_t c)
{
    uint32_t *slot = &nm->cache[(uint32_t)c & (CACHE_SIZE - 1)];
    unsigned info;
    int simple;
    if (LQ_UNLIKELY(!nm->cache_ready)) {
        memset(nm->cache, 0, sizeof nm->cache);
        nm->cache_ready = 1;
    }
    if (LQ_LIKELY(*slot >> 2 == (uint32_t)c && *slot != 0))
        return *slot & 3u;
    info = classify(nm, c, &simple) ? CP_BOUNDARY : 0;
    if (simple)
        info |= CP_SIMPLE;
    *slot = ((uint32_t)c << 2) | info;
    return info;
}

/* Human-readable reason why s[0..len) does not start a valid sequence. */
static void describe_invalid(const uint8_t *s, size_t len, int sub, char *buf, size_t n)
{
    uint8_t b0 = s[0];
    uint8_t b1 = len > 1 ? s[1] : 0;
    if (b0 >= 0x80 && b0 < 0xC0)
        snprintf(buf, n, "unexpected continuation byte 0x%02X", b0);
    else if (b0 == 0xC0 || b0 == 0xC1)
        snprintf(buf, n, "overlong encoding (lead byte 0x%02X)", b0);
    else if (b0 >= 0xF5 && b0 <= 0xF7)
        snprintf(buf, n, "lead byte 0x%02X would encode a code point beyond U+10FFFF", b0);
    else if (b0 >= 0xF8)
        snprintf(buf, n, "byte 0x%02X never occurs in UTF-8", b0);
    else if (len > 1 && b0 == 0xE0 && b1 >= 0x80 && b1 < 0xA0)
        snprintf(buf, n, "overlong encoding (0x%02X 0x%02X)", b0, b1);
    else if (len > 1 && b0 == 0xF0 && b1 >= 0x80 && b1 < 0x90)
        snprintf(buf, n, "overlong encoding (0x%02X 0x%02X)", b0, b1);
    else if (len > 1 && b0 == 0xED && b1 >= 0xA0 && b1 < 0xC0)
        snprintf(buf, n, "UTF-16 surrogate (0x%02X 0x%02X)", b0, b1);
    else if (len > 1 && b0 == 0xF4 && b1 >= 0x90 && b1 < 0xC0)
        snprintf(buf, n, "code point beyond U+10FFFF (0x%02X 0x%02X)", b0, b1);
    else if ((size_t)sub >= len)
        snprintf(buf, n, "truncated sequence (input ends after %d of its bytes)", sub);
    else
        snprintf(buf, n, "truncated sequence (byte 0x%02X after 0x%02X is not a continuation byte)",
                 s[sub], b0);
}

/* Decode the unit at nm->in[i]: one code point, CR LF as one unit when
   newlines are unified, or one maximal invalid subpart (returned as U+FFFD
   with a negative length). */
static int decode_unit(const norm *nm, size_t i, int32_t *cp)
{
    const uint8_t *s = nm->in + i;
    size_t left = nm->len - i;
    int n;
    if (s[0] < 0x80) {
        *cp = s[0];
        if (s[0] == '\r' && (nm->flags & LQ_NORM_NEWLINES) && left > 1 && s[1] == '\n')
            return 2;
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] < 0xE0 && left > 1 && (s[1] & 0xC0) == 0x80) {
        *cp = ((int32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    n = lq_utf8_decode(s, left, cp);
    if (n < 0)
        *cp = 0xFFFD;
    return n;
}

static int grow_cps(norm *nm, size_t need)
{
    size_t cap = nm->cps_cap ? nm->cps_cap : 64;
    int32_t *p;
    while (cap < need)
        cap *= 2;
    if (cap > (size_t)(PTRDIFF_MAX / (ptrdiff_t)sizeof(int32_t)) / 2)
        return -1;
    p = lq_realloc(nm->cps, cap * sizeof *p);
    if (!p)
        return -1;
    nm->cps = p;
    nm->cps_cap = cap;
    return 0;
}

/* Copy the exact run [nm->ex, upto) to the output. */
static int flush_exact(norm *nm, size_t upto)
{
    size_t n = upto - nm->ex, o = nm->out.len, k;
    uint8_t *dst;
    const uint8_t *src = nm->in + nm->ex;
    if (n == 0)
        return 0;
    if (lq_buf_reserve(&nm->out, n) != 0 || lq_offsets_add(&nm->map, o, nm->ex, 1) != 0)
        return -1;
    dst = (uint8_t *)nm->out.data + o;
    if (nm->flags & LQ_NORM_CASEFOLD) {
        /* A-Z -> a-z, eight bytes at a time; bytes >= 0x80 (all bytes of
           multi-byte sequences) are never touched. */
        for (k = 0; k + 8 <= n; k += 8) {
            uint64_t w, low7, ge_a, gt_z, upper;
            memcpy(&w, src + k, 8);
            low7 = w & ~HI_BITS;
            ge_a = low7 + ONES * (0x80 - 'A');
            gt_z = low7 + ONES * (0x7F - 'Z');
            upper = (ge_a ^ gt_z) & ~w & HI_BITS;
            w |= upper >> 2;
            memcpy(dst + k, &w, 8);
        }
        for (; k < n; k++) {
            uint8_t b = src[k];
            dst[k] = (b >= 'A' && b <= 'Z') ? (uint8_t)(b | 0x20) : b;
        }
    } else {
        memcpy(dst, src, n);
    }
    if (nm->flags & LQ_NORM_NEWLINES) {
        /* Only lone CRs are left in exact runs (CR LF is a unit). */
        uint8_t *p = dst, *end = dst + n;
        while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL)
            *p++ = '\n';
    }
    nm->out.len += n;
    nm->out.data[nm->out.len] = '\0';
    nm->ex = upto;
    return 0;
}

/* Normalize the code points of [start, end) through utf8proc, appending
   the result to the output. */
static int normalize_segment(norm *nm, size_t start, size_t end)
{
    size_t i = start, k = 0, j;
    utf8proc_ssize_t r;
    int bc = UTF8PROC_BOUNDCLASS_START;
    uint8_t *dst;

    while (i < end) {
        int32_t c, m;
        int n = decode_unit(nm, i, &c);
        m = premap(nm->flags, c, utf8proc_get_property(c));
        i += (size_t)(n < 0 ? -n : n);
        if (m < 0)
            continue;
        for (;;) {
            if (k + 32 > nm->cps_cap && grow_cps(nm, k + 32) != 0)
                return -1;
            r = utf8proc_decompose_char(m, nm->cps + k, (utf8proc_ssize_t)(nm->cps_cap - k),
                                        nm->uopts, &bc);
            if (r < 0)
                return -1; /* cannot happen for scalar values */
            if ((size_t)r <= nm->cps_cap - k)
                break;
            if (grow_cps(nm, k + (size_t)r) != 0)
                return -1;
        }
        if (nm->flags & POSTMAP_FLAGS)
            postmap(nm->flags, nm->cps + k, (size_t)r);
        k += (size_t)r;
    }
    /* the upper half of the buffer is the sort's scratch space */
    if (k > 16 && 2 * k > nm->cps_cap && grow_cps(nm, 2 * k) != 0)
        return -1;
    canonical_order(nm->cps, k, k > 16 ? nm->cps + k : NULL);
    if (!(nm->flags & LQ_NORM_DECOMPOSE) && k > 1) {
        r = utf8proc_normalize_utf32(nm->cps, (utf8proc_ssize_t)k,
                                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r < 0)
            return -1;
        k = (size_t)r;
    }
    if (lq_buf_reserve(&nm->out, 4 * k) != 0)
        return -1;
    dst = (uint8_t *)nm->out.data + nm->out.len;
    for (j = 0; j < k; j++)
        dst += lq_utf8_encode(nm->cps[j], dst);
    nm->out.len = (size_t)((char *)dst - nm->out.data);
    nm->out.data[nm->out.len] = '\0';
    return 0;
}

static size_t seg_slot(uint64_t key, size_t n)
{
    return (size_t)(((key ^ n) * 0x9E3779B97F4A7C15ull) >> 56) & (SEG_CACHE_SIZE - 1);
}

/* Normalize the segment [start, end) and map it. */
static int flush_segment(norm *nm, size_t start, size_t end)
{
    size_t n = end - start, o, olen;
    seg_entry *e = NULL;
    uint64_t key = 0;

    if (flush_exact(nm, start) != 0)
        return -1;
    o = nm->out.len;
    if (n <= 8) {
        if (nm->segs_ready) {
            memcpy(&key, nm->in + start, n);
            e = &nm->segs[seg_slot(key, n)];
        } else if (++nm->segs_seen == SEG_CACHE_AFTER) {
            memset(nm->segs, 0, sizeof nm->segs);
            nm->segs_ready = 1;
        }
    }
    if (e && e->klen == n && e->key == key) {
        if (lq_buf_reserve(&nm->out, e->olen) != 0)
            return -1;
        memcpy(nm->out.data + o, e->out, e->olen);
        nm->out.len += e->olen;
        nm->out.data[nm->out.len] = '\0';
    } else {
        if (normalize_segment(nm, start, end) != 0)
            return -1;
        if (e && nm->out.len - o <= sizeof e->out) {
            e->key = key;
            e->klen = (uint8_t)n;
            e->olen = (uint8_t)(nm->out.len - o);
            memcpy(e->out, nm->out.data + o, e->olen);
        }
    }
    olen = nm->out.len - o;
    /* Unchanged bytes map byte by byte, like any other exact text. */
    if (lq_offsets_add(&nm->map, o, start,
                       olen == n && memcmp(nm->out.data + o, nm->in + start, n) == 0) != 0)
        return -1;
    nm->ex = end;
    return 0;
}

static utf8proc_option_t utf8proc_options(unsigned flags)
{
    return UTF8PROC_STABLE |
           ((flags & LQ_NORM_DECOMPOSE) ? UTF8PROC_DECOMPOSE : UTF8PROC_COMPOSE) |
           ((flags & LQ_NORM_COMPAT) ? UTF8PROC_COMPAT : 0) |
           ((flags & LQ_NORM_CASEFOLD) ? UTF8PROC_CASEFOLD : 0) |
           ((flags & LQ_NORM_STRIP_IGNORABLE) ? UTF8PROC_IGNORE : 0) |
           ((flags & LQ_NORM_STRIP_MARKS) ? UTF8PROC_STRIPMARK : 0);
}

int lq_normalize_starts_segment(int32_t cp, unsigned flags, int *simple)
{
    norm nm;
    int dummy;
    if (!simple)
        simple = &dummy;
    if (cp >= 0 && cp < 0x80) {
        *simple = 1;
        return 1;
    }
    memset(&nm, 0, sizeof nm);
    nm.flags = flags;
    nm.uopts = utf8proc_options(flags);
    return classify(&nm, cp, simple);
}

/* Main pass. Returns LQ_OK, LQ_EUTF8 or LQ_ENOMEM. */
static lq_status run(norm *nm, lq_error *err)
{
    const uint8_t *s = nm->in;
    size_t len = nm->len, i = 0;
    size_t seg = NO_SEGMENT;   /* start of the segment still open */
    int seg_simple = 0;        /* it is one simple code point so far */
    int stop_cr = (nm->flags & LQ_NORM_NEWLINES) != 0;

#define CLOSE_SEGMENT(at)                                                   \
    do {                                                                    \
        if (seg != NO_SEGMENT && !seg_simple && flush_segment(nm, seg, (at)) != 0) \
            goto nomem;                                                     \
        seg = NO_SEGMENT;                                                   \
    } while (0)

    while (i < len) {
        int32_t c;
        int n, boundary, simple;
        if (s[i] < 0x80) {
            /* ASCII fast path: every byte is a simple boundary; only CR LF
               (with LQ_NORM_NEWLINES) needs more than a byte-wise copy. */
            size_t j = i;
            /* at most ASCII_CHUNK bytes at a time, copied while in cache */
            size_t end = len - i > ASCII_CHUNK ? i + ASCII_CHUNK : len;
            for (;;) {
                while (j + 8 <= end) {
                    uint64_t w, x;
                    memcpy(&w, s + j, 8);
                    if (w & HI_BITS)
                        break;
                    if (stop_cr) {
                        x = w ^ (ONES * '\r');
                        if ((x - ONES) & ~x & HI_BITS)
                            break;
                    }
                    j += 8;
                }
                if (j >= end || s[j] >= 0x80 ||
                    (stop_cr && s[j] == '\r' && j + 1 < len && s[j + 1] == '\n'))
                    break;
                j++;
            }
            if (j > i) {
                CLOSE_SEGMENT(i);
                seg = j - 1; /* the last one may take combining marks */
                seg_simple = 1;
                if (j - i >= ASCII_COPY_NOW && flush_exact(nm, j - 1) != 0)
                    goto nomem;
                i = j;
                continue;
            }
            /* CR LF */
            CLOSE_SEGMENT(i);
            seg = i;
            seg_simple = 0;
            i += 2;
            continue;
        }
        /* Runs of non-ASCII code points that are copied unchanged (most
           Cyrillic, Greek, accented Latin, CJK text): two- and three-byte
           sequences decoded inline, classes from the cache. */
        if (seg == NO_SEGMENT || seg_simple) {
            while (i < len) {
                uint8_t b0 = s[i];
                if (b0 >= 0xC2 && b0 < 0xE0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
                    c = ((int32_t)(b0 & 0x1F) << 6) | (s[i + 1] & 0x3F);
                    n = 2;
                } else if (b0 >= 0xE0 && b0 < 0xF0 && i + 2 < len &&
                           (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
                    c = ((int32_t)(b0 & 0x0F) << 12) | ((int32_t)(s[i + 1] & 0x3F) << 6) |
                        (s[i + 2] & 0x3F);
                    if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
                        break; /* overlong or surrogate: the careful path reports it */
                    n = 3;
                } else {
                    break;
                }
                if (classify_cached(nm, c) != (CP_BOUNDARY | CP_SIMPLE))
                    break;
                seg = i;
                seg_simple = 1;
                i += (size_t)n;
            }
            if (i >= len || s[i] < 0x80)
                continue;
        }
        n = decode_unit(nm, i, &c);
        if (n < 0) {
            if (!(nm->flags & LQ_NORM_REPLACE_INVALID)) {
                char why[120];
                describe_invalid(s + i, len - i, -n, why, sizeof why);
                return lq_fail(err, LQ_EUTF8, i, LQ_NO_POSITION,
                               "byte %zu: invalid UTF-8: %s", i, why);
            }
            nm->replacements++;
            n = -n;
            boundary = 1; /* U+FFFD is a starter that composes with nothing */
            simple = 0;
        } else {
            unsigned info = classify_cached(nm, c);
            boundary = (info & CP_BOUNDARY) != 0;
            simple = (info & CP_SIMPLE) != 0;
        }
        if (boundary) {
            CLOSE_SEGMENT(i);
            seg = i;
            seg_simple = simple;
        } else {
            if (seg == NO_SEGMENT)
                seg = i;
            seg_simple = 0;
        }
        i += (size_t)n;
    }
    CLOSE_SEGMENT(len);
    if (flush_exact(nm, len) != 0)
        goto nomem;
#undef CLOSE_SEGMENT
    return LQ_OK;
nomem:
    return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                   "out of memory while normalizing %zu bytes", len);
}

lq_status lq_normalize(const char *text, size_t len, unsigned flags, lq_text **out,
                       lq_error *err)
{
    norm nm;
    lq_text *t;
    lq_status st;

    if (out)
        *out = NULL;
    if (!out)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_normalize: out is NULL");
    if (!text && len)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_normalize: text is NULL but its length is %zu", len);
    if (flags & ~LQ_NORM_ALL)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_normalize: unknown flag bits 0x%x", flags & ~LQ_NORM_ALL);
    if (len > (size_t)PTRDIFF_MAX / 8)
        return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_normalize: input of %zu bytes is too large to normalize", len);

    /* Not memset: the 4 KB cache is cleared only if non-ASCII text shows up. */
    nm.cps = NULL;
    nm.cps_cap = 0;
    nm.replacements = 0;
    nm.ex = 0;
    nm.cache_ready = 0;
    nm.segs_seen = 0;
    nm.segs_ready = 0;
    nm.in = (const uint8_t *)(text ? text : "");
    nm.len = len;
    nm.flags = flags;
    nm.uopts = utf8proc_options(flags);
    lq_buf_init(&nm.out);
    lq_offsets_init(&nm.map);

    t = lq_calloc(1, sizeof *t);
    if (!t || lq_buf_reserve(&nm.out, len + len / 16 + 16) != 0) {
        lq_dealloc(t);
        lq_buf_release(&nm.out);
        return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                       "out of memory while normalizing %zu bytes", len);
    }
    st = run(&nm, err);
    lq_dealloc(nm.cps);
    if (st != LQ_OK) {
        lq_buf_release(&nm.out);
        lq_offsets_release(&nm.map);
        lq_dealloc(t);
        return st;
    }
    lq_offsets_finish(&nm.map, nm.out.len, len);
    t->len = nm.out.len;
    t->data = lq_buf_detach(&nm.out, NULL); /* cannot fail: room was reserved */
    t->replacements = nm.replacements;
    t->map = nm.map;
    lq_error_clear(err);
    *out = t;
    return LQ_OK;
}

const char *lq_text_data(const lq_text *t)
{
    return t ? t->data : NULL;
}

size_t lq_text_length(const lq_text *t)
{
    return t ? t->len : 0;
}

size_t lq_text_replacements(const lq_text *t)
{
    return t ? t->replacements : 0;
}

const lq_offsets *lq_text_offsets(const lq_text *t)
{
    return &t->map;
}

lq_status lq_text_source_range(const lq_text *t, size_t pos, size_t *start, size_t *end)
{
    if (!t || !start || !end || pos > t->len)
        return LQ_EINVAL;
    lq_offsets_lookup(&t->map, pos, start, end);
    return LQ_OK;
}

lq_status lq_text_source_span(const lq_text *t, size_t from, size_t to, size_t *start,
                              size_t *end)
{
    size_t s0, e0, s1, e1;
    if (!t || !start || !end || from > to || to > t->len)
        return LQ_EINVAL;
    lq_offsets_lookup(&t->map, from, &s0, &e0);
    if (from == to) {
        *start = *end = s0;
        return LQ_OK;
    }
    lq_offsets_lookup(&t->map, to - 1, &s1, &e1);
    *start = s0;
    *end = e1;
    return LQ_OK;
}

void lq_text_free(lq_text *t)
{
    if (!t)
        return;
    lq_dealloc(t->data);
    lq_offsets_release(&t->map);
    lq_dealloc(t);
}

lq_status lq_normalize_string(const char *text, size_t len, unsigned flags, char **out,
                              size_t *out_len, lq_error *err)
{
    lq_text *t;
    lq_status st;
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_normalize_string: out is NULL");
    st = lq_normalize(text, len, flags, &t, err);
    if (st != LQ_OK)
        return st;
    /* Hand over the text's buffer; the map is not needed. */
    *out = t->data;
    if (out_len)
        *out_len = t->len;
    t->data = NULL;
    lq_text_free(t);
    return LQ_OK;
}
