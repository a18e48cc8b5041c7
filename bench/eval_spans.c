/* Quote-span evaluation of the quote-mark scanner (lq_scan_quotes).

   Against the annotated reference data in <shared>/reference/quotes/ (JSONL,
   read with jansson; offsets there are code point offsets and are converted
   to bytes): precision, recall and F1 of exact spans (same start and end) and
   of overlapping spans (one-to-one, in text order), per file. On the news
   corpus <shared>/corpora/news/ (no annotations) it counts the spans found:
   closed, unclosed, over several paragraphs, cut at merged paragraphs,
   headline.

   Usage: eval_spans [-v] [SHARED_DIR]   (default: the source tree's ../shared)
   -v prints every span missed or extra, with its text. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quotes.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

typedef struct span {
    size_t start, end;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

typedef struct score {
    size_t gold, pred, exact, overlap_gold, overlap_pred;
} score;

static void spans_add(spans *s, size_t start, size_t end)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) {
            perror("eval_spans");
            exit(2);
        }
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->n++;
}

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

static void spans_sort_unique(spans *s)
{
    size_t i, k = 0;
    qsort(s->v, s->n, sizeof *s->v, span_cmp);
    for (i = 0; i < s->n; i++)
        if (k == 0 || span_cmp(&s->v[k - 1], &s->v[i]) != 0)
            s->v[k++] = s->v[i];
    s->n = k;
}

static int verbose;

static void show(const char *what, const char *text, size_t len, span sp)
{
    size_t a = sp.start > 30 ? sp.start - 30 : 0;
    size_t b = sp.end + 30 < len ? sp.end + 30 : len;
    printf("    %s %zu-%zu: ...%.*s[[%.*s]]%.*s...\n", what, sp.start, sp.end,
           (int)(sp.start - a), text + a, (int)(sp.end - sp.start), text + sp.start,
           (int)(b - sp.end), text + sp.end);
}

/* Both sorted. Exact: equal spans. Overlap: one-to-one in text order. */
static void compare(score *sc, const spans *gold, const spans *pred, const char *text,
                    size_t len, const char *id)
{
    size_t i = 0, j = 0, header = 0;
    sc->gold += gold->n;
    sc->pred += pred->n;
    while (i < gold->n && j < pred->n) {
        int c = span_cmp(&gold->v[i], &pred->v[j]);
        if (c == 0) {
            sc->exact++;
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    i = j = 0;
    while (i < gold->n && j < pred->n) {
        const span *g = &gold->v[i], *p = &pred->v[j];
        if (g->end <= p->start) {
            i++;
        } else if (p->end <= g->start) {
            j++;
        } else {
            sc->overlap_gold++;
            sc->overlap_pred++;
            i++;
            j++;
        }
    }
    if (!verbose)
        return;
    for (i = 0, j = 0; i < gold->n || j < pred->n;) {
        int c = i == gold->n ? 1 : j == pred->n ? -1 : span_cmp(&gold->v[i], &pred->v[j]);
        if (c == 0) {
            i++;
            j++;
            continue;
        }
        if (!header++)
            printf("  %s\n", id);
        if (c < 0)
            show("missed", text, len, gold->v[i++]);
        else
            show("extra ", text, len, pred->v[j++]);
    }
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void print_score(const char *name, const score *sc)
{
    double p = ratio(sc->exact, sc->pred), r = ratio(sc->exact, sc->gold);
    double lp = ratio(sc->overlap_pred, sc->pred), lr = ratio(sc->overlap_gold, sc->gold);
    printf("  %-34s gold %5zu  found %5zu | exact P %.3f R %.3f F1 %.3f | overlap P %.3f R "
           "%.3f F1 %.3f\n",
           name, sc->gold, sc->pred, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0, lp, lr,
           lp + lr > 0 ? 2 * lp * lr / (lp + lr) : 0.0);
}

/* Byte offset of every code point index of text (n code points + 1). */
static size_t *cp_to_byte(const char *text, size_t len, size_t *ncp)
{
    size_t *map = malloc((len + 1) * sizeof *map);
    size_t i, k = 0;
    if (!map) {
        perror("eval_spans");
        exit(2);
    }
    for (i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            map[k++] = i;
    map[k] = len;
    *ncp = k;
    return map;
}


static int add_gold(spans *g, json_t *pair_start, json_t *pair_end, const size_t *map,
                    size_t ncp)
{
    json_int_t s = json_integer_value(pair_start), e = json_integer_value(pair_end);
    if (!json_is_integer(pair_start) || !json_is_integer(pair_end) || s < 0 || e < s
        || (size_t)e > ncp)
        return -1;
    spans_add(g, map[s], map[e]);
    return 0;
}

/* One JSONL file. PolNeAR lists attributed quotes in "quotes" and the other
   double-quoted spans in "unattributed_quoted"; it annotates double quotation
   marks only, so the scores are given for all spans found and for spans of
   double marks, against the attributed quotes and against all quoted spans. */
static int eval_jsonl(const char *path, const char *name)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, docs = 0, unannotated = 0;
    ssize_t got;
    score attributed = {0}, attributed_double = {0}, all_quoted_double = {0};
    int has_unattributed = 0;

    if (!f) {
        printf("%s: SKIP (%s is absent)\n", name, path);
        return 0;
    }
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *doc = json_loads(line, 0, &jerr), *quotes, *unattr, *q;
        const char *text, *id;
        size_t len, ncp, *map, i, nspans;
        spans gold = {0}, gold_all = {0}, pred = {0}, pred_double = {0};
        lq_arena arena;
        lq_qspan *sp;
        lq_error err;

        if (!doc) {
            fprintf(stderr, "%s: line %zu: %s\n", path, docs + 1, jerr.text);
            return -1;
        }
        text = json_string_value(json_object_get(doc, "text"));
        len = json_string_length(json_object_get(doc, "text"));
        id = json_string_value(json_object_get(doc, "id"));
        quotes = json_object_get(doc, "quotes");
        unattr = json_object_get(doc, "unattributed_quoted");
        if (!text || !json_is_array(quotes)) {
            fprintf(stderr, "%s: line %zu: no text or quotes\n", path, docs + 1);
            return -1;
        }
        map = cp_to_byte(text, len, &ncp);
        json_array_foreach(quotes, i, q) {
            if (add_gold(&gold, json_object_get(q, "start"), json_object_get(q, "end"), map,
                         ncp)
                || add_gold(&gold_all, json_object_get(q, "start"), json_object_get(q, "end"),
                            map, ncp)) {
                fprintf(stderr, "%s: line %zu: bad quote offsets\n", path, docs + 1);
                return -1;
            }
        }
        if (json_is_array(unattr)) {
            has_unattributed = 1;
            json_array_foreach(unattr, i, q) {
                if (add_gold(&gold_all, json_array_get(q, 0), json_array_get(q, 1), map, ncp)) {
                    fprintf(stderr, "%s: line %zu: bad unattributed offsets\n", path, docs + 1);
                    return -1;
                }
            }
        }
        if (has_unattributed && gold_all.n == 0 && strstr(text, "''")) {
            /* The reference conversion read “…” and "…" only: a text quoting
               with doubled apostrophes (''…'') has no annotation at all. */
            unannotated++;
            free(gold.v);
            free(gold_all.v);
            free(map);
            json_decref(doc);
            docs++;
            continue;
        }
        lq_arena_init(&arena, 0);
        if (lq_scan_quotes(text, len, &arena, &sp, &nspans, &err) != LQ_OK) {
            fprintf(stderr, "%s: %s\n", id ? id : "?", err.text);
            return -1;
        }
        for (i = 0; i < nspans; i++) {
            spans_add(&pred, sp[i].start, sp[i].end);
            if (!(sp[i].flags & LQ_QS_SINGLE))
                spans_add(&pred_double, sp[i].start, sp[i].end);
        }
        spans_sort_unique(&gold);
        spans_sort_unique(&gold_all);
        spans_sort_unique(&pred);
        spans_sort_unique(&pred_double);
        if (has_unattributed) {
            /* -v lists the differences against all quoted spans only */
            int v = verbose;
            verbose = 0;
            compare(&attributed, &gold, &pred, text, len, "");
            compare(&attributed_double, &gold, &pred_double, text, len, "");
            verbose = v;
            compare(&all_quoted_double, &gold_all, &pred_double, text, len,
                    id ? id : "?");
        } else {
            compare(&attributed, &gold, &pred, text, len, id ? id : "?");
        }
        lq_arena_release(&arena);
        free(gold.v);
        free(gold_all.v);
        free(pred.v);
        free(pred_double.v);
        free(map);
        json_decref(doc);
        docs++;
    }
    free(line);
    fclose(f);
    printf("%s: %zu documents", name, docs);
    if (unannotated)
        printf(", %zu left out: they quote with doubled apostrophes (''...'') and the "
               "reference has no annotation for them", unannotated);
    printf("\n");
    print_score("annotated quotes, all spans", &attributed);
    if (has_unattributed) {
        print_score("annotated quotes, double-mark spans", &attributed_double);
        print_score("all quoted spans, double-mark spans", &all_quoted_double);
    }
    return 0;
}

static int eval_news(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t files = 0, total = 0, closed = 0, unclosed = 0, multi = 0, reopens = 0, head = 0,
           nested = 0, bytes = 0, marks = 0, outside = 0;
    if (!d) {
        printf("news corpus: SKIP (%s is absent)\n", dir);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        char *text;
        size_t len, n, i;
        lq_arena arena;
        lq_qspan *sp;
        lq_error err;
        size_t nl = strlen(de->d_name);
        if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") != 0)
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
            continue;
        if (lq_read_file(path, &text, &len, &err) != LQ_OK) {
            fprintf(stderr, "%s: %s\n", path, err.text);
            closedir(d);
            return -1;
        }
        lq_arena_init(&arena, 0);
        if (lq_scan_quotes(text, len, &arena, &sp, &n, &err) != LQ_OK) {
            fprintf(stderr, "%s: %s\n", path, err.text);
            closedir(d);
            return -1;
        }
        for (i = 0; i < n; i++) {
            unsigned fl = sp[i].flags;
            closed += (fl & LQ_QS_CLOSED) != 0;
            unclosed += !(fl & LQ_QS_CLOSED);
            multi += (fl & LQ_QS_MULTIPARA) != 0;
            reopens += (fl & LQ_QS_REOPENS) != 0;
            head += (fl & LQ_QS_HEADLINE) != 0;
            nested += (fl & LQ_QS_HAS_NESTED) != 0;
            if (verbose && (!(fl & LQ_QS_CLOSED) || (fl & (LQ_QS_MULTIPARA | LQ_QS_HEADLINE))))
                printf("  %s %s%s%s %.*s\n", de->d_name, fl & LQ_QS_CLOSED ? "" : "unclosed ",
                       fl & LQ_QS_MULTIPARA ? "multipara " : "",
                       fl & LQ_QS_HEADLINE ? "headline " : "",
                       (int)(sp[i].end - sp[i].start > 160 ? 160 : sp[i].end - sp[i].start),
                       text + sp[i].start);
        }
        /* double quotation marks that no span covers: a proxy for recall */
        {
            size_t k = 0, p;
            for (p = 0; p < len; p++) {
                const unsigned char *u = (const unsigned char *)text + p;
                int mark = u[0] == '"'
                           || (u[0] == 0xE2 && p + 2 < len && u[1] == 0x80
                               && (u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x9E));
                if (!mark)
                    continue;
                marks++;
                while (k < n && sp[k].end <= p)
                    k++;
                if (k == n || sp[k].start > p) {
                    outside++;
                    if (verbose)
                        printf("  %s mark outside any span at %zu: ...%.*s\n", de->d_name, p,
                               (int)(len - p < 60 ? len - p : 60), text + p);
                }
            }
        }
        total += n;
        bytes += len;
        files++;
        lq_arena_release(&arena);
        lq_dealloc(text);
    }
    closedir(d);
    printf("news corpus: %zu files, %zu bytes: %zu spans: %zu closed, %zu unclosed "
           "(%zu cut at merged paragraphs), %zu over paragraphs, %zu with nested quotes, "
           "%zu in headlines; %zu of %zu double quotation marks outside any span\n",
           files, bytes, total, closed, unclosed, reopens, multi, nested, head, outside, marks);
    return 0;
}

int main(int argc, char **argv)
{
    const char *shared = TOP_SRCDIR "/../shared";
    char path[4096];
    int i, rc = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: eval_spans [-v] [SHARED_DIR]\n");
            return 2;
        } else
            shared = argv[i];
    }
    snprintf(path, sizeof path, "%s/reference/quotes/polnear_dev.jsonl", shared);
    rc |= eval_jsonl(path, "polnear_dev (news)");
    snprintf(path, sizeof path, "%s/reference/quotes/pdnc_subset.jsonl", shared);
    rc |= eval_jsonl(path, "pdnc_subset (fiction)");
    snprintf(path, sizeof path, "%s/corpora/news", shared);
    rc |= eval_news(path);
    return rc ? 1 : 0;
}
