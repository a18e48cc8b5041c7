/* quote speakers: per-speaker aggregation across a corpus (quote count, mean
   compound, most negative and most positive quote). */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "corpus.h"

/* One quote kept as an extreme of a speaker. */
typedef struct kept_quote {
    char *text;
    char *path;
    size_t start;
    double compound;
} kept_quote;

typedef struct speaker_row {
    char *name;
    char *role;            /* first role the corpus gives, or NULL */
    lq_speaker_kind kind;
    size_t quotes;
    size_t files;
    size_t last_file;      /* index of the last file counted, +1 */
    double sum;            /* of compound */
    kept_quote neg, pos;
} speaker_row;

typedef struct speaker_table {
    speaker_row **slots;
    size_t cap, count;
} speaker_table;

/* The row of `name`, created when new; NULL when out of memory. */
static speaker_row *table_row(speaker_table *t, const char *name)
{
    size_t i;
    speaker_row *r;
    if (t->count * 2 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256, j;
        speaker_row **slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (j = 0; j < t->cap; j++) {
            if (!t->slots[j])
                continue;
            i = corpus_hash_name(t->slots[j]->name) & (cap - 1);
            while (slots[i])
                i = (i + 1) & (cap - 1);
            slots[i] = t->slots[j];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    i = corpus_hash_name(name) & (t->cap - 1);
    while (t->slots[i]) {
        if (strcmp(t->slots[i]->name, name) == 0)
            return t->slots[i];
        i = (i + 1) & (t->cap - 1);
    }
    r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        return NULL;
    }
    t->slots[i] = r;
    t->count++;
    return r;
}

static void kept_free(kept_quote *k)
{
    free(k->text);
    free(k->path);
}

static void table_free(speaker_table *t)
{
    size_t i;
    for (i = 0; i < t->cap; i++) {
        speaker_row *r = t->slots[i];
        if (!r)
            continue;
        free(r->name);
        free(r->role);
        kept_free(&r->neg);
        kept_free(&r->pos);
        free(r);
    }
    free(t->slots);
}

static int keep(kept_quote *k, const lq_quote *q, const char *path)
{
    char *text = malloc(q->text_len + 1), *p = strdup(path);
    if (!text || !p) {
        free(text);
        free(p);
        return -1;
    }
    memcpy(text, q->text, q->text_len);
    text[q->text_len] = '\0';
    kept_free(k);
    k->text = text;
    k->path = p;
    k->start = q->start;
    k->compound = q->scores.compound;
    return 0;
}

/* Emit callback: fold one document into the table (input order, so ties
   between equal extremes keep the first quote of the corpus). */
static int fold(void *ctx, const corpus_file *f)
{
    speaker_table *t = ctx;
    size_t i, n = lq_document_quote_count(f->doc);
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(f->doc, i);
        const lq_speaker *sp;
        speaker_row *r;
        if (!q || !q->speaker)
            continue;
        if (!(r = table_row(t, q->speaker)))
            goto oom;
        sp = q->speaker_index >= 0 ? lq_document_speaker(f->doc, (size_t)q->speaker_index) : NULL;
        if (r->quotes == 0)
            r->kind = sp ? sp->kind : LQ_SPEAKER_UNKNOWN;
        if (!r->role && (q->role || (sp && sp->role))) {
            if (!(r->role = strdup(q->role ? q->role : sp->role)))
                goto oom;
        }
        if (r->last_file != f->index + 1) {
            r->last_file = f->index + 1;
            r->files++;
        }
        if (r->quotes == 0 || q->scores.compound < r->neg.compound)
            if (keep(&r->neg, q, f->path) != 0)
                goto oom;
        if (r->quotes == 0 || q->scores.compound > r->pos.compound)
            if (keep(&r->pos, q, f->path) != 0)
                goto oom;
        r->quotes++;
        r->sum += q->scores.compound;
    }
    return 0;
oom:
    cli_error("out of memory");
    return -1;
}

static int by_count_then_name(const void *a, const void *b)
{
    const speaker_row *x = *(speaker_row *const *)a, *y = *(speaker_row *const *)b;
    if (x->quotes != y->quotes)
        return x->quotes < y->quotes ? 1 : -1;
    return strcmp(x->name, y->name);
}

static const char *kind_name(lq_speaker_kind k)
{
    return k == LQ_SPEAKER_PERSON ? "person" : k == LQ_SPEAKER_ORGANIZATION ? "organization"
                                                                             : "unknown";
}

static double round4(double x)
{
    return round(x * 1e4) / 1e4;
}

static json_t *kept_json(const kept_quote *k)
{
    return json_pack("{s:f, s:s, s:s, s:I}", "compound", k->compound, "text", k->text,
                     "file", k->path, "start", (json_int_t)k->start);
}

static int write_jsonl(const speaker_row *r)
{
    json_t *o = json_pack("{s:s, s:s?, s:s, s:I, s:I, s:f, s:o, s:o}", "speaker", r->name,
                          "role", r->role, "kind", kind_name(r->kind), "quotes",
                          (json_int_t)r->quotes, "files", (json_int_t)r->files,
                          "mean_compound", round4(r->sum / (double)r->quotes),
                          "most_negative", kept_json(&r->neg), "most_positive",
                          kept_json(&r->pos));
    char *s;
    int rc;
    if (!o)
        return -1;
    s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (!s)
        return -1;
    rc = cli_write(s, strlen(s));
    if (rc == 0)
        rc = cli_write("\n", 1);
    free(s);
    return rc;
}

