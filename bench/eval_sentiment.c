/* eval_sentiment: agreement of our compound score with human ratings.

   For each of VADER's human-rated corpora in
   ../shared/reference/vader/groundtruth/<corpus>_GroundTruth.txt (id TAB mean TAB text,
   CRLF, a BOM in one), prints the Pearson r between the compound score and the
   mean human rating, for (a) the reference VADER lexicon, which must reproduce
   the reference figures 0.8722 / 0.4276 / 0.5896, and (b) our default lexicon
   (lexicons/en-sentiment.tsv), side by side; --lexicon adds a candidate file.

   Usage: eval_sentiment [--shared=DIR] [--lexicon=PATH] [--lexicon-format=vader|afinn|tsv]
                         [--fixes] [--normalize] [--speed[=N]]
   --speed also times lq_score over the parity cases' texts (N passes).
   Exit status: 0, or 1 when the data is missing or a lexicon fails to load. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libquote.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static const char *corpora[] = {"tweets", "movieReviewSnippets", "amazonReviewSnippets"};
static const double reference_r[] = {0.8722, 0.4276, 0.5896};
#define NCORPORA 3

typedef struct row {
    double mean;
    const char *text;
    size_t len;
} row;

typedef struct corpus {
    char *data;
    row *rows;
    size_t n;
} corpus;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    if (!f)
        return NULL;
    do {
        if (cap - n < 65536) {
            char *p = realloc(buf, cap = cap ? cap * 2 : 1 << 20);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* id TAB mean TAB text per line; CRLF and a leading BOM are accepted. */
static int load_corpus(const char *path, corpus *c)
{
    size_t len, cap = 0;
    char *p, *end;
    c->data = read_all(path, &len);
    c->rows = NULL;
    c->n = 0;
    if (!c->data)
        return -1;
    p = c->data;
    end = c->data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *t1, *t2;
        if (eol > p && eol[-1] == '\r')
            eol--;
        t1 = memchr(p, '\t', (size_t)(eol - p));
        t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(eol - t1 - 1)) : NULL;
        if (t2) {
            if (c->n == cap) {
                row *r = realloc(c->rows, (cap = cap ? cap * 2 : 4096) * sizeof *r);
                if (!r)
                    return -1;
                c->rows = r;
            }
            c->rows[c->n].mean = strtod(t1 + 1, NULL);
            c->rows[c->n].text = t2 + 1;
            c->rows[c->n].len = (size_t)(eol - t2 - 1);
            c->n++;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static double pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0.0;
}

static double evaluate(const lq_lexicon *lex, const corpus *c, unsigned flags)
{
    double *x = malloc(c->n * sizeof *x), *y = malloc(c->n * sizeof *y), r;
    size_t i;
    if (!x || !y) {
        free(x);
        free(y);
        return NAN;
    }
    for (i = 0; i < c->n; i++) {
        lq_scores s;
        if (lq_score(lex, c->rows[i].text, c->rows[i].len, flags, &s, NULL) != LQ_OK)
            s.compound = 0;
        x[i] = s.compound;
        y[i] = c->rows[i].mean;
    }
    r = pearson(x, y, c->n);
    free(x);
    free(y);
    return r;
}

