/* quote extract: every direct quote of the input with its speaker, role, cue
   and sentiment, as a readable table, JSON Lines or TSV.
   JSON is written with jansson (Debian libjansson-dev): a small, stable C
   library with correct string escaping and UTF-8 checks, already the
   configure dependency of the tool. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "corpus.h"

enum { FMT_TABLE, FMT_JSONL, FMT_TSV };

typedef struct extract_opts {
    int format;
    int have_scores;
    unsigned flags;
    size_t width;
} extract_opts;

static void extract_usage(FILE *to)
{
    fprintf(to,
            "Usage: quote extract [OPTIONS] [FILE|DIR...]\n"
            "List every direct quote with its speaker, role, cue and sentiment.\n"
            "Directories are walked recursively, names in byte order, hidden entries\n"
            "skipped; the files are analyzed on every core and written in that order.\n"
            "No FILE, or '-', reads standard input. A file that cannot be read or is\n"
            "not valid UTF-8 is reported and skipped; the others are still written.\n"
            "\n"
            "Options:\n"
            "  --format=table|jsonl|tsv  output format (default: table on a terminal,\n"
            "                            jsonl otherwise)\n"
            "  --lexicon=PATH            sentiment word lexicon (default: the bundled one)\n"
            "  --emoji-lexicon=PATH      emoji lexicon (default: the bundled one)\n"
            "  --no-scores               do not score the quotes\n"
            "%s"
            "  -h, --help                show this help\n"
            "\n"
            "jsonl: one object per quote with file, start, end (byte offsets of the\n"
            "marks in the input), text, kind, speaker, role, cue, method, neg, neu, pos,\n"
            "compound. tsv: the same fields, one line each, with a header line.\n"
            "\n"
            "Exit status: 0 success, 1 bad input (unreadable file, invalid UTF-8),\n"
            "2 usage error.\n",
            corpus_options_help);
}

/* Display width of UTF-8 bytes: one column per code point (good enough for
   the wrapped text of a table). */
static size_t columns(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Output is rendered into a buffer per file on the worker threads (corpus.h)
   and written in input order. */
static int out_write(corpus_buf *b, const char *s, size_t n)
{
    return corpus_buf_append(b, s, n);
}

static int out_str(corpus_buf *b, const char *s)
{
    return corpus_buf_append(b, s, strlen(s));
}

/* Write text wrapped at width columns, each line after `indent`. */
static int write_wrapped(corpus_buf *b, const char *text, size_t len, const char *indent, size_t width)
{
    size_t i = 0, ind = strlen(indent);
    while (i < len) {
        size_t line_start, last_space = 0, col = ind, j;
        while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
            i++;
        if (i >= len)
            break;
        line_start = i;
        for (j = i; j < len; j++) {
            if (text[j] == '\n')
                break;
            if (text[j] == ' ' || text[j] == '\t')
                last_space = j;
            if (((unsigned char)text[j] & 0xC0) != 0x80)
                col++;
            if (col > width && last_space > line_start)
                break;
        }
        if (j < len && text[j] != '\n' && last_space > line_start && col > width)
            j = last_space;
        if (out_write(b, indent, ind) || out_write(b, text + line_start, j - line_start) ||
            out_write(b, "\n", 1))
            return -1;
        i = j;
    }
    return 0;
}

static int print_table(corpus_buf *b, const lq_document *doc, const char *name, const extract_opts *o)
{
    size_t i, n = lq_document_quote_count(doc);
    char buf[256];
    snprintf(buf, sizeof buf, "%s: %zu quote%s, %zu speaker%s\n", name, n, n == 1 ? "" : "s",
             lq_document_speaker_count(doc), lq_document_speaker_count(doc) == 1 ? "" : "s");
    if (out_str(b, buf))
        return -1;
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        snprintf(buf, sizeof buf, "\n[%zu] ", i + 1);
        if (out_str(b, buf) || out_str(b, q->speaker ? q->speaker : "(no speaker)"))
            return -1;
        if (q->role && (out_str(b, ", ") || out_str(b, q->role)))
            return -1;
        snprintf(buf, sizeof buf, "  [%s; %s%s%s]\n", lq_quote_kind_name(q->kind),
                 lq_method_name(q->method), q->cue ? ": " : "", q->cue ? q->cue : "");
        if (out_str(b, buf))
            return -1;
        if (write_wrapped(b, q->text, q->text_len, "    ", o->width))
            return -1;
        if (o->have_scores) {
            snprintf(buf, sizeof buf, "    sentiment: neg %.3f  neu %.3f  pos %.3f  compound %+.4f\n",
                     q->scores.neg, q->scores.neu, q->scores.pos, q->scores.compound);
            if (out_str(b, buf))
                return -1;
        }
    }
    if (lq_document_speaker_count(doc)) {
        if (out_str(b, "\nSpeakers:\n"))
            return -1;
        for (i = 0; i < lq_document_speaker_count(doc); i++) {
            const lq_speaker *s = lq_document_speaker(doc, i);
            snprintf(buf, sizeof buf, "  %3zu  ", s->quote_count);
            if (out_str(b, buf) || out_str(b, s->name))
                return -1;
            if (s->role && (out_str(b, ", ") || out_str(b, s->role)))
                return -1;
            if (s->kind == LQ_SPEAKER_ORGANIZATION && out_str(b, " (organisation)"))
                return -1;
            if (out_str(b, "\n"))
                return -1;
        }
    }
    (void)columns;
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *num_or_null(int have, double v)
{
    return have ? json_real(v) : json_null();
}

static int print_jsonl(corpus_buf *b, const lq_document *doc, const char *name, const extract_opts *o)
{
    size_t i, n = lq_document_quote_count(doc);
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        json_t *obj = json_object();
        char *s;
        int rc;
        if (!obj)
            return -1;
        json_object_set_new(obj, "file", json_string(name));
        json_object_set_new(obj, "start", json_integer((json_int_t)q->start));
        json_object_set_new(obj, "end", json_integer((json_int_t)q->end));
        json_object_set_new(obj, "text", json_stringn(q->text, q->text_len));
        json_object_set_new(obj, "kind", json_string(lq_quote_kind_name(q->kind)));
        json_object_set_new(obj, "speaker", str_or_null(q->speaker));
        json_object_set_new(obj, "role", str_or_null(q->role));
        json_object_set_new(obj, "cue", str_or_null(q->cue));
        json_object_set_new(obj, "method", json_string(lq_method_name(q->method)));
        json_object_set_new(obj, "closed", json_boolean(q->closed));
        json_object_set_new(obj, "neg", num_or_null(o->have_scores, q->scores.neg));
        json_object_set_new(obj, "neu", num_or_null(o->have_scores, q->scores.neu));
        json_object_set_new(obj, "pos", num_or_null(o->have_scores, q->scores.pos));
        json_object_set_new(obj, "compound", num_or_null(o->have_scores, q->scores.compound));
        s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(obj);
        if (!s) {
            cli_error("%s: cannot encode quote %zu as JSON", name, i + 1);
            return -1;
        }
        rc = out_str(b, s) || out_str(b, "\n");
        free(s);
        if (rc)
            return -1;
    }
    return 0;
}

