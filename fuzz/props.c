/* Independent UTF-8 reading and result invariants for the fuzz targets. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "props.h"

void fz_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("property violated: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Table 3-7 of Unicode 15: the allowed range of the second byte for each
   lead byte; every later byte is 80..BF. */
size_t fz_utf8_step(const uint8_t *s, size_t n, int *valid)
{
    uint8_t c = s[0], lo, hi;
    size_t need, k;
    *valid = 1;
    if (c <= 0x7F)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; lo = 0x80; hi = 0xBF; }
    else if (c == 0xE0) { need = 3; lo = 0xA0; hi = 0xBF; }
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) { need = 3; lo = 0x80; hi = 0xBF; }
    else if (c == 0xED) { need = 3; lo = 0x80; hi = 0x9F; }
    else if (c == 0xF0) { need = 4; lo = 0x90; hi = 0xBF; }
    else if (c >= 0xF1 && c <= 0xF3) { need = 4; lo = 0x80; hi = 0xBF; }
    else if (c == 0xF4) { need = 4; lo = 0x80; hi = 0x8F; }
    else { *valid = 0; return 1; }
    for (k = 1; k < need; k++) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            *valid = 0;
            return k;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

size_t fz_utf8_first_invalid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int ok;
        size_t k = fz_utf8_step(s + i, n - i, &ok);
        if (!ok)
            return i;
        i += k;
    }
    return n;
}

size_t fz_utf8_invalid_count(const uint8_t *s, size_t n)
{
    size_t i = 0, bad = 0;
    while (i < n) {
        int ok;
        i += fz_utf8_step(s + i, n - i, &ok);
        bad += !ok;
    }
    return bad;
}

void fz_utf8_boundaries(const uint8_t *s, size_t n, uint8_t *b)
{
    size_t i = 0;
    memset(b, 0, n + 1);
    while (i < n) {
        int ok;
        b[i] = 1;
        i += fz_utf8_step(s + i, n - i, &ok);
    }
    b[n] = 1;
}

void fz_check_scores(const lq_scores *sc, const char *what)
{
    double sum = sc->neg + sc->neu + sc->pos;
    FZ_CHECK(isfinite(sc->neg) && isfinite(sc->neu) && isfinite(sc->pos) &&
                 isfinite(sc->compound),
             "%s: non-finite score (%g %g %g %g)", what, sc->neg, sc->neu, sc->pos,
             sc->compound);
    FZ_CHECK(sc->neg >= 0 && sc->neg <= 1 && sc->neu >= 0 && sc->neu <= 1 && sc->pos >= 0 &&
                 sc->pos <= 1,
             "%s: proportion outside [0, 1] (neg %g neu %g pos %g)", what, sc->neg, sc->neu,
             sc->pos);
    FZ_CHECK(sc->compound >= -1 && sc->compound <= 1, "%s: compound %g outside [-1, 1]", what,
             sc->compound);
    /* Each proportion is rounded to 3 places: the sum may be off by 0.0015. */
    FZ_CHECK(sum == 0 || fabs(sum - 1) <= 0.002, "%s: neg+neu+pos = %.6f", what, sum);
    FZ_CHECK(sum != 0 || sc->compound == 0, "%s: empty proportions but compound %g", what,
             sc->compound);
}

int fz_scores_equal(const lq_scores *a, const lq_scores *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

void *fz_scratch(size_t n)
{
    static void *p;
    static size_t cap;
    if (n > cap) {
        free(p);
        cap = n * 2 + 64;
        p = malloc(cap);
        if (!p)
            abort();
    }
    return p;
}

size_t fz_utf8_repair(const uint8_t *s, size_t n, uint8_t **buf, size_t *cap)
{
    size_t i = 0, o = 0;
    if (*cap < 3 * n + 1) {
        uint8_t *p = realloc(*buf, 3 * n + 1);
        if (!p)
            abort();
        *buf = p;
        *cap = 3 * n + 1;
    }
    while (i < n) {
        int ok;
        size_t k = fz_utf8_step(s + i, n - i, &ok);
        if (ok) {
            memcpy(*buf + o, s + i, k);
            o += k;
        } else {
            memcpy(*buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        i += k;
    }
    return o;
}
