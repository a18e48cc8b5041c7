/* Fuzz every lexicon loader: the word lexicon in each format, the emoji
   lexicon in each format, and each rule list of the data directory.

   Input: byte 0 picks the loader (low 3 bits: 0-3 word lexicon as
   LQ_LEX_AUTO, VADER, AFINN, TSV; 4-6 emoji lexicon as LQ_EMOJI_AUTO, VADER,
   UNICODE; 7 a rule list, byte 1 choosing which vader-*.txt file); byte 1
   also gives the scoring flags; the rest is the file. The file is written to
   a private temporary directory (the loaders read paths); a temporary data
   directory holds links to the real rule lists, one of them replaced by the
   input in rule-list mode. The parts not under test are small fixed files.

   Properties:
   - the loader returns LQ_OK or a data error (LQ_EFORMAT, LQ_EUTF8,
     LQ_ELIMIT), never LQ_EINVAL for valid options; a failure leaves a NULL
     lexicon and an lq_error with the code, a message naming the file and a
     line number inside it (or LQ_NO_POSITION for a whole-file problem);
   - a lexicon that loads holds every entry of the word file: each data line
     whose key is plain lower-case ASCII is found, with a finite valence in
     -4..+4 (nothing dropped silently); its size is at most the number of
     data lines;
   - scoring the input's own text with the loaded lexicon gives scores in
     range, the same from lq_score and lq_explain. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "props.h"

#ifndef LQ_FUZZ_DATADIR
#define LQ_FUZZ_DATADIR "lexicons"
#endif

#define MAX_RULE_FILES 16

static char tmp[256];           /* the private directory */
static char datadir[300];        /* tmp/data: links to the real data files */
static char words_small[300];    /* a small fixed word lexicon */
static char emoji_small[300];    /* a small fixed emoji lexicon */
static char input_path[300];     /* where the input goes (word and emoji modes) */
static char rule_names[MAX_RULE_FILES][128];
static size_t n_rules;
static char real_datadir[4096];

static void write_file(const char *path, const uint8_t *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0)
        fz_fail("cannot write %s", path);
}

static void remove_tmp(void)
{
    size_t i;
    char p[4096];
    for (i = 0; i < n_rules; i++) {
        snprintf(p, sizeof p, "%s/%s", datadir, rule_names[i]);
        unlink(p);
    }
    unlink(words_small);
    unlink(emoji_small);
    unlink(input_path);
    rmdir(datadir);
    rmdir(tmp);
}

static void link_rule(size_t i)
{
    char from[4096 + 256], to[4096];
    snprintf(from, sizeof from, "%s/%s", real_datadir, rule_names[i]);
    snprintf(to, sizeof to, "%s/%s", datadir, rule_names[i]);
    unlink(to);
    if (symlink(from, to) != 0)
        fz_fail("cannot link %s", to);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char words[] = "good\t1.9\nbad\t-2.5\nnot\t0\n";
    static const char emoji[] = "\xF0\x9F\x98\x80\tgrinning face\n";
    const char *t = getenv("TMPDIR");
    const char *d = getenv("LIBQUOTE_DATADIR");
    DIR *dir;
    struct dirent *e;

    snprintf(real_datadir, sizeof real_datadir, "%s", d && *d ? d : LQ_FUZZ_DATADIR);
    snprintf(tmp, sizeof tmp, "%s/lq-fuzz-lexicon-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmp))
        fz_fail("cannot make a temporary directory in %s", t && *t ? t : "/tmp");
    snprintf(datadir, sizeof datadir, "%s/data", tmp);
    if (mkdir(datadir, 0700) != 0)
        fz_fail("cannot make %s", datadir);
    snprintf(words_small, sizeof words_small, "%s/words.tsv", tmp);
    snprintf(emoji_small, sizeof emoji_small, "%s/emoji.txt", tmp);
    snprintf(input_path, sizeof input_path, "%s/input.txt", tmp);
    write_file(words_small, (const uint8_t *)words, sizeof words - 1);
    write_file(emoji_small, (const uint8_t *)emoji, sizeof emoji - 1);
    atexit(remove_tmp);

    /* The rule lists: every vader-*.txt of the data directory. */
    dir = opendir(real_datadir);
    if (!dir)
        fz_fail("no data directory %s (set LIBQUOTE_DATADIR)", real_datadir);
    while ((e = readdir(dir)) != NULL && n_rules < MAX_RULE_FILES) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "vader-", 6) == 0 && n > 4 && n < 128 &&
            strcmp(e->d_name + n - 4, ".txt") == 0)
            snprintf(rule_names[n_rules++], 128, "%s", e->d_name);
    }
    closedir(dir);
    /* Sorted, so that byte 1 names the same file on every machine. */
    qsort(rule_names, n_rules, sizeof rule_names[0], cmp_names);
    if (n_rules == 0)
        fz_fail("no vader-*.txt rule lists in %s", real_datadir);
    for (size_t i = 0; i < n_rules; i++)
        link_rule(i);
    return 0;
}

