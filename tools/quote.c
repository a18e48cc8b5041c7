/* quote: the libquote command-line tool. Subcommands live in cmd_*.c. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("quote (libquote) %s\n", lq_version());
    return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
}

static const cli_command commands[] = {
    {"version", "print the version of quote and libquote", cmd_version},
    /* subcommands are registered here */
    {"normalize", "normalize Unicode text (NFC, NFKC...) and clean it up", cmd_normalize},
    {"score", "score the sentiment of each input line (VADER)", cmd_score},
    {"extract", "list every quote with its speaker, role and sentiment", cmd_extract},
    {"speakers", "per speaker across files: quotes, mean sentiment, extremes", cmd_speakers},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
    size_t i;
    fprintf(to,
            "Usage: quote COMMAND [OPTIONS] [FILE...]\n"
            "Find direct quotes, their speakers and their sentiment in news text.\n"
            "\n"
            "Commands:\n");
    for (i = 0; i < N_COMMANDS; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to,
            "\n"
            "Run 'quote COMMAND --help' for the options of a command.\n"
            "Input is UTF-8 text from the FILEs, or standard input when none is given.\n"
            "\n"
            "Exit status: 0 success, 1 bad input (unreadable file, invalid UTF-8…),\n"
            "2 usage error.\n"
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version of quote and of libquote\n");
}

int main(int argc, char **argv)
{
    size_t i;
    /* A closed pipe (quote … | head) is reported by write errors, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return cli_flush() == 0 ? CLI_OK : CLI_BAD_INPUT;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
        return cmd_version(argc - 1, argv + 1);
    for (i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'quote --help')", argv[1]);
    return CLI_USAGE;
}
