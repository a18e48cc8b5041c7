/* bench_sentiment: lq_score sentences per second on the texts of VADER's
   parity cases (cases.jsonl), lexicon load time, and parity with the
   reference scores of the same file.

   The lexicons are VADER's own, read from the folder of CASES.jsonl
   (vader_lexicon.txt, emoji_utf8_lexicon.txt) when they are there, as the
   reference scores were made with them; else the bundled defaults.

   bench_sentiment [--runs=N] [--count=N] CASES.jsonl
       lexicon load time (median of 21 loads), parity, then sentences/s as the
       median of N runs (default 5) of about `count` sentences each (2,000,000).
   bench_sentiment --once [--count=N] CASES.jsonl
       Score `count` sentences once (for valgrind --tool=callgrind).
   bench_sentiment --lines=OUT [--count=N] CASES.jsonl
       Write the texts one per line (line breaks and tabs inside a text become
       spaces), repeated to `count` lines, for the CLI benchmark.

   LIBQUOTE_DATADIR must point at the lexicons (bench/run.sh sets it). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "bench_util.h"

typedef struct sentence {
    char *text;
    size_t len;
    lq_scores want;
} sentence;

static sentence *load_cases(const char *path, size_t *n)
{
    size_t len, cap = 0, count = 0;
    char *data = bench_read(path, &len), *line = data, *nl;
    sentence *v = NULL;
    size_t lineno = 0;

    for (; line < data + len; line = nl + 1) {
        json_t *o, *t;
        json_error_t je;
        nl = memchr(line, '\n', (size_t)(data + len - line));
        if (!nl)
            nl = data + len;
        lineno++;
        if (nl == line)
            continue;
        o = json_loadb(line, (size_t)(nl - line), JSON_ALLOW_NUL, &je);
        if (!o || !(t = json_object_get(o, "text")) || !json_is_string(t)) {
            fprintf(stderr, "bench_sentiment: %s:%zu: not a case: %s\n", path, lineno,
                    o ? "no text" : je.text);
            exit(1);
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 1024;
            v = realloc(v, cap * sizeof *v);
            if (!v)
                exit(1);
        }
        v[count].len = json_string_length(t);
        v[count].text = malloc(v[count].len + 1);
        memcpy(v[count].text, json_string_value(t), v[count].len + 1);
        v[count].want.neg = json_number_value(json_object_get(o, "neg"));
        v[count].want.neu = json_number_value(json_object_get(o, "neu"));
        v[count].want.pos = json_number_value(json_object_get(o, "pos"));
        v[count].want.compound = json_number_value(json_object_get(o, "compound"));
        count++;
        json_decref(o);
    }
    free(data);
    *n = count;
    return v;
}

/* VADER's own lexicons, next to cases.jsonl (the scores of the cases were
   made with them); NULL paths load the bundled defaults. */
static char vader_words[4096], vader_emoji[4096];

static void find_vader_lexicons(const char *cases)
{
    const char *slash = strrchr(cases, '/');
    int dl = slash ? (int)(slash - cases) : 1;
    const char *dir = slash ? cases : ".";
    FILE *f;
    snprintf(vader_words, sizeof vader_words, "%.*s/vader_lexicon.txt", dl, dir);
    snprintf(vader_emoji, sizeof vader_emoji, "%.*s/emoji_utf8_lexicon.txt", dl, dir);
    if (!(f = fopen(vader_words, "rb")))
        vader_words[0] = '\0';
    else
        fclose(f);
    if (!(f = fopen(vader_emoji, "rb")))
        vader_emoji[0] = '\0';
    else
        fclose(f);
}

static lq_lexicon *load_lexicon(void)
{
    lq_lexicon *lex;
    lq_error err;
    lq_lexicon_options o;
    lq_status st;
    memset(&o, 0, sizeof o);
    if (vader_words[0]) {
        o.words_path = vader_words;
        o.words_format = LQ_LEX_VADER;
    }
    if (vader_emoji[0]) {
        o.emoji_path = vader_emoji;
        o.emoji_format = LQ_EMOJI_VADER;
    }
    st = lq_lexicon_load(&o, &lex, &err);
    if (st != LQ_OK) {
        fprintf(stderr, "bench_sentiment: lexicon: %s (%s)\n", lq_strerror(st), err.text);
        exit(1);
    }
    return lex;
}

/* Score the sentences round-robin until `count` are done; returns bytes. */
static size_t score_many(const lq_lexicon *lex, const sentence *v, size_t n, size_t count,
                         double *sink)
{
    size_t i, k = 0, bytes = 0;
    double acc = 0;
    for (i = 0; i < count; i++) {
        lq_scores s;
        lq_score(lex, v[k].text, v[k].len, LQ_SENT_DEFAULT, &s, NULL);
        acc += s.compound;
        bytes += v[k].len;
        if (++k == n)
            k = 0;
    }
    *sink += acc;
    return bytes;
}

