/* Version of the running library. */
#include "private.h"

const char *lq_version(void)
{
    return LQ_VERSION_STRING;
}
