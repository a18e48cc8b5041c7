/* eval_attribution: quote spans and speakers through lq_analyze() against
   the annotated data in ../shared/reference/quotes/, and counts on the news
   corpus ../shared/corpora/news/.

   Usage: eval_attribution [--shared=DIR] [--verbose]
   DIR defaults to $LQ_SHARED, else <source>/../shared. Missing data is
   skipped with a message (exit 0); exit 1 on a read or analysis failure.

   Spans. A predicted quote matches a gold quote when their byte ranges
   (gold code-point offsets converted to bytes) are equal ("exact") or
   overlap by at least half of the longer ("overlap"). Precision counts the
   quotes the library presents as speech (kind other excluded: titles and
   scare quotes are not in the gold data); a second line counts every span.

   Speakers. PolNeAR gives the mention as written ("he", "a spokesman",
   "Clinton"): accuracy is measured where that mention is a name (its last
   word is capitalised and not a pronoun) and the spans match; the predicted
   canonical speaker is right when it contains the mention's last word.
   PDNC gives canonical character names: right when a word of the predicted
   speaker (honorifics aside) is a word of the gold name or its aliases. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "libquote.h"

typedef struct counts {
    size_t gold, pred, pred_dq, pred_all, exact, overlap, overlap_all;
    size_t spk_total, spk_right, spk_none;
    size_t pron_total, pron_named;
} counts;

static int verbose;

/* byte offset of every code point (n+1 entries) */
static size_t *cp_offsets(const char *s, size_t len, size_t *ncp)
{
    size_t i, n = 0, *map;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    map = malloc((n + 1) * sizeof *map);
    if (!map)
        return NULL;
    n = 0;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            map[n++] = i;
    map[n] = len;
    *ncp = n;
    return map;
}

/* The PolNeAR conversion scanned only double marks (“…” and "…"): a span
   opened by '' (two apostrophes, the NYT style) or by a single mark can
   never be gold, so a second precision line leaves those spans out. */
static int single_marked(const char *text, size_t at)
{
    const unsigned char *u = (const unsigned char *)text + at;
    if (u[0] == '\'')
        return 1;
    /* ‘ ’ ‚ are E2 80 98/99/9A */
    return u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9A);
}

static size_t overlap(size_t a0, size_t a1, size_t b0, size_t b1)
{
    size_t s = a0 > b0 ? a0 : b0, e = a1 < b1 ? a1 : b1;
    return e > s ? e - s : 0;
}

static int spans_overlap(size_t a0, size_t a1, size_t b0, size_t b1)
{
    size_t la = a1 - a0, lb = b1 - b0, lmax = la > lb ? la : lb;
    return lmax && overlap(a0, a1, b0, b1) * 2 >= lmax;
}

/* the last word of s (letters, digits, '-', '.'), possessive removed */
static void last_word(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), e = n, b;
    while (e > 0 && !((unsigned char)s[e - 1] >= 0x80 || (s[e - 1] >= 'A' && s[e - 1] <= 'Z') ||
                      (s[e - 1] >= 'a' && s[e - 1] <= 'z') || (s[e - 1] >= '0' && s[e - 1] <= '9')))
        e--;
    if (e >= 2 && s[e - 1] == 's' && (s[e - 2] == '\'' ))
        e -= 2;
    if (e >= 4 && s[e - 1] == 's' && (unsigned char)s[e - 2] == 0x99 &&
        (unsigned char)s[e - 3] == 0x80 && (unsigned char)s[e - 4] == 0xE2)
        e -= 4;
    b = e;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n')
        b--;
    if (e - b >= cap)
        e = b + cap - 1;
    memcpy(out, s + b, e - b);
    out[e - b] = '\0';
}

static int is_pronoun(const char *w)
{
    static const char *const p[] = {"he", "she", "it", "they", "we", "i", "you", "him", "her",
                                    "them", "us", "his", "their", "its", "who", "one"};
    size_t i;
    for (i = 0; i < sizeof p / sizeof p[0]; i++)
        if (strcasecmp(w, p[i]) == 0)
            return 1;
    return 0;
}

