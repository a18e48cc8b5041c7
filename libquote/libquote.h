/**
 * @file libquote.h
 * @brief libquote: who said what in news text, and how did it sound.
 *
 * One header for the whole public API. Conventions:
 * - Inputs are `(const char *text, size_t len)` pairs of UTF-8 bytes. No NUL
 *   terminator is needed; embedded NULs are text.
 * - Offsets are `size_t` byte offsets into the caller's ORIGINAL input.
 * - A function that can fail returns an ::lq_status and writes its result
 *   through its `out` parameter, which is set to NULL (or zeroed) on failure.
 *   Details go to an optional caller-allocated ::lq_error (NULL is allowed).
 * - Every `_new`/`_load` has a `_free`; passing NULL to `_free` does nothing.
 *
 * Thread safety: the library has no mutable global state. An ::lq_lexicon and
 * an ::lq_analyzer are immutable once created and may be shared by any number
 * of threads. Documents, normalized texts and explanations belong to the
 * thread that made them until handed over.
 */
#ifndef LIBQUOTE_H
#define LIBQUOTE_H

#include <stddef.h>
#include "libquote_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define LQ_API __attribute__((visibility("default")))
#else
#define LQ_API
#endif

/* ------------------------------------------------------------------ */
/* Status codes and errors                                             */
/* ------------------------------------------------------------------ */

/** Result of every call that can fail. Zero is success, failures are negative. */
typedef enum lq_status {
    LQ_OK = 0,         /**< success */
    LQ_ENOMEM = -1,    /**< out of memory */
    LQ_EINVAL = -2,    /**< invalid argument (NULL pointer, unknown flag bit…) */
    LQ_EUTF8 = -3,     /**< input is not valid UTF-8 (strict mode) */
    LQ_EIO = -4,       /**< a file could not be opened or read */
    LQ_EFORMAT = -5,   /**< a data file is malformed (see lq_error.line) */
    LQ_ELIMIT = -6     /**< input exceeds a documented limit */
} lq_status;

/** Size of the message buffer in ::lq_error, including the NUL. */
#define LQ_ERROR_TEXT_SIZE 200

/** Value of lq_error.offset and lq_error.line when they do not apply. */
#define LQ_NO_POSITION ((size_t)-1)

/**
 * Details of a failure, filled by the call that failed.
 * Allocated by the caller (usually on the stack); the library never
 * allocates on the error path.
 */
typedef struct lq_error {
    lq_status code;                 /**< same value the call returned */
    size_t offset;                  /**< byte offset in the input, or LQ_NO_POSITION */
    size_t line;                    /**< 1-based line in a data file, or LQ_NO_POSITION */
    char text[LQ_ERROR_TEXT_SIZE];  /**< human-readable message, NUL-terminated */
} lq_error;

/**
 * Static description of a status code.
 * @param[in] status any value, known or not
 * @return a static string; never NULL. Borrowed: valid for the life of the program.
 */
LQ_API const char *lq_strerror(lq_status status);

/**
 * Version string of the library that is running, e.g. "0.1.0".
 * @return Borrowed: valid for the life of the program.
 */
LQ_API const char *lq_version(void);

/**
 * Release a string or buffer the library allocated for the caller.
 * @param[in] p pointer from the library, or NULL (does nothing)
 */
LQ_API void lq_free(void *p);

/* ------------------------------------------------------------------ */
/* Normalization                                                       */
/* ------------------------------------------------------------------ */

/** Default: NFC, strict UTF-8, nothing else changed. */
#define LQ_NORM_DEFAULT          0u
#define LQ_NORM_NFC              0u         /**< canonical composition (default) */
#define LQ_NORM_DECOMPOSE        (1u << 0)  /**< decompose instead of compose */
#define LQ_NORM_COMPAT           (1u << 1)  /**< compatibility mappings (the K forms) */
#define LQ_NORM_NFD              LQ_NORM_DECOMPOSE
#define LQ_NORM_NFKC             LQ_NORM_COMPAT
#define LQ_NORM_NFKD             (LQ_NORM_COMPAT | LQ_NORM_DECOMPOSE)
#define LQ_NORM_CASEFOLD         (1u << 2)  /**< Unicode full case folding */
#define LQ_NORM_STRIP_IGNORABLE  (1u << 3)  /**< drop default-ignorables (BOM, ZWSP, SHY…) */
#define LQ_NORM_NEWLINES         (1u << 4)  /**< CRLF, CR, NEL, LS, PS -> LF */
#define LQ_NORM_SPACES           (1u << 5)  /**< every Zs space separator -> U+0020 */
/** Typographic quotes/apostrophes -> " and ': U+201C-201F, U+00AB, U+00BB,
    U+275D, U+275E, U+2E42, U+301D-301F, U+FF02, corner brackets U+300C-300F,
    U+FF62, U+FF63, U+FE41-FE44 -> '"'; U+2018-201B, U+2039, U+203A, U+275B,
    U+275C, U+FF07, U+02BC -> '\''. Primes (U+2032, U+2033) stay. */
