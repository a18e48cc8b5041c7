/* lq_analyze: the document API. Validates (or repairs) the input, finds the
   quotations (quotes.c), tokenizes (tokens.c), attributes (attribution.c),
   and assembles the document: quotes in text order with exact original byte
   offsets, NFC content, speakers with roles and counts, sentiment scores.
   Every string and array of a document lives in one arena. */
#include <string.h>
#include "attribution.h"

struct lq_document {
    lq_arena arena;
    lq_quote *quotes;
    size_t nquotes;
    lq_speaker *speakers;
    size_t nspeakers;
};

lq_status lq_analyzer_new(const lq_analyzer_options *opts, lq_analyzer **out, lq_error *err)
{
    lq_analyzer *az;
    lq_status s;
    lq_error_clear(err);
    if (!out)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyzer_new: out is NULL");
    *out = NULL;
    if (opts && (opts->sentiment_flags & ~LQ_SENT_ALL))
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyzer_new: unknown sentiment flag bits 0x%x",
                       opts->sentiment_flags & ~LQ_SENT_ALL);
    az = lq_calloc(1, sizeof *az);
    if (!az)
        return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
    s = lq_wordlists_load(az, opts ? opts->datadir : NULL, err);
    if (s != LQ_OK) {
        lq_analyzer_free(az);
        return s;
    }
    if (opts) {
        az->lexicon = opts->lexicon;
        az->sentiment_flags = opts->sentiment_flags;
    }
    *out = az;
    return LQ_OK;
}

void lq_analyzer_free(lq_analyzer *az)
{
    if (!az)
        return;
    lq_wordlists_release(az);
    lq_dealloc(az);
}

static int is_ascii(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Length of the space character (ASCII space, tab, newline, NBSP U+00A0,
   thin or narrow no-break space U+2009/U+202F) at the start of s, or 0. */
static size_t space_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
        return 3;
    return 0;
}

/* Same, for a space character ending s. */
static size_t space_before(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[n - 1] == ' ' || u[n - 1] == '\t' || u[n - 1] == '\n' || u[n - 1] == '\r'))
        return 1;
    if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 && (u[n - 1] == 0x89 || u[n - 1] == 0xAF))
        return 3;
    return 0;
}

/* NFC content of one quotation (without the spaces just inside its marks),
   in the arena. */
static lq_status content_of(lq_arena *arena, const char *text, const lq_qspan *sp,
                            const char **out, size_t *out_len, lq_error *err)
{
    const char *s = text + sp->content_start;
    size_t n = sp->content_end > sp->content_start ? sp->content_end - sp->content_start : 0;
    size_t w;
    /* spaces just inside the marks (« French », NBSP, thin spaces) are not content */
    while ((w = space_at(s, n)) != 0) {
        s += w;
        n -= w;
    }
    while ((w = space_before(s, n)) != 0)
        n -= w;
    if (n == 0) {
        *out = ""; /* every empty quote shares one static string */
        *out_len = 0;
    } else if (is_ascii(s, n)) {
        *out = lq_arena_strndup(arena, s, n);
        *out_len = n;
    } else {
        char *nfc = NULL;
        size_t nl = 0;
        lq_status st = lq_normalize_string(s, n, LQ_NORM_DEFAULT, &nfc, &nl, err);
        if (st != LQ_OK)
            return st;
        *out = lq_arena_strndup(arena, nfc, nl);
        *out_len = nl;
        lq_free(nfc);
    }
    return *out ? LQ_OK : LQ_ENOMEM;
}

