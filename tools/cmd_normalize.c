/* quote normalize: Unicode normalization of UTF-8 text, as a filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void normalize_usage(FILE *to)
{
    fputs("Usage: quote normalize [OPTIONS] [FILE...]\n"
          "Write the FILEs (standard input when none is given, or for '-') to standard\n"
          "output in a Unicode normalization form, optionally cleaned up. Input must be\n"
          "UTF-8; output is UTF-8. Files are processed one after another.\n"
          "\n"
          "Form (default nfc):\n"
          "  --form=nfc        canonical composition: e + U+0301 -> \xC3\xA9\n"
          "  --form=nfd        canonical decomposition: \xC3\xA9 -> e + U+0301\n"
          "  --form=nfkc       compatibility composition: also \xEF\xAC\x81 -> fi, \xE2\x91\xA0 -> 1,\n"
          "                    full-width letters -> ASCII, NBSP -> space\n"
          "  --form=nfkd       compatibility decomposition\n"
          "\n"
          "Clean-ups (all off by default; any combination):\n"
          "  --casefold        Unicode full case folding (Stra\xC3\x9F" "e -> strasse), for matching\n"
          "  --strip-ignorable remove default-ignorable code points: BOM, zero-width\n"
          "                    space/joiners, soft hyphen, word joiner, variation selectors\n"
          "  --newlines        CR LF, CR, NEL (U+0085), LS (U+2028), PS (U+2029) -> LF\n"
          "  --spaces          every space separator (NBSP, thin, em, ideographic\xE2\x80\xA6) -> space\n"
          "                    (tabs and line ends are not space separators)\n"
          "  --ascii-quotes    typographic quotation marks -> ASCII:\n"
          "                      \xE2\x80\x9C \xE2\x80\x9D \xE2\x80\x9E \xE2\x80\x9F \xC2\xAB \xC2\xBB "
          "\xE2\x9D\x9D \xE2\x9D\x9E \xE2\xB9\x82 \xE3\x80\x9D \xE3\x80\x9E \xE3\x80\x9F "
          "\xEF\xBC\x82 \xE3\x80\x8C \xE3\x80\x8D \xE3\x80\x8E \xE3\x80\x8F \xEF\xBD\xA2 "
          "\xEF\xBD\xA3 and the vertical\n"
          "                      corner brackets -> \"\n"
          "                      \xE2\x80\x98 \xE2\x80\x99 \xE2\x80\x9A \xE2\x80\x9B \xE2\x80\xB9 "
          "\xE2\x80\xBA \xE2\x9D\x9B \xE2\x9D\x9C \xEF\xBC\x87 \xCA\xBC -> '   (primes "
          "\xE2\x80\xB2 \xE2\x80\xB3 stay)\n"
          "  --ascii-dashes    every dash (hyphen, en/em dash, bar\xE2\x80\xA6) and the minus sign -> -\n"
          "  --strip-marks     remove combining marks after decomposition (\xC3\xA9 -> e, \xD1\x91 -> \xD0\xB5)\n"
          "\n"
          "Invalid UTF-8 (overlong forms, surrogates, truncated sequences, bytes F5-FF,\n"
          "code points past U+10FFFF):\n"
          "  (default)         stop with 'quote: FILE: byte N: invalid UTF-8: why',\n"
          "                    N counting from 0; go on with the next file; exit 1\n"
          "  --replace-invalid write U+FFFD for each maximal invalid subpart (Unicode 15\n"
          "                    \xC2\xA7" "3.9) and report how many were replaced on standard error\n"
          "\n"
          "Other options:\n"
          "  -h, --help        show this help\n"
          "  --                end of options: every later argument is a FILE\n"
          "Options may come before or after the FILEs.\n"
          "\n"
          "Exit status: 0 success, 1 bad input (unreadable file, invalid UTF-8),\n"
          "2 usage error.\n"
          "\n"
          "Examples:\n"
          "  quote normalize article.txt > article.nfc.txt\n"
          "  quote normalize --form=nfkc --casefold --strip-ignorable words.txt\n"
          "  cat scraped.txt | quote normalize --newlines --spaces --ascii-quotes --replace-invalid\n",
          to);
}

static const struct {
    const char *name;
    unsigned flag;
} switches[] = {
    {"--casefold", LQ_NORM_CASEFOLD},
    {"--strip-ignorable", LQ_NORM_STRIP_IGNORABLE},
    {"--newlines", LQ_NORM_NEWLINES},
    {"--spaces", LQ_NORM_SPACES},
    {"--ascii-quotes", LQ_NORM_ASCII_QUOTES},
    {"--ascii-dashes", LQ_NORM_ASCII_DASHES},
    {"--strip-marks", LQ_NORM_STRIP_MARKS},
    {"--replace-invalid", LQ_NORM_REPLACE_INVALID},
};

static int parse_form(const char *v, unsigned *form)
{
    if (strcmp(v, "nfc") == 0 || strcmp(v, "NFC") == 0)
        *form = LQ_NORM_NFC;
    else if (strcmp(v, "nfd") == 0 || strcmp(v, "NFD") == 0)
        *form = LQ_NORM_NFD;
    else if (strcmp(v, "nfkc") == 0 || strcmp(v, "NFKC") == 0)
        *form = LQ_NORM_NFKC;
    else if (strcmp(v, "nfkd") == 0 || strcmp(v, "NFKD") == 0)
        *form = LQ_NORM_NFKD;
    else
        return -1;
    return 0;
}

static int usage_error(const char *what, const char *arg)
{
    cli_error("normalize: %s '%s' (try 'quote normalize --help')", what, arg);
    return CLI_USAGE;
}

/* Normalize one input and write it. Returns CLI_OK or CLI_BAD_INPUT. */
static int normalize_one(const char *path, unsigned flags)
{
    char *data;
    size_t len;
    lq_text *t;
    lq_error err;
    lq_status st;
    int rc = CLI_OK;

    if (cli_read_input(path, &data, &len) != 0)
        return CLI_BAD_INPUT;
    st = lq_normalize(data, len, flags, &t, &err);
    free(data);
    if (st != LQ_OK) {
        cli_error("%s: %s", cli_input_name(path), err.text);
        return CLI_BAD_INPUT;
    }
    if (cli_write(lq_text_data(t), lq_text_length(t)) != 0)
        rc = CLI_BAD_INPUT;
    if (lq_text_replacements(t) > 0)
        cli_error("%s: replaced %zu invalid UTF-8 sequence%s with U+FFFD", cli_input_name(path),
                  lq_text_replacements(t), lq_text_replacements(t) == 1 ? "" : "s");
    lq_text_free(t);
    return rc;
}

