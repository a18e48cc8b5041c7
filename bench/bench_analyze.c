/* bench_analyze: lq_analyze end to end (normalize, quotes, attribution,
   scoring) on a corpus of text files repeated to a stable size.

   bench_analyze [--runs=N] [--mb=M] [--no-scores] FILE...
       Prints, each the median of N runs (default 5) over M MB (default 32):
         analyze.docs     every file analyzed as its own document
         analyze.concat   the files joined into one document of M MB
       then peak memory, measured in a separate process (this program run
       again with --memory), per MB of input.
   bench_analyze --once [--chunk=BYTES] [--no-scores] FILE
       Analyze FILE once and print its size and quote count (for
       valgrind --tool=callgrind --toggle-collect=lq_analyze); with --chunk,
       as consecutive documents of BYTES each.
   bench_analyze --memory [--mb=M] FILE...
       The memory measurement itself (ru_maxrss before and after).

   LIBQUOTE_DATADIR must point at the lexicons (bench/run.sh sets it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libquote.h"
#include "bench_util.h"

typedef struct piece {
    const char *text;
    size_t len;
} piece;

typedef struct setup {
    lq_lexicon *lex;
    lq_analyzer *az;
} setup;

static void die_status(const char *what, lq_status st, const lq_error *err)
{
    fprintf(stderr, "bench_analyze: %s: %s (%s)\n", what, lq_strerror(st),
            err ? err->text : "");
    exit(1);
}

static void setup_load(setup *s, int scores)
{
    lq_error err;
    lq_status st;
    lq_analyzer_options ao;
    s->lex = NULL;
    if (scores && (st = lq_lexicon_load(NULL, &s->lex, &err)) != LQ_OK)
        die_status("lexicon", st, &err);
    memset(&ao, 0, sizeof ao);
    ao.lexicon = s->lex;
    if ((st = lq_analyzer_new(&ao, &s->az, &err)) != LQ_OK)
        die_status("analyzer", st, &err);
}

static void setup_free(setup *s)
{
    lq_analyzer_free(s->az);
    lq_lexicon_free(s->lex);
}

/* Analyze one text; returns its number of quotes. */
static size_t analyze_one(const lq_analyzer *az, const char *text, size_t len)
{
    lq_document *doc;
    lq_error err;
    lq_status st = lq_analyze(az, text, len, LQ_ANALYZE_REPLACE_INVALID, &doc, &err);
    size_t n;
    if (st != LQ_OK)
        die_status("lq_analyze", st, &err);
    n = lq_document_quote_count(doc);
    lq_document_free(doc);
    return n;
}

