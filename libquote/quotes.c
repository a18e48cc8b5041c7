/* The quote-mark scanner: every outermost direct quotation of a text, found
   in one pass over the bytes with a bounded stack of open marks.

   Which marks pair with which is data (lexicons/quote-marks.txt, compiled into
   quote-marks.inc). A mark that can both open and close (" ' ” ’), or that is
   also an apostrophe (’ '), takes its role from its neighbours (space, letter,
   punctuation on each side, by Unicode category) and from the stack of open
   marks. Paragraph boundaries bound every quotation: an unclosed one ends at
   its paragraph's last non-space byte, unless the next paragraph reopens it
   (a quotation over several paragraphs), and a same-level opening mark after
   a finished sentence cuts an unclosed quotation short (merged paragraphs).
   A single mark that never closes, away from a paragraph start, is dropped
   as an apostrophe, and the quotations it seemed to hold stay outermost.
   Hard-wrapped text (qs_wrapped) takes only blank lines as paragraph ends;
   otherwise every line break is one.

   Cost: each byte is visited once by the scan, plus a bounded lookahead per
   mark (next code point, at most QS_SPACE_SKIP spaces, at most
   QS_ELISION_MAX letters) and once more by the headline pass; each closing
   mark compares at most QS_SEARCH stack entries; the stack holds
   QS_MAX_DEPTH entries and counts deeper marks instead of storing them. */
#include <string.h>
#include <utf8proc.h>
#include "quotes.h"

/* Mark levels and properties, as the generated table spells them. */
enum { LQ_QL_DOUBLE = 1, LQ_QL_SINGLE = 2, LQ_QL_CORNER = 3 };
enum {
    LQ_QM_OPENS = 1u << 0,        /* opens a quotation in some pair */
    LQ_QM_CLOSES = 1u << 1,       /* closes a quotation in some pair */
    LQ_QM_SYMMETRIC = 1u << 2,    /* opens and closes the same pair (" ’ ”) */
    LQ_QM_OPEN_SPACED = 1u << 3,  /* as opener, may be followed by spaces (« Oui) */
    LQ_QM_CLOSE_SPACED = 1u << 4, /* as closer, may follow spaces (Oui ») */
    LQ_QM_APOSTROPHE = 1u << 5    /* also an apostrophe */
};

typedef struct lq_qmark {
    int32_t cp;
    int32_t cp2;  /* second character of a two-character mark (''), else 0 */
    unsigned char level;
    unsigned char flags;
    uint64_t closes; /* bit i: closes a quotation opened by lq_qmarks[i] */
} lq_qmark;

#include "quote-marks.inc"

#define QS_MAX_DEPTH 64   /* open marks held on the stack; deeper ones are counted */
#define QS_SEARCH 8       /* stack entries a closing mark looks through */
#define QS_SPACE_SKIP 3   /* spaces allowed inside « spaced » guillemets */
#define QS_ELISION_MAX 8  /* longest elision word in letters */
#define QS_SHORT_WORDS 20 /* a headline has at most this many words */
#define QS_POSSESSIVE_LOOK 160 /* bytes looked ahead past a students' possessive */

/* Classes of the neighbours of a mark. */
enum { C_SPACE, C_ALNUM, C_OPEN, C_CLOSE, C_DASH, C_PUNCT };
enum { R_NONE, R_OPEN, R_CLOSE };

typedef struct qs_open {
    size_t start;         /* first byte of the opening mark */
    size_t content_start;
    size_t children;      /* output length when pushed: spans recorded after it
                             are its children, dropped when it is emitted */
    int32_t mark;
    unsigned flags;       /* LQ_QS_* gathered so far */
    unsigned char midx;   /* index in lq_qmarks */
    unsigned char level;
    unsigned char para_start; /* first thing of its paragraph */
} qs_open;

typedef struct qs_scan {
    const uint8_t *s;
    size_t len;
    qs_open stack[QS_MAX_DEPTH];
    size_t depth;
    size_t solid;         /* index of the lowest entry that is not a droppable
                             single mark (qs_droppable), or SIZE_MAX */
    size_t overflow;      /* open marks beyond QS_MAX_DEPTH, not stored */
    lq_qspan *out;        /* lq_realloc'd; copied to the arena at the end */
    size_t n, cap;
    lq_qscan_stats st;
    int32_t prev;         /* code point before the current one; -1 at the start,
                             '\n' after any line break */
    int32_t prev_ns;      /* last code point that is not a horizontal space */
    size_t last_text_end; /* one past the last non-space byte */
    size_t newlines;      /* line breaks since the last non-space character */
    size_t para_need;     /* line breaks that end a paragraph: 1, or 2 when wrapped */
    size_t skip_apos;     /* offset of a mark known to be an apostrophe, or SIZE_MAX */
    size_t para_no;       /* paragraphs begun so far */
    /* A double mark with spaces on both sides (`was " a worry`), outside any
       quotation: it opens one if a closing mark comes later in the same
       paragraph with nothing emitted in between. */
    size_t cand_pos, cand_para, cand_out;
    int cand_midx, cand_len;
    int seen_text;
    int failed;
} qs_scan;