/* does the word w occur (case-insensitive, whole word) in s? */
static int has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    const char *p = s;
    if (!n)
        return 0;
    for (; *p; p++) {
        if (strncasecmp(p, w, n) == 0 && (p == s || p[-1] == ' ' || p[-1] == '-') &&
            (p[n] == '\0' || p[n] == ' ' || p[n] == '\'' || p[n] == ',' ||
             (unsigned char)p[n] == 0xE2))
            return 1;
    }
    return 0;
}

static int any_word_shared(const char *pred, const char *gold)
{
    char buf[256];
    const char *p = pred;
    while (*p) {
        size_t n = 0;
        while (*p == ' ')
            p++;
        while (p[n] && p[n] != ' ')
            n++;
        if (n && n < sizeof buf) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            if (n > 1 && buf[n - 1] == '.')
                buf[n - 1] = '\0';
            if (strcasecmp(buf, "mr") && strcasecmp(buf, "mrs") && strcasecmp(buf, "miss") &&
                strcasecmp(buf, "ms") && strcasecmp(buf, "the") && strcasecmp(buf, "dr") &&
                strcasecmp(buf, "of") && strcasecmp(buf, "sir") && strcasecmp(buf, "lady") &&
                has_word(gold, buf))
                return 1;
        }
        p += n;
    }
    return 0;
}

/* The predicted speaker's last word is a word of the gold mention
   ("Kenneth Baer" for "Kenneth Baer, a former official who…"). */
static int name_in_gold(const char *pred, const char *gold)
{
    char lw[128];
    last_word(pred, lw, sizeof lw);
    return lw[0] && has_word(gold, lw);
}

