/* Fuzz lq_analyze: quotes and speakers, with sentiment scores.

   Input: one byte of flags (bit 0: LQ_ANALYZE_REPLACE_INVALID; the top two
   bits set together ask for an unknown bit, which must be refused), then
   the text.

   Properties:
   - unknown flag bits -> LQ_EINVAL and a NULL document;
   - strict mode fails with LQ_EUTF8 iff the text is not valid UTF-8 (by an
     independent reader), err.offset at the first bad byte;
   - every quote lies inside the input with both ends on UTF-8 boundaries;
     quotes are in text order and never overlap unless one is nested in the
     other;
   - quote text is valid UTF-8, NUL-terminated at text_len; kind, method and
     closed are in range; speaker_index names a speaker whose name is the
     quote's speaker; speakers' quote counts add up; scores are in range;
   - analysis is deterministic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "setup.h"

static lq_analyzer *analyzer;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    lq_analyzer_options o;
    lq_error err;
    memset(&o, 0, sizeof o);
    o.lexicon = fz_default_lexicon();
    if (lq_analyzer_new(&o, &analyzer, &err) != LQ_OK)
        fz_fail("cannot create the analyzer: %s", err.text);
    return 0;
}

static void check_document(const lq_document *doc, const uint8_t *in, size_t n)
{
    size_t nq = lq_document_quote_count(doc), ns = lq_document_speaker_count(doc), i;
    size_t *counted, *open, depth = 0;
    uint8_t *bound = fz_scratch(n + 1);

    fz_utf8_boundaries(in, n, bound);
    counted = calloc(ns + 1, sizeof *counted);
    open = calloc(nq + 1, sizeof *open);
    if (!counted || !open)
        abort();
    for (i = 0; i < ns; i++) {
        const lq_speaker *sp = lq_document_speaker(doc, i);
        FZ_CHECK(sp && sp->name && sp->name[0], "speaker %zu has no name", i);
        FZ_CHECK(fz_utf8_first_invalid((const uint8_t *)sp->name, strlen(sp->name)) ==
                     strlen(sp->name),
                 "speaker %zu name is not valid UTF-8", i);
        FZ_CHECK(sp->kind >= LQ_SPEAKER_PERSON && sp->kind <= LQ_SPEAKER_UNKNOWN,
                 "speaker %zu kind %d", i, (int)sp->kind);
    }
    FZ_CHECK(lq_document_speaker(doc, ns) == NULL, "speaker past the end is not NULL");
    for (i = 0; i < nq; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        FZ_CHECK(q != NULL, "quote %zu of %zu missing", i, nq);
        FZ_CHECK(q->start < q->end && q->end <= n, "quote %zu: [%zu, %zu) outside input of %zu",
                 i, q->start, q->end, n);
        FZ_CHECK(bound[q->start] && bound[q->end],
                 "quote %zu: [%zu, %zu) splits a UTF-8 sequence", i, q->start, q->end);
        FZ_CHECK(q->text && q->text[q->text_len] == '\0', "quote %zu: text not NUL-terminated", i);
        FZ_CHECK(fz_utf8_first_invalid((const uint8_t *)q->text, q->text_len) == q->text_len,
                 "quote %zu: text is not valid UTF-8", i);
        FZ_CHECK(q->kind >= LQ_QUOTE_FULL && q->kind <= LQ_QUOTE_OTHER, "quote %zu: kind %d", i,
                 (int)q->kind);
        FZ_CHECK(q->method >= LQ_ATTR_NONE && q->method <= LQ_ATTR_ECHO, "quote %zu: method %d",
                 i, (int)q->method);
        FZ_CHECK(q->closed == 0 || q->closed == 1, "quote %zu: closed = %d", i, q->closed);
        FZ_CHECK(lq_quote_kind_name(q->kind)[0] && lq_method_name(q->method)[0],
                 "quote %zu: kind or method has no name", i);
        fz_check_scores(&q->scores, "quote scores");
        if (q->speaker_index >= 0) {
            const lq_speaker *sp;
            FZ_CHECK((size_t)q->speaker_index < ns, "quote %zu: speaker %ld of %zu", i,
                     q->speaker_index, ns);
            sp = lq_document_speaker(doc, (size_t)q->speaker_index);
            FZ_CHECK(q->speaker && strcmp(q->speaker, sp->name) == 0,
                     "quote %zu: speaker '%s' but index names '%s'", i,
                     q->speaker ? q->speaker : "(null)", sp->name);
            FZ_CHECK(q->method != LQ_ATTR_NONE, "quote %zu: speaker without a method", i);
            /* A headline echo names its body speaker but repeats a quote
               already counted (libquote.h, lq_speaker.quote_count). */
            if (q->method != LQ_ATTR_ECHO)
                counted[q->speaker_index]++;
        } else {
            FZ_CHECK(q->speaker_index == -1, "quote %zu: speaker_index %ld", i, q->speaker_index);
        }
        /* Order, and no overlap unless nested: a stack of the quotes that
           enclose this position. */
        if (i > 0)
            FZ_CHECK(lq_document_quote(doc, i - 1)->start <= q->start,
                     "quote %zu starts at %zu before quote %zu", i, q->start, i - 1);
        while (depth > 0 && lq_document_quote(doc, open[depth - 1])->end <= q->start)
            depth--;
        if (depth > 0) {
            const lq_quote *p = lq_document_quote(doc, open[depth - 1]);
            FZ_CHECK(q->end <= p->end, "quotes %zu [%zu, %zu) and %zu [%zu, %zu) overlap",
                     open[depth - 1], p->start, p->end, i, q->start, q->end);
        }
        open[depth++] = i;
    }
    FZ_CHECK(lq_document_quote(doc, nq) == NULL, "quote past the end is not NULL");
    for (i = 0; i < ns; i++)
        FZ_CHECK(lq_document_speaker(doc, i)->quote_count == counted[i],
                 "speaker %zu: quote_count %zu, %zu quotes name it", i,
                 lq_document_speaker(doc, i)->quote_count, counted[i]);
    free(counted);
    free(open);
}

