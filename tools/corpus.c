/* Corpus mode: walk files and directories, analyze them on N threads with one
   shared analyzer, hand results back in input order (a bounded reorder
   window), show progress on a terminal and sum up at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "corpus.h"

/* ---- output buffer ------------------------------------------------------ */

int corpus_buf_append(corpus_buf *b, const char *s, size_t n)
{
    if (b->cap - b->len <= n) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap - b->len <= n) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int corpus_buf_puts(corpus_buf *b, const char *s)
{
    return corpus_buf_append(b, s, strlen(s));
}

/* ---- options ------------------------------------------------------------- */

const char corpus_options_help[] =
    "  -j, --jobs=N              analyze on N threads (default: every core); the\n"
    "                            output order does not depend on N\n"
    "  --include=GLOB            in directories, take only files whose names match\n"
    "                            GLOB (e.g. '*.txt'; default: all but hidden files)\n"
    "  --progress                always show a progress bar on stderr\n"
    "  --no-progress             never show it (default: only on a terminal)\n"
    "  --summary                 always end with a summary line on stderr (files,\n"
    "                            quotes, speakers, failures)\n"
    "  --no-summary              never print it (default: for several files or on\n"
    "                            a terminal)\n"
    "  --replace-invalid         read invalid UTF-8 as U+FFFD instead of failing\n";

void corpus_options_init(corpus_options *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 0;
    o->progress = -1;
    o->summary = -1;
}

unsigned corpus_jobs(unsigned jobs)
{
    long n;
    if (jobs)
        return jobs;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > 1024 ? 1024u : (unsigned)n;
}

static int parse_jobs(corpus_options *o, const char *v)
{
    char *end;
    unsigned long n;
    if (strcmp(v, "auto") == 0) {
        o->jobs = 0;
        return 1;
    }
    errno = 0;
    n = strtoul(v, &end, 10);
    if (!*v || *end || errno || n > 1024 || v[0] == '-') {
        cli_error("--jobs: '%s' is not a number of threads from 0 (every core) to 1024", v);
        return -1;
    }
    o->jobs = (unsigned)n;
    return 1;
}

int corpus_option(corpus_options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strncmp(a, "--jobs=", 7) == 0)
        return parse_jobs(o, a + 7);
    if (strncmp(a, "-j", 2) == 0 && a[2])
        return parse_jobs(o, a + 2);
    if (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) {
        if (*i + 1 >= argc) {
            cli_error("%s needs a number of threads", a);
            return -1;
        }
        (*i)++;
        return parse_jobs(o, argv[*i]);
    }
    if (strncmp(a, "--include=", 10) == 0) {
        if (!a[10]) {
            cli_error("--include needs a pattern such as '*.txt'");
            return -1;
        }
        o->include = a + 10;
        return 1;
    }
    if (strcmp(a, "--progress") == 0)
        o->progress = 1;
    else if (strcmp(a, "--no-progress") == 0)
        o->progress = 0;
    else if (strcmp(a, "--summary") == 0)
        o->summary = 1;
    else if (strcmp(a, "--no-summary") == 0)
        o->summary = 0;
    else if (strcmp(a, "--replace-invalid") == 0)
        o->analyze_flags |= LQ_ANALYZE_REPLACE_INVALID;
    else
        return 0;
    return 1;
}

/* ---- the walk -------------------------------------------------------------- */

typedef struct walk_entry {
    char *path;
    size_t size;       /* from stat, for the progress bar */
    int error;         /* errno of a failed stat/opendir, or WALK_NO_FILES,
                          reported in order */
} walk_entry;

/* A directory named as an argument in which the walk found no file. */
#define WALK_NO_FILES (-1)

typedef struct walk_list {
    walk_entry *v;
    size_t n, cap;
} walk_list;

static int walk_push(walk_list *l, char *path, size_t size, int error)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        walk_entry *p = realloc(l->v, cap * sizeof *p);
        if (!p) {
            free(path);
            return -1;
        }
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n].path = path;
    l->v[l->n].size = size;
    l->v[l->n].error = error;
    l->n++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    if (dl && dir[dl - 1] != '/')
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