static int qs_cls_unicode(int32_t cp);

/* The class of a neighbour code point (-1: the start or end of the text). */
static inline int qs_cls(int32_t cp)
{
    if (cp < 0)
        return C_SPACE; /* start or end of the text */
    if (cp < 0x80) {
        if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp < 0x20 || cp == 0x7F)
            return C_SPACE;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return C_ALNUM;
        if (cp == '(' || cp == '[' || cp == '{')
            return C_OPEN;
        if (cp == ')' || cp == ']' || cp == '}')
            return C_CLOSE;
        if (cp == '-')
            return C_DASH;
        return C_PUNCT;
    }
    return qs_cls_unicode(cp);
}

static int qs_cls_unicode(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return C_ALNUM;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return C_SPACE;
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PI:
        return C_OPEN;
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PF:
        return C_CLOSE;
    case UTF8PROC_CATEGORY_PD:
        return C_DASH;
    default:
        return C_PUNCT;
    }
}

static int qs_is_newline(int32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* A horizontal space: Zs, tab/VT/FF, or the invisible zero width space and
   byte order mark that text tools leave behind. */
static int qs_is_hspace(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f';
    return cp == 0x200B || cp == 0xFEFF || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Scripts written without spaces between words (Han, kana, Hangul): a letter
   of theirs before a mark does not make it a closing mark or apostrophe. */
static int qs_is_unspaced_script(int32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F)
           || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The one-character mark cp, or -1. */
static int qs_mark_index(int32_t cp)
{
    int k;
    if (cp < 0x80 && (cp == 0 || !memchr(LQ_QM_ASCII, cp, sizeof LQ_QM_ASCII - 1)))
        return -1;
    for (k = 0; k < LQ_QM_COUNT; k++)
        if (lq_qmarks[k].cp == cp && lq_qmarks[k].cp2 == 0)
            return k;
    return -1;
}

/* The code point at byte pos, or -1 at the end; *n gets its length. */
static int32_t qs_peek(qs_scan *sc, size_t pos, int *n)
{
    int32_t cp;
    int k;
    if (pos >= sc->len) {
        *n = 0;
        return -1;
    }
    k = lq_utf8_decode(sc->s + pos, sc->len - pos, &cp);
    if (k < 0) {
        k = -k;
        cp = 0xFFFD;
    }
    sc->st.steps += (size_t)k;
    *n = k;
    return cp;
}

/* The mark that starts at pos with code point cp (n bytes), two-character
   marks first: its index, or -1; *total gets its length in bytes. */
static int qs_mark_at(qs_scan *sc, size_t pos, int32_t cp, int n, int *total)
{
    int k, one = -1;
    *total = n;
    if (cp < 0x80 && (cp == 0 || !memchr(LQ_QM_ASCII, cp, sizeof LQ_QM_ASCII - 1)))
        return -1;
    for (k = 0; k < LQ_QM_COUNT; k++) {
        if (lq_qmarks[k].cp != cp)
            continue;
        if (lq_qmarks[k].cp2 == 0) {
            if (one < 0)
                one = k;
        } else {
            int nn;
            if (qs_peek(sc, pos + (size_t)n, &nn) == lq_qmarks[k].cp2) {
                *total = n + nn;
                return k;
            }
        }
    }
    return one;
}

/* The first code point at pos that is not a horizontal space, looking past at
   most QS_SPACE_SKIP spaces (a space is returned if there are more). */
static int32_t qs_peek_past_spaces(qs_scan *sc, size_t pos)
{
    int n, k;
    int32_t cp = qs_peek(sc, pos, &n);
    for (k = 0; k < QS_SPACE_SKIP && cp >= 0 && qs_is_hspace(cp); k++) {
        pos += (size_t)n;
        cp = qs_peek(sc, pos, &n);
    }
    return cp;
}

static int qs_is_apostrophe_cp(int32_t cp)
{
    int k = qs_mark_index(cp);
    return k >= 0 && (lq_qmarks[k].flags & LQ_QM_APOSTROPHE);
}

/* Does an elision start at pos, right after an apostrophe ('em, 'n', '90s)?
   When the elision ends with a second apostrophe, remember it. */
static int qs_elision(qs_scan *sc, size_t pos)
{
    const uint8_t *s = sc->s;
    char word[QS_ELISION_MAX + 2];
    size_t k = 0, end;
    int n, e;
    int32_t after;

    if (pos + 1 < sc->len && s[pos] >= '0' && s[pos] <= '9' && s[pos + 1] >= '0'
        && s[pos + 1] <= '9') {
        sc->st.steps += 3;
        return pos + 2 >= sc->len || s[pos + 2] < '0' || s[pos + 2] > '9';
    }
    while (pos + k < sc->len && k <= QS_ELISION_MAX) {
        uint8_t c = s[pos + k];
        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c + 32);
        if (c < 'a' || c > 'z')
            break;
        word[k++] = (char)c;
    }
    sc->st.steps += k + 1;
    if (k == 0 || k > QS_ELISION_MAX)
        return 0;
    end = pos + k;
    after = qs_peek(sc, end, &n);
    if (qs_cls(after) == C_ALNUM && !qs_is_apostrophe_cp(after))
        return 0; /* a longer word, letters beyond ASCII */
    for (e = 0; e < LQ_QM_ELISION_COUNT; e++) {
        const char *w = lq_qm_elisions[e];
        size_t wl = strlen(w);
        if (w[wl - 1] == '\'') {
            if (wl - 1 == k && memcmp(w, word, k) == 0 && qs_is_apostrophe_cp(after)) {
                sc->skip_apos = end;
                return 1;
            }
        } else if (wl == k && memcmp(w, word, k) == 0 && !qs_is_apostrophe_cp(after)) {
            return 1;
        }
    }
    return 0;
}

/* After `s'` followed by a space and a lower-case word, inside an open
   single quotation: is it a plural possessive (the students' union)? It is
   when the same mark comes again soon on the line in a closing position
   (after a non-space, before a non-letter) before any opening position. */
static int qs_plural_possessive(qs_scan *sc, size_t pos, int n, int32_t cp)
{
    size_t k = pos + (size_t)n, stop;
    int32_t before = sc->prev, c;
    int len;
    if (before != 's' && before != 'S')
        return 0;
    c = qs_peek(sc, k, &len);
    if (c != ' ')
        return 0;
    c = qs_peek(sc, k + 1, &len);
    if (c < 0 || utf8proc_category(c) != UTF8PROC_CATEGORY_LL)
        return 0;
    stop = sc->len - k > QS_POSSESSIVE_LOOK ? k + QS_POSSESSIVE_LOOK : sc->len;
    before = ' ';
    while (k < stop) {
        c = qs_peek(sc, k, &len);
        if (qs_is_newline(c))
            return 0;
        if (c == cp) {
            int alen;
            int32_t after = qs_peek(sc, k + (size_t)len, &alen);
            int bc = qs_cls(before), ac = qs_cls(after);
            if (bc != C_SPACE && ac != C_ALNUM)
                return 1; /* a closing position comes first */
            if (bc != C_ALNUM && ac == C_ALNUM)
                return 0; /* an opening position comes first */
        }
        before = c;
        k += (size_t)len;
    }
    return 0;
}

static int qs_emit(qs_scan *sc, size_t start, size_t end, size_t cstart, size_t cend,
                   int32_t om, int32_t cm, unsigned flags)
{
    lq_qspan *q;
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 16;
        lq_qspan *grown;
        if (cap > SIZE_MAX / sizeof *grown) {
            sc->failed = 1;
            return -1;
        }
        grown = lq_realloc(sc->out, cap * sizeof *grown);
        if (!grown) {
            sc->failed = 1;
            return -1;
        }
        sc->out = grown;
        sc->cap = cap;
    }
    q = &sc->out[sc->n++];
    q->start = start;
    q->end = end;
    q->content_start = cstart;
    q->content_end = cend;
    q->open_mark = om;
    q->close_mark = cm;
    q->flags = flags;
    return 0;
}

