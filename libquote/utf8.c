/* UTF-8 decoding and validation (Unicode 15, Table 3-7: well-formed byte sequences). */
#include "private.h"

int lq_utf8_decode(const uint8_t *s, size_t len, int32_t *cp)
{
    uint8_t b0 = s[0];
    uint8_t lo = 0x80, hi = 0xBF;
    int need;
    int32_t c;
    int i;

    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 < 0xC2 || b0 > 0xF4) {
        *cp = -1;
        return -1;
    }
    if (b0 < 0xE0) {
        need = 1;
        c = b0 & 0x1F;
    } else if (b0 < 0xF0) {
        need = 2;
        c = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (b0 == 0xED)
            hi = 0x9F; /* no surrogates */
    } else {
        need = 3;
        c = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90;
        else if (b0 == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    }
    for (i = 1; i <= need; i++) {
        uint8_t b;
        if ((size_t)i >= len) {
            *cp = -1;
            return -i; /* truncated: the maximal subpart is what we have */
        }
        b = s[i];
        if (b < lo || b > hi) {
            *cp = -1;
            return -i;
        }
        lo = 0x80;
        hi = 0xBF;
        c = (c << 6) | (b & 0x3F);
    }
    *cp = c;
    return need + 1;
}

int lq_utf8_encode(int32_t cp, uint8_t *out)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

lq_status lq_utf8_validate(const char *text, size_t len, lq_error *err)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t i = 0;
    if (!text && len)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "text is NULL but its length is %zu", len);
    while (i < len) {
        int32_t cp;
        int n;
        /* ASCII fast path: eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            __builtin_memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        n = lq_utf8_decode(s + i, len - i, &cp);
        if (n < 0)
            return lq_fail(err, LQ_EUTF8, i, LQ_NO_POSITION,
                           "byte %zu: invalid UTF-8 sequence starting with 0x%02X", i,
                           (unsigned)s[i]);
        i += (size_t)n;
    }
    lq_error_clear(err);
    return LQ_OK;
}
