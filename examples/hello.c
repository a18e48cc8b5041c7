/* A minimal program using libquote, built against the installed library:
 *   cc -o hello hello.c $(pkg-config --cflags --libs libquote)
 */
#include <stdio.h>
#include <string.h>
#include <libquote.h>

int main(void)
{
    const char *text = "\xE2\x80\x9C" "Caf\x65\xCC\x81 au lait,\xE2\x80\x9D she said.";
    lq_text *norm = NULL;
    lq_error err;
    size_t start, end;

    printf("libquote %s (header %s)\n", lq_version(), LQ_VERSION_STRING);
    if (lq_normalize(text, strlen(text), LQ_NORM_NFC | LQ_NORM_ASCII_QUOTES, &norm, &err) != LQ_OK) {
        fprintf(stderr, "normalize: %s\n", err.text);
        return 1;
    }
    printf("%s\n", lq_text_data(norm));
    /* "é" (composed) at normalized bytes 4..6 came from "e" + U+0301 in the input. */
    lq_text_source_span(norm, 4, 6, &start, &end);
    printf("normalized bytes 4..6 come from input bytes %zu..%zu\n", start, end);
    lq_text_free(norm);
    return 0;
}