/* A lone single mark of the kind that also closes (' ’) that never closed,
   not at a paragraph start, is more likely an apostrophe (the 'burbs, ’cept)
   than a quotation. A single mark shaped as an opener (‘ ‹) is not. */
static int qs_droppable(const qs_open *e)
{
    return e->level == LQ_QL_SINGLE && (lq_qmarks[e->midx].flags & LQ_QM_SYMMETRIC)
           && !e->para_start && !(e->flags & LQ_QS_MULTIPARA);
}

static void qs_push(qs_scan *sc, size_t pos, int n, int midx, int para_start, unsigned flags)
{
    qs_open *e;
    if (sc->depth == QS_MAX_DEPTH) {
        sc->overflow++;
        if (sc->depth + sc->overflow > sc->st.max_depth)
            sc->st.max_depth = sc->depth + sc->overflow;
        return;
    }
    e = &sc->stack[sc->depth++];
    e->start = pos;
    e->content_start = pos + (size_t)n;
    e->children = sc->n;
    e->mark = lq_qmarks[midx].cp;
    e->flags = flags | (lq_qmarks[midx].level == LQ_QL_SINGLE ? LQ_QS_SINGLE : 0u);
    e->midx = (unsigned char)midx;
    e->level = lq_qmarks[midx].level;
    e->para_start = (unsigned char)para_start;
    if (sc->solid == SIZE_MAX && !qs_droppable(e))
        sc->solid = sc->depth - 1;
    if (sc->depth + sc->overflow > sc->st.max_depth)
        sc->st.max_depth = sc->depth + sc->overflow;
}