#define LQ_NORM_ASCII_QUOTES     (1u << 6)
#define LQ_NORM_ASCII_DASHES     (1u << 7)  /**< Pd dashes and minus sign -> '-' */
#define LQ_NORM_STRIP_MARKS      (1u << 8)  /**< drop combining marks (Mn/Mc/Me) */
#define LQ_NORM_REPLACE_INVALID  (1u << 9)  /**< invalid UTF-8 -> U+FFFD per maximal subpart
                                                 (Unicode 15, §3.9); default is strict */
/** Every flag bit lq_normalize() knows; other bits are LQ_EINVAL. */
#define LQ_NORM_ALL              ((1u << 10) - 1u)

/** Normalized text with a map back to the original bytes. Opaque. */
typedef struct lq_text lq_text;

/**
 * Normalize UTF-8 text.
 * @param[in]  text  input bytes (need not be NUL-terminated); may be NULL if len is 0
 * @param[in]  len   number of bytes
 * @param[in]  flags LQ_NORM_* bits
 * @param[out] out   the normalized text. Caller owns the result; release with lq_text_free().
 * @param[out] err   optional details; for LQ_EUTF8, err->offset is the first bad byte
 * @return LQ_OK, LQ_EINVAL, LQ_EUTF8 (strict mode only) or LQ_ENOMEM
 */
LQ_API lq_status lq_normalize(const char *text, size_t len, unsigned flags,
                              lq_text **out, lq_error *err);

/**
 * The normalized bytes, NUL-terminated (the NUL is not counted in the length).
 * @return Borrowed: valid until the text is freed.
 */
LQ_API const char *lq_text_data(const lq_text *t);

/** Length of the normalized text in bytes. */
LQ_API size_t lq_text_length(const lq_text *t);

/** Number of invalid sequences replaced by U+FFFD (LQ_NORM_REPLACE_INVALID). */
LQ_API size_t lq_text_replacements(const lq_text *t);

/**
 * Map a byte position of the normalized text back to the original input.
 *
 * The normalized text is a sequence of segments, each produced from one
 * contiguous range of original bytes. @p pos inside a segment maps to the
 * whole range of that segment (or to the exact byte, for text copied byte for
 * byte: unchanged text, ASCII letters case-folded, a lone CR made LF).
 * Position lq_text_length() maps to the end of the input.
 * Mapping is monotonic: pos1 <= pos2 implies start1 <= start2 and end1 <= end2.
 *
 * @param[in]  t     normalized text
 * @param[in]  pos   byte position, 0 <= pos <= lq_text_length(t)
 * @param[out] start first original byte of the segment holding pos
 * @param[out] end   one past its last original byte
 * @return LQ_OK, or LQ_EINVAL when pos is out of range
 */
LQ_API lq_status lq_text_source_range(const lq_text *t, size_t pos,
                                      size_t *start, size_t *end);

/**
 * Map a half-open range [from, to) of the normalized text to the smallest
 * range of original bytes that produced it.
 * @return LQ_OK, or LQ_EINVAL when the range is out of bounds or reversed
 */
LQ_API lq_status lq_text_source_span(const lq_text *t, size_t from, size_t to,
                                     size_t *start, size_t *end);

/** Release a normalized text. NULL does nothing. */
LQ_API void lq_text_free(lq_text *t);

/**
 * Convenience: normalize and return a NUL-terminated copy.
 * @param[out] out     Caller owns the result; release with lq_free().
 * @param[out] out_len length in bytes (may be NULL)
 */
LQ_API lq_status lq_normalize_string(const char *text, size_t len, unsigned flags,
                                     char **out, size_t *out_len, lq_error *err);

/**
 * Check that bytes are valid UTF-8.
 * @return LQ_OK, or LQ_EUTF8 with err->offset at the first invalid byte
 */
LQ_API lq_status lq_utf8_validate(const char *text, size_t len, lq_error *err);

/* ------------------------------------------------------------------ */
/* Sentiment lexicons                                                  */
/* ------------------------------------------------------------------ */

