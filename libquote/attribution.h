/* Internal: quote attribution. The analyzer's word lists (wordlists.c), the
   token/sentence/paragraph stream (tokens.c), speaker noun phrases and
   coreference (mentions.c), the attribution sieve (attribution.c) and the
   document assembly (analyze.c) share these declarations. Never installed. */
#ifndef LQ_ATTRIBUTION_H
#define LQ_ATTRIBUTION_H

#include <stdint.h>
#include "private.h"
#include "quotes.h"

/* ---- word classes (bits of lq_word.cls) -------------------------------- */
#define LQ_W_VERB       (1u << 0)   /* a form of a speech verb */
#define LQ_W_ROLE       (1u << 1)   /* role / occupation noun (any number) */
#define LQ_W_HONORIFIC  (1u << 2)   /* Mr, Ms, Dr: dropped from names */
#define LQ_W_TITLE      (1u << 3)   /* President, Chancellor: kept as a role */
#define LQ_W_ORGHEAD    (1u << 4)   /* Committee, Ministry, Party… */
#define LQ_W_PRONOUN    (1u << 5)   /* he, she, it, they… */
#define LQ_W_FIRSTNAME  (1u << 6)   /* given name with a gender */
#define LQ_W_NONNAME    (1u << 7)   /* never part of a person's name */
#define LQ_W_SOURCE     (1u << 8)   /* phrase: "according to" (speaker follows) */
#define LQ_W_OBJECT     (1u << 9)   /* phrase: "reporters", "the BBC" after tell */
#define LQ_W_MULTI      (1u << 10)  /* first word of a multi-word entry */
#define LQ_W_MODIFIER   (1u << 11)  /* qualifies a role: former, acting, senior */

/* Verb flags (lq_word.vflags) */
#define LQ_V_OBJECT     (1u << 0)   /* takes an addressee: told AFP */
#define LQ_V_WEAK       (1u << 1)   /* stance verb: only reported speech */
#define LQ_V_ING        (1u << 2)   /* the -ing participle (adding, saying) */
#define LQ_V_BASE       (1u << 3)   /* the bare lemma (say, tell): needs a subject */

/* Genders */
#define LQ_G_ANY 0
#define LQ_G_MALE 1
#define LQ_G_FEMALE 2
#define LQ_G_NEUTER 3

/* What a lower-cased word or phrase is, packed in a strmap value. */
typedef struct lq_word {
    uint16_t cls;
    uint8_t vflags;
    uint8_t gender;       /* honorific / first name / pronoun gender */
    uint8_t plural;       /* pronoun number: 1 when plural */
    uint8_t words;        /* number of words of the entry (1 for single words) */
} lq_word;

/* The analyzer: immutable word lists, shareable across threads. */
struct lq_analyzer {
    lq_strmap words;      /* single lower-cased words -> lq_word (value.i) */
    lq_strmap phrases;    /* multi-word entries "political scientist" -> lq_word */
    const lq_lexicon *lexicon;
    unsigned sentiment_flags;
};

/* wordlists.c: load every list of the data directory into az. */
lq_status lq_wordlists_load(lq_analyzer *az, const char *datadir, lq_error *err);
void lq_wordlists_release(lq_analyzer *az);
/* Look a lower-cased key up; 1 and *w when found. */
int lq_word_lookup(const lq_analyzer *az, const char *key, size_t len, lq_word *w);
int lq_phrase_lookup(const lq_analyzer *az, const char *key, size_t len, lq_word *w);

/* ---- tokens (tokens.c) ---------------------------------------------------- */
/* Token shapes (lq_tok.shape) */
#define LQ_T_WORD     (1u << 0)
#define LQ_T_CAP      (1u << 1)   /* starts with an upper-case letter */
#define LQ_T_ALLCAPS  (1u << 2)   /* two or more letters, all upper case */
#define LQ_T_NUM      (1u << 3)   /* starts with a digit */
#define LQ_T_POSS     (1u << 4)   /* possessive: ends in 's or s' */
#define LQ_T_PUNCT    (1u << 5)
#define LQ_T_QUOTE    (1u << 6)   /* a whole quotation, marks included */
#define LQ_T_SENT_END (1u << 7)   /* punctuation that can end a sentence (. ! ? …) */
#define LQ_T_COMMON   (1u << 8)   /* capitalised only because it starts a sentence: the
                                     text also has it in lower case ("Following") */

typedef struct lq_tok {
    uint32_t start, end;   /* byte range in the analysed text */
    uint32_t sent;         /* sentence index */
    uint32_t words_before; /* word tokens before this one in the text */
    uint32_t para;         /* paragraph index (of the first byte) */
    int32_t quote;         /* quote index for LQ_T_QUOTE, else -1 */
    int32_t cp;            /* code point of a punctuation token */
    uint16_t shape;        /* LQ_T_* */
    uint16_t cls;          /* word classes of the single word */
    uint8_t vflags;
    uint8_t gender;
    uint8_t plural;
    uint8_t phrase;        /* words of the longest multi-word entry starting here (0: none) */
    uint16_t phrase_cls;   /* its classes */
    uint8_t phrase_vflags;
    uint8_t pad;
} lq_tok;