/* Cut the stack down to d entries. */
static void qs_set_depth(qs_scan *sc, size_t d)
{
    sc->depth = d;
    if (sc->solid != SIZE_MAX && sc->solid >= d)
        sc->solid = SIZE_MAX;
}

/* The stack index of the outermost open quotation that is not a droppable
   single mark, or sc->depth when there is none. */
static size_t qs_outer(const qs_scan *sc)
{
    return sc->solid == SIZE_MAX ? sc->depth : sc->solid;
}

/* End the open outermost quotation unclosed at byte `end` (one past the last
   non-space byte of its text). Single marks below it that never closed are
   dropped as apostrophes; the quotations they held stay outermost. */
static void qs_finish(qs_scan *sc, size_t end)
{
    size_t b = qs_outer(sc);
    if (b < sc->depth) {
        qs_open *e = &sc->stack[b];
        if (end < e->content_start)
            end = e->content_start;
        sc->n = e->children;
        qs_emit(sc, e->start, end, e->content_start, end, e->mark, 0, e->flags);
    }
    qs_set_depth(sc, 0);
    sc->overflow = 0;
}

/* The stack index of the open quotation that mark midx closes, or -1. A
   single mark never ends a double quotation opened above its opener. */
static int qs_match(qs_scan *sc, int midx)
{
    uint64_t closes = lq_qmarks[midx].closes;
    int single = lq_qmarks[midx].level == LQ_QL_SINGLE;
    size_t k;
    for (k = 0; k < QS_SEARCH && k < sc->depth; k++) {
        const qs_open *e = &sc->stack[sc->depth - 1 - k];
        sc->st.probes++;
        if (closes & (UINT64_C(1) << e->midx))
            return (int)(sc->depth - 1 - k);
        if (single && e->level != LQ_QL_SINGLE)
            return -1;
    }
    return -1;
}

/* Close the quotation at stack index d with the mark at pos (n bytes). It is
   recorded when it is outermost, or would be once the single marks below it
   turn out to be apostrophes (its own recorded descendants give way to it);
   an outer quotation that is emitted later drops the records of its children. */
static void qs_close(qs_scan *sc, int d, size_t pos, int n, int32_t cp)
{
    qs_open *e = &sc->stack[d];
    size_t b = qs_outer(sc);
    if (d > 0) {
        sc->stack[d - 1].flags |= LQ_QS_HAS_NESTED;
        sc->stack[0].flags |= LQ_QS_HAS_NESTED;
        if (b < (size_t)d)
            sc->stack[b].flags |= LQ_QS_HAS_NESTED;
    }
    if ((size_t)d <= b) {
        sc->n = e->children;
        qs_emit(sc, e->start, pos + (size_t)n, e->content_start, pos, e->mark, cp,
                e->flags | LQ_QS_CLOSED);
    }
    qs_set_depth(sc, (size_t)d);
    sc->overflow = 0;
}

/* The role of the mark midx at pos (n bytes): R_OPEN, R_CLOSE (with *match
   the stack index it closes, or -2 for a counted overflow entry), or R_NONE
   (an apostrophe or a stray mark). */