/**
 * Word-lexicon file formats. All are UTF-8 text, one entry per line, fields
 * separated by TAB; a UTF-8 BOM and CRLF line ends are accepted. Keys are
 * lower-cased at load (Python's str.lower(), as the reference VADER looks
 * tokens up), so lookups ignore case.
 *
 * - VADER: `token TAB mean TAB stddev TAB [ratings]`; only the first two
 *   fields are read, as the reference does. Every line is data (no comments).
 *   A token listed twice keeps its LAST valence (the reference's dict); a key
 *   with capitals never replaces its lower-case twin (the reference never
 *   matches such keys), and one without a twin is used only with
 *   #LQ_SENT_FIXES.
 * - AFINN: `word TAB integer` in -5..+5, scaled by 0.8 onto VADER's -4..+4
 *   (5 -> 4.0, -2 -> -1.6). Lines starting with '#' are comments.
 * - TSV: `token TAB valence`, a decimal number in -4..+4; '#' comments.
 *
 * In the AFINN and TSV formats a duplicate key (after lower-casing) is an
 * error. Detection (#LQ_LEX_AUTO): a first comment line `# format: vader`,
 * `# format: afinn` or `# format: tsv` decides; else three or more fields on
 * the first data line mean VADER; else AFINN when every valence is an integer
 * and one lies outside -4..+4; else TSV.
 */
typedef enum lq_lexicon_format {
    LQ_LEX_AUTO = 0,   /**< detect (see above) */
    LQ_LEX_VADER = 1,  /**< token TAB mean TAB stddev TAB [ratings] */
    LQ_LEX_AFINN = 2,  /**< word TAB integer -5..+5 (scaled by 0.8 to VADER's -4..+4) */
    LQ_LEX_TSV = 3     /**< token TAB valence (-4..+4) */
} lq_lexicon_format;

/**
 * Emoji-lexicon file formats. An emoji in the text is replaced by its
 * description, whose words are then scored like any other.
 * With a VADER file the reference's rule applies: one code point at a time
 * (so sequences with a variation selector, skin tone or ZWJ never match), a
 * space before the description and none after; #LQ_SENT_FIXES matches whole
 * sequences, longest first, with spaces on both sides. With Unicode's
 * emoji-test.txt (every status: fully-qualified, minimally-qualified,
 * unqualified, component) whole sequences always match, longest first.
 */
typedef enum lq_emoji_format {
    LQ_EMOJI_AUTO = 0,       /**< detect ("; fully-qualified" lines mean Unicode) */
    LQ_EMOJI_VADER = 1,      /**< emoji TAB description (VADER's emoji_utf8_lexicon.txt) */
    LQ_EMOJI_UNICODE = 2     /**< Unicode's emoji-test.txt: code points ; status # emoji Ex.y name */
} lq_emoji_format;

/**
 * What to load into a lexicon. Zero-initialise and set what you need;
 * NULL paths mean the bundled defaults in the data directory.
 */
typedef struct lq_lexicon_options {
    const char *words_path;          /**< word lexicon; NULL: our English lexicon,
                                          <datadir>/en-sentiment.tsv */
    lq_lexicon_format words_format;  /**< format of words_path */
    const char *emoji_path;          /**< emoji lexicon; NULL: <datadir>/emoji-test.txt
                                          (a copy of Unicode's, installed with the
                                          data), else the emoji-test.txt of the
                                          Unicode data directory configure found */
    lq_emoji_format emoji_format;    /**< format of emoji_path */
    const char *datadir;             /**< where default files and rule lists live
                                          (vader-boosters.txt, vader-negations.txt,
                                          vader-idioms.txt, vader-triggers.txt); NULL:
                                          $LIBQUOTE_DATADIR, else the installed one */
} lq_lexicon_options;

/** A loaded sentiment lexicon with its rule lists. Opaque, immutable, thread-safe. */
typedef struct lq_lexicon lq_lexicon;

/**
 * Load a lexicon: the word lexicon, the rule lists and the emoji lexicon.
 * Loading the whole VADER lexicon takes a few milliseconds; the result is
 * immutable and may be shared by any number of threads.
 * @param[in]  opts what to load; NULL loads every default
 * @param[out] out  Caller owns the result; release with lq_lexicon_free().
 * @param[out] err  on LQ_EFORMAT and LQ_EUTF8, err->line names the bad line and
 *                  err->text starts with "FILE:LINE: "; on LQ_EIO it names the file
 * @return LQ_OK, LQ_EIO, LQ_EFORMAT (malformed line, duplicate key, valence out
 *         of range), LQ_EUTF8, LQ_EINVAL or LQ_ENOMEM
 */
