/* Replays fuzz inputs through a fuzz target's property checks, without
   libFuzzer: every tests/fixtures/regress-<target>-* file (inputs that once
   broke a property or crashed) and every seed of fuzz/corpus/<target>/.
   Built once per target (FUZZ_TARGET names it) from fuzz/fuzz_<target>.c,
   so `make check` runs the same checks as the fuzzer. A broken property
   aborts with its message. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static size_t replayed;

static void replay(const char *path)
{
    char *data;
    size_t len;
    lq_error err;
    if (lq_read_file(path, &data, &len, &err) != LQ_OK) {
        fprintf(stderr, "%s\n", err.text);
        exit(EXIT_FAILURE);
    }
    printf("replay %s\n", path);
    fflush(stdout);
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    lq_dealloc(data);
    replayed++;
}

static void replay_dir(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096 + 256];
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        replay(path);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    char dir[4096], prefix[64];
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    snprintf(prefix, sizeof prefix, "regress-%s-", FUZZ_TARGET);
    snprintf(dir, sizeof dir, "%s/fixtures", SRCDIR);
    replay_dir(dir, prefix);
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", TOP_SRCDIR, FUZZ_TARGET);
    replay_dir(dir, "");
    printf("%zu inputs replayed through fuzz_%s's property checks\n", replayed, FUZZ_TARGET);
    printf("%zu passed, 0 failed\n", replayed);
    return replayed ? EXIT_SUCCESS : EXIT_FAILURE;
}