static int qs_role(qs_scan *sc, size_t pos, int n, int midx, int *match)
{
    const lq_qmark *m = &lq_qmarks[midx];
    int nn;
    int32_t next = qs_peek(sc, pos + (size_t)n, &nn);
    int L = qs_cls(sc->prev), R = qs_cls(next);
    int Lc = (m->flags & LQ_QM_CLOSE_SPACED) ? qs_cls(sc->prev_ns) : L;
    int Ro = (m->flags & LQ_QM_OPEN_SPACED) ? qs_cls(qs_peek_past_spaces(sc, pos + (size_t)n)) : R;
    int can_open, can_close;
    int ambiguous = (m->flags & (LQ_QM_SYMMETRIC | LQ_QM_APOSTROPHE)) != 0;

    *match = -1;
    if (sc->skip_apos == pos)
        return R_NONE;
    if (m->flags & LQ_QM_APOSTROPHE) {
        if (R == C_ALNUM && (L == C_ALNUM || L == C_CLOSE))
            return R_NONE; /* don't, o'clock, “Jaws”’s */
        if (R == C_ALNUM && qs_elision(sc, pos + (size_t)n))
            return R_NONE; /* 'em, ’90s, rock 'n' roll */
    }
    if (!(m->flags & LQ_QM_OPENS))
        can_close = 1; /* a closing-only mark (」) needs no neighbour test */
    else
        can_close = (m->flags & LQ_QM_CLOSES) && Lc != C_SPACE;
    if (!(m->flags & LQ_QM_CLOSES))
        can_open = next >= 0 && !qs_is_newline(next); /* opening-only („ 「) */
    else
        can_open = (m->flags & LQ_QM_OPENS) && Ro != C_SPACE;
    if (can_open && ambiguous && L == C_ALNUM && !qs_is_unspaced_script(sc->prev))
        can_open = 0; /* word"word, students' */
    if (can_open && ambiguous && (sc->prev == '=' || next == '>'))
        can_open = 0; /* markup left in the text: <a href="…"> */
    if (can_close && sc->overflow > 0) {
        *match = -2;
        return R_CLOSE;
    }
    if (can_close && (m->flags & LQ_QM_CLOSES)) {
        *match = qs_match(sc, midx);
        if (*match >= 0 && *match == (int)sc->depth - 1 && (m->flags & LQ_QM_SYMMETRIC)
            && sc->stack[*match].content_start == pos && R == C_ALNUM
            && sc->stack[*match].mark == m->cp)
            return R_NONE; /* a doubled opening mark: ""word */
        if (*match >= 0 && (m->flags & LQ_QM_APOSTROPHE)
            && qs_plural_possessive(sc, pos, n, m->cp))
            return R_NONE; /* 'the students' union is ours' */
        if (*match >= 0)
            return R_CLOSE;
    }
    if (can_open)
        return R_OPEN;
    if (can_close && sc->depth == 0 && sc->cand_midx >= 0 && sc->cand_para == sc->para_no
        && sc->cand_out == sc->n && (m->closes & (UINT64_C(1) << sc->cand_midx))) {
        *match = -3; /* closes the spaced candidate */
        return R_CLOSE;
    }
    /* A closing position with nothing this mark pairs with: a misdirected
       mark (“ typed for ”) closes the quotation on top of its level. */
    if ((m->flags & LQ_QM_CLOSES) && !(m->flags & LQ_QM_APOSTROPHE) && Lc != C_SPACE
        && sc->depth > 0 && sc->stack[sc->depth - 1].level == m->level) {
        *match = (int)sc->depth - 1;
        return R_CLOSE;
    }
    /* Spaces on both sides after punctuation or a closing mark: a closing
       mark set off by a space (`outreach,' "` or `ever. " Then`). */
    if ((m->flags & LQ_QM_CLOSES) && !(m->flags & LQ_QM_APOSTROPHE) && L == C_SPACE
        && R == C_SPACE && sc->prev != '\n' && sc->depth > 0
        && (qs_cls(sc->prev_ns) == C_PUNCT || qs_cls(sc->prev_ns) == C_CLOSE)) {
        *match = qs_match(sc, midx);
        if (*match >= 0)
            return R_CLOSE;
    }
    if ((m->flags & LQ_QM_OPENS) && m->level == LQ_QL_DOUBLE && L == C_SPACE && R == C_SPACE
        && sc->depth == 0) {
        sc->cand_pos = pos;
        sc->cand_len = n;
        sc->cand_midx = midx;
        sc->cand_para = sc->para_no;
        sc->cand_out = sc->n;
    }
    return R_NONE;
}

static int qs_sentence_end(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002
           || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E;
}

static void qs_mark(qs_scan *sc, size_t pos, int n, int midx, int at_para_start)
{
    int match, role;
    unsigned flags = 0;

    sc->st.marks++;
    if (at_para_start && sc->depth > 0) {
        size_t b = qs_outer(sc);
        if (b == sc->depth && sc->stack[0].level == lq_qmarks[midx].level)
            b = 0; /* a paragraph reopening a lone single mark: a quotation after all */
        role = qs_role(sc, pos, n, midx, &match);
        if (role == R_OPEN && b < sc->depth && lq_qmarks[midx].level == sc->stack[b].level) {
            /* the paragraph reopens the quotation: it continues */
            sc->stack[0] = sc->stack[b];
            sc->stack[0].flags |= LQ_QS_MULTIPARA;
            sc->depth = 1;
            sc->solid = 0;
            sc->overflow = 0;
            return;
        }
        qs_finish(sc, sc->last_text_end);
    }
    role = qs_role(sc, pos, n, midx, &match);
    if (role == R_CLOSE) {
        if (match == -2) {
            sc->overflow--;
        } else if (match == -3) {
            qs_emit(sc, sc->cand_pos, pos + (size_t)n, sc->cand_pos + (size_t)sc->cand_len, pos,
                    lq_qmarks[sc->cand_midx].cp, lq_qmarks[midx].cp, LQ_QS_CLOSED);
            sc->cand_midx = -1;
        } else
            qs_close(sc, match, pos, n, lq_qmarks[midx].cp);
    } else if (role == R_OPEN) {
        size_t b = qs_outer(sc);
        if (b < sc->depth && qs_is_hspace(sc->prev) && qs_sentence_end(sc->prev_ns)
            && lq_qmarks[midx].level == sc->stack[b].level) {
            /* `...end of part one. "Part two`: paragraphs merged into one */
            qs_finish(sc, sc->last_text_end);
            flags |= LQ_QS_REOPENS;
        }
        qs_push(sc, pos, n, midx, at_para_start, flags);
    }
}

