/* Internal: the loaded sentiment lexicon and the VADER engine, shared by
   lexicon.c (loading), emoji.c (emoji tables), casing.c (Python-compatible
   string predicates), sentiment.c (scoring) and explain.c (explanations).
   Never installed. */
#ifndef LQ_SENTIMENT_H
#define LQ_SENTIMENT_H

#include <string.h>
#include "private.h"

/* ---- model constants of the reference VADER (vaderSentiment.py 3.3.x) ---- */
#define LQ_VADER_B_INCR 0.293     /* booster increment (the lists carry their own) */
#define LQ_VADER_C_INCR 0.733     /* ALL-CAPS emphasis */
#define LQ_VADER_N_SCALAR (-0.74) /* negation */
#define LQ_VADER_ALPHA 15         /* compound normalisation */
#define LQ_VADER_SO_THIS 1.25     /* "never so/this" */
#define LQ_VADER_BUT_BEFORE 0.5
#define LQ_VADER_BUT_AFTER 1.5
#define LQ_VADER_EP 0.292         /* per '!' (at most 4) */
#define LQ_VADER_QM 0.18          /* per '?' (2 or 3) */
#define LQ_VADER_QM_MAX 0.96      /* 4 or more '?' */
/* Largest |valence| a word lexicon may hold (VADER's rating scale). */
#define LQ_VALENCE_MAX 4.0
/* AFINN integers -5..+5 are scaled onto -4..+4 with this factor. */
#define LQ_AFINN_SCALE 0.8

/* ---- word entries ---------------------------------------------------------- */
/* One lower-cased key of the word map: its lexicon valence and the roles the
   rule lists (lexicons/vader-*.txt) give it. */
#define LQ_W_VALENCE      (1u << 0)  /* has a lexicon valence */
#define LQ_W_FOLDED       (1u << 1)  /* valence only from a key with capitals
                                        (VADER format: unreachable unless FIXES) */
#define LQ_W_BOOSTER      (1u << 2)  /* booster/dampener; scalar in booster */
#define LQ_W_NEGATION     (1u << 3)  /* negation word */
#define LQ_W_NO           (1u << 4)  /* "no": negation or word */
#define LQ_W_NO_OR        (1u << 5)  /* "or"/"nor" of "no X or Y" */
#define LQ_W_BUT          (1u << 6)  /* contrastive conjunction */
#define LQ_W_KIND         (1u << 7)  /* first word of "kind of" */
#define LQ_W_OF           (1u << 8)  /* second word of "kind of" */
#define LQ_W_LEAST        (1u << 9)  /* "least" */
#define LQ_W_LEAST_EXEMPT (1u << 10) /* "at"/"very" before "least" */
#define LQ_W_NEVER        (1u << 11) /* "never" of "never so/this" */
#define LQ_W_SO_THIS      (1u << 12) /* "so"/"this" */
#define LQ_W_WITHOUT      (1u << 13) /* "without" of "without doubt" */
#define LQ_W_DOUBT        (1u << 14) /* "doubt" */
#define LQ_W_PHRASE       (1u << 15) /* occurs in an idiom or booster phrase */
#define LQ_W_PHRASE_FIRST (1u << 16) /* first word of an idiom or booster phrase */
#define LQ_W_PHRASE_SECOND (1u << 17) /* second word of one */

typedef struct lq_word {
    double valence;   /* lexicon valence when LQ_W_VALENCE */
    double booster;   /* scalar when LQ_W_BOOSTER */
    uint32_t flags;   /* LQ_W_* */
    uint32_t id;      /* 1-based index of the entry: phrases compare ids */
    uint32_t line;    /* line of the word file that set the valence (errors) */
    uint32_t key_len; /* the key, in lq_lexicon.keys (frozen table) */
    uint32_t key_off;
    uint32_t pad;
} lq_word;

/* A multi-word phrase of the rule lists: an idiom ("special case") or a
   booster phrase ("kind of"). Words are word-map ids. */
#define LQ_PHRASE_MAX 4
typedef struct lq_phrase {
    uint32_t ids[LQ_PHRASE_MAX];
    uint32_t n;
    double value;
} lq_phrase;