lq_status lq_analyze(const lq_analyzer *az, const char *text, size_t len, unsigned flags,
                     lq_document **out, lq_error *err)
{
    lq_document *doc = NULL;
    lq_text *repaired = NULL;
    const char *work = text;
    size_t wlen = len, nspans = 0, i;
    lq_qspan *spans = NULL;
    lq_stream st;
    lq_entities es;
    lq_qwork *q = NULL;
    const char **contents = NULL;
    size_t *clens = NULL;
    lq_status s;
    int have_stream = 0, have_entities = 0, have_scratch = 0;
    lq_arena scratch;
    size_t nspeakers_max = 0;

    lq_error_clear(err);
    if (!out)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyze: out is NULL");
    *out = NULL;
    if (!az || (!text && len))
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyze: %s is NULL", az ? "text" : "analyzer");
    if (flags & ~LQ_ANALYZE_ALL)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyze: unknown flag bits 0x%x", flags & ~LQ_ANALYZE_ALL);
    if (!text)
        text = work = "";
    if (len >= UINT32_MAX)
        return lq_fail(err, LQ_ELIMIT, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_analyze: %zu bytes is over the 4 GiB limit", len);
    s = lq_utf8_validate(text, len, err);
    if (s != LQ_OK) {
        if (!(flags & LQ_ANALYZE_REPLACE_INVALID))
            return s;
        lq_error_clear(err);
        /* repair into a copy; offsets map back through the copy's map */
        s = lq_normalize(text, len, LQ_NORM_REPLACE_INVALID, &repaired, err);
        if (s != LQ_OK)
            return s;
        work = lq_text_data(repaired);
        wlen = lq_text_length(repaired);
        if (wlen >= UINT32_MAX) {
            lq_text_free(repaired);
            return lq_fail(err, LQ_ELIMIT, LQ_NO_POSITION, LQ_NO_POSITION,
                           "lq_analyze: repaired text over the 4 GiB limit");
        }
    }

    doc = lq_calloc(1, sizeof *doc);
    if (!doc) {
        s = lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
        goto fail;
    }
    lq_arena_init(&doc->arena, 0);

    /* the spans are work memory: the document keeps only its quotes */
    lq_arena_init(&scratch, 0);
    have_scratch = 1;
    s = lq_scan_quotes(work, wlen, &scratch, &spans, &nspans, err);
    if (s != LQ_OK)
        goto fail;
    s = lq_stream_build(&st, az, work, wlen, spans, nspans, err);
    if (s != LQ_OK)
        goto fail;
    have_stream = 1;

    if (nspans) {
        q = lq_calloc(nspans, sizeof *q);
        contents = lq_calloc(nspans, sizeof *contents);
        clens = lq_calloc(nspans, sizeof *clens);
        if (!q || !contents || !clens) {
            s = lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
            goto fail;
        }
    }
    for (i = 0; i < nspans; i++) {
        const char *c;
        q[i].span = spans[i];
        q[i].entity = -1;
        s = content_of(&doc->arena, work, &spans[i], &c, &clens[i], err);
        if (s != LQ_OK) {
            if (s == LQ_ENOMEM)
                lq_fail(err, s, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
            goto fail;
        }
        contents[i] = c;
    }
    for (i = 0; i < st.ntoks; i++)
        if (st.toks[i].shape & LQ_T_QUOTE)
            q[st.toks[i].quote].tok = (uint32_t)i;

    s = lq_entities_init(&es, &doc->arena);
    if (s != LQ_OK) {
        lq_fail(err, s, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
        lq_entities_release(&es);
        goto fail;
    }
    have_entities = 1;
    s = lq_attribute(&st, &es, &doc->arena, q, nspans, contents, clens, err);
    if (s != LQ_OK)
        goto fail;

    /* assemble */
    for (i = 0; i < es.nents; i++)
        es.ents[i].quote_count = 0;
    for (i = 0; i < nspans; i++)
        if (q[i].entity >= 0 && es.ents[q[i].entity].quote_count++ == 0)
            nspeakers_max++;
    if (nspans) {
        doc->quotes = lq_arena_alloc(&doc->arena, nspans * sizeof *doc->quotes);
        doc->speakers = lq_arena_alloc(&doc->arena, (nspeakers_max ? nspeakers_max : 1) *
                                                        sizeof *doc->speakers);
        if (!doc->quotes || !doc->speakers) {
            s = lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
            goto fail;
        }
    }
    for (i = 0; i < nspans; i++) {
        lq_quote *o = &doc->quotes[i];
        const lq_qwork *w = &q[i];
        memset(o, 0, sizeof *o);
        o->start = w->span.start;
        o->end = w->span.end;
        if (repaired) {
            size_t a, b;
            if (lq_text_source_span(repaired, w->span.start, w->span.end, &a, &b) == LQ_OK) {
                o->start = a;
                o->end = b;
            }
        }
        o->text = contents[i];
        o->text_len = clens[i];
        o->kind = w->kind;
        o->method = w->entity >= 0 || w->method == LQ_ATTR_REPORTED ||
                            w->method == LQ_ATTR_CUE_ADJACENT ||
                            w->method == LQ_ATTR_ACCORDING_TO
                        ? w->method
                        : LQ_ATTR_NONE;
        o->cue = w->cue;
        o->role = w->role;
        o->closed = (w->span.flags & LQ_QS_CLOSED) != 0;
        o->speaker_index = -1;
        if (w->entity >= 0) {
            lq_entity *e = &es.ents[w->entity];
            if (e->speaker_index < 0) {
                lq_speaker *sp = &doc->speakers[doc->nspeakers];
                sp->name = e->name;
                sp->role = e->role;
                sp->kind = e->kind;
                sp->quote_count = 0;
                e->speaker_index = (long)doc->nspeakers++;
            }
            o->speaker = e->name;
            o->speaker_index = e->speaker_index;
            if (!o->role)
                o->role = e->role;
            if (w->method != LQ_ATTR_ECHO)
                doc->speakers[e->speaker_index].quote_count++;
        }
        if (az->lexicon) {
            s = lq_score(az->lexicon, o->text, o->text_len, az->sentiment_flags, &o->scores,
                         err);
            if (s != LQ_OK)
                goto fail;
        }
    }
    doc->nquotes = nspans;
    /* roles learnt after a speaker's first quote */
    for (i = 0; i < es.nents; i++)
        if (es.ents[i].speaker_index >= 0)
            doc->speakers[es.ents[i].speaker_index].role = es.ents[i].role;

    lq_entities_release(&es);
    lq_stream_release(&st);
    lq_arena_release(&scratch);
    lq_dealloc(q);
    lq_dealloc(contents);
    lq_dealloc(clens);
    lq_text_free(repaired);
    *out = doc;
    return LQ_OK;

fail:
    if (have_scratch)
        lq_arena_release(&scratch);
    if (have_entities)
        lq_entities_release(&es);
    if (have_stream)
        lq_stream_release(&st);
    lq_dealloc(q);
    lq_dealloc(contents);
    lq_dealloc(clens);
    lq_text_free(repaired);
    lq_document_free(doc);
    return s;
}

size_t lq_document_quote_count(const lq_document *doc)
{
    return doc ? doc->nquotes : 0;
}

const lq_quote *lq_document_quote(const lq_document *doc, size_t i)
{
    return doc && i < doc->nquotes ? &doc->quotes[i] : NULL;
}

size_t lq_document_speaker_count(const lq_document *doc)
{
    return doc ? doc->nspeakers : 0;
}

const lq_speaker *lq_document_speaker(const lq_document *doc, size_t i)
{
    return doc && i < doc->nspeakers ? &doc->speakers[i] : NULL;
}

void lq_document_free(lq_document *doc)
{
    if (!doc)
        return;
    lq_arena_release(&doc->arena);
    lq_dealloc(doc);
}

const char *lq_quote_kind_name(lq_quote_kind kind)
{
    switch (kind) {
    case LQ_QUOTE_FULL:
        return "full";
    case LQ_QUOTE_PARTIAL:
        return "partial";
    case LQ_QUOTE_CONTINUATION:
        return "continuation";
    case LQ_QUOTE_OTHER:
        return "other";
    }
    return "";
}

const char *lq_method_name(lq_method method)
{
    switch (method) {
    case LQ_ATTR_NONE:
        return "none";
    case LQ_ATTR_CUE_ADJACENT:
        return "cue";
    case LQ_ATTR_ACCORDING_TO:
        return "according-to";
    case LQ_ATTR_REPORTED:
        return "reported";
    case LQ_ATTR_PRONOUN:
        return "pronoun";
    case LQ_ATTR_CONTINUATION:
        return "continuation";
    case LQ_ATTR_PREVIOUS_SENTENCE:
        return "previous-sentence";
    case LQ_ATTR_ECHO:
        return "echo";
    }
    return "";
}