/* TSV cells cannot hold tabs or newlines: they become spaces. */
static int write_cell(const char *s)
{
    char buf[512];
    size_t n = 0;
    for (; s && *s; s++) {
        if (n == sizeof buf) {
            if (cli_write(buf, n) != 0)
                return -1;
            n = 0;
        }
        buf[n++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
    }
    return cli_write(buf, n);
}

static int write_tsv(const speaker_row *r)
{
    char num[160];
    int rc = write_cell(r->name);
    rc |= cli_write("\t", 1);
    rc |= write_cell(r->role ? r->role : "");
    snprintf(num, sizeof num, "\t%s\t%zu\t%zu\t%.4f\t%.4f\t", kind_name(r->kind), r->quotes,
             r->files, round4(r->sum / (double)r->quotes), r->neg.compound);
    rc |= cli_write(num, strlen(num));
    rc |= write_cell(r->neg.text);
    snprintf(num, sizeof num, "\t%.4f\t", r->pos.compound);
    rc |= cli_write(num, strlen(num));
    rc |= write_cell(r->pos.text);
    rc |= cli_write("\n", 1);
    return rc ? -1 : 0;
}

static void speakers_usage(FILE *to)
{
    fprintf(to,
            "Usage: quote speakers [OPTIONS] [FILE|DIR...]\n"
            "For every speaker across the files: number of quotes, number of files,\n"
            "mean compound sentiment of their quotes, and their most negative and most\n"
            "positive quote. Directories are walked recursively in sorted order; no\n"
            "FILE, or '-', reads standard input. Speakers are listed by number of\n"
            "quotes, then by name.\n"
            "\n"
            "Options:\n"
            "  --format=FMT              jsonl (default: one JSON object per speaker) or\n"
            "                            tsv (speaker, role, kind, quotes, files, mean,\n"
            "                            most negative compound and text, most positive\n"
            "                            compound and text)\n"
            "  --min-quotes=N            only speakers with at least N quotes (default 1)\n"
            "  --lexicon=PATH            sentiment word lexicon (default: the bundled one)\n"
            "%s"
            "  -h, --help                show this help\n"
            "\n"
            "Exit status: 0 success, 1 bad input (a file failed; the others are still\n"
            "counted), 2 usage error.\n",
            corpus_options_help);
}

int cmd_speakers(int argc, char **argv)
{
    corpus_options o;
    const char *format = "jsonl", *lexicon_path = NULL;
    unsigned long min_quotes = 1;
    char **paths;
    size_t npaths = 0, i;
    int a, status, only_paths = 0;
    lq_lexicon_options lo;
    lq_analyzer_options ao;
    lq_lexicon *lex = NULL;
    lq_analyzer *az = NULL;
    lq_error err;
    speaker_table table = {NULL, 0, 0};
    speaker_row **rows;

    corpus_options_init(&o);
    paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths) {
        cli_error("out of memory");
        return CLI_BAD_INPUT;
    }
    for (a = 1; a < argc; a++) {
        const char *s = argv[a];
        int r;
        if (only_paths || s[0] != '-' || strcmp(s, "-") == 0) {
            paths[npaths++] = argv[a];
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_paths = 1;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            free(paths);
            speakers_usage(stdout);
            return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
        }
        if (strncmp(s, "--format=", 9) == 0) {
            format = s + 9;
            if (strcmp(format, "jsonl") != 0 && strcmp(format, "tsv") != 0) {
                cli_error("speakers: unknown format '%s' (jsonl or tsv)", format);
                free(paths);
                return CLI_USAGE;
            }
            continue;
        }
        if (strncmp(s, "--min-quotes=", 13) == 0) {
            char *end;
            min_quotes = strtoul(s + 13, &end, 10);
            if (!s[13] || *end) {
                cli_error("speakers: --min-quotes needs a number");
                free(paths);
                return CLI_USAGE;
            }
            continue;
        }
        if (strncmp(s, "--lexicon=", 10) == 0) {
            lexicon_path = s + 10;
            continue;
        }
        r = corpus_option(&o, argc, argv, &a);
        if (r < 0) {
            free(paths);
            return CLI_USAGE;
        }
        if (r == 0) {
            cli_error("speakers: unknown option '%s' (try 'quote speakers --help')", s);
            free(paths);
            return CLI_USAGE;
        }
    }

    memset(&lo, 0, sizeof lo);
    lo.words_path = lexicon_path;
    if (lq_lexicon_load(&lo, &lex, &err) != LQ_OK) {
        cli_error("cannot load the sentiment lexicon: %s", err.text);
        free(paths);
        return CLI_BAD_INPUT;
    }
    memset(&ao, 0, sizeof ao);
    ao.lexicon = lex;
    if (lq_analyzer_new(&ao, &az, &err) != LQ_OK) {
        cli_error("cannot load the attribution word lists: %s", err.text);
        lq_lexicon_free(lex);
        free(paths);
        return CLI_BAD_INPUT;
    }
    o.analyzer = az;

    status = corpus_run(&o, paths, npaths, fold, &table, NULL);

    rows = table.count ? malloc(table.count * sizeof *rows) : NULL;
    if (table.count && !rows) {
        cli_error("out of memory");
        status = CLI_BAD_INPUT;
    } else {
        size_t n = 0;
        for (i = 0; i < table.cap; i++)
            if (table.slots[i])
                rows[n++] = table.slots[i];
        if (n)
            qsort(rows, n, sizeof *rows, by_count_then_name);
        for (i = 0; i < n; i++) {
            int rc;
            if (rows[i]->quotes < min_quotes)
                continue;
            rc = strcmp(format, "tsv") == 0 ? write_tsv(rows[i]) : write_jsonl(rows[i]);
            if (rc != 0) {
                status = CLI_BAD_INPUT;
                break;
            }
        }
        if (cli_flush() != 0)
            status = CLI_BAD_INPUT;
    }
    free(rows);
    table_free(&table);
    lq_analyzer_free(az);
    lq_lexicon_free(lex);
    free(paths);
    return status;
}