/* ---- emoji ----------------------------------------------------------------- */
typedef struct lq_emoji_desc {
    const char *text;   /* description, in the lexicon's arena */
    uint32_t len;
    uint16_t bangs;     /* '!' in the description (count over the whole text) */
    uint16_t questions; /* '?' */
} lq_emoji_desc;

/* Slot of the code-point table: single-code-point keys and the first code
   point of every key. */
typedef struct lq_emoji_cp {
    uint32_t cp;        /* 0 = empty slot (U+0000 is never an emoji) */
    int32_t single;     /* description of the one-code-point key, or -1 */
    uint32_t max_bytes; /* longest key (UTF-8 bytes) starting with cp */
} lq_emoji_cp;

typedef struct lq_emoji_table {
    lq_emoji_cp *cps;    /* open addressing, power-of-two size */
    size_t cps_cap;
    lq_strmap seqs;      /* whole key bytes -> description index */
    lq_emoji_desc *descs;
    size_t ndescs, descs_cap;
    int ascii_keys;      /* some key starts with an ASCII byte */
    int ascii_single;    /* some key is one ASCII character */
    unsigned char ascii_first[128]; /* per ASCII byte: 1 a key by itself, 2 starts a longer key */
    uint64_t filter[64]; /* bit (cp ^ cp >> 12) & 4095 set for every first code point */
    int loaded;
} lq_emoji_table;

lq_status lq_emoji_table_init(lq_emoji_table *t);
void lq_emoji_table_release(lq_emoji_table *t);
/* Load an emoji file into t; *format AUTO is replaced by the detected one. */
lq_status lq_emoji_load(lq_emoji_table *t, lq_arena *arena, const char *path,
                        lq_emoji_format *format, lq_error *err);
/* Slot for cp, or NULL. */
const lq_emoji_cp *lq_emoji_find_cp(const lq_emoji_table *t, uint32_t cp);
/* Quick test: 0 when cp starts no key (may say 1 for a few that do not). */
static inline int lq_emoji_maybe(const lq_emoji_table *t, uint32_t cp)
{
    uint32_t b = (cp ^ (cp >> 12)) & 4095u;
    return (int)((t->filter[b >> 6] >> (b & 63)) & 1u);
}
/* Description index of exactly the key s[0..n), or -1. */
int32_t lq_emoji_find_seq(const lq_emoji_table *t, const char *s, size_t n);

/* ---- the lexicon ------------------------------------------------------------ */
/* Slot of the frozen word table built at the end of loading: open addressing
   on a word-at-a-time hash, keys packed in one padded blob. */
typedef struct lq_wslot {
    uint32_t hash;  /* low 32 bits of lq_key_hash */
    uint32_t word;  /* index into words + 1; 0 = empty */
} lq_wslot;

/* Readable bytes a key buffer must have past its end for lq_key_hash,
   lq_key_eq and lq_lex_word: keys are read 8 bytes at a time. */
#define LQ_KEY_PAD 8

struct lq_lexicon {
    lq_strmap map;       /* lower-cased key -> index into words (while loading) */
    lq_wslot *slots;     /* frozen table: power-of-two size, load <= 1/2 */
    size_t slots_mask;
    char *keys;          /* key blob, LQ_KEY_PAD bytes of padding at the end */
    lq_word *words;
    size_t nwords, words_cap;
    size_t nvalence;     /* keys with a valence (lq_lexicon_size) */
    lq_phrase *idioms;   /* special cases: replace the valence */
    size_t nidioms;
    lq_phrase *bphrases; /* booster phrases: add to the valence */
    size_t nbphrases;
    char **neg_subs;     /* substrings that make any token a negation ("n't") */
    size_t *neg_sub_lens;
    size_t nneg_subs;
    lq_emoji_table emoji;
    lq_emoji_format emoji_format;
    lq_lexicon_format words_format;
    lq_arena arena;
};

static inline uint64_t lq_load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

