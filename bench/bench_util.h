/* Small helpers shared by the benchmark programs: a monotonic clock, the
   median of a few runs, peak memory, reading a file. Header-only. */
#ifndef LQ_BENCH_UTIL_H
#define LQ_BENCH_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* CPU time of this process, in seconds. The single-thread figures are
   timed in CPU time, not wall-clock time: the machines here are shared, and
   time spent waiting for a core is not ours. (Cache and memory-bandwidth
   contention still show; the callgrind instruction counts do not.) */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n) (sorts v). */
static inline double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Peak resident set of this process in bytes (getrusage ru_maxrss). */
static inline double bench_peak_rss(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss * 1024.0;
}

/* Read a whole file into a malloc'ed NUL-terminated buffer; exits on failure
   (these are benchmark programs, not the library). */
static inline char *bench_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    if (!f) {
        fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    do {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            if (!(buf = realloc(buf, cap))) {
                fprintf(stderr, "bench: out of memory reading %s\n", path);
                exit(1);
            }
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        fprintf(stderr, "bench: %s: read error\n", path);
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    {   /* give back the unused capacity */
        char *p = realloc(buf, n + 1);
        return p ? p : buf;
    }
}

#endif