/* Hard-wrapped text (novels, e-mail) breaks lines inside paragraphs: then only
   blank lines separate paragraphs. Taken as wrapped when at least four lines
   are followed by a single line break, nine in ten of those are 20..120 bytes
   long, and at least one in four of the lines after them goes on with a
   lower-case letter (a list or one paragraph per line does not). */
static int qs_wrapped(qs_scan *sc)
{
    const uint8_t *s = sc->s;
    size_t pos = 0, single = 0, fit = 0, lower = 0;
    while (pos < sc->len) {
        const uint8_t *nl = memchr(s + pos, '\n', sc->len - pos);
        size_t end, ll;
        if (!nl)
            break;
        end = (size_t)(nl - s);
        ll = end - pos;
        if (ll > 0 && s[end - 1] == '\r')
            ll--;
        if (ll > 0 && end + 1 < sc->len && s[end + 1] != '\n' && s[end + 1] != '\r') {
            size_t k = end + 1;
            int n;
            int32_t cp;
            single++;
            if (ll >= 20 && ll <= 120)
                fit++;
            while (k < sc->len && k < end + 9 && (s[k] == ' ' || s[k] == '\t'))
                k++;
            cp = qs_peek(sc, k, &n);
            if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
                lower++;
        }
        pos = end + 1;
    }
    sc->st.steps += sc->len;
    return single >= 4 && fit * 10 >= single * 9 && lower * 4 >= single;
}

/* ---- headlines ------------------------------------------------------------- */

typedef struct qs_line {
    size_t start, end;     /* [start, end) without the line break */
    size_t words;
    size_t lettered;       /* words that start with a letter */
    size_t capitalized;    /* words that start with an upper-case letter */
    int framed;            /* first and last characters are dashes */
    int final_punct;       /* ends with sentence punctuation */
    int blank_before, blank_after, text_after;
} qs_line;

/* The code point that ends just before byte pos (not before floor); *at gets
   its first byte. */
static int32_t qs_cp_before(qs_scan *sc, size_t pos, size_t floor, size_t *at)
{
    size_t k = pos - 1;
    int n;
    while (k > floor && (sc->s[k] & 0xC0) == 0x80 && pos - k < 4)
        k--;
    *at = k;
    return qs_peek(sc, k, &n);
}

/* What the headline rules need of a line: its words (counted up to one more
   than any rule looks at), its first and last characters, its last character
   that is not a closing mark. The line is read forward only as far as the
   count needs and backward only over its last few characters. */
static void qs_line_info(qs_scan *sc, qs_line *li)
{
    const uint8_t *s = sc->s;
    size_t pos = li->start, back;
    int32_t first = -1, last = -1, last_plain = -1;
    int in_word = 0, k;
    li->words = li->lettered = li->capitalized = 0;
    while (pos < li->end && li->words <= 2 * QS_SHORT_WORDS) {
        int n;
        int32_t cp = qs_peek(sc, pos, &n);
        pos += (size_t)n;
        if (qs_cls(cp) == C_SPACE) {
            in_word = 0;
            continue;
        }
        if (!in_word) {
            utf8proc_category_t cat = utf8proc_category(cp);
            li->words++;
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
                li->lettered++;
                if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
                    li->capitalized++;
            }
        }
        in_word = 1;
        if (first < 0)
            first = cp;
    }
    back = li->end;
    for (k = 0; k < 64 && back > li->start && last_plain < 0; k++) {
        int32_t cp = qs_cp_before(sc, back, li->start, &back);
        int c = qs_cls(cp);
        if (c == C_SPACE)
            continue;
        if (last < 0)
            last = cp;
        if (c != C_CLOSE && qs_mark_index(cp) < 0)
            last_plain = cp;
    }
    li->framed = first >= 0 && last >= 0 && li->words >= 2 && qs_cls(first) == C_DASH
                 && qs_cls(last) == C_DASH;
    li->final_punct = last_plain == '.' || last_plain == '!' || last_plain == '?'
                      || last_plain == ':' || last_plain == ';' || last_plain == ','
                      || last_plain == 0x2026;
    li->blank_before = li->start == 0 || (li->start >= 2 && s[li->start - 2] == '\n')
                       || (li->start >= 3 && s[li->start - 2] == '\r' && s[li->start - 3] == '\n');
    li->blank_after = li->end + 1 >= sc->len || s[li->end + 1] == '\n' || s[li->end + 1] == '\r';
    li->text_after = li->end + 1 < sc->len;
}