LQ_API lq_status lq_lexicon_load(const lq_lexicon_options *opts, lq_lexicon **out,
                                 lq_error *err);

/** Number of distinct (lower-cased) word keys with a valence. */
LQ_API size_t lq_lexicon_size(const lq_lexicon *lex);

/**
 * Valence of one token as the lexicon stores it: the token is lower-cased
 * (Python's str.lower()) and looked up; punctuation is not stripped.
 * @param[out] valence set when found (may be NULL)
 * @return 1 when found, 0 otherwise (also for invalid UTF-8 or NULL arguments)
 */
LQ_API int lq_lexicon_lookup(const lq_lexicon *lex, const char *token, size_t len,
                             double *valence);

/** Release a lexicon. NULL does nothing. Do not free while other threads use it. */
LQ_API void lq_lexicon_free(lq_lexicon *lex);

/* ------------------------------------------------------------------ */
/* Sentiment scoring                                                   */
/* ------------------------------------------------------------------ */

/** Default: exactly the reference VADER, bugs included, on the bytes as given. */
#define LQ_SENT_DEFAULT    0u
/** Fix the reference's outright bugs: "but" re-weights by position, not by
    value; "so"/"this" right before a word no longer multiplies it by 1.25
    (only "never so/this" does); idioms are checked at every lexicon word,
    including around it ("to die for"); "ok," and "no." keep their word when
    stripping punctuation would leave 2 characters; emoji match as whole
    sequences with spaces around their descriptions; a zero valence gets no
    ALL-CAPS emphasis; lexicon keys with capitals are used. */
#define LQ_SENT_FIXES      (1u << 0)
/** Score normalized text (lq_normalize() with NFC, LQ_NORM_ASCII_QUOTES,
    LQ_NORM_ASCII_DASHES, LQ_NORM_SPACES, LQ_NORM_NEWLINES and
    LQ_NORM_REPLACE_INVALID): the same words score the same whatever their
    typography ("don’t" negates like "don't"). Explanation offsets still
    point into the caller's bytes. */
#define LQ_SENT_NORMALIZE  (1u << 1)
/** Every flag bit the scorer knows; other bits are LQ_EINVAL. */
#define LQ_SENT_ALL        ((1u << 2) - 1u)

/** VADER's four numbers. neg+neu+pos is 1 (0 for empty text); compound in [-1, 1]. */
typedef struct lq_scores {
    double neg;       /**< proportion of negative (rounded to 3 places) */
    double neu;       /**< proportion of neutral (3 places) */
    double pos;       /**< proportion of positive (3 places) */
    double compound;  /**< normalized sum, alpha = 15 (4 places) */
} lq_scores;

/**
 * Score one text, exactly as the reference VADER (vaderSentiment 3.3.x)
 * does by default: tokens split on Unicode whitespace, ASCII punctuation
 * stripped, boosters, ALL-CAPS, negation, "least", "no", "but", "kind of",
 * idioms, '!' and '?' emphasis, compound = sum / sqrt(sum^2 + 15), Python's
 * rounding. Needs no allocation for texts of a few kilobytes.
 * @param[in]  lex   lexicon (shared, read only)
 * @param[in]  text  UTF-8 bytes; invalid sequences are scored as U+FFFD
 * @param[in]  flags LQ_SENT_* bits
 * @param[out] out   the scores (zeroed on failure)
 * @return LQ_OK, LQ_EINVAL, LQ_ELIMIT (text over 1 GiB) or LQ_ENOMEM
 */
LQ_API lq_status lq_score(const lq_lexicon *lex, const char *text, size_t len,
                          unsigned flags, lq_scores *out, lq_error *err);

/** Rules that changed a token's contribution (bits of lq_token.rules). */
#define LQ_RULE_LEXICON    (1u << 0)   /**< token found in the lexicon */
#define LQ_RULE_BOOSTED    (1u << 1)   /**< a booster/dampener in the 3 words before */
#define LQ_RULE_CAPS       (1u << 2)   /**< ALL-CAPS emphasis */
#define LQ_RULE_NEGATED    (1u << 3)   /**< negation in the 3 words before */
#define LQ_RULE_BUT        (1u << 4)   /**< re-weighted around "but" */
#define LQ_RULE_IDIOM      (1u << 5)   /**< part of an idiom or special case */
#define LQ_RULE_LEAST      (1u << 6)   /**< "least" before it */
#define LQ_RULE_KIND_OF    (1u << 7)   /**< "kind of" zeroed it */
#define LQ_RULE_NO         (1u << 8)   /**< "no" handled as negation or word */
#define LQ_RULE_SO_THIS    (1u << 9)   /**< "so"/"this" precedence quirk */
#define LQ_RULE_EMOJI      (1u << 10)  /**< came from an emoji description */
#define LQ_RULE_BOOSTER    (1u << 11)  /**< the token is itself a booster (no valence) */

