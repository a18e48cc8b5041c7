/* Python-compatible string predicates for the VADER engine: which characters
   separate tokens (str.split), str.lower() and str.isupper(), with the
   Unicode properties Python uses (Uppercase, Lowercase, Cased,
   Case_Ignorable), read from utf8proc's tables. ASCII takes a fast path. */
#include <utf8proc.h>
#include "sentiment.h"

int lq_py_isspace(int32_t cp)
{
    /* Python's _PyUnicode_IsWhitespace: bidirectional WS, B or S, or Zs. */
    if (cp < 0x80)
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

size_t lq_py_space_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b < 0x80)
        return ((b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20)) ? 1 : 0;
    if (b == 0xC2 && n >= 2)
        return (s[1] == 0x85 || s[1] == 0xA0) ? 2 : 0;
    if (b == 0xE1 && n >= 3)
        return (s[1] == 0x9A && s[2] == 0x80) ? 3 : 0; /* U+1680 */
    if (b == 0xE2 && n >= 3) {
        if (s[1] == 0x80)
            return (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF) ? 3 : 0;
        return (s[1] == 0x81 && s[2] == 0x9F) ? 3 : 0; /* U+205F */
    }
    if (b == 0xE3 && n >= 3)
        return (s[1] == 0x80 && s[2] == 0x80) ? 3 : 0; /* U+3000 */
    return 0;
}

/* Other_Uppercase and Other_Lowercase (PropList.txt, Unicode 15): the
   characters that are upper/lower case without being Lu/Ll. */
typedef struct cp_range {
    int32_t lo, hi;
} cp_range;

static const cp_range other_upper[] = {
    {0x2160, 0x216F}, {0x24B6, 0x24CF}, {0x1F130, 0x1F149}, {0x1F150, 0x1F169},
    {0x1F170, 0x1F189},
};

static const cp_range other_lower[] = {
    {0x00AA, 0x00AA}, {0x00BA, 0x00BA}, {0x02B0, 0x02B8}, {0x02C0, 0x02C1},
    {0x02E0, 0x02E4}, {0x0345, 0x0345}, {0x037A, 0x037A}, {0x10FC, 0x10FC},
    {0x1D2C, 0x1D6A}, {0x1D78, 0x1D78}, {0x1D9B, 0x1DBF}, {0x2071, 0x2071},
    {0x207F, 0x207F}, {0x2090, 0x209C}, {0x2170, 0x217F}, {0x24D0, 0x24E9},
    {0x2C7C, 0x2C7D}, {0xA69C, 0xA69D}, {0xA770, 0xA770}, {0xA7F2, 0xA7F4},
    {0xA7F8, 0xA7F9}, {0xAB5C, 0xAB5F}, {0xAB69, 0xAB69}, {0x10780, 0x10780},
    {0x10783, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA}, {0x1E030, 0x1E06D},
};

static int in_ranges(const cp_range *r, size_t n, int32_t cp)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return 1;
    return 0;
}

/* Case of one non-ASCII code point: 'U' upper, 'L' lower, 'T' title, 0 none. */
static int cp_case(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_LU)
        return 'U';
    if (c == UTF8PROC_CATEGORY_LL)
        return 'L';
    if (c == UTF8PROC_CATEGORY_LT)
        return 'T';
    if (cp < 0x00AA)
        return 0;
    if (in_ranges(other_upper, sizeof other_upper / sizeof other_upper[0], cp))
        return 'U';
    if (in_ranges(other_lower, sizeof other_lower / sizeof other_lower[0], cp))
        return 'L';
    return 0;
}

/* Case_Ignorable (DerivedCoreProperties): Mn, Me, Cf, Lm, Sk, and the
   Word_Break MidLetter/MidNumLet/Single_Quote characters. */
static int cp_case_ignorable(int32_t cp)
{
    utf8proc_category_t c;
    switch (cp) {
    case 0x27: case 0x2E: case 0x3A: case 0x5E: case 0x60: case 0xA8: case 0xAD:
    case 0xAF: case 0xB4: case 0xB7: case 0xB8: case 0x387: case 0x55F: case 0x5F4:
    case 0x2018: case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52:
    case 0xFE55: case 0xFF07: case 0xFF0E: case 0xFF1A:
        return 1;
    }
    if (cp < 0x80)
        return 0;
    c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME ||
           c == UTF8PROC_CATEGORY_CF || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_SK;
}

static int cp_cased(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    return cp_case(cp) != 0;
}

/* Decode the code point ending just before s[i] (valid UTF-8). */
static int32_t decode_before(const unsigned char *s, size_t *i)
{
    size_t j = *i;
    int32_t cp;
    do
        j--;
    while (j > 0 && (s[j] & 0xC0) == 0x80);
    lq_utf8_decode(s + j, *i - j, &cp);
    *i = j;
    return cp;
}

/* Python's Final_Sigma test for the capital sigma at s[at..at+2). */
static int final_sigma(const unsigned char *s, size_t n, size_t at)
{
    size_t j = at;
    int32_t cp = 0;
    int before = 0;
    while (j > 0) {
        cp = decode_before(s, &j);
        if (!cp_case_ignorable(cp)) {
            before = cp_cased(cp);
            break;
        }
    }
    if (!before)
        return 0;
    j = at + 2;
    while (j < n) {
        int k = lq_utf8_decode(s + j, n - j, &cp);
        if (k <= 0)
            return 1;
        j += (size_t)k;
        if (!cp_case_ignorable(cp))
            return !cp_cased(cp);
    }
    return 1;
}

size_t lq_py_lower(const char *str, size_t n, char *out, int *upper)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, o = 0;
    int seen_upper = 0, seen_lower = 0;
    while (i < n) {
        unsigned char b = s[i];
        int32_t cp, lc;
        int k;
        if (b < 0x80) {
            if (b >= 'A' && b <= 'Z') {
                seen_upper = 1;
                b = (unsigned char)(b + 32);
            } else if (b >= 'a' && b <= 'z') {
                seen_lower = 1;
            }
            out[o++] = (char)b;
            i++;
            continue;
        }
        k = lq_utf8_decode(s + i, n - i, &cp);
        if (k <= 0) { /* not reached on valid input; copy the byte */
            out[o++] = (char)b;
            i++;
            continue;
        }
        switch (cp_case(cp)) {
        case 'U': seen_upper = 1; break;
        case 'L': case 'T': seen_lower = 1; break;
        default: break;
        }
        if (cp == 0x130) { /* SpecialCasing: i + COMBINING DOT ABOVE */
            out[o++] = 'i';
            o += (size_t)lq_utf8_encode(0x307, (uint8_t *)out + o);
        } else {
            if (cp == 0x3A3)
                lc = final_sigma(s, n, i) ? 0x3C2 : 0x3C3;
            else
                lc = utf8proc_tolower(cp);
            o += (size_t)lq_utf8_encode(lc, (uint8_t *)out + o);
        }
        i += (size_t)k;
    }
    if (upper)
        *upper = seen_upper && !seen_lower;
    return o;
}