/* Walk `path` (owned: consumed). Directories found inside the tree are
   entered only when they are real directories, not symbolic links, so that
   a link cannot make the walk loop. Returns -1 only when out of memory. */
static int walk(walk_list *l, char *path, int top, unsigned depth, const char *include)
{
    struct stat st;
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, k;
    int rc = 0;

    if ((top ? stat(path, &st) : lstat(path, &st)) != 0)
        return walk_push(l, path, 0, errno);
    if (!top && S_ISLNK(st.st_mode)) {
        /* a link inside a tree: follow it to a file, never to a directory */
        if (stat(path, &st) != 0)
            return walk_push(l, path, 0, errno);
        if (S_ISDIR(st.st_mode)) {
            free(path);
            return 0;
        }
    }
    if (!S_ISDIR(st.st_mode)) {
        if (!top) {
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            /* sockets, fifos and names not matching --include inside a tree */
            if (!S_ISREG(st.st_mode) || (include && fnmatch(include, base, 0) != 0)) {
                free(path);
                return 0;
            }
        }
        return walk_push(l, path, (size_t)st.st_size, 0);
    }
    if (depth > 64)
        return walk_push(l, path, 0, ELOOP);
    d = opendir(path);
    if (!d)
        return walk_push(l, path, 0, errno);
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **p = realloc(names, nc * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            names = p;
            cap = nc;
        }
        if (!(names[n] = join_path(path, de->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    free(path);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (k = 0; k < n; k++) {
        if (rc == 0)
            rc = walk(l, names[k], 0, depth + 1, include);
        else
            free(names[k]);
    }
    free(names);
    return rc;
}

/* ---- distinct speaker names (summary) --------------------------------------- */

typedef struct name_set {
    char **slots;
    size_t cap, count;
} name_set;

uint64_t corpus_hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* 0 ok, -1 out of memory */
static int name_set_add(name_set *s, const char *name)
{
    size_t i;
    if (s->count * 2 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256, j;
        char **slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (j = 0; j < s->cap; j++) {
            if (!s->slots[j])
                continue;
            i = corpus_hash_name(s->slots[j]) & (cap - 1);
            while (slots[i])
                i = (i + 1) & (cap - 1);
            slots[i] = s->slots[j];
        }
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    i = corpus_hash_name(name) & (s->cap - 1);
    while (s->slots[i]) {
        if (strcmp(s->slots[i], name) == 0)
            return 0;
        i = (i + 1) & (s->cap - 1);
    }
    if (!(s->slots[i] = strdup(name)))
        return -1;
    s->count++;
    return 0;
}

static void name_set_free(name_set *s)
{
    size_t i;
    for (i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
}

/* ---- one file ------------------------------------------------------------------ */

/* The state of one file between its worker and the emitter. */
typedef struct job {
    char *data;
    size_t len;
    lq_document *doc;
    corpus_buf out;
    int done;           /* the worker has finished with it */
    int failed;         /* reported below; emit is skipped */
    char message[LQ_ERROR_TEXT_SIZE + 64];
} job;

static int read_all(const char *path, char **data, size_t *len, char *msg, size_t msz)
{
    int fd, is_stdin = strcmp(path, "-") == 0;
    struct stat st;
    size_t cap, n = 0;
    char *buf;

    *data = NULL;
    *len = 0;
    fd = is_stdin ? 0 : open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(msg, msz, "%s", strerror(errno));
        return -1;
    }
    cap = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ? (size_t)st.st_size + 1 : 65536;
    buf = malloc(cap + 1);
    if (!buf) {
        snprintf(msg, msz, "out of memory");
        goto fail;
    }
    for (;;) {
        ssize_t got;
        if (cap - n < 2) {
            char *p;
            if (cap > SIZE_MAX / 4) {
                snprintf(msg, msz, "file too large");
                goto fail;
            }
            p = realloc(buf, cap * 2 + 1);
            if (!p) {
                snprintf(msg, msz, "out of memory");
                goto fail;
            }
            buf = p;
            cap *= 2;
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            snprintf(msg, msz, "%s", strerror(errno));
            goto fail;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (!is_stdin)
        close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
fail:
    free(buf);
    if (!is_stdin)
        close(fd);
    return -1;
}

static void run_job(const corpus_options *o, const walk_entry *e, size_t index, job *j)
{
    lq_error err;
    lq_status st;

    if (e->error == WALK_NO_FILES) {
        snprintf(j->message, sizeof j->message,
                 "no files to analyze (an empty directory, or nothing matches --include)");
        j->failed = 1;
        return;
    }
    if (e->error) {
        snprintf(j->message, sizeof j->message, "%s", strerror(e->error));
        j->failed = 1;
        return;
    }
    if (read_all(e->path, &j->data, &j->len, j->message, sizeof j->message) != 0) {
        j->failed = 1;
        return;
    }
    st = lq_analyze(o->analyzer, j->data, j->len, o->analyze_flags, &j->doc, &err);
    if (st != LQ_OK) {
        if (st == LQ_EUTF8 && err.offset != LQ_NO_POSITION)
            snprintf(j->message, sizeof j->message,
                     "invalid UTF-8 at byte %zu (use --replace-invalid to read it anyway)",
                     err.offset);
        else
            snprintf(j->message, sizeof j->message, "%s",
                     err.text[0] ? err.text : lq_strerror(st));
        j->failed = 1;
        return;
    }
    if (o->render) {
        corpus_file f;
        f.path = e->path;
        f.index = index;
        f.text = j->data;
        f.len = j->len;
        f.doc = j->doc;
        f.rendered = NULL;
        f.rendered_len = 0;
        if (o->render(o->render_ctx, &f, &j->out) != 0) {
            snprintf(j->message, sizeof j->message, "could not format the results");
            j->failed = 1;
        }
    }
}

static void job_release(job *j)
{
    lq_document_free(j->doc);
    free(j->data);
    free(j->out.data);
    memset(j, 0, sizeof *j);
}

/* ---- progress ------------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
    int on;
    double start, last;
    size_t total_files, total_bytes;
} progress;

static void progress_draw(progress *p, size_t files, size_t bytes, int final)
{
    double t = now_seconds(), el = t - p->start, rate, mb = (double)bytes / 1e6;
    char eta[32] = "--:--";
    int width = 24, fill;
    char bar[32];

    if (!p->on || (!final && t - p->last < 0.1))
        return;
    p->last = t;
    rate = el > 0 ? mb / el : 0;
    if (rate > 0 && p->total_bytes >= bytes) {
        double left = ((double)(p->total_bytes - bytes) / 1e6) / rate;
        unsigned s = (unsigned)(left + 0.5);
        snprintf(eta, sizeof eta, "%u:%02u", s / 60, s % 60);
    }
    fill = p->total_bytes ? (int)((double)bytes / (double)p->total_bytes * width)
                          : (p->total_files ? (int)(files * (size_t)width / p->total_files) : 0);
    if (fill > width)
        fill = width;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(width - fill));
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu files  %.1f/%.1f MB  %.1f MB/s  ETA %s ",
            bar, files, p->total_files, mb, (double)p->total_bytes / 1e6, rate, eta);
    if (final)
        fputs("\r\033[K", stderr);   /* clear the line for the summary */
    fflush(stderr);
}

/* ---- the pool ---------------------------------------------------------------------- */

typedef struct pool {
    const corpus_options *o;
    const walk_list *files;
    job *ring;            /* window slots; file i lives in ring[i % window] */
    size_t window;
    size_t next_take;     /* next file a worker will start */
    size_t next_emit;     /* next file the emitter waits for */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t can_take;   /* the window moved */
    pthread_cond_t finished;   /* a job is done */
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i;
        job *j;
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next_take < p->files->n &&
               p->next_take >= p->next_emit + p->window)
            pthread_cond_wait(&p->can_take, &p->mu);
        if (p->stop || p->next_take >= p->files->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        i = p->next_take++;
        j = &p->ring[i % p->window];
        pthread_mutex_unlock(&p->mu);

        run_job(p->o, &p->files->v[i], i, j);

        pthread_mutex_lock(&p->mu);
        j->done = 1;
        if (i == p->next_emit)
            pthread_cond_signal(&p->finished);
        pthread_mutex_unlock(&p->mu);
    }
}

/* Hand one finished job to emit (or report its failure). Returns -1 to stop. */
static int deliver(const corpus_options *o, const walk_entry *e, size_t index, job *j,
                   corpus_emit_fn emit, void *ctx, corpus_totals *t, name_set *names)
{
    corpus_file f;
    size_t q, nq;
    if (j->failed) {
        cli_error("%s: %s", cli_input_name(e->path), j->message);
        t->failures++;
        return 0;
    }
    (void)o;
    t->files++;
    t->bytes += j->len;
    nq = lq_document_quote_count(j->doc);
    t->quotes += nq;
    for (q = 0; q < nq; q++) {
        const lq_quote *qu = lq_document_quote(j->doc, q);
        if (qu && qu->speaker)
            t->attributed++;
    }
    for (q = 0; q < lq_document_speaker_count(j->doc); q++) {
        const lq_speaker *sp = lq_document_speaker(j->doc, q);
        if (sp && sp->name && name_set_add(names, sp->name) != 0) {
            cli_error("out of memory");
            return -1;
        }
    }
    f.path = e->path;
    f.index = index;
    f.text = j->data;
    f.len = j->len;
    f.doc = j->doc;
    f.rendered = o->render ? j->out.data : NULL;
    f.rendered_len = o->render ? j->out.len : 0;
    if (f.rendered == NULL && o->render)
        f.rendered = "";
    return emit ? emit(ctx, &f) : 0;
}

int corpus_run(const corpus_options *o, char **paths, size_t n,
               corpus_emit_fn emit, void *ctx, corpus_totals *totals)
{
    walk_list files = {NULL, 0, 0};
    corpus_totals t;
    name_set names = {NULL, 0, 0};
    progress pr;
    unsigned jobs;
    size_t k, total_bytes = 0;
    int status = CLI_OK, stopped = 0;
    int show_summary;

    memset(&t, 0, sizeof t);
    if (totals)
        memset(totals, 0, sizeof *totals);
    if (!o || !o->analyzer) {
        cli_error("internal error: corpus_run without an analyzer");
        return CLI_USAGE;
    }
    t.seconds = now_seconds();

    /* 1. the walk, in argument order, directories sorted */
    if (n == 0) {
        char *dash = strdup("-");
        if (!dash || walk_push(&files, dash, 0, 0) != 0) {
            cli_error("out of memory");
            return CLI_BAD_INPUT;
        }
    }
    for (k = 0; k < n; k++) {
        char *p = strcmp(paths[k], "-") == 0 ? strdup("-") : strdup(paths[k]);
        size_t before = files.n;
        int rc = !p ? -1
                    : strcmp(p, "-") == 0 ? walk_push(&files, p, 0, 0)
                                          : walk(&files, p, 1, 0, o->include);
        if (rc == 0 && files.n == before) {
            /* a directory without a file to analyze: say so, it is a mistake */
            char *d = strdup(paths[k]);
            rc = d ? walk_push(&files, d, 0, WALK_NO_FILES) : -1;
        }
        if (rc != 0) {
            cli_error("out of memory while listing the input files");
            for (k = 0; k < files.n; k++)
                free(files.v[k].path);
            free(files.v);
            return CLI_BAD_INPUT;
        }
    }
    for (k = 0; k < files.n; k++)
        total_bytes += files.v[k].size;

    jobs = corpus_jobs(o->jobs);
    if (jobs > files.n)
        jobs = files.n ? (unsigned)files.n : 1u;
    pr.on = o->progress < 0 ? isatty(2) : o->progress;
    pr.start = pr.last = now_seconds();
    pr.total_files = files.n;
    pr.total_bytes = total_bytes;
    show_summary = o->summary < 0 ? (files.n > 1 || isatty(2)) : o->summary;

    if (jobs <= 1) {
        /* one thread: no pool, the honest baseline for --jobs=1 */
        for (k = 0; k < files.n; k++) {
            job j;
            memset(&j, 0, sizeof j);
            if (!stopped) {
                run_job(o, &files.v[k], k, &j);
                if (deliver(o, &files.v[k], k, &j, emit, ctx, &t, &names) != 0)
                    stopped = 1;
                progress_draw(&pr, k + 1, t.bytes, 0);
            }
            job_release(&j);
        }
    } else {
        pool p;
        pthread_t *th = calloc(jobs, sizeof *th);
        pthread_condattr_t ca;
        unsigned started = 0, w;

        memset(&p, 0, sizeof p);
        p.o = o;
        p.files = &files;
        p.window = (size_t)jobs * 4;
        p.ring = calloc(p.window, sizeof *p.ring);
        if (!th || !p.ring) {
            free(th);
            free(p.ring);
            cli_error("out of memory");
            status = CLI_BAD_INPUT;
            goto done;
        }
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.can_take, NULL);
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&p.finished, &ca);
        pthread_condattr_destroy(&ca);
        for (w = 0; w < jobs; w++) {
            if (pthread_create(&th[w], NULL, worker, &p) != 0)
                break;
            started++;
        }
        if (started == 0) {
            /* no thread could start: work on this one */
            cli_error("could not start worker threads; working on one thread");
            for (k = 0; k < files.n && !stopped; k++) {
                job *j = &p.ring[0];
                run_job(o, &files.v[k], k, j);
                if (deliver(o, &files.v[k], k, j, emit, ctx, &t, &names) != 0)
                    stopped = 1;
                job_release(j);
            }
        } else {
            for (k = 0; k < files.n; k++) {
                job *j = &p.ring[k % p.window];
                int rc;
                pthread_mutex_lock(&p.mu);
                while (!j->done) {
                    struct timespec ts;
                    if (pr.on) {
                        clock_gettime(CLOCK_MONOTONIC, &ts);
                        ts.tv_nsec += 200000000L;   /* redraw every 0.2 s */
                        if (ts.tv_nsec >= 1000000000L) {
                            ts.tv_sec++;
                            ts.tv_nsec -= 1000000000L;
                        }
                        pthread_cond_timedwait(&p.finished, &p.mu, &ts);
                        if (!j->done) {
                            pthread_mutex_unlock(&p.mu);
                            progress_draw(&pr, k, t.bytes, 0);
                            pthread_mutex_lock(&p.mu);
                        }
                    } else {
                        pthread_cond_wait(&p.finished, &p.mu);
                    }
                }
                pthread_mutex_unlock(&p.mu);

                rc = deliver(o, &files.v[k], k, j, emit, ctx, &t, &names);
                job_release(j);
                progress_draw(&pr, k + 1, t.bytes, 0);

                pthread_mutex_lock(&p.mu);
                p.next_emit = k + 1;
                if (rc != 0)
                    p.stop = 1;
                pthread_cond_broadcast(&p.can_take);
                /* the next file may already be done: no wake-up is lost,
                   since the loop above checks j->done under the lock */
                pthread_mutex_unlock(&p.mu);
                if (rc != 0) {
                    stopped = 1;
                    break;
                }
            }
        }
        for (w = 0; w < started; w++)
            pthread_join(th[w], NULL);
        /* after a stop, finished jobs beyond the emit point are released */
        for (k = 0; k < p.window; k++)
            job_release(&p.ring[k]);
        pthread_cond_destroy(&p.finished);
        pthread_cond_destroy(&p.can_take);
        pthread_mutex_destroy(&p.mu);
        free(p.ring);
        free(th);
    }

    progress_draw(&pr, t.files + t.failures, t.bytes, 1);
    t.speakers = names.count;
    t.seconds = now_seconds() - t.seconds;
    if (t.failures || stopped)
        status = CLI_BAD_INPUT;
    if (show_summary && !stopped)
        fprintf(stderr,
                "quote: %zu file%s, %zu quote%s (%zu attributed), %zu speaker%s, "
                "%zu failure%s; %.1f MB in %.2f s\n",
                t.files, t.files == 1 ? "" : "s", t.quotes, t.quotes == 1 ? "" : "s",
                t.attributed, t.speakers, t.speakers == 1 ? "" : "s", t.failures,
                t.failures == 1 ? "" : "s", (double)t.bytes / 1e6, t.seconds);
done:
    if (totals)
        *totals = t;
    name_set_free(&names);
    for (k = 0; k < files.n; k++)
        free(files.v[k].path);
    free(files.v);
    return status;
}