/* The first n (1..7) bytes of the 8 at s, the others zeroed. s must have 8
   readable bytes (key buffers carry LQ_KEY_PAD bytes of padding). */
static inline uint64_t lq_tail8(const char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return lq_load8(s) & (~0ull << (8 * (8 - n)));
#else
    return lq_load8(s) & (~0ull >> (8 * (8 - n)));
#endif
}

/* Hash of a key, 8 bytes at a time. */
static inline uint64_t lq_key_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    while (n >= 8) {
        h = (h ^ lq_load8(s)) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    if (n) {
        h = (h ^ lq_tail8(s, n)) * 0x94D049BB133111EBull;
        h ^= h >> 32;
    }
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

/* a[0..n) == b[0..n), both padded. */
static inline int lq_key_eq(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        if (lq_load8(a) != lq_load8(b))
            return 0;
        a += 8;
        b += 8;
        n -= 8;
    }
    return n == 0 || lq_tail8(a, n) == lq_tail8(b, n);
}

/* The word entry of an already lower-cased key, or NULL. */
static inline const lq_word *lq_lex_word(const lq_lexicon *lex, const char *key, size_t n)
{
    uint64_t h = lq_key_hash(key, n);
    size_t i = (size_t)(h >> 20) & lex->slots_mask;
    for (;;) {
        const lq_wslot *sl = &lex->slots[i];
        if (!sl->word)
            return NULL;
        if (sl->hash == (uint32_t)h) {
            const lq_word *w = &lex->words[sl->word - 1];
            if (w->key_len == n && lq_key_eq(lex->keys + w->key_off, key, n))
                return w;
        }
        i = (i + 1) & lex->slots_mask;
    }
}

/* ---- Python-compatible string predicates (casing.c) ------------------------ */
/* str.isspace() for one code point (the separators of str.split()). */
int lq_py_isspace(int32_t cp);
/* Length in bytes of the whitespace character at s[0..n), 0 if none. s is
   valid UTF-8. */
size_t lq_py_space_len(const unsigned char *s, size_t n);
/* str.lower() of valid UTF-8 s[0..n) into out (room for 2*n+4 bytes).
   Returns the length written. Sets *upper to str.isupper() of the input. */
size_t lq_py_lower(const char *s, size_t n, char *out, int *upper);

/* ---- rounding (sentiment.c) ------------------------------------------------ */
/* Python's round(x, places) for places 0..6: decimal rounding of the exact
   binary value, ties to even. */
double lq_round_places(double x, int places);

/* ---- the "but" rule (sentiment.c) ------------------------------------------- */
#define LQ_BUT_BY_VALUE 0      /* the reference: list.index() of each value */
#define LQ_BUT_BY_POSITION 1   /* LQ_SENT_FIXES */
#define LQ_BUT_BY_VALUE_SCAN 2 /* the reference, by direct search (tests) */
/* Scale sent[0..n) around the "but" at bi (bi >= n: none), marking changed
   entries in rules (may be NULL). LQ_OK, LQ_ENOMEM or LQ_ELIMIT. */
lq_status lq_but_weights(double *sent, unsigned *rules, size_t n, size_t bi, int method);

/* ---- the engine (sentiment.c) ----------------------------------------------- */
/* Per-token record handed to a trace callback (explanations). */
typedef struct lq_trace_token {
    const char *text;    /* the token as scored (not NUL-terminated) */
    size_t len;
    size_t start, end;   /* byte range in the caller's original text */
    double valence;      /* lexicon valence, 0 when none */
    double contribution; /* final value */
    unsigned rules;      /* LQ_RULE_* */
} lq_trace_token;

typedef struct lq_trace {
    /* Called once per token in order; returns LQ_OK or an error to stop. */
    lq_status (*token)(void *ctx, const lq_trace_token *tok);
    void *ctx;
} lq_trace;

/* Score text with lex; with trace, report every token. */
lq_status lq_sentiment_run(const lq_lexicon *lex, const char *text, size_t len,
                           unsigned flags, lq_scores *out, const lq_trace *trace,
                           lq_error *err);

#endif /* LQ_SENTIMENT_H */