/** One token of an explanation. */
typedef struct lq_token {
    const char *text;      /**< the token as scored. Borrowed: valid until the explanation is freed. */
    size_t start, end;     /**< byte range in the caller's text; for the words of an emoji's
                                description, the emoji's bytes */
    double valence;        /**< lexicon valence, 0 when not in the lexicon */
    double contribution;   /**< final value after every rule */
    unsigned rules;        /**< LQ_RULE_* bits */
} lq_token;

/** Per-token explanation of a score. Opaque. */
typedef struct lq_explanation lq_explanation;

/**
 * Score a text and keep the per-token reasons.
 * @param[out] out Caller owns the result; release with lq_explanation_free().
 */
LQ_API lq_status lq_explain(const lq_lexicon *lex, const char *text, size_t len,
                            unsigned flags, lq_explanation **out, lq_error *err);
/** Number of tokens. */
LQ_API size_t lq_explanation_count(const lq_explanation *x);
/** Token i. @return Borrowed: valid until the explanation is freed; NULL if i is out of range. */
LQ_API const lq_token *lq_explanation_token(const lq_explanation *x, size_t i);
/** The scores (same as lq_score() would give). */
LQ_API lq_scores lq_explanation_scores(const lq_explanation *x);
/** Release an explanation. NULL does nothing. */
LQ_API void lq_explanation_free(lq_explanation *x);
/** Short name of one LQ_RULE_* bit ("negated", "boosted"…). @return static text, "" for unknown bits. */
LQ_API const char *lq_rule_name(unsigned rule);

/* ------------------------------------------------------------------ */
/* Quotes and attribution                                              */
/* ------------------------------------------------------------------ */

/** What a quote is. */
typedef enum lq_quote_kind {
    LQ_QUOTE_FULL = 0,          /**< a whole utterance */
    LQ_QUOTE_PARTIAL = 1,       /**< a fragment inside the narrator's sentence */
    LQ_QUOTE_CONTINUATION = 2,  /**< a paragraph carrying on the previous speaker's words */
    LQ_QUOTE_OTHER = 3          /**< title, scare quote, nickname, headline echo */
} lq_quote_kind;

/** Which rule of the attribution sieve fired, from most to least certain. */
typedef enum lq_method {
    LQ_ATTR_NONE = 0,          /**< no speaker */
    LQ_ATTR_CUE_ADJACENT = 1,  /**< "…," said X / X said: "…" */
    LQ_ATTR_ACCORDING_TO = 2,  /**< according to X */
    LQ_ATTR_REPORTED = 3,      /**< X said (that) … "partial" */
    LQ_ATTR_PRONOUN = 4,       /**< "…," she said -> most recent compatible speaker */
    LQ_ATTR_CONTINUATION = 5,  /**< continues the previous quote's speaker */
    LQ_ATTR_PREVIOUS_SENTENCE = 6, /**< speaker introduced in the sentence before */
    LQ_ATTR_ECHO = 7           /**< headline echo of a body quote */
} lq_method;

/** Kind of speaker. */
typedef enum lq_speaker_kind {
    LQ_SPEAKER_PERSON = 0,
    LQ_SPEAKER_ORGANIZATION = 1,
    LQ_SPEAKER_UNKNOWN = 2
} lq_speaker_kind;

/** One direct quote. Borrowed from its document: valid until the document is freed. */
typedef struct lq_quote {
    size_t start;            /**< original byte offset of the opening mark */
    size_t end;              /**< original byte offset one past the closing mark
                                  (or past the last quoted byte when unclosed) */
    const char *text;        /**< content without the outer marks (nor the spaces just
                                  inside them), NFC, nested marks kept, NUL-terminated */
    size_t text_len;         /**< its length in bytes */
    lq_quote_kind kind;      /**< full, partial, continuation or other */
    const char *speaker;     /**< canonical speaker name, or NULL */
    const char *role;        /**< speaker's role as the text gives it, or NULL */
    const char *cue;         /**< the speech verb or phrase, or NULL */
    lq_method method;        /**< which attribution rule fired */
    long speaker_index;      /**< index into the document's speakers, or -1 */
    int closed;              /**< 1 when the closing mark was found */
    lq_scores scores;        /**< sentiment of the content (zero without a lexicon) */
} lq_quote;