static size_t qs_line_end(qs_scan *sc, size_t from)
{
    const uint8_t *nl = from < sc->len ? memchr(sc->s + from, '\n', sc->len - from) : NULL;
    size_t end = nl ? (size_t)(nl - sc->s) : sc->len;
    if (end > from && sc->s[end - 1] == '\r')
        return end - 1;
    return end;
}

static int qs_content_is_sentence(qs_scan *sc, const lq_qspan *q)
{
    size_t p = q->content_end;
    while (p > q->content_start) {
        uint8_t b = sc->s[p - 1];
        if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
            p--;
            continue;
        }
        if ((b & 0xC0) == 0x80 || b >= 0x80) {
            size_t k = p - 1;
            int32_t cp;
            int n;
            while (k > q->content_start && (sc->s[k] & 0xC0) == 0x80 && p - k < 4)
                k--;
            cp = qs_peek(sc, k, &n);
            return qs_sentence_end(cp);
        }
        return qs_sentence_end(b);
    }
    return 0;
}

/* Flag spans in a headline, title or section-rule line: a line framed by
   dashes; the first line of the text, short, without sentence punctuation
   at its end or (set apart by a blank line) in Title Case; or a short line
   of its own further down without sentence punctuation at its end (where a
   quotation that is itself a sentence does not count). Only closed
   quotations count on the last two. Spans are in text order, so the lines
   are walked once. */
static void qs_headlines(qs_scan *sc, int wrapped)
{
    size_t k, first_line = SIZE_MAX, pos = 0;
    qs_line li = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int have = 0;

    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t' || sc->s[pos] == '\n'
                             || sc->s[pos] == '\r'))
        pos++;
    if (pos < sc->len) {
        while (pos > 0 && sc->s[pos - 1] != '\n')
            pos--;
        first_line = pos;
    }
    li.start = 0;
    li.end = qs_line_end(sc, 0);
    for (k = 0; k < sc->n; k++) {
        lq_qspan *q = &sc->out[k];
        int standalone, head, closed, title;
        while (li.end < q->start && li.end < sc->len) {
            li.start = li.end + (sc->s[li.end] == '\r' ? 2 : 1);
            li.end = qs_line_end(sc, li.start);
            have = 0;
        }
        if (!have) {
            qs_line_info(sc, &li);
            have = 1;
        }
        standalone = !wrapped || (li.blank_before && li.blank_after);
        closed = (q->flags & LQ_QS_CLOSED) != 0;
        /* a title: the first line, set apart, short, without a full stop
           or in Title Case (“Stealth Over Health: … Optics.”) */
        title = li.start == first_line && li.text_after && li.words <= 2 * QS_SHORT_WORDS
                && (!li.final_punct
                    || (li.blank_after && li.capitalized * 10 >= li.lettered * 6));
        head = li.framed
               || (standalone && closed && title)
               || (standalone && closed && li.start != first_line && li.text_after
                   && !li.final_punct && li.words <= QS_SHORT_WORDS
                   && !qs_content_is_sentence(sc, q));
        if (head)
            q->flags |= LQ_QS_HEADLINE;
    }
}

/* ---- the scan ---------------------------------------------------------------- */

