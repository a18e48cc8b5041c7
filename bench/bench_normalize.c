/* bench_normalize: throughput of lq_normalize() in MB/s (median of runs).

   Usage: bench_normalize [-n RUNS] [-s MEGABYTES] [-o ONLY] [CORPUS_DIR]

   Inputs, each repeated to about MEGABYTES (default 32):
   - "news (ASCII-heavy)": every *.txt file of CORPUS_DIR concatenated
     (default: the shared BBC news corpus); skipped when it is absent;
   - "pure ASCII": the same with every non-ASCII byte replaced by a space
     (or our own English text when there is no corpus);
   - "Cyrillic (NFC)", "accented Latin (NFC)": our own sentences;
   - "accented Latin (NFD)": the same decomposed, so every accent has to be
     composed (the slow path).
   Each is normalized with NFC (default flags), NFKC + casefold, and every
   clean-up flag; one line per pair: MB/s of input per second of CPU time,
   median of RUNS runs. -o runs only the inputs whose name contains ONLY. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libquote.h"

#ifndef LQ_SHARED_DIR
#define LQ_SHARED_DIR "../shared"
#endif

typedef struct input {
    const char *name;
    char *data;
    size_t len;
} input;

/* Our own sample text (written for this benchmark). */
static const char english[] =
    "The committee met on Tuesday to discuss the budget, and members said "
    "the plan would cost more than expected. \"We have to be careful,\" one of "
    "them said after the meeting. Another added that the schedule was tight "
    "but achievable if the work started in spring.\n";
static const char cyrillic[] =
    "\xD0\x92\xD0\xBE \xD0\xB2\xD1\x82\xD0\xBE\xD1\x80\xD0\xBD\xD0\xB8\xD0\xBA "
    "\xD0\xBA\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F "
    "\xD1\x81\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB0\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C, "
    "\xD1\x87\xD1\x82\xD0\xBE\xD0\xB1\xD1\x8B "
    "\xD0\xBE\xD0\xB1\xD1\x81\xD1\x83\xD0\xB4\xD0\xB8\xD1\x82\xD1\x8C "
    "\xD0\xB1\xD1\x8E\xD0\xB4\xD0\xB6\xD0\xB5\xD1\x82, \xD0\xB8 "
    "\xD0\xB5\xD1\x91 \xD1\x87\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x8B "
    "\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB\xD0\xB8, \xD1\x87\xD1\x82\xD0\xBE "
    "\xD0\xBF\xD0\xBB\xD0\xB0\xD0\xBD \xD0\xBE\xD0\xB1\xD0\xBE\xD0\xB9\xD0\xB4\xD1\x91\xD1\x82\xD1\x81\xD1\x8F "
    "\xD0\xB4\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB6\xD0\xB5 \xD0\xBE\xD0\xB6\xD0\xB8\xD0\xB4\xD0\xB0\xD0\xB5\xD0\xBC\xD0\xBE\xD0\xB3\xD0\xBE. "
    "\xC2\xAB\xD0\x9D\xD0\xB0\xD0\xBC \xD0\xBD\xD1\x83\xD0\xB6\xD0\xBD\xD0\xBE "
    "\xD0\xB1\xD1\x8B\xD1\x82\xD1\x8C \xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB6\xD0\xBD\xD1\x8B\xD0\xBC\xD0\xB8\xC2\xBB, "
    "\xE2\x80\x94 \xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB "
    "\xD0\xBE\xD0\xB4\xD0\xB8\xD0\xBD \xD0\xB8\xD0\xB7 \xD0\xBD\xD0\xB8\xD1\x85 "
    "\xD0\xBF\xD0\xBE\xD1\x81\xD0\xBB\xD0\xB5 \xD0\xB2\xD1\x81\xD1\x82\xD1\x80\xD0\xB5\xD1\x87\xD0\xB8.\n";
/* French with precomposed accents; the NFD input is made from it. */
static const char accented[] =
    "Le comit\xC3\xA9 s'est r\xC3\xA9uni mardi pour \xC3\xA9tudier le budget ; "
    "les d\xC3\xA9l\xC3\xA9gu\xC3\xA9s ont d\xC3\xA9" "clar\xC3\xA9 que le projet "
    "co\xC3\xBBterait plus cher que pr\xC3\xA9vu. \xC2\xAB Il faut \xC3\xAAtre "
    "prudents \xC2\xBB, a ajout\xC3\xA9 l'un d'eux apr\xC3\xA8s la r\xC3\xA9union, "
    "\xC3\xA0 No\xC3\xAB" "l ou en \xC3\xA9t\xC3\xA9.\n";

/* CPU time of this process: the figure for one core, not disturbed by other
   programs competing for the machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Repeat src (n bytes) until the result holds at least want bytes. */
static char *repeat(const char *src, size_t n, size_t want, size_t *len)
{
    size_t reps = want / n + 1, i;
    char *p = malloc(reps * n + 1);
    if (!p) {
        fprintf(stderr, "bench_normalize: out of memory\n");
        exit(1);
    }
    for (i = 0; i < reps; i++)
        memcpy(p + i * n, src, n);
    p[reps * n] = '\0';
    *len = reps * n;
    return p;
}