static int same_document(const lq_document *a, const lq_document *b)
{
    size_t i, n = lq_document_quote_count(a);
    if (n != lq_document_quote_count(b) ||
        lq_document_speaker_count(a) != lq_document_speaker_count(b))
        return 0;
    for (i = 0; i < n; i++) {
        const lq_quote *p = lq_document_quote(a, i), *q = lq_document_quote(b, i);
        if (p->start != q->start || p->end != q->end || p->text_len != q->text_len ||
            memcmp(p->text, q->text, p->text_len) != 0 || p->kind != q->kind ||
            p->method != q->method || p->speaker_index != q->speaker_index ||
            !fz_scores_equal(&p->scores, &q->scores))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *in;
    size_t n, bad_at;
    unsigned flags;
    lq_document *doc = NULL, *doc2 = NULL;
    lq_error err;
    lq_status st;

    if (size < 1)
        return 0;
    flags = data[0] & LQ_ANALYZE_ALL;
    in = data + 1;
    n = size - 1;

    if ((data[0] & 0xC0) == 0xC0) {
        doc = (lq_document *)1;
        st = lq_analyze(analyzer, (const char *)in, n, flags | (LQ_ANALYZE_ALL + 1u), &doc, &err);
        FZ_CHECK(st == LQ_EINVAL && doc == NULL, "unknown flag bit accepted: %d", st);
        return 0;
    }

    bad_at = fz_utf8_first_invalid(in, n);
    st = lq_analyze(analyzer, (const char *)in, n, flags, &doc, &err);
    if (st == LQ_ENOMEM)
        return 0;
    if (!(flags & LQ_ANALYZE_REPLACE_INVALID)) {
        FZ_CHECK((st == LQ_EUTF8) == (bad_at < n),
                 "strict mode returned %d; first invalid byte %zu of %zu", st, bad_at, n);
        if (st == LQ_EUTF8) {
            FZ_CHECK(doc == NULL, "failed call left a document");
            FZ_CHECK(err.offset == bad_at, "error at byte %zu, first invalid byte is %zu",
                     err.offset, bad_at);
            return 0;
        }
    }
    FZ_CHECK(st == LQ_OK && doc != NULL, "lq_analyze(flags 0x%x) failed: %d %s", flags, st,
             err.text);
    check_document(doc, in, n);

    st = lq_analyze(analyzer, (const char *)in, n, flags, &doc2, &err);
    FZ_CHECK(st == LQ_OK && same_document(doc, doc2), "lq_analyze is not deterministic");
    lq_document_free(doc2);
    lq_document_free(doc);
    return 0;
}