lq_status lq_scan_quotes_ex(const char *text, size_t len, lq_arena *arena,
                            lq_qspan **spans, size_t *count, lq_qscan_stats *stats,
                            lq_error *err)
{
    qs_scan sc;
    size_t i = 0;
    int wrapped;
    unsigned char plain[128], special[128];

    if (spans)
        *spans = NULL;
    if (count)
        *count = 0;
    if (!spans || !count || !arena || (!text && len > 0))
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_scan_quotes: text, arena, spans and count must not be NULL");
    memset(&sc, 0, sizeof sc);
    /* ASCII bytes that are text: not space, control or the start of a mark */
    for (i = 0; i < 128; i++)
        plain[i] = i > ' ' && i != 0x7F && !memchr(LQ_QM_ASCII, (int)i, sizeof LQ_QM_ASCII - 1);
    /* lead bytes of the marks, of the spaces (U+00A0, U+1680, U+180E,
       U+2000..U+205F, U+3000, U+FEFF) and of the line breaks (U+0085,
       U+2028, U+2029): the other non-ASCII characters are plain text */
    memset(special, 0, sizeof special);
    for (i = 0; i < LQ_QM_COUNT; i++) {
        uint8_t enc[4];
        if (lq_qmarks[i].cp >= 0x80) {
            lq_utf8_encode(lq_qmarks[i].cp, enc);
            special[enc[0] - 0x80] = 1;
        }
    }
    special[0xC2 - 0x80] = special[0xE1 - 0x80] = special[0xE2 - 0x80] = 1;
    special[0xE3 - 0x80] = special[0xEF - 0x80] = 1;
    i = 0;
    sc.s = (const uint8_t *)text;
    sc.len = len;
    sc.prev = sc.prev_ns = -1;
    sc.skip_apos = SIZE_MAX;
    sc.solid = SIZE_MAX;
    sc.cand_midx = -1;
    wrapped = len > 0 && qs_wrapped(&sc);
    sc.para_need = wrapped ? 2 : 1;

    while (i < len) {
        uint8_t b = sc.s[i];
        int32_t cp;
        int n, midx, at_para_start;
        if (b < 0x80) {
            sc.st.steps++;
            if (b == '\n' || b == '\r') {
                i += (b == '\r' && i + 1 < len && sc.s[i + 1] == '\n') ? 2 : 1;
                sc.newlines++;
                sc.prev = sc.prev_ns = '\n';
                continue;
            }
            if (b == ' ' || b == '\t' || b == '\v' || b == '\f') {
                sc.prev = b;
                i++;
                continue;
            }
            if (plain[b] && sc.seen_text && sc.newlines < sc.para_need) {
                /* a run of ASCII words and spaces inside a paragraph: nothing
                   to decide */
                size_t j = i + 1, last = i;
                while (j < len && sc.s[j] < 0x80) {
                    if (plain[sc.s[j]])
                        last = j;
                    else if (sc.s[j] != ' ')
                        break;
                    j++;
                }
                sc.st.steps += j - i - 1;
                sc.newlines = 0;
                sc.prev = sc.s[j - 1];
                sc.prev_ns = sc.s[last];
                sc.last_text_end = last + 1;
                i = j;
                continue;
            }
            cp = b;
            n = 1;
            midx = qs_mark_at(&sc, i, cp, 1, &n);
        } else {
            n = lq_utf8_decode(sc.s + i, len - i, &cp);
            if (n < 0) {
                n = -n;
                cp = 0xFFFD;
            }
            sc.st.steps += (size_t)n;
            if (!special[b - 0x80]) {
                /* a letter or sign of a script with no marks or spaces here */
                midx = -1;
                goto decided;
            }
            if (cp == 0x2029 || cp == 0x2028 || cp == 0x85) {
                sc.newlines += cp == 0x2029 ? sc.para_need : 1;
                sc.prev = sc.prev_ns = '\n';
                i += (size_t)n;
                continue;
            }
            if (qs_is_hspace(cp)) {
                sc.prev = cp;
                i += (size_t)n;
                continue;
            }
            midx = qs_mark_at(&sc, i, cp, n, &n);
        }
    decided:
        at_para_start = !sc.seen_text || sc.newlines >= sc.para_need;
        if (at_para_start)
            sc.para_no++;
        if (midx >= 0) {
            qs_mark(&sc, i, n, midx, at_para_start);
        } else if (at_para_start && sc.depth > 0) {
            qs_finish(&sc, sc.last_text_end);
        }
        if (sc.failed)
            break;
        sc.seen_text = 1;
        sc.newlines = 0;
        sc.prev = sc.prev_ns = cp;
        i += (size_t)n;
        sc.last_text_end = i;
    }
    if (!sc.failed && sc.depth > 0)
        qs_finish(&sc, sc.last_text_end);
    if (sc.failed) {
        lq_dealloc(sc.out);
        return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_scan_quotes: out of memory for %zu spans", sc.n + 1);
    }
    qs_headlines(&sc, wrapped);
    sc.st.wrapped = (size_t)wrapped;
    if (sc.n > 0) {
        lq_qspan *copy = lq_arena_alloc(arena, sc.n * sizeof *copy);
        if (!copy) {
            lq_dealloc(sc.out);
            return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION,
                           "lq_scan_quotes: out of memory for %zu spans", sc.n);
        }
        memcpy(copy, sc.out, sc.n * sizeof *copy);
        *spans = copy;
        *count = sc.n;
    }
    lq_dealloc(sc.out);
    if (stats)
        *stats = sc.st;
    return LQ_OK;
}

lq_status lq_scan_quotes(const char *text, size_t len, lq_arena *arena, lq_qspan **spans,
                         size_t *count, lq_error *err)
{
    return lq_scan_quotes_ex(text, len, arena, spans, count, NULL, err);
}