/* The files joined by blank lines and repeated to at least `bytes`. */
static char *concat(const piece *p, size_t np, size_t bytes, size_t *len)
{
    size_t one = 0, i, n = 0;
    char *buf;
    for (i = 0; i < np; i++)
        one += p[i].len + 2;
    buf = malloc(bytes + one + 1);
    if (!buf) {
        fprintf(stderr, "bench_analyze: out of memory\n");
        exit(1);
    }
    while (n < bytes) {
        for (i = 0; i < np; i++) {
            memcpy(buf + n, p[i].text, p[i].len);
            n += p[i].len;
            buf[n++] = '\n';
            buf[n++] = '\n';
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void print_fig(const char *name, double value, const char *unit)
{
    printf("%-34s %14.1f %s\n", name, value, unit);
}

/* VmHWM of /proc/self/status in bytes (0 when unavailable): the peak of
   this process image only, a cross-check of ru_maxrss. */
static double vm_hwm(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lf kB", &kb) == 1)
            break;
    fclose(f);
    return kb * 1024.0;
}

static int run_memory(size_t bytes, const piece *p, size_t np)
{
    setup s;
    double rss0, rss1, rss2, rss3, hwm;
    size_t len;
    char *text;

    rss0 = bench_peak_rss();
    setup_load(&s, 1);
    rss1 = bench_peak_rss();
    text = concat(p, np, bytes, &len);
    rss2 = bench_peak_rss();
    analyze_one(s.az, text, len);
    rss3 = bench_peak_rss();
    hwm = vm_hwm();
    free(text);
    setup_free(&s);
    printf("%-34s %14.1f MB (lexicon and analyzer: ru_maxrss after loading minus before)\n",
           "memory.lexicon_mb", (rss1 - rss0) / 1e6);
    printf("%-34s %14.1f MB (one document: the corpus joined)\n", "memory.input_mb",
           (double)len / 1e6);
    printf("%-34s %14.1f MB (ru_maxrss; VmHWM %.1f MB)\n", "memory.peak_mb", rss3 / 1e6,
           hwm / 1e6);
    printf("%-34s %14.2f x input (peak minus the process with its lexicon, over the input;\n"
           "%-34s %14s   the input itself counts: target <= 4)\n",
           "memory.per_input_byte", (rss3 - rss1) / (double)len, "", "");
    (void)rss2;
    return 0;
}

/* Peak memory is measured in a fresh process (this program again, with
   --memory), run to completion before the timings (so that it does not
   compete with them) and before this process allocates anything big:
   ru_maxrss is a high-water mark that a child inherits from its parent and
   keeps across exec. Its figures are printed after the timings. */
static char memory_report[4096];

static void measure_memory(const char *self, double mb, char **files, size_t nfiles)
{
    int fd[2], st;
    size_t i, got = 0;
    ssize_t n;
    pid_t pid;
    fflush(stdout);
    if (pipe(fd) != 0)
        return;
    pid = fork();
    if (pid == 0) {
        char **av = calloc(nfiles + 4, sizeof *av);
        char mbarg[64];
        close(fd[0]);
        dup2(fd[1], 1);
        snprintf(mbarg, sizeof mbarg, "--mb=%g", mb);
        av[0] = (char *)self;
        av[1] = "--memory";
        av[2] = mbarg;
        for (i = 0; i < nfiles; i++)
            av[3 + i] = files[i];
        execv("/proc/self/exe", av);
        perror("bench_analyze: exec");
        _exit(1);
    }
    close(fd[1]);
    while (got + 1 < sizeof memory_report &&
           (n = read(fd[0], memory_report + got, sizeof memory_report - 1 - got)) > 0)
        got += (size_t)n;
    memory_report[got] = '\0';
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
    int runs = 5, once = 0, memory = 0, scores = 1, a, r;
    size_t chunk = 0;
    double mb = 32;
    piece *p;
    size_t np = 0, i, total = 0;
    char **files;
    size_t nfiles = 0;

    files = calloc((size_t)argc, sizeof *files);
    for (a = 1; a < argc; a++) {
        if (strncmp(argv[a], "--runs=", 7) == 0)
            runs = atoi(argv[a] + 7);
        else if (strncmp(argv[a], "--mb=", 5) == 0)
            mb = atof(argv[a] + 5);
        else if (strcmp(argv[a], "--once") == 0)
            once = 1;
        else if (strncmp(argv[a], "--chunk=", 8) == 0)
            chunk = (size_t)atof(argv[a] + 8);
        else if (strcmp(argv[a], "--memory") == 0)
            memory = 1;
        else if (strcmp(argv[a], "--no-scores") == 0)
            scores = 0;
        else if (argv[a][0] == '-') {
            fprintf(stderr, "bench_analyze: unknown option %s\n", argv[a]);
            return 2;
        } else
            files[nfiles++] = argv[a];
    }
    if (nfiles == 0 || runs < 1 || mb <= 0) {
        fprintf(stderr, "usage: bench_analyze [--runs=N] [--mb=M] [--no-scores] "
                        "[--once|--memory] FILE...\n");
        return 2;
    }
    if (!memory && !once)
        measure_memory(argv[0], mb, files, nfiles);
    p = calloc(nfiles, sizeof *p);
    for (i = 0; i < nfiles; i++) {
        p[i].text = bench_read(files[i], &p[i].len);
        total += p[i].len;
    }
    np = nfiles;

    if (memory)
        return run_memory((size_t)(mb * 1e6), p, np);

    if (once) {
        setup s;
        size_t q = 0, off = 0, docs = 0;
        setup_load(&s, scores);
        if (chunk == 0)
            chunk = p[0].len ? p[0].len : 1;
        do {   /* documents of `chunk` bytes, cut on character boundaries */
            size_t n = p[0].len - off < chunk ? p[0].len - off : chunk;
            while (off + n < p[0].len && ((unsigned char)p[0].text[off + n] & 0xC0) == 0x80)
                n++;
            q += analyze_one(s.az, p[0].text + off, n);
            off += n;
            docs++;
        } while (off < p[0].len);
        printf("bytes %zu documents %zu quotes %zu\n", p[0].len, docs, q);
        setup_free(&s);
        for (i = 0; i < np; i++)
            free((char *)p[i].text);
        free(p);
        free(files);
        return 0;
    }

    {
        setup s;
        size_t reps = (size_t)(mb * 1e6 / (double)(total ? total : 1)) + 1, k, quotes = 0;
        double *mbs = calloc((size_t)runs, sizeof *mbs), *qps = calloc((size_t)runs, sizeof *qps);
        size_t clen;
        char *big = concat(p, np, (size_t)(mb * 1e6), &clen);

        setup_load(&s, scores);
        printf("corpus: %zu files, %.2f MB, repeated %zu times (%.1f MB per run), %d runs%s\n",
               np, (double)total / 1e6, reps, (double)(total * reps) / 1e6, runs,
               scores ? "" : ", without sentiment scores");
        analyze_one(s.az, p[0].text, p[0].len);   /* warm-up */
        for (r = 0; r < runs; r++) {
            double t0 = bench_now(), el;
            quotes = 0;
            for (k = 0; k < reps; k++)
                for (i = 0; i < np; i++)
                    quotes += analyze_one(s.az, p[i].text, p[i].len);
            el = bench_now() - t0;
            mbs[r] = (double)(total * reps) / 1e6 / el;
            qps[r] = (double)quotes / el;
        }
        print_fig("analyze.docs.mb_per_s", bench_median(mbs, (size_t)runs), "MB/s");
        print_fig("analyze.docs.quotes_per_s", bench_median(qps, (size_t)runs), "quotes/s");
        printf("%-34s %14zu quotes per run\n", "analyze.docs.quotes", quotes);
        for (r = 0; r < runs; r++) {
            double t0 = bench_now(), el;
            quotes = analyze_one(s.az, big, clen);
            el = bench_now() - t0;
            mbs[r] = (double)clen / 1e6 / el;
            qps[r] = (double)quotes / el;
        }
        print_fig("analyze.concat.mb_per_s", bench_median(mbs, (size_t)runs), "MB/s");
        print_fig("analyze.concat.quotes_per_s", bench_median(qps, (size_t)runs), "quotes/s");
        printf("%-34s %14zu quotes in %.1f MB\n", "analyze.concat.quotes", quotes,
               (double)clen / 1e6);
        setup_free(&s);
        free(big);
        free(mbs);
        free(qps);
    }

    fputs(memory_report, stdout);
    for (i = 0; i < np; i++)
        free((char *)p[i].text);
    free(p);
    free(files);
    return 0;
}