static int eval_jsonl(const lq_analyzer *az, const char *path, int pdnc, counts *c)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    if (!f) {
        printf("  (skipped: %s not found)\n", path);
        return 0;
    }
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *doc = json_loadb(line, (size_t)got, 0, &jerr), *quotes, *gq;
        const char *text;
        size_t tlen, ncp, *map, i, gi, nq;
        lq_document *d = NULL;
        lq_error err;
        char *used;
        if (!doc) {
            fprintf(stderr, "%s: line %d: %s\n", path, jerr.line, jerr.text);
            rc = 1;
            break;
        }
        text = json_string_value(json_object_get(doc, "text"));
        tlen = json_string_length(json_object_get(doc, "text"));
        quotes = json_object_get(doc, "quotes");
        if (!text || !json_is_array(quotes)) {
            json_decref(doc);
            continue;
        }
        map = cp_offsets(text, tlen, &ncp);
        if (!map || lq_analyze(az, text, tlen, LQ_ANALYZE_REPLACE_INVALID, &d, &err) != LQ_OK) {
            fprintf(stderr, "%s: analysis failed: %s\n", path, err.text);
            free(map);
            json_decref(doc);
            rc = 1;
            break;
        }
        nq = lq_document_quote_count(d);
        used = calloc(nq + 1, 1);
        if (verbose)
            printf("  == %s\n", json_string_value(json_object_get(doc, "id")));
        for (i = 0; i < nq; i++) {
            c->pred_all++;
            if (lq_document_quote(d, i)->kind != LQ_QUOTE_OTHER) {
                c->pred++;
                if (!pdnc)
                    c->pred_dq += !single_marked(text, lq_document_quote(d, i)->start);
            }
        }
        json_array_foreach(quotes, gi, gq) {
            size_t s = (size_t)json_integer_value(json_object_get(gq, "start"));
            size_t e = (size_t)json_integer_value(json_object_get(gq, "end"));
            const char *gspk = json_string_value(json_object_get(gq, "speaker"));
            const lq_quote *best = NULL;
            size_t bi = 0;
            int exact = 0;
            if (s > ncp || e > ncp || s >= e)
                continue;
            s = map[s];
            e = map[e];
            c->gold++;
            for (i = 0; i < nq; i++) {
                const lq_quote *q = lq_document_quote(d, i);
                if (q->start >= e)
                    break;
                if (q->start == s && q->end == e) {
                    best = q;
                    bi = i;
                    exact = 1;
                    break;
                }
                if (!best && spans_overlap(q->start, q->end, s, e)) {
                    best = q;
                    bi = i;
                }
            }
            if (!best) {
                if (verbose)
                    printf("    MISSED %.*s\n", (int)(e - s > 100 ? 100 : e - s), text + s);
                continue;
            }
            if (verbose && best->kind == LQ_QUOTE_OTHER)
                printf("    AS-OTHER gold=%s  %.70s\n", gspk ? gspk : "-", best->text);
            if (!used[bi]) {
                used[bi] = 1;
                c->overlap_all++;
                if (best->kind != LQ_QUOTE_OTHER) {
                    c->overlap++;
                    c->exact += exact;
                }
            }
            if (!gspk)
                continue;
            if (pdnc) {
                char all[1024];
                json_t *chars = json_object_get(doc, "characters"), *ch;
                size_t k;
                snprintf(all, sizeof all, "%s", gspk);
                /* aliases of the gold character */
                json_array_foreach(chars, k, ch) {
                    const char *nm = json_string_value(json_object_get(ch, "name"));
                    if (nm && strcmp(nm, gspk) == 0) {
                        json_t *al = json_object_get(ch, "aliases"), *a;
                        size_t m;
                        json_array_foreach(al, m, a) {
                            const char *as = json_string_value(a);
                            if (as && strlen(all) + strlen(as) + 2 < sizeof all) {
                                strcat(all, " ");
                                strcat(all, as);
                            }
                        }
                    }
                }
                c->spk_total++;
                if (!best->speaker)
                    c->spk_none++;
                else if (any_word_shared(best->speaker, all))
                    c->spk_right++;
                else if (verbose)
                    printf("    WRONG gold=%s pred=%s\n", gspk, best->speaker);
            } else {
                char lw[128];
                last_word(gspk, lw, sizeof lw);
                if (is_pronoun(lw)) {
                    c->pron_total++;
                    c->pron_named += best->speaker != NULL;
                    continue;
                }
                if (!(lw[0] >= 'A' && lw[0] <= 'Z'))
                    continue;
                c->spk_total++;
                if (!best->speaker) {
                    c->spk_none++;
                    if (verbose)
                        printf("    NONE gold=%s  %.60s\n", gspk, best->text);
                } else if (has_word(best->speaker, lw) || name_in_gold(best->speaker, gspk)) {
                    c->spk_right++;
                } else if (verbose) {
                    printf("    WRONG gold=%s pred=%s  %.60s\n", gspk, best->speaker, best->text);
                }
            }
        }
        if (verbose)
            for (i = 0; i < nq; i++) {
                const lq_quote *q = lq_document_quote(d, i);
                if (!used[i] && q->kind != LQ_QUOTE_OTHER)
                    printf("    EXTRA [%s/%s] %s: %.70s\n", lq_quote_kind_name(q->kind),
                           lq_method_name(q->method), q->speaker ? q->speaker : "-", q->text);
            }
        free(used);
        free(map);
        lq_document_free(d);
        json_decref(doc);
    }
    free(line);
    fclose(f);
    return rc;
}