/* Count the data lines of a file the way a reader of the format would
   (LF or CRLF, blank lines ignored), and check that each plain lower-case
   ASCII key is in the lexicon. */
static void check_entries(const lq_lexicon *lex, const uint8_t *data, size_t n)
{
    size_t pos = 0, lines = 0;
    if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        pos = 3;
    while (pos < n) {
        const uint8_t *line = data + pos, *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos, k = 0;
        pos += len + (nl ? 1 : 0);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        if (len == 0)
            continue;
        lines++;
        while (k < len && line[k] >= 'a' && line[k] <= 'z')
            k++;
        if (k > 0 && k < len && line[k] == '\t') {
            double v = 99;
            FZ_CHECK(lq_lexicon_lookup(lex, (const char *)line, k, &v) == 1,
                     "the lexicon loaded but lost the entry '%.*s'", (int)k, (const char *)line);
            FZ_CHECK(isfinite(v) && fabs(v) <= 4.0, "entry '%.*s' has valence %g", (int)k,
                     (const char *)line, v);
        }
    }
    FZ_CHECK(lq_lexicon_size(lex) <= lines, "%zu entries from %zu data lines",
             lq_lexicon_size(lex), lines);
}

static size_t count_lines(const uint8_t *data, size_t n)
{
    size_t i, lines = 1;
    for (i = 0; i < n; i++)
        lines += data[i] == '\n';
    return lines;
}

static void check_scoring(const lq_lexicon *lex, const uint8_t *text, size_t n, unsigned flags)
{
    lq_scores sc, sx;
    lq_explanation *x = NULL;
    lq_error err;
    lq_status st = lq_score(lex, (const char *)text, n, flags, &sc, &err);
    if (st == LQ_ENOMEM)
        return;
    FZ_CHECK(st == LQ_OK, "lq_score with the loaded lexicon failed: %d %s", st, err.text);
    fz_check_scores(&sc, "lq_score");
    st = lq_explain(lex, (const char *)text, n, flags, &x, &err);
    if (st == LQ_ENOMEM)
        return;
    FZ_CHECK(st == LQ_OK, "lq_explain failed: %d %s", st, err.text);
    sx = lq_explanation_scores(x);
    FZ_CHECK(fz_scores_equal(&sc, &sx), "lq_explain and lq_score differ");
    lq_explanation_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lq_lexicon_options o;
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_error err;
    lq_status st;
    unsigned mode, pick, flags;
    const uint8_t *file;
    size_t n, rule = 0;

    if (size < 2)
        return 0;
    mode = data[0] & 7u;
    pick = data[1];
    flags = (pick >> 4) & LQ_SENT_ALL;
    file = data + 2;
    n = size - 2;

    memset(&o, 0, sizeof o);
    o.datadir = datadir;
    o.words_path = words_small;
    o.words_format = LQ_LEX_TSV;
    o.emoji_path = emoji_small;
    o.emoji_format = LQ_EMOJI_VADER;
    if (mode <= 3) {
        write_file(input_path, file, n);
        o.words_path = input_path;
        o.words_format = (lq_lexicon_format)mode;
    } else if (mode <= 6) {
        write_file(input_path, file, n);
        o.emoji_path = input_path;
        o.emoji_format = (lq_emoji_format)(mode - 4);
    } else {
        char p[4096];
        rule = pick % n_rules;
        snprintf(p, sizeof p, "%s/%s", datadir, rule_names[rule]);
        unlink(p);
        write_file(p, file, n);
    }

    st = lq_lexicon_load(&o, &lex, &err);
    if (mode == 7)
        link_rule(rule);
    if (st == LQ_ENOMEM) {
        FZ_CHECK(lex == NULL, "failed load left a lexicon");
        return 0;
    }
    if (st != LQ_OK) {
        FZ_CHECK(st == LQ_EFORMAT || st == LQ_EUTF8 || st == LQ_ELIMIT,
                 "loader %u returned %d (%s) for a data problem", mode, st, err.text);
        FZ_CHECK(lex == NULL, "failed load left a lexicon");
        FZ_CHECK(err.code == st && err.text[0] != '\0', "failed load: lq_error not filled");
        /* A bad line is named; a whole-file problem (no entries) has none. */
        FZ_CHECK(err.line == LQ_NO_POSITION || (err.line >= 1 && err.line <= count_lines(file, n)),
                 "error names line %zu of a %zu-line file: %s", err.line, count_lines(file, n),
                 err.text);
        FZ_CHECK(strstr(err.text, mode == 7 ? rule_names[rule] : "input.txt") != NULL,
                 "error message does not name the file: %s", err.text);
        return 0;
    }
    FZ_CHECK(lex != NULL && lex != (lq_lexicon *)&lex, "lq_lexicon_load OK without a lexicon");
    if (mode <= 3)
        check_entries(lex, file, n);
    check_scoring(lex, file, n, flags);
    lq_lexicon_free(lex);
    return 0;
}
