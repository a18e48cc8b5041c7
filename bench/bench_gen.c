/* bench_gen: write benchmark inputs of an exact size from source text files.

   bench_gen KIND BYTES OUT FILE...
     news     the files joined by blank lines, repeated
     oneline  the same with every line break turned into a space: one line
     noclose  one opening mark (U+201C) at the start, then the files with
              every quotation mark removed: a quote that never closes
     nested   blocks of 2,000 nested opening marks (alternating U+201C and
              U+2018, each followed by a word) and their closing marks in
              reverse order, with the files' prose in between
     opens    the files with every closing mark removed: each quote opens and
              never closes, until the next one opens
     deep     one nest of marks as deep as the size allows: U+201C U+2018
              pairs for the first half, one word, then U+2019 U+201D pairs;
              no source text
   Output is cut at BYTES (on a UTF-8 character boundary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_util.h"

static FILE *out;
static size_t written, limit;

static int put(const char *s, size_t n)
{
    if (written + n > limit) {
        n = limit - written;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;   /* do not cut a character */
        fwrite(s, 1, n, out);
        written = limit;
        return -1;
    }
    fwrite(s, 1, n, out);
    written += n;
    return 0;
}

static int puts_(const char *s)
{
    return put(s, strlen(s));
}

/* The files' text with some quotation marks dropped and, for oneline, line
   breaks turned into spaces. */
static char *filtered(const char *t, size_t len, const char *kind, size_t *olen)
{
    char *o = malloc(len + 1);
    size_t i, n = 0;
    int in = 0;
    for (i = 0; i < len; i++) {
        char c = t[i];
        if (strcmp(kind, "oneline") == 0 && (c == '\n' || c == '\r'))
            c = ' ';
        if (c == '"' && strcmp(kind, "noclose") == 0)
            continue;
        if (c == '"' && strcmp(kind, "opens") == 0) {
            in = !in;
            if (!in)
                continue;   /* drop every second mark: the closing one */
        }
        o[n++] = c;
    }
    *olen = n;
    return o;
}

int main(int argc, char **argv)
{
    const char *kind;
    size_t i, nf, total = 0;
    char **text;
    size_t *tlen;
    int a;

    if (argc < 5) {
        fprintf(stderr, "usage: bench_gen news|oneline|noclose|nested|opens|deep BYTES OUT FILE...\n");
        return 2;
    }
    kind = argv[1];
    limit = (size_t)atof(argv[2]);
    if (strcmp(kind, "news") && strcmp(kind, "oneline") && strcmp(kind, "noclose") &&
        strcmp(kind, "nested") && strcmp(kind, "opens") && strcmp(kind, "deep")) {
        fprintf(stderr, "bench_gen: unknown kind %s\n", kind);
        return 2;
    }
    out = fopen(argv[3], "wb");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    nf = (size_t)argc - 4;
    text = calloc(nf, sizeof *text);
    tlen = calloc(nf, sizeof *tlen);
    for (a = 4; a < argc; a++) {
        size_t len;
        char *raw = bench_read(argv[a], &len);
        text[a - 4] = filtered(raw, len, kind, &tlen[a - 4]);
        total += tlen[a - 4];
        free(raw);
    }
    if (total == 0) {
        fprintf(stderr, "bench_gen: the source files are empty\n");
        return 1;
    }
    if (strcmp(kind, "noclose") == 0)
        puts_("\xE2\x80\x9C");
    if (strcmp(kind, "deep") == 0) {
        /* “‘ pairs (6 bytes) for half the size, one word, then ’” pairs */
        size_t d, pairs = limit / 12;
        for (d = 0; d < pairs; d++)
            puts_("\xE2\x80\x9C\xE2\x80\x98");
        puts_("x");
        for (d = 0; d < pairs; d++)
            puts_("\xE2\x80\x99\xE2\x80\x9D");
        while (written < limit)
            puts_(".");
    }
    while (written < limit) {
        for (i = 0; i < nf && written < limit; i++) {
            if (strcmp(kind, "nested") == 0 && i % 10 == 0) {
                int d;
                for (d = 0; d < 2000 && written < limit; d++)
                    puts_(d % 2 ? "\xE2\x80\x98word " : "\xE2\x80\x9Cword ");
                for (d = 1999; d >= 0 && written < limit; d--)
                    puts_(d % 2 ? "end\xE2\x80\x99 " : "end\xE2\x80\x9D ");
                puts_("\n\n");
            }
            if (put(text[i], tlen[i]) != 0)
                break;
            puts_(strcmp(kind, "oneline") == 0 ? "  " : "\n\n");
        }
    }
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 1;
    }
    for (i = 0; i < nf; i++)
        free(text[i]);
    free(text);
    free(tlen);
    return 0;
}
