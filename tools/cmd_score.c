/* quote score: sentiment of each input line (VADER's neg/neu/pos/compound). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef enum { FMT_JSONL, FMT_TSV, FMT_TABLE } out_format;

static void score_usage(FILE *to)
{
    fprintf(to,
            "Usage: quote score [OPTIONS] [FILE...]\n"
            "Score the sentiment of each line of the FILEs (standard input when none):\n"
            "one result per input line, in order; an empty line gets a result too.\n"
            "Scores are VADER's: neg, neu, pos (proportions, 3 places) and compound\n"
            "(-1..+1, 4 places).\n"
            "\n"
            "Options:\n"
            "  --lexicon=PATH          word lexicon (default: libquote's English lexicon)\n"
            "  --lexicon-format=F      vader, afinn or tsv (default: detected)\n"
            "  --emoji-lexicon=PATH    emoji lexicon: VADER's emoji_utf8_lexicon.txt or\n"
            "                          Unicode's emoji-test.txt (default: emoji-test.txt)\n"
            "  --format=F              jsonl (default), tsv or table\n"
            "  --explain               add every token with its valence, contribution and\n"
            "                          the rules that changed it\n"
            "  --fixes                 correct the reference VADER's bugs (see the manual)\n"
            "  --normalize             score normalized text: NFC, typographic quotes,\n"
            "                          apostrophes and dashes as ASCII (default)\n"
            "  --faithful              score the bytes as given, exactly like the reference\n"
            "                          VADER\n"
            "  -h, --help              show this help\n"
            "\n"
            "Exit status: 0 success, 1 unreadable input or lexicon, 2 usage error.\n");
}

/* ---- output buffer ------------------------------------------------------------ */

typedef struct out_buf {
    char data[1 << 16];
    size_t len;
    int failed;
} out_buf;

static void ob_flush(out_buf *o)
{
    if (o->len && !o->failed && cli_write(o->data, o->len) != 0)
        o->failed = 1;
    o->len = 0;
}

