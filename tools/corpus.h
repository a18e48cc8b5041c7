/* Corpus mode of the `quote` tool: walk files and directories, analyze them
 * on a pool of threads with one shared analyzer, and hand the results back
 * in input order.
 *
 * Usage from a subcommand (see cmd_speakers.c):
 *
 *     corpus_options o;
 *     corpus_options_init(&o);
 *     ... for each argument: corpus_option(&o, argc, argv, &i) ...
 *     o.analyzer = az;
 *     o.render = my_render;          optional: runs on the worker threads
 *     status = corpus_run(&o, paths, npaths, my_emit, my_ctx);
 *
 * Order: the arguments in the order given; a directory expands to its
 * regular files, recursively, sorted by byte value of their names (hidden
 * entries, whose names start with '.', are skipped; --include=GLOB keeps only
 * the files whose names match). No argument, or "-",
 * reads standard input. Results reach `emit` in exactly that order whatever
 * the number of threads, so the output is the same for every --jobs value.
 *
 * Failures: a file that cannot be read, or that is not valid UTF-8 in strict
 * mode, and a directory argument holding no file to analyze, are reported on
 * stderr as "quote: PATH: reason" and skipped; the rest of the run completes
 * and corpus_run() returns CLI_BAD_INPUT at the end.
 */
#ifndef LQ_CORPUS_H
#define LQ_CORPUS_H

#include <stddef.h>
#include <stdint.h>
#include "libquote.h"

/* A growable output buffer for render callbacks. */
typedef struct corpus_buf {
    char *data;
    size_t len;
    size_t cap;
} corpus_buf;

/* Append n bytes; 0 on success, -1 when out of memory. */
int corpus_buf_append(corpus_buf *b, const char *s, size_t n);

/* FNV-1a hash of a NUL-terminated speaker name, for the tools' name tables. */
uint64_t corpus_hash_name(const char *s);
/* Append a NUL-terminated string. */
int corpus_buf_puts(corpus_buf *b, const char *s);

/* One analyzed file, as the callbacks see it. Everything is borrowed: valid
   only during the callback. */
typedef struct corpus_file {
    const char *path;         /* as given or walked; "-" for standard input */
    size_t index;             /* 0-based position in the walk */
    const char *text;         /* the file's bytes (NUL-terminated) */
    size_t len;               /* their number */
    const lq_document *doc;   /* the analysis */
    const char *rendered;     /* bytes produced by the render callback, or NULL */
    size_t rendered_len;
} corpus_file;

/* Runs on a worker thread, in any order and concurrently with other calls:
   turn one file's analysis into output bytes appended to `out` (rendered is
   NULL during this call). Must only read shared state. Return 0, or -1 to
   report the file as failed (after printing why with cli_error). */
typedef int (*corpus_render_fn)(void *ctx, const corpus_file *f, corpus_buf *out);

/* Runs on the calling thread, once per successfully analyzed file, strictly
   in input order: write f->rendered, aggregate, … Return 0 to go on, -1 to
   stop the run (e.g. a write error; corpus_run then returns CLI_BAD_INPUT). */
typedef int (*corpus_emit_fn)(void *ctx, const corpus_file *f);

/* What corpus_run() does. Initialise with corpus_options_init(). */
typedef struct corpus_options {
    const lq_analyzer *analyzer;  /* required; shared read-only by the workers */
    unsigned analyze_flags;       /* LQ_ANALYZE_* for every file */
    unsigned jobs;                /* worker threads; 0: every online core */
    int progress;                 /* progress bar on stderr: -1 when stderr is a
                                     terminal (default), 0 never, 1 always */
    int summary;                  /* closing summary on stderr: -1 when more than
                                     one file was walked or stderr is a terminal
                                     (default), 0 never, 1 always */
    const char *include;          /* fnmatch(3) pattern: files found inside
                                     directories are taken only when their name
                                     matches; NULL takes every file. Files named
                                     as arguments are always taken. */
    corpus_render_fn render;      /* optional */
    void *render_ctx;
} corpus_options;

/* Totals of a run. */
typedef struct corpus_totals {
    size_t files;       /* files analyzed successfully */
    size_t failures;    /* files reported and skipped */
    size_t bytes;       /* input bytes analyzed */
    size_t quotes;      /* quotes found */
    size_t attributed;  /* quotes with a speaker */
    size_t speakers;    /* distinct speaker names across the corpus */
    double seconds;     /* wall-clock time of the run */
} corpus_totals;

/* Defaults: all cores, strict UTF-8, automatic progress bar and summary. */
void corpus_options_init(corpus_options *o);

/* Recognise one corpus option at argv[*i]: --jobs=N, --jobs N, -jN, -j N
   (N >= 1; 0 or "auto" means every core), --include=GLOB, --progress,
   --no-progress, --summary, --no-summary, --replace-invalid. Advances *i past a separate
   value. Returns 1 when consumed, 0 when the argument is not a corpus option,
   -1 on a bad value (a message was printed; exit with CLI_USAGE). */
int corpus_option(corpus_options *o, int argc, char **argv, int *i);

/* The help lines for the options above, for a subcommand's --help. */
extern const char corpus_options_help[];

/* Number of worker threads `jobs` stands for (0: online cores, at least 1). */
unsigned corpus_jobs(unsigned jobs);

/* Analyze the files named by paths[0..n) (n == 0: standard input) and call
   emit for each in input order. totals may be NULL. Returns CLI_OK, or
   CLI_BAD_INPUT when any file failed or emit stopped the run, or CLI_USAGE
   for bad options. Never exits. */
int corpus_run(const corpus_options *o, char **paths, size_t n,
               corpus_emit_fn emit, void *ctx, corpus_totals *totals);

#endif