/* TSV field: tabs, newlines and backslashes escaped as \t \n \\. */
static int tsv_field(corpus_buf *b, const char *s, size_t n, int last)
{
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        const char *esc = NULL;
        if (s[i] == '\t')
            esc = "\\t";
        else if (s[i] == '\n')
            esc = "\\n";
        else if (s[i] == '\r')
            esc = "\\r";
        else if (s[i] == '\\')
            esc = "\\\\";
        if (esc) {
            if (out_write(b, s + run, i - run) || out_write(b, esc, 2))
                return -1;
            run = i + 1;
        }
    }
    if (out_write(b, s + run, n - run))
        return -1;
    return out_write(b, last ? "\n" : "\t", 1);
}

static int tsv_str(corpus_buf *b, const char *s, int last)
{
    return tsv_field(b, s ? s : "", s ? strlen(s) : 0, last);
}

static int print_tsv(corpus_buf *b, const lq_document *doc, const char *name, const extract_opts *o)
{
    size_t i, n = lq_document_quote_count(doc);
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        char nums[160];
        if (o->have_scores)
            snprintf(nums, sizeof nums, "%.3f\t%.3f\t%.3f\t%.4f", q->scores.neg, q->scores.neu,
                     q->scores.pos, q->scores.compound);
        else
            snprintf(nums, sizeof nums, "\t\t\t");
        if (tsv_str(b, name, 0))
            return -1;
        {
            char offs[64];
            snprintf(offs, sizeof offs, "%zu\t%zu\t", q->start, q->end);
            if (out_str(b, offs))
                return -1;
        }
        if (tsv_str(b, lq_quote_kind_name(q->kind), 0) || tsv_str(b, q->speaker, 0) ||
            tsv_str(b, q->role, 0) || tsv_str(b, q->cue, 0) || tsv_str(b, lq_method_name(q->method), 0) ||
            out_write(b, nums, strlen(nums)) || out_write(b, "\t", 1) ||
            tsv_field(b, q->text, q->text_len, 1))
            return -1;
    }
    return 0;
}

/* corpus_run callbacks: format one file on a worker thread, then write the
   files' output in input order. */
