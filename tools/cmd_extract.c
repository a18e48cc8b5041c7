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
            "Usage: quote extract [OPTIONS] [FILE...]\n"
            "List every direct quote with its speaker, role, cue and sentiment.\n"
            "\n"
            "Options:\n"
            "  --format=table|jsonl|tsv  output format (default: table on a terminal,\n"
            "                            jsonl otherwise)\n"
            "  --lexicon=PATH            sentiment word lexicon (default: the bundled one)\n"
            "  --emoji-lexicon=PATH      emoji lexicon (default: the bundled one)\n"
            "  --no-scores               do not score the quotes\n"
            "  --replace-invalid         read invalid UTF-8 as U+FFFD instead of failing\n"
            "  -h, --help                show this help\n"
            "\n"
            "jsonl: one object per quote with file, start, end (byte offsets of the\n"
            "marks in the input), text, kind, speaker, role, cue, method, neg, neu, pos,\n"
            "compound. tsv: the same fields, one line each, with a header line.\n"
            "\n"
            "Exit status: 0 success, 1 bad input (unreadable file, invalid UTF-8),\n"
            "2 usage error.\n");
}

static int out_str(const char *s)
{
    return cli_write(s, strlen(s));
}

/* Write text wrapped at width columns, each line after `indent`. */
static int write_wrapped(const char *text, size_t len, const char *indent, size_t width)
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
        if (cli_write(indent, ind) || cli_write(text + line_start, j - line_start) ||
            cli_write("\n", 1))
            return -1;
        i = j;
    }
    return 0;
}

static int print_table(const lq_document *doc, const char *name, const extract_opts *o)
{
    size_t i, n = lq_document_quote_count(doc);
    char buf[256];
    snprintf(buf, sizeof buf, "%s: %zu quote%s, %zu speaker%s\n", name, n, n == 1 ? "" : "s",
             lq_document_speaker_count(doc), lq_document_speaker_count(doc) == 1 ? "" : "s");
    if (out_str(buf))
        return -1;
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        snprintf(buf, sizeof buf, "\n[%zu] ", i + 1);
        if (out_str(buf) || out_str(q->speaker ? q->speaker : "(no speaker)"))
            return -1;
        if (q->role && (out_str(", ") || out_str(q->role)))
            return -1;
        snprintf(buf, sizeof buf, "  [%s; %s%s%s]\n", lq_quote_kind_name(q->kind),
                 lq_method_name(q->method), q->cue ? ": " : "", q->cue ? q->cue : "");
        if (out_str(buf))
            return -1;
        if (write_wrapped(q->text, q->text_len, "    ", o->width))
            return -1;
        if (o->have_scores) {
            snprintf(buf, sizeof buf, "    sentiment: neg %.3f  neu %.3f  pos %.3f  compound %+.4f\n",
                     q->scores.neg, q->scores.neu, q->scores.pos, q->scores.compound);
            if (out_str(buf))
                return -1;
        }
    }
    if (lq_document_speaker_count(doc)) {
        if (out_str("\nSpeakers:\n"))
            return -1;
        for (i = 0; i < lq_document_speaker_count(doc); i++) {
            const lq_speaker *s = lq_document_speaker(doc, i);
            snprintf(buf, sizeof buf, "  %3zu  ", s->quote_count);
            if (out_str(buf) || out_str(s->name))
                return -1;
            if (s->role && (out_str(", ") || out_str(s->role)))
                return -1;
            if (s->kind == LQ_SPEAKER_ORGANIZATION && out_str(" (organisation)"))
                return -1;
            if (out_str("\n"))
                return -1;
        }
    }
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

static int print_jsonl(const lq_document *doc, const char *name, const extract_opts *o)
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
        rc = out_str(s) || out_str("\n");
        free(s);
        if (rc)
            return -1;
    }
    return 0;
}

/* TSV field: tabs, newlines and backslashes escaped as \t \n \\. */
static int tsv_field(const char *s, size_t n, int last)
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
            if (cli_write(s + run, i - run) || cli_write(esc, 2))
                return -1;
            run = i + 1;
        }
    }
    if (cli_write(s + run, n - run))
        return -1;
    return cli_write(last ? "\n" : "\t", 1);
}

static int tsv_str(const char *s, int last)
{
    return tsv_field(s ? s : "", s ? strlen(s) : 0, last);
}

static int print_tsv(const lq_document *doc, const char *name, const extract_opts *o)
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
        if (tsv_str(name, 0))
            return -1;
        {
            char offs[64];
            snprintf(offs, sizeof offs, "%zu\t%zu\t", q->start, q->end);
            if (out_str(offs))
                return -1;
        }
        if (tsv_str(lq_quote_kind_name(q->kind), 0) || tsv_str(q->speaker, 0) ||
            tsv_str(q->role, 0) || tsv_str(q->cue, 0) || tsv_str(lq_method_name(q->method), 0) ||
            cli_write(nums, strlen(nums)) || cli_write("\t", 1) ||
            tsv_field(q->text, q->text_len, 1))
            return -1;
    }
    return 0;
}

static int extract_one(const lq_analyzer *az, const char *path, const extract_opts *o)
{
    char *data;
    size_t len;
    lq_document *doc = NULL;
    lq_error err;
    lq_status s;
    int rc;
    const char *name = cli_input_name(path);
    if (cli_read_input(path, &data, &len) != 0)
        return CLI_BAD_INPUT;
    s = lq_analyze(az, data, len, o->flags, &doc, &err);
    free(data);
    if (s != LQ_OK) {
        if (s == LQ_EUTF8)
            cli_error("%s: invalid UTF-8 at byte %zu (use --replace-invalid to read it anyway)",
                      name, err.offset);
        else
            cli_error("%s: %s", name, err.text[0] ? err.text : lq_strerror(s));
        return CLI_BAD_INPUT;
    }
    if (o->format == FMT_TABLE)
        rc = print_table(doc, name, o);
    else if (o->format == FMT_JSONL)
        rc = print_jsonl(doc, name, o);
    else
        rc = print_tsv(doc, name, o);
    lq_document_free(doc);
    return rc ? CLI_BAD_INPUT : CLI_OK;
}

int cmd_extract(int argc, char **argv)
{
    extract_opts o;
    lq_analyzer_options aopts;
    lq_analyzer *az = NULL;
    lq_lexicon *lex = NULL;
    lq_error err;
    lq_status s;
    const char *lexicon_path = NULL, *emoji_path = NULL;
    int i, first_file = argc, status = CLI_OK, no_scores = 0, format_set = 0;

    memset(&o, 0, sizeof o);
    o.width = 78;
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
            cli_error("extract: unknown option '%s' (try 'quote extract --help')", a);
            return CLI_USAGE;
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
    if (o.format == FMT_TSV)
        out_str("file\tstart\tend\tkind\tspeaker\trole\tcue\tmethod\tneg\tneu\tpos\tcompound\ttext\n");
    if (first_file >= argc) {
        status = extract_one(az, NULL, &o);
    } else {
        for (i = first_file; i < argc; i++) {
            int r = extract_one(az, argv[i], &o);
            if (r != CLI_OK)
                status = r;
            if (o.format == FMT_TABLE && i + 1 < argc)
                cli_write("\n", 1);
        }
    }
    lq_analyzer_free(az);
    lq_lexicon_free(lex);
    if (cli_flush() != 0)
        status = CLI_BAD_INPUT;
    return status;
}