int cmd_normalize(int argc, char **argv)
{
    unsigned form = LQ_NORM_NFC, flags = 0;
    int i, nfiles = 0, only_files = 0, rc = CLI_OK;
    char **files = calloc((size_t)argc, sizeof *files);

    if (!files) {
        cli_error("normalize: out of memory");
        return CLI_BAD_INPUT;
    }
    /* Options may come before or after the files, as with GNU tools; after
       "--" every argument is a file. */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        size_t k;
        int known = 0;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            free(files);
            normalize_usage(stdout);
            return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
        }
        if (strncmp(a, "--form=", 7) == 0 || strcmp(a, "--form") == 0) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || parse_form(v, &form) != 0) {
                free(files);
                return usage_error("--form takes nfc, nfd, nfkc or nfkd, not", v ? v : "");
            }
            continue;
        }
        for (k = 0; k < sizeof switches / sizeof switches[0]; k++)
            if (strcmp(a, switches[k].name) == 0) {
                flags |= switches[k].flag;
                known = 1;
            }
        if (!known) {
            free(files);
            return usage_error("unknown option", a);
        }
    }
    flags |= form;
    if (nfiles == 0)
        rc = normalize_one(NULL, flags);
    for (i = 0; i < nfiles; i++)
        if (normalize_one(files[i], flags) != CLI_OK)
            rc = CLI_BAD_INPUT;
    free(files);
    if (cli_flush() != 0)
        rc = CLI_BAD_INPUT;
    return rc;
}