static void ob_put_slow(out_buf *o, const char *s, size_t n)
{
    while (n) {
        size_t k = sizeof o->data - o->len;
        if (k == 0) {
            ob_flush(o);
            k = sizeof o->data;
        }
        if (k > n)
            k = n;
        memcpy(o->data + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

static inline void ob_put(out_buf *o, const char *s, size_t n)
{
    if (n <= sizeof o->data - o->len) {
        memcpy(o->data + o->len, s, n);
        o->len += n;
    } else {
        ob_put_slow(o, s, n);
    }
}

/* A string literal. */
#define OB_LIT(o, lit) ob_put((o), (lit), sizeof(lit) - 1)

static void ob_str(out_buf *o, const char *s)
{
    ob_put(o, s, strlen(s));
}

/* A score rounded to `places` (3 or 4) decimals, written like Python's repr
   of it ("0.5", "0.0", "-0.4404") into dst (room for 32 bytes); returns the
   length. Inlined with constant places and scale, the divisions become
   multiplications. */
static inline size_t fmt_fixed(char *dst, double v, int places, int64_t scale)
{
    char buf[32], *p = buf + sizeof buf;
    int64_t k, frac, whole;
    double x = fabs(v) * (double)scale;
    int neg = v < 0, i, nd = places;
    char d[4];
    size_t n;
    if (x < 4503599627370496.0) { /* llround(), half away from zero, for x < 2^52 */
        k = (int64_t)x;
        if (x - (double)k >= 0.5) /* exact below 2^52 */
            k++;
    } else {
        k = (int64_t)llround(x);
    }
    if (k == 0)
        neg = 0; /* no "-0.0" */
    frac = k % scale;
    whole = k / scale;
    for (i = places - 1; i >= 0; i--) {
        d[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    while (nd > 1 && d[nd - 1] == '0') /* trailing zeros dropped, one kept */
        nd--;
    p -= nd;
    memcpy(p, d, (size_t)nd);
    *--p = '.';
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (neg)
        *--p = '-';
    n = (size_t)(buf + sizeof buf - p);
    memcpy(dst, p, n);
    return n;
}

static size_t fmt_score(char *dst, double v, int places)
{
    return places == 3 ? fmt_fixed(dst, v, 3, 1000) : fmt_fixed(dst, v, 4, 10000);
}

static void ob_score(out_buf *o, double v, int places)
{
    char buf[32];
    ob_put(o, buf, fmt_score(buf, v, places));
}

static void ob_double(out_buf *o, double v)
{
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.17g", v);
    /* shortest text that reads back as v */
    int prec;
    for (prec = 1; prec < 17; prec++) {
        char b2[40];
        int n2 = snprintf(b2, sizeof b2, "%.*g", prec, v);
        if (strtod(b2, NULL) == v) {
            memcpy(buf, b2, (size_t)n2 + 1);
            n = n2;
            break;
        }
    }
    if (!strpbrk(buf, ".eEn")) { /* JSON-friendly "2.0" rather than "2" */
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = '\0';
    }
    ob_put(o, buf, (size_t)n);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t need, i;
    unsigned lo = 0x80, hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b < 0xC2 || b > 0xF4)
        return 0;
    need = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
    if (b == 0xE0)
        lo = 0xA0;
    else if (b == 0xED)
        hi = 0x9F;
    else if (b == 0xF0)
        lo = 0x90;
    else if (b == 0xF4)
        hi = 0x8F;
    if (n < need + 1)
        return 0;
    for (i = 1; i <= need; i++) {
        if (s[i] < lo || s[i] > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

/* Bytes a JSON string cannot hold as they are: control characters, '"',
   '\\' and the non-ASCII bytes (checked as UTF-8). */
static const unsigned char json_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* A JSON string: quotes, backslashes and control characters escaped,
   invalid UTF-8 written as U+FFFD, so that every line is valid JSON. */
static void ob_json_string(out_buf *o, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0;
    OB_LIT(o, "\"");
    while (i < len) {
        unsigned char b;
        char esc[8];
        const char *rep;
        size_t k, rlen = 2;
        while (i < len && !json_special[s[i]])
            i++;
        if (i == len)
            break;
        b = s[i];
        if (b >= 0x80) {
            k = utf8_seq(s + i, len - i);
            if (k) {
                i += k;
                continue;
            }
            rep = "\\ufffd";
            rlen = 6;
        } else if (b == '"') {
            rep = "\\\"";
        } else if (b == '\\') {
            rep = "\\\\";
        } else if (b == '\n') {
            rep = "\\n";
        } else if (b == '\t') {
            rep = "\\t";
        } else if (b == '\r') {
            rep = "\\r";
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[b >> 4];
            esc[5] = hex[b & 15];
            rep = esc;
            rlen = 6;
        }
        ob_put(o, text + run, i - run);
        ob_put(o, rep, rlen);
        i++;
        run = i;
    }
    ob_put(o, text + run, len - run);
    OB_LIT(o, "\"");
}

/* TSV field: tabs, newlines, CR and backslashes escaped as \t \n \r \\. */
static void ob_tsv_field(out_buf *o, const char *text, size_t len)
{
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (text[i]) {
        case '\t': rep = "\\t"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\\': rep = "\\\\"; break;
        default: continue;
        }
        ob_put(o, text + run, i - run);
        ob_str(o, rep);
        run = i + 1;
    }
    ob_put(o, text + run, len - run);
}

static void ob_rules(out_buf *o, unsigned rules, const char *sep, int quoted)
{
    unsigned bit;
    int first = 1;
    for (bit = 1; bit && bit <= rules; bit <<= 1) {
        if (!(rules & bit) || !*lq_rule_name(bit))
            continue;
        if (!first)
            ob_str(o, sep);
        first = 0;
        if (quoted)
            ob_put(o, "\"", 1);
        ob_str(o, lq_rule_name(bit));
        if (quoted)
            ob_put(o, "\"", 1);
    }
}

/* ---- one line ------------------------------------------------------------------ */

typedef struct score_opts {
    const lq_lexicon *lex;
    unsigned flags;
    out_format format;
    int explain;
} score_opts;

static void write_scores_json(out_buf *o, const lq_scores *s)
{
    char buf[160], *p = buf;
    memcpy(p, ", \"neg\": ", 9);
    p += 9;
    p += fmt_score(p, s->neg, 3);
    memcpy(p, ", \"neu\": ", 9);
    p += 9;
    p += fmt_score(p, s->neu, 3);
    memcpy(p, ", \"pos\": ", 9);
    p += 9;
    p += fmt_score(p, s->pos, 3);
    memcpy(p, ", \"compound\": ", 14);
    p += 14;
    p += fmt_score(p, s->compound, 4);
    ob_put(o, buf, (size_t)(p - buf));
}

static int score_line(const score_opts *so, out_buf *o, const char *text, size_t len)
{
    lq_scores s;
    lq_explanation *x = NULL;
    lq_error err;
    lq_status st;
    size_t i, n = 0;
    if (so->explain) {
        st = lq_explain(so->lex, text, len, so->flags, &x, &err);
        if (st == LQ_OK) {
            s = lq_explanation_scores(x);
            n = lq_explanation_count(x);
        }
    } else {
        st = lq_score(so->lex, text, len, so->flags, &s, &err);
    }
    if (st != LQ_OK) {
        cli_error("%s", err.text);
        return -1;
    }
    switch (so->format) {
    case FMT_JSONL:
        OB_LIT(o, "{\"text\": ");
        ob_json_string(o, text, len);
        write_scores_json(o, &s);
        if (x) {
            ob_str(o, ", \"tokens\": [");
            for (i = 0; i < n; i++) {
                const lq_token *t = lq_explanation_token(x, i);
                ob_str(o, i ? ", {\"token\": " : "{\"token\": ");
                ob_json_string(o, t->text, strlen(t->text));
                if (t->start != LQ_NO_POSITION) {
                    char num[64];
                    snprintf(num, sizeof num, ", \"start\": %zu, \"end\": %zu", t->start, t->end);
                    ob_str(o, num);
                }
                ob_str(o, ", \"valence\": ");
                ob_double(o, t->valence);
                ob_str(o, ", \"contribution\": ");
                ob_double(o, t->contribution);
                ob_str(o, ", \"rules\": [");
                ob_rules(o, t->rules, ", ", 1);
                ob_str(o, "]}");
            }
            ob_str(o, "]");
        }
        OB_LIT(o, "}\n");
        break;
    case FMT_TSV:
        ob_score(o, s.neg, 3);
        ob_put(o, "\t", 1);
        ob_score(o, s.neu, 3);
        ob_put(o, "\t", 1);
        ob_score(o, s.pos, 3);
        ob_put(o, "\t", 1);
        ob_score(o, s.compound, 4);
        ob_put(o, "\t", 1);
        ob_tsv_field(o, text, len);
        if (x) {
            ob_put(o, "\t", 1);
            for (i = 0; i < n; i++) {
                const lq_token *t = lq_explanation_token(x, i);
                if (i)
                    ob_put(o, " ", 1);
                ob_tsv_field(o, t->text, strlen(t->text));
                ob_put(o, "=", 1);
                ob_double(o, t->contribution);
                if (t->rules) {
                    ob_put(o, "[", 1);
                    ob_rules(o, t->rules, ",", 0);
                    ob_put(o, "]", 1);
                }
            }
        }
        ob_put(o, "\n", 1);
        break;
    case FMT_TABLE: {
        char row[96];
        snprintf(row, sizeof row, "%6.3f %6.3f %6.3f %8.4f  ", s.neg, s.neu, s.pos,
                 s.compound == 0 ? 0.0 : s.compound);
        ob_str(o, row);
        ob_tsv_field(o, text, len);
        ob_put(o, "\n", 1);
        for (i = 0; i < n; i++) {
            const lq_token *t = lq_explanation_token(x, i);
            snprintf(row, sizeof row, "%29s%-20s %8.4f %8.4f  ", "", t->text, t->valence,
                     t->contribution);
            ob_str(o, row);
            ob_rules(o, t->rules, ",", 0);
            ob_put(o, "\n", 1);
        }
        break;
    }
    }
    lq_explanation_free(x);
    return 0;
}

static int score_data(const score_opts *so, out_buf *o, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (score_line(so, o, p, n) != 0)
            return -1;
        if (o->failed)
            return -1;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

int cmd_score(int argc, char **argv)
{
    lq_lexicon_options lo;
    score_opts so;
    out_buf *o;
    lq_lexicon *lex = NULL;
    lq_error err;
    int i, nfiles = 0, status = CLI_OK, normalize = 1;
    char **files;

    memset(&lo, 0, sizeof lo);
    memset(&so, 0, sizeof so);
    so.format = FMT_JSONL;
    files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        cli_error("out of memory");
        return CLI_BAD_INPUT;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            score_usage(stdout);
            free(files);
            return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
        } else if (strncmp(a, "--lexicon=", 10) == 0) {
            lo.words_path = a + 10;
        } else if (strncmp(a, "--lexicon-format=", 17) == 0) {
            const char *f = a + 17;
            if (strcmp(f, "vader") == 0)
                lo.words_format = LQ_LEX_VADER;
            else if (strcmp(f, "afinn") == 0)
                lo.words_format = LQ_LEX_AFINN;
            else if (strcmp(f, "tsv") == 0)
                lo.words_format = LQ_LEX_TSV;
            else {
                cli_error("score: unknown lexicon format '%s' (vader, afinn or tsv)", f);
                free(files);
                return CLI_USAGE;
            }
        } else if (strncmp(a, "--emoji-lexicon=", 16) == 0) {
            lo.emoji_path = a + 16;
        } else if (strncmp(a, "--format=", 9) == 0) {
            const char *f = a + 9;
            if (strcmp(f, "jsonl") == 0)
                so.format = FMT_JSONL;
            else if (strcmp(f, "tsv") == 0)
                so.format = FMT_TSV;
            else if (strcmp(f, "table") == 0)
                so.format = FMT_TABLE;
            else {
                cli_error("score: unknown format '%s' (jsonl, tsv or table)", f);
                free(files);
                return CLI_USAGE;
            }
        } else if (strcmp(a, "--explain") == 0) {
            so.explain = 1;
        } else if (strcmp(a, "--fixes") == 0) {
            so.flags |= LQ_SENT_FIXES;
        } else if (strcmp(a, "--normalize") == 0) {
            normalize = 1;
        } else if (strcmp(a, "--faithful") == 0) {
            normalize = 0;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                files[nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("score: unknown option '%s' (try 'quote score --help')", a);
            free(files);
            return CLI_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (normalize)
        so.flags |= LQ_SENT_NORMALIZE;
    if (lq_lexicon_load(&lo, &lex, &err) != LQ_OK) {
        cli_error("%s", err.text);
        free(files);
        return CLI_BAD_INPUT;
    }
    so.lex = lex;
    o = malloc(sizeof *o);
    if (!o) {
        cli_error("out of memory");
        lq_lexicon_free(lex);
        free(files);
        return CLI_BAD_INPUT;
    }
    o->len = 0;
    o->failed = 0;
    if (so.format == FMT_TABLE)
        ob_str(o, "   neg    neu    pos compound  text\n");
    if (nfiles == 0)
        files[nfiles++] = NULL;
    for (i = 0; i < nfiles && status == CLI_OK; i++) {
        char *data;
        size_t len;
        if (cli_read_input(files[i], &data, &len) != 0) {
            status = CLI_BAD_INPUT;
            break;
        }
        if (score_data(&so, o, data, len) != 0)
            status = CLI_BAD_INPUT;
        free(data);
    }
    ob_flush(o);
    if (o->failed || cli_flush() != 0)
        status = CLI_BAD_INPUT;
    free(o);
    lq_lexicon_free(lex);
    free(files);
    return status;
}
