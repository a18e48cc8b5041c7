/* The library's allocator. One place, so a test build can inject failures. */
#include <stdlib.h>
#include <string.h>
#include "private.h"

#ifdef LQ_FAULT_INJECTION
/* Test builds only (configure --enable-fault-injection): a counter shared by
   the process, which is why it is never compiled into a release library. */
#include <stdatomic.h>
static atomic_size_t alloc_seen;
static atomic_size_t alloc_fail_index = SIZE_MAX;

void lq_alloc_fail_at(size_t fail_at)
{
    atomic_store(&alloc_seen, 0);
    atomic_store(&alloc_fail_index, fail_at);
}

size_t lq_alloc_count(void)
{
    return atomic_load(&alloc_seen);
}

static int should_fail(void)
{
    size_t i = atomic_fetch_add(&alloc_seen, 1);
    return i == atomic_load(&alloc_fail_index);
}
#define FAIL_POINT() do { if (should_fail()) return NULL; } while (0)
#else
#define FAIL_POINT() do { } while (0)
#endif

void *lq_malloc(size_t n)
{
    FAIL_POINT();
    return malloc(n ? n : 1);
}

void *lq_calloc(size_t count, size_t size)
{
    FAIL_POINT();
    return calloc(count ? count : 1, size ? size : 1);
}

void *lq_realloc(void *p, size_t n)
{
    FAIL_POINT();
    return realloc(p, n ? n : 1);
}

void lq_dealloc(void *p)
{
    free(p);
}

void lq_free(void *p)
{
    free(p);
}

char *lq_strndup(const char *s, size_t n)
{
    char *r = lq_malloc(n + 1);
    if (!r)
        return NULL;
    if (n)
        memcpy(r, s, n);
    r[n] = '\0';
    return r;
}