/** One speaker of a document. Borrowed from its document. */
typedef struct lq_speaker {
    const char *name;        /**< canonical name, as first introduced */
    const char *role;        /**< descriptor, or NULL */
    lq_speaker_kind kind;    /**< person or organization */
    size_t quote_count;      /**< quotes attributed to this speaker (headline echoes,
                                  method LQ_ATTR_ECHO, are not counted) */
} lq_speaker;

/** Attribution word lists and settings. Opaque, immutable, thread-safe. */
typedef struct lq_analyzer lq_analyzer;

/** Options for lq_analyzer_new(). Zero-initialise and set what you need. */
typedef struct lq_analyzer_options {
    const lq_lexicon *lexicon;  /**< sentiment lexicon for quote scores; NULL: no scores.
                                     Borrowed: must outlive the analyzer. */
    const char *datadir;        /**< where speech verbs, roles… live; NULL: $LIBQUOTE_DATADIR,
                                     else the installed data directory */
    unsigned sentiment_flags;   /**< LQ_SENT_* flags for quote scores */
} lq_analyzer_options;

/**
 * Load the attribution word lists (speech verbs, roles, honorifics and titles,
 * organisation heads, pronouns, given names; see lexicons/attribution-lists.md).
 * @param[in]  opts NULL for every default
 * @param[out] out  Caller owns the result; release with lq_analyzer_free().
 * @param[out] err  on LQ_EFORMAT, err->line names the bad line and err->text the file
 * @return LQ_OK, LQ_EIO, LQ_EFORMAT, LQ_EUTF8, LQ_EINVAL (unknown sentiment flag) or LQ_ENOMEM
 */
LQ_API lq_status lq_analyzer_new(const lq_analyzer_options *opts, lq_analyzer **out,
                                 lq_error *err);
/** Release an analyzer. NULL does nothing. */
LQ_API void lq_analyzer_free(lq_analyzer *az);

/** Analysis flags. */
#define LQ_ANALYZE_DEFAULT         0u
#define LQ_ANALYZE_REPLACE_INVALID (1u << 0)  /**< U+FFFD for invalid UTF-8 instead of LQ_EUTF8 */
#define LQ_ANALYZE_ALL             ((1u << 1) - 1u)

/** The quotes and speakers of one text. Opaque. */
typedef struct lq_document lq_document;

/**
 * Find every direct quote in a text and attribute it. One pass, linear time.
 * @param[in]  az    analyzer (shared, read only)
 * @param[in]  text  UTF-8 bytes (need not be NUL-terminated); may be NULL if len is 0
 * @param[in]  len   number of bytes, below 4 GiB
 * @param[in]  flags LQ_ANALYZE_* bits
 * @param[out] out   Caller owns the result; release with lq_document_free().
 * @return LQ_OK, LQ_EUTF8 (strict mode; err->offset names the byte), LQ_EINVAL,
 *         LQ_ELIMIT (4 GiB or more) or LQ_ENOMEM
 */
LQ_API lq_status lq_analyze(const lq_analyzer *az, const char *text, size_t len,
                            unsigned flags, lq_document **out, lq_error *err);
/** Number of quotes, in text order. */
LQ_API size_t lq_document_quote_count(const lq_document *doc);
/** Quote i. @return Borrowed: valid until the document is freed; NULL if out of range. */
LQ_API const lq_quote *lq_document_quote(const lq_document *doc, size_t i);
/** Number of distinct speakers. */
LQ_API size_t lq_document_speaker_count(const lq_document *doc);
/** Speaker i. @return Borrowed: valid until the document is freed; NULL if out of range. */
LQ_API const lq_speaker *lq_document_speaker(const lq_document *doc, size_t i);
/** Release a document. NULL does nothing. */
LQ_API void lq_document_free(lq_document *doc);

/** Name of a quote kind ("full", "partial", "continuation", "other"). Static text. */
LQ_API const char *lq_quote_kind_name(lq_quote_kind kind);
/** Name of an attribution method ("cue", "according-to"…). Static text. */
LQ_API const char *lq_method_name(lq_method method);

#ifdef __cplusplus
}
#endif

#endif /* LIBQUOTE_H */