typedef struct lq_sent {
    uint32_t first, end;   /* token range */
    uint32_t para;
} lq_sent;

typedef struct lq_para {
    uint32_t first, end;   /* token range */
    uint32_t first_sent;
} lq_para;

typedef struct lq_stream {
    const char *text;
    size_t len;
    lq_tok *toks;
    size_t ntoks, cap;
    size_t nwords;         /* word tokens in all */
    lq_sent *sents;
    size_t nsents, sent_cap;
    lq_para *paras;
    size_t nparas, para_cap;
} lq_stream;

/* Tokenize text (valid UTF-8) with each span of spans[] as one LQ_T_QUOTE
   token, classify the words with the analyzer's lists, and segment sentences
   and paragraphs. The arrays are work memory: release with lq_stream_release(). */
lq_status lq_stream_build(lq_stream *st, const lq_analyzer *az, const char *text,
                          size_t len, const lq_qspan *spans, size_t nspans,
                          lq_error *err);
void lq_stream_release(lq_stream *st);
/* Does token i spell word w (ASCII, case-insensitive)? */
int lq_tok_is(const lq_stream *st, size_t i, const char *w);

/* ---- mentions: noun phrases and entities (mentions.c) ------------------- */
enum { LQ_NP_NONE = 0, LQ_NP_PERSON, LQ_NP_ORG, LQ_NP_PRONOUN, LQ_NP_DESC };

typedef struct lq_np {
    uint32_t start, end;          /* tokens consumed, appositives included */
    uint32_t name_s, name_e;      /* the proper name (empty when name_s == name_e) */
    uint32_t role_s, role_e;      /* the role words */
    uint32_t aff_s, aff_e;        /* "from the OSCE", "of BNP Paribas" */
    int kind;                     /* LQ_NP_* */
    int gender;                   /* LQ_G_* */
    int plural;
    int det;                      /* began with a/an/the */
    int role_forced;              /* role from an indefinite appositive, no listed noun */
} lq_np;

/* Parse a speaker noun phrase forward from token i, not past token limit. */
void lq_np_parse(const lq_stream *st, size_t i, size_t limit, lq_np *np);

typedef struct lq_entity {
    const char *name;             /* canonical name (arena) */
    const char *role;             /* first role the text gives, or NULL (arena) */
    lq_speaker_kind kind;
    int gender;
    int plural;
    size_t quote_count;
    long speaker_index;           /* index in the document's speakers, or -1 */
} lq_entity;

typedef struct lq_mention {
    uint32_t tok;                 /* where */
    uint32_t entity;
    uint8_t subject;              /* the subject of its sentence */
    uint8_t speaker;              /* a quote was attributed through it */
} lq_mention;

typedef struct lq_entities {
    lq_arena *arena;
    lq_entity *ents;
    size_t nents, cap;
    lq_strmap full;               /* exact canonical or alias name -> entity */
    lq_strmap last;               /* lower-cased last word -> most recent entity */
    lq_mention *mentions;
    size_t nmentions, mcap;
} lq_entities;

lq_status lq_entities_init(lq_entities *es, lq_arena *arena);
void lq_entities_release(lq_entities *es);
/* The entity a parsed noun phrase names (creating it when new), or -1 when
   it names nobody (pronouns, descriptions without a name). The role of the
   phrase is recorded on the entity when it has none yet. */
lq_status lq_entity_from_np(lq_entities *es, const lq_stream *st, const lq_np *np,
                            long *out);
/* Remember that entity e is mentioned at token tok. */
lq_status lq_mention_add(lq_entities *es, size_t tok, long e, int subject, int speaker);
/* Resolve a pronoun at token tok (gender/plural as the word list says) to the
   most salient compatible entity mentioned before it, or -1. */
long lq_pronoun_resolve(lq_entities *es, const lq_stream *st, size_t tok);
/* The role text of a parsed noun phrase, in the arena, or NULL. */
const char *lq_np_role(lq_arena *arena, const lq_stream *st, const lq_np *np);
/* Register the people and organisations mentioned in sentence s (for later
   surnames and pronouns). *subject is the entity the sentence is about (its
   subject noun phrase), or -1. */
lq_status lq_entities_scan_sentence(lq_entities *es, const lq_stream *st, size_t s,
                                    long *subject);

/* ---- the sieve (attribution.c) ------------------------------------------- */
typedef struct lq_qwork {
    lq_qspan span;                /* in the analysed text */
    uint32_t tok;                 /* its token */
    long entity;                  /* speaker entity or -1 */
    const char *role;             /* arena */
    const char *cue;              /* arena */
    lq_quote_kind kind;
    lq_method method;
    uint32_t attr_end;            /* one past the last token of its attribution (0: none) */
    int headline;
} lq_qwork;

/* Attribute every quote; q[i].span and q[i].tok are set by the caller. The
   content of each quote (for headline echoes) is given in contents[i]. */
lq_status lq_attribute(const lq_stream *st, lq_entities *es, lq_arena *arena,
                       lq_qwork *q, size_t nq, const char *const *contents,
                       const size_t *content_lens, lq_error *err);

#endif
