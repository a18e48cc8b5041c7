/* Shared pieces of the `quote` command-line tool. */
#ifndef LQ_CLI_H
#define LQ_CLI_H

#include <stdio.h>
#include <stddef.h>
#include "libquote.h"

/* Exit statuses, documented in --help. */
#define CLI_OK 0
#define CLI_BAD_INPUT 1
#define CLI_USAGE 2

/* One subcommand: name, one-line summary, entry point (argv[0] is the subcommand). */
typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} cli_command;

/* quote score: sentiment of each input line (cmd_score.c). */
int cmd_score(int argc, char **argv);
/* quote extract (cmd_extract.c) */
int cmd_extract(int argc, char **argv);

/* quote speakers: per-speaker aggregation across a corpus (cmd_speakers.c). */
int cmd_speakers(int argc, char **argv);

/* Subcommands (tools/cmd_<name>.c). */
int cmd_normalize(int argc, char **argv);

/* Read a whole file, or stdin when path is NULL or "-". Prints
   "quote: PATH: reason" on failure and returns -1. *data is NUL-terminated;
   release with free(). */
int cli_read_input(const char *path, char **data, size_t *len);

/* Name used for a path in messages ("<stdin>" for NULL or "-"). */
const char *cli_input_name(const char *path);

/* Write bytes to stdout; on failure (EPIPE, ENOSPC…) print a message once and
   return -1. A broken pipe is quiet. */
int cli_write(const char *data, size_t len);
/* Flush stdout and report a write failure. Returns 0 or -1. */
int cli_flush(void);
/* Print "quote: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