static lq_lexicon *load(const char *words, lq_lexicon_format wf, const char *emoji,
                        lq_emoji_format ef, const char *datadir)
{
    lq_lexicon_options o;
    lq_lexicon *lex;
    lq_error err;
    memset(&o, 0, sizeof o);
    o.words_path = words;
    o.words_format = wf;
    o.emoji_path = emoji;
    o.emoji_format = ef;
    o.datadir = datadir;
    if (lq_lexicon_load(&o, &lex, &err) != LQ_OK) {
        fprintf(stderr, "eval_sentiment: %s\n", err.text);
        return NULL;
    }
    return lex;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: other load does not count */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Time lq_score over the texts of cases.jsonl (JSON strings kept as the raw
   line: the scorer sees the same bytes count; escapes are rare). */
static void speed(const lq_lexicon *lex, const char *shared, unsigned flags, int passes)
{
    char path[4096];
    size_t len, n = 0, bytes = 0, i;
    char *data, *p;
    const char **texts;
    size_t *lens;
    double best = 1e30, sink = 0;
    int k;
    snprintf(path, sizeof path, "%s/reference/vader/cases.jsonl", shared);
    data = read_all(path, &len);
    if (!data) {
        fprintf(stderr, "eval_sentiment: %s not found\n", path);
        return;
    }
    texts = malloc(len * sizeof *texts / 16 + 16 * sizeof *texts);
    lens = malloc(len * sizeof *lens / 16 + 16 * sizeof *lens);
    for (p = data; (p = strstr(p, "\"text\": \"")) != NULL;) {
        char *q = p += 9;
        while (*q && !(*q == '"' && q[-1] != '\\'))
            q++;
        texts[n] = p;
        lens[n] = (size_t)(q - p);
        bytes += lens[n];
        n++;
        p = q;
    }
    for (k = 0; k < passes; k++) {
        double t0 = now(), t;
        int rep;
        for (rep = 0; rep < 100; rep++)
            for (i = 0; i < n; i++) {
                lq_scores s;
                lq_score(lex, texts[i], lens[i], flags, &s, NULL);
                sink += s.compound;
            }
        t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("speed: %zu texts (avg %.1f bytes) x100, best of %d: %.2f million sentences/s, "
           "%.1f MB/s%s\n",
           n, (double)bytes / (double)n, passes, (double)n * 100 / best / 1e6,
           (double)bytes * 100 / best / 1e6, sink == 12345.678 ? " " : "");
    free(texts);
    free(lens);
    free(data);
}

int main(int argc, char **argv)
{
    const char *shared = TOP_SRCDIR "/../shared", *cand = NULL;
    const char *datadir = getenv("LIBQUOTE_DATADIR");
    lq_lexicon_format cand_format = LQ_LEX_AUTO;
    lq_lexicon *vader, *ours, *mine = NULL;
    corpus c[NCORPORA];
    char path[4096], vpath[4096], epath[4096];
    unsigned flags = 0;
    int i, passes = 0;

    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--shared=", 9) == 0)
            shared = argv[i] + 9;
        else if (strncmp(argv[i], "--lexicon=", 10) == 0)
            cand = argv[i] + 10;
        else if (strcmp(argv[i], "--lexicon-format=vader") == 0)
            cand_format = LQ_LEX_VADER;
        else if (strcmp(argv[i], "--lexicon-format=afinn") == 0)
            cand_format = LQ_LEX_AFINN;
        else if (strcmp(argv[i], "--lexicon-format=tsv") == 0)
            cand_format = LQ_LEX_TSV;
        else if (strcmp(argv[i], "--fixes") == 0)
            flags |= LQ_SENT_FIXES;
        else if (strcmp(argv[i], "--normalize") == 0)
            flags |= LQ_SENT_NORMALIZE;
        else if (strcmp(argv[i], "--speed") == 0)
            passes = 5;
        else if (strncmp(argv[i], "--speed=", 8) == 0)
            passes = atoi(argv[i] + 8);
        else {
            fprintf(stderr,
                    "usage: eval_sentiment [--shared=DIR] [--lexicon=PATH] "
                    "[--lexicon-format=vader|afinn|tsv] [--fixes] [--normalize] [--speed[=N]]\n");
            return 2;
        }
    }
    if (!datadir || !*datadir)
        datadir = TOP_SRCDIR "/lexicons";

    snprintf(vpath, sizeof vpath, "%s/reference/vader/vader_lexicon.txt", shared);
    snprintf(epath, sizeof epath, "%s/reference/vader/emoji_utf8_lexicon.txt", shared);
    vader = load(vpath, LQ_LEX_VADER, epath, LQ_EMOJI_VADER, datadir);
    if (!vader) {
        fprintf(stderr, "eval_sentiment: the reference data in %s is needed\n", shared);
        return 1;
    }
    ours = load(NULL, LQ_LEX_AUTO, NULL, LQ_EMOJI_AUTO, datadir);
    if (cand && !(mine = load(cand, cand_format, NULL, LQ_EMOJI_AUTO, datadir))) {
        lq_lexicon_free(vader);
        lq_lexicon_free(ours);
        return 1;
    }

    printf("Pearson r of compound vs mean human rating%s%s\n",
           flags & LQ_SENT_FIXES ? " (--fixes)" : "", flags & LQ_SENT_NORMALIZE ? " (--normalize)" : "");
    printf("%-22s %6s %9s %8s %8s", "corpus", "rows", "reference", "VADER", "ours");
    if (mine)
        printf(" %8s", "--lexicon");
    printf("\n");
    for (i = 0; i < NCORPORA; i++) {
        snprintf(path, sizeof path, "%s/reference/vader/groundtruth/%s_GroundTruth.txt", shared,
                 corpora[i]);
        if (load_corpus(path, &c[i]) != 0) {
            fprintf(stderr, "eval_sentiment: cannot read %s\n", path);
            return 1;
        }
        printf("%-22s %6zu %9.4f %8.4f", corpora[i], c[i].n, reference_r[i],
               evaluate(vader, &c[i], flags));
        if (ours)
            printf(" %8.4f", evaluate(ours, &c[i], flags));
        else
            printf(" %8s", "n/a");
        if (mine)
            printf(" %8.4f", evaluate(mine, &c[i], flags));
        printf("\n");
        free(c[i].rows);
        free(c[i].data);
    }
    if (!ours)
        printf("(ours: the default lexicon could not be loaded from %s)\n", datadir);
    if (passes > 0) {
        speed(vader, shared, flags, passes);
        if (ours)
            speed(ours, shared, flags, passes);
    }
    lq_lexicon_free(vader);
    lq_lexicon_free(ours);
    lq_lexicon_free(mine);
    return 0;
}