static int render_file(void *ctx, const corpus_file *f, corpus_buf *b)
{
    const extract_opts *o = ctx;
    const char *name = cli_input_name(f->path);
    if (o->format == FMT_TABLE)
        return print_table(b, f->doc, name, o);
    if (o->format == FMT_JSONL)
        return print_jsonl(b, f->doc, name, o);
    return print_tsv(b, f->doc, name, o);
}

typedef struct extract_out {
    const extract_opts *o;
    size_t written;     /* files written so far */
} extract_out;

static int emit_file(void *ctx, const corpus_file *f)
{
    extract_out *eo = ctx;
    if (eo->o->format == FMT_TABLE && eo->written > 0 && cli_write("\n", 1) != 0)
        return -1;
    eo->written++;
    return cli_write(f->rendered, f->rendered_len);
}

int cmd_extract(int argc, char **argv)
{
    extract_opts o;
    corpus_options co;
    lq_analyzer_options aopts;
    lq_analyzer *az = NULL;
    lq_lexicon *lex = NULL;
    lq_error err;
    lq_status s;
    const char *lexicon_path = NULL, *emoji_path = NULL;
    int i, first_file = argc, status = CLI_OK, no_scores = 0, format_set = 0;

    memset(&o, 0, sizeof o);
    o.width = 78;
    corpus_options_init(&co);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            first_file = i + 1;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            first_file = i;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            extract_usage(stdout);
            return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
        } else if (strncmp(a, "--format=", 9) == 0) {
            format_set = 1;
            if (strcmp(a + 9, "table") == 0)
                o.format = FMT_TABLE;
            else if (strcmp(a + 9, "jsonl") == 0)
                o.format = FMT_JSONL;
            else if (strcmp(a + 9, "tsv") == 0)
                o.format = FMT_TSV;
            else {
                cli_error("extract: unknown format '%s' (table, jsonl or tsv)", a + 9);
                return CLI_USAGE;
            }
        } else if (strncmp(a, "--lexicon=", 10) == 0 && a[10]) {
            lexicon_path = a + 10;
        } else if (strncmp(a, "--emoji-lexicon=", 16) == 0 && a[16]) {
            emoji_path = a + 16;
        } else if (strcmp(a, "--no-scores") == 0) {
            no_scores = 1;
        } else if (strcmp(a, "--replace-invalid") == 0) {
            o.flags |= LQ_ANALYZE_REPLACE_INVALID;
        } else {
            int r = corpus_option(&co, argc, argv, &i);
            if (r < 0)
                return CLI_USAGE;
            if (r == 0) {
                cli_error("extract: unknown option '%s' (try 'quote extract --help')", a);
                return CLI_USAGE;
            }
        }
    }
    if (!format_set)
        o.format = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_JSONL;
    memset(&aopts, 0, sizeof aopts);
    if (!no_scores) {
        lq_lexicon_options lopts;
        memset(&lopts, 0, sizeof lopts);
        lopts.words_path = lexicon_path;
        lopts.emoji_path = emoji_path;
        s = lq_lexicon_load(&lopts, &lex, &err);
        if (s != LQ_OK) {
            cli_error("cannot load the sentiment lexicon: %s", err.text[0] ? err.text
                                                                          : lq_strerror(s));
            return CLI_BAD_INPUT;
        }
        aopts.lexicon = lex;
        o.have_scores = 1;
    } else if (lexicon_path || emoji_path) {
        cli_error("extract: --no-scores cannot be combined with a lexicon option");
        return CLI_USAGE;
    }
    s = lq_analyzer_new(&aopts, &az, &err);
    if (s != LQ_OK) {
        cli_error("cannot load the attribution word lists: %s", err.text);
        lq_lexicon_free(lex);
        return CLI_BAD_INPUT;
    }
    if (o.format == FMT_TSV &&
        cli_write("file\tstart\tend\tkind\tspeaker\trole\tcue\tmethod\tneg\tneu\tpos\tcompound\ttext\n",
                  strlen("file\tstart\tend\tkind\tspeaker\trole\tcue\tmethod\tneg\tneu\tpos\tcompound\ttext\n")) != 0)
        status = CLI_BAD_INPUT;
    if (status == CLI_OK) {
        extract_out eo = {&o, 0};
        co.analyzer = az;
        co.analyze_flags = o.flags;
        co.render = render_file;
        co.render_ctx = &o;
        status = corpus_run(&co, argv + first_file, (size_t)(argc - first_file), emit_file, &eo,
                            NULL);
    }
    lq_analyzer_free(az);
    lq_lexicon_free(lex);
    if (cli_flush() != 0)
        status = CLI_BAD_INPUT;
    return status;
}
