/* Set-up shared by the targets that score: LIBQUOTE_DATADIR defaults to the
   source tree's lexicons/ (compiled in as LQ_FUZZ_DATADIR) and the default
   lexicon is loaded once per process. A header of static functions so that
   targets that never score do not link the scorer. */
#ifndef LQ_FUZZ_SETUP_H
#define LQ_FUZZ_SETUP_H

#include <stdlib.h>
#include "props.h"

#ifndef LQ_FUZZ_DATADIR
#define LQ_FUZZ_DATADIR "lexicons"
#endif

static const lq_lexicon *fz_default_lexicon(void)
{
    static lq_lexicon *lex;
    lq_error err;
    lq_status st;
    if (lex)
        return lex;
    setenv("LIBQUOTE_DATADIR", LQ_FUZZ_DATADIR, 0);
    st = lq_lexicon_load(NULL, &lex, &err);
    if (st != LQ_OK)
        fz_fail("cannot load the default lexicon from %s: %s", getenv("LIBQUOTE_DATADIR"),
                err.text);
    return lex;
}

#endif