static int same(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

int main(int argc, char **argv)
{
    int runs = 5, once = 0, a, r;
    size_t count = 2000000, n, i, ok = 0;
    const char *cases = NULL, *lines = NULL;
    sentence *v;
    lq_lexicon *lex;
    double sink = 0;

    for (a = 1; a < argc; a++) {
        if (strncmp(argv[a], "--runs=", 7) == 0)
            runs = atoi(argv[a] + 7);
        else if (strncmp(argv[a], "--count=", 8) == 0)
            count = (size_t)atof(argv[a] + 8);
        else if (strcmp(argv[a], "--once") == 0)
            once = 1;
        else if (strncmp(argv[a], "--lines=", 8) == 0)
            lines = argv[a] + 8;
        else if (argv[a][0] != '-' && !cases)
            cases = argv[a];
        else {
            fprintf(stderr, "usage: bench_sentiment [--runs=N] [--count=N] "
                            "[--once|--lines=OUT] CASES.jsonl\n");
            return 2;
        }
    }
    if (!cases || runs < 1 || count < 1) {
        fprintf(stderr, "usage: bench_sentiment [--runs=N] [--count=N] "
                        "[--once|--lines=OUT] CASES.jsonl\n");
        return 2;
    }
    v = load_cases(cases, &n);
    find_vader_lexicons(cases);
    if (n == 0) {
        fprintf(stderr, "bench_sentiment: %s: no cases\n", cases);
        return 1;
    }

    if (lines) {
        FILE *f = fopen(lines, "wb");
        size_t k = 0;
        if (!f) {
            perror(lines);
            return 1;
        }
        for (i = 0; i < count; i++) {
            size_t j;
            for (j = 0; j < v[k].len; j++) {
                char c = v[k].text[j];
                putc(c == '\n' || c == '\r' || c == '\t' || c == '\0' ? ' ' : c, f);
            }
            putc('\n', f);
            if (++k == n)
                k = 0;
        }
        if (fclose(f) != 0) {
            perror(lines);
            return 1;
        }
        goto out_cases;
    }

    if (once) {
        lex = load_lexicon();
        score_many(lex, v, n, count, &sink);
        printf("sentences %zu\n", count);
        lq_lexicon_free(lex);
        goto out_cases;
    }

    {
        double t[21];
        for (r = 0; r < 21; r++) {
            double t0 = bench_now();
            lex = load_lexicon();
            t[r] = (bench_now() - t0) * 1e3;
            if (r < 20)
                lq_lexicon_free(lex);
        }
        printf("%-34s %14.2f ms (%zu entries, %s)\n", "lexicon.load_ms", bench_median(t, 21),
               lq_lexicon_size(lex),
               vader_words[0] ? "VADER's lexicons beside the cases" : "the bundled lexicon");
    }

    for (i = 0; i < n; i++) {
        lq_scores s;
        lq_score(lex, v[i].text, v[i].len, LQ_SENT_DEFAULT, &s, NULL);
        if (same(s.neg, v[i].want.neg) && same(s.neu, v[i].want.neu) &&
            same(s.pos, v[i].want.pos) && same(s.compound, v[i].want.compound))
            ok++;
    }
    printf("%-34s %14zu of %zu identical to the reference\n", "sentiment.parity", ok, n);

    {
        double *sps = calloc((size_t)runs, sizeof *sps), *mbs = calloc((size_t)runs, sizeof *mbs);
        size_t bytes = 0;
        score_many(lex, v, n, n, &sink);   /* warm-up */
        for (r = 0; r < runs; r++) {
            double t0 = bench_now(), el;
            bytes = score_many(lex, v, n, count, &sink);
            el = bench_now() - t0;
            sps[r] = (double)count / el;
            mbs[r] = (double)bytes / 1e6 / el;
        }
        printf("%-34s %14.0f sentences/s (%zu per run, %.1f bytes each)\n",
               "sentiment.sentences_per_s", bench_median(sps, (size_t)runs), count,
               (double)bytes / (double)count);
        printf("%-34s %14.1f MB/s\n", "sentiment.mb_per_s", bench_median(mbs, (size_t)runs));
        free(sps);
        free(mbs);
    }
    lq_lexicon_free(lex);
out_cases:
    if (sink == 12345.678)   /* keep the scores alive */
        puts("");
    for (i = 0; i < n; i++)
        free(v[i].text);
    free(v);
    return 0;
}