/* Every *.txt file of dir concatenated, or NULL. */
static char *read_corpus(const char *dir, size_t *len)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char *all = NULL;
    size_t n = 0;
    if (!d)
        return NULL;
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        FILE *f;
        long sz;
        size_t l = strlen(de->d_name);
        if (l < 4 || strcmp(de->d_name + l - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        f = fopen(path, "rb");
        if (!f)
            continue;
        if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
            char *p = realloc(all, n + (size_t)sz + 1);
            if (!p)
                exit(1);
            all = p;
            n += fread(all + n, 1, (size_t)sz, f);
        }
        fclose(f);
    }
    closedir(d);
    *len = n;
    return all;
}

static void bench(const input *in, const char *flags_name, unsigned flags, int runs)
{
    double *mbs = malloc((size_t)runs * sizeof *mbs);
    size_t out_len = 0;
    int r;
    for (r = 0; r < runs; r++) {
        lq_text *t;
        lq_error err;
        double t0 = now(), t1;
        if (lq_normalize(in->data, in->len, flags, &t, &err) != LQ_OK) {
            fprintf(stderr, "bench_normalize: %s: %s\n", in->name, err.text);
            exit(1);
        }
        t1 = now();
        out_len = lq_text_length(t);
        lq_text_free(t);
        mbs[r] = (double)in->len / 1e6 / (t1 - t0);
    }
    qsort(mbs, (size_t)runs, sizeof *mbs, cmp_double);
    printf("%-24s %-22s %9.1f MB/s  (%zu -> %zu bytes, min %.1f, max %.1f)\n", in->name,
           flags_name, mbs[runs / 2], in->len, out_len, mbs[0], mbs[runs - 1]);
    free(mbs);
}

int main(int argc, char **argv)
{
    const char *dir = LQ_SHARED_DIR "/corpora/news";
    int runs = 9, i, k;
    const char *only = NULL;
    size_t size = 32u << 20, n, corpus_len = 0;
    input inputs[5];
    int n_inputs = 0;
    char *corpus, *ascii, *nfd;
    lq_error err;
    static const struct {
        const char *name;
        unsigned flags;
    } modes[] = {
        {"NFC", LQ_NORM_DEFAULT},
        {"NFKC+casefold", LQ_NORM_NFKC | LQ_NORM_CASEFOLD},
        {"NFC+all clean-ups", LQ_NORM_ALL & ~(LQ_NORM_DECOMPOSE | LQ_NORM_COMPAT)},
    };

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            size = (size_t)atol(argv[++i]) << 20;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: bench_normalize [-n RUNS] [-s MEGABYTES] [-o ONLY] [CORPUS_DIR]\n");
            return 2;
        } else
            dir = argv[i];
    }
    if (runs < 1)
        runs = 1;

    corpus = read_corpus(dir, &corpus_len);
    if (corpus && corpus_len > 0) {
        inputs[n_inputs].name = "news (ASCII-heavy)";
        inputs[n_inputs].data = repeat(corpus, corpus_len, size, &inputs[n_inputs].len);
        n_inputs++;
        for (n = 0; n < corpus_len; n++)
            if ((unsigned char)corpus[n] >= 0x80)
                corpus[n] = ' ';
        ascii = corpus;
    } else {
        printf("(%s not found: news input skipped)\n", dir);
        free(corpus);
        ascii = malloc(sizeof english);
        memcpy(ascii, english, sizeof english);
        corpus_len = sizeof english - 1;
    }
    inputs[n_inputs].name = "pure ASCII";
    inputs[n_inputs].data = repeat(ascii, corpus_len, size, &inputs[n_inputs].len);
    n_inputs++;
    free(ascii);
    inputs[n_inputs].name = "Cyrillic (NFC)";
    inputs[n_inputs].data = repeat(cyrillic, sizeof cyrillic - 1, size, &inputs[n_inputs].len);
    n_inputs++;
    inputs[n_inputs].name = "accented Latin (NFC)";
    inputs[n_inputs].data = repeat(accented, sizeof accented - 1, size, &inputs[n_inputs].len);
    n_inputs++;
    if (lq_normalize_string(accented, sizeof accented - 1, LQ_NORM_NFD, &nfd, &n, &err) != LQ_OK) {
        fprintf(stderr, "bench_normalize: %s\n", err.text);
        return 1;
    }
    inputs[n_inputs].name = "accented Latin (NFD)";
    inputs[n_inputs].data = repeat(nfd, n, size, &inputs[n_inputs].len);
    n_inputs++;
    lq_free(nfd);

    printf("libquote %s, lq_normalize, median of %d runs, MB/s per CPU second\n", lq_version(), runs);
    for (i = 0; i < n_inputs; i++) {
        for (k = 0; (!only || strstr(inputs[i].name, only)) && k < (int)(sizeof modes / sizeof modes[0]); k++)
            bench(&inputs[i], modes[k].name, modes[k].flags, runs);
        free(inputs[i].data);
    }
    return 0;
}