static void report(const char *name, const counts *c)
{
    double p = c->pred ? (double)c->overlap / (double)c->pred : 0;
    double r = c->gold ? (double)c->overlap / (double)c->gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    double pe = c->pred ? (double)c->exact / (double)c->pred : 0;
    double re = c->gold ? (double)c->exact / (double)c->gold : 0;
    double fe = pe + re > 0 ? 2 * pe * re / (pe + re) : 0;
    double ra = c->gold ? (double)c->overlap_all / (double)c->gold : 0;
    double pa = c->pred_all ? (double)c->overlap_all / (double)c->pred_all : 0;
    printf("%s: %zu gold quotes, %zu predicted as speech (%zu spans in all)\n", name, c->gold,
           c->pred, c->pred_all);
    printf("  spans (overlap): P %.3f  R %.3f  F1 %.3f\n", p, r, f);
    printf("  spans (exact):   P %.3f  R %.3f  F1 %.3f\n", pe, re, fe);
    if (c->pred_dq && c->pred_dq < c->pred) {
        double pd = c->pred_dq ? (double)c->overlap / (double)c->pred_dq : 0;
        printf("  spans (overlap), double marks only (%zu predicted): P %.3f  R %.3f  F1 %.3f\n",
               c->pred_dq, pd, r, pd + r > 0 ? 2 * pd * r / (pd + r) : 0);
    }
    printf("  every span found by the scanner: P %.3f  R %.3f\n", pa, ra);
    if (c->spk_total)
        printf("  speaker accuracy: %.3f (%zu/%zu; %zu with no speaker)\n",
               (double)c->spk_right / (double)c->spk_total, c->spk_right, c->spk_total,
               c->spk_none);
    if (c->pron_total)
        printf("  pronoun mentions: %zu quotes, %zu resolved to a named speaker\n",
               c->pron_total, c->pron_named);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int eval_news(const lq_analyzer *az, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i, kinds[4] = {0}, methods[8] = {0}, quotes = 0, spk = 0, docs = 0;
    if (!d) {
        printf("news: (skipped: %s not found)\n", dir);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        char path[8192];
        FILE *f;
        char *buf;
        long len;
        lq_document *doc;
        lq_error err;
        size_t k;
        int w = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (w < 0 || (size_t)w >= sizeof path)
            continue;
        f = fopen(path, "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t)len + 1);
        if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
            fclose(f);
            free(buf);
            continue;
        }
        fclose(f);
        if (lq_analyze(az, buf, (size_t)len, LQ_ANALYZE_REPLACE_INVALID, &doc, &err) != LQ_OK) {
            fprintf(stderr, "%s: %s\n", path, err.text);
            free(buf);
            continue;
        }
        docs++;
        for (k = 0; k < lq_document_quote_count(doc); k++) {
            const lq_quote *q = lq_document_quote(doc, k);
            quotes++;
            kinds[q->kind]++;
            methods[q->method]++;
            spk += q->speaker != NULL;
            if (verbose > 1)
                printf("    %s [%s/%s] %s: %.70s\n", names[i], lq_quote_kind_name(q->kind),
                       lq_method_name(q->method), q->speaker ? q->speaker : "-", q->text);
        }
        lq_document_free(doc);
        free(buf);
    }
    printf("news: %zu documents, %zu quotes, %zu with a speaker (%.3f)\n", docs, quotes, spk,
           quotes ? (double)spk / (double)quotes : 0);
    printf("  kinds:");
    for (i = 0; i < 4; i++)
        printf(" %s %zu", lq_quote_kind_name((lq_quote_kind)i), kinds[i]);
    printf("\n  methods:");
    for (i = 0; i < 8; i++)
        printf(" %s %zu", lq_method_name((lq_method)i), methods[i]);
    printf("\n");
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return 0;
}

int main(int argc, char **argv)
{
    const char *shared = getenv("LQ_SHARED");
    char path[4096];
    lq_analyzer *az;
    lq_error err;
    counts c;
    int i, rc = 0;
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--shared=", 9) == 0)
            shared = argv[i] + 9;
        else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            verbose++;
        else {
            fprintf(stderr, "usage: eval_attribution [--shared=DIR] [--verbose]\n");
            return 2;
        }
    }
    if (!shared)
        shared = TOP_SRCDIR "/../shared";
    if (lq_analyzer_new(NULL, &az, &err) != LQ_OK) {
        fprintf(stderr, "eval_attribution: %s\n", err.text);
        return 1;
    }
    memset(&c, 0, sizeof c);
    snprintf(path, sizeof path, "%s/reference/quotes/polnear_dev.jsonl", shared);
    rc |= eval_jsonl(az, path, 0, &c);
    report("PolNeAR dev (news)", &c);
    memset(&c, 0, sizeof c);
    snprintf(path, sizeof path, "%s/reference/quotes/pdnc_subset.jsonl", shared);
    rc |= eval_jsonl(az, path, 1, &c);
    report("PDNC subset (fiction)", &c);
    snprintf(path, sizeof path, "%s/corpora/news", shared);
    rc |= eval_news(az, path);
    lq_analyzer_free(az);
    return rc;
}
