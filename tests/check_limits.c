/* Pathological inputs: linear work and bounded memory, checked by counts,
   never by the clock.

   Every input is run at full size and at a quarter of it. The bounds:
   - every call succeeds (or fails exactly as documented: LQ_EUTF8 at the
     first bad byte in strict mode);
   - allocations (counted in the fault-injection build) stay under
     ALLOC_BASE + n / ALLOC_BYTES_PER (no allocation per byte or per
     character), and grow at most linearly from the quarter-size run;
   - memory held by a result (mallinfo2, builds without a sanitizer) stays
     under MEM_FACTOR * n + MEM_BASE;
   - quotes lie inside the input;
   - text without a single word (marks, NUL bytes, one letter repeated)
     scores exactly 0;
   - growth: the full-size run may cost at most GROWTH_MAX times the
     process CPU time of the quarter-size run (4 when linear, 16 when
     quadratic). This is a ratio of CPU time, never a bound on the clock,
     and it is skipped when the quarter run is too short to measure.
   A table of input, size, call, allocations, memory held and result goes to
   the log. The long-line input is 16 MB here; LQ_LIMITS_BIG_MB=100 makes it
   the 100 MB of the manual run (fuzz/README.md); LQ_LIMITS_ONLY=TEXT runs
   only the inputs whose name contains TEXT. */
#include "config.h"
#include <check.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libquote.h"
#include "../libquote/private.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HAVE_MEMORY_COUNT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define HAVE_MEMORY_COUNT 0
#endif
#endif
#ifndef HAVE_MEMORY_COUNT
#define HAVE_MEMORY_COUNT 1
#endif

#define ALLOC_BASE 2000u
#define ALLOC_BYTES_PER 4u
#define MEM_FACTOR 48u
#define MEM_BASE (4u << 20)
#define GROWTH_MAX 10.0
#define GROWTH_MIN_MS 30.0

static lq_lexicon *lexicon;
static lq_analyzer *analyzer;

/* ---- measuring ---------------------------------------------------------- */

static void count_reset(void)
{
#ifdef LQ_FAULT_INJECTION
    lq_alloc_fail_at(SIZE_MAX);
#endif
}

static long count_allocs(void)
{
#ifdef LQ_FAULT_INJECTION
    return (long)lq_alloc_count();
#else
    return -1;
#endif
}

static size_t heap_in_use(void);
/* Bytes allocated since `before` and still held (0 if fewer are held). */
static size_t held_since(size_t before)
{
    size_t now = heap_in_use();
    return now > before ? now - before : 0;
}

static size_t heap_in_use(void)
{
#if HAVE_MEMORY_COUNT
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct measure {
    double ms;       /* process CPU time of the call */
    double compound; /* lq_score's compound */
    long allocs;     /* -1 when not counted */
    size_t held;     /* bytes the result holds, 0 when not counted */
    lq_status status;
    char result[96];
} measure;

static void report(const char *input, size_t n, const char *call, const measure *m)
{
    char a[32], h[32];
    if (m->allocs >= 0)
        snprintf(a, sizeof a, "%ld", m->allocs);
    else
        snprintf(a, sizeof a, "-");
    if (HAVE_MEMORY_COUNT)
        snprintf(h, sizeof h, "%.1f", (double)m->held / 1024.0);
    else
        snprintf(h, sizeof h, "-");
    printf("| %-28s | %10zu | %-22s | %9s | %10s | %9.1f | %s\n", input, n, call, a, h, m->ms,
           m->result);
}

static void check_bounds(const char *input, size_t n, const char *call, const measure *m)
{
    if (m->allocs >= 0)
        ck_assert_msg((size_t)m->allocs <= ALLOC_BASE + n / ALLOC_BYTES_PER,
                      "%s, %s: %ld allocations for %zu bytes", input, call, m->allocs, n);
    if (HAVE_MEMORY_COUNT)
        ck_assert_msg(m->held <= (size_t)MEM_FACTOR * n + MEM_BASE,
                      "%s, %s: result holds %zu bytes for %zu bytes of input", input, call,
                      m->held, n);
}

/* ---- the calls ----------------------------------------------------------- */

typedef enum call_kind {
    CALL_NORMALIZE,
    CALL_NORMALIZE_ALL,
    CALL_ANALYZE_STRICT,
    CALL_ANALYZE_REPLACE,
    CALL_SCORE,
    CALL_SCORE_NORMALIZE,
    N_CALLS
} call_kind;

static const char *call_names[N_CALLS] = {
    "lq_normalize strict", "lq_normalize all flags", "lq_analyze strict",
    "lq_analyze replacing", "lq_score", "lq_score normalize"};

/* Offset of the first ill-formed byte, or n. */
static size_t first_invalid(const char *s, size_t n)
{
    lq_error err;
    return lq_utf8_validate(s, n, &err) == LQ_OK ? n : err.offset;
}

static measure run_call(call_kind k, const char *text, size_t n, size_t bad_at)
{
    measure m;
    lq_error err;
    size_t before;
    double t0;
    memset(&m, 0, sizeof m);
    before = heap_in_use();
    count_reset();
    t0 = cpu_ms();
    switch (k) {
    case CALL_NORMALIZE:
    case CALL_NORMALIZE_ALL: {
        lq_text *t = NULL;
        unsigned flags = k == CALL_NORMALIZE ? LQ_NORM_DEFAULT : LQ_NORM_ALL;
        m.status = lq_normalize(text, n, flags, &t, &err);
        m.allocs = count_allocs();
        m.held = held_since(before);
        if (m.status == LQ_OK) {
            size_t s, e;
            ck_assert_int_eq(lq_text_source_span(t, 0, lq_text_length(t), &s, &e), LQ_OK);
            ck_assert_uint_le(e, n);
            snprintf(m.result, sizeof m.result, "ok: %zu bytes, %zu replaced", lq_text_length(t),
                     lq_text_replacements(t));
        }
        lq_text_free(t);
        break;
    }
    case CALL_ANALYZE_STRICT:
    case CALL_ANALYZE_REPLACE: {
        lq_document *doc = NULL;
        unsigned flags = k == CALL_ANALYZE_STRICT ? LQ_ANALYZE_DEFAULT
                                                  : LQ_ANALYZE_REPLACE_INVALID;
        m.status = lq_analyze(analyzer, text, n, flags, &doc, &err);
        m.allocs = count_allocs();
        m.held = held_since(before);
        if (m.status == LQ_OK) {
            size_t i, nq = lq_document_quote_count(doc), closed = 0;
            for (i = 0; i < nq; i++) {
                const lq_quote *q = lq_document_quote(doc, i);
                ck_assert_msg(q->start < q->end && q->end <= n, "quote %zu: [%zu, %zu) of %zu",
                              i, q->start, q->end, n);
                closed += q->closed != 0;
            }
            snprintf(m.result, sizeof m.result, "ok: %zu quotes (%zu closed), %zu speakers", nq,
                     closed, lq_document_speaker_count(doc));
        }
        lq_document_free(doc);
        break;
    }
    case CALL_SCORE:
    case CALL_SCORE_NORMALIZE: {
        lq_scores sc;
        m.status = lq_score(lexicon, text, n, k == CALL_SCORE ? 0 : LQ_SENT_NORMALIZE, &sc, &err);
        m.allocs = count_allocs();
        m.held = held_since(before);
        m.compound = sc.compound;
        if (m.status == LQ_OK)
            snprintf(m.result, sizeof m.result, "ok: compound %.4f", sc.compound);
        break;
    }
    default:
        break;
    }
    m.ms = cpu_ms() - t0;
    if (m.status != LQ_OK)
        snprintf(m.result, sizeof m.result, "%s at byte %zu", lq_strerror(m.status),
                 err.offset);
    /* Strict calls fail exactly on invalid input, at the first bad byte. */
    if (k == CALL_NORMALIZE || k == CALL_ANALYZE_STRICT) {
        if (bad_at < n)
            ck_assert_msg(m.status == LQ_EUTF8 && err.offset == bad_at,
                          "%s: status %d at %zu, first invalid byte %zu", call_names[k],
                          m.status, err.offset, bad_at);
        else
            ck_assert_msg(m.status == LQ_OK, "%s failed: %s", call_names[k], err.text);
    } else {
        ck_assert_msg(m.status == LQ_OK, "%s failed: %s", call_names[k], err.text);
    }
    return m;
}

/* ---- the inputs ----------------------------------------------------------- */

typedef struct input {
    const char *name;
    /* Fill buf with about n bytes; returns the length written (<= cap). */
    size_t (*make)(char *buf, size_t n);
    size_t size;   /* full size in bytes */
    int wordless;  /* no word in it: every score must be 0 */
} input;

static uint32_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

static size_t fill_repeat(char *buf, size_t n, const char *unit)
{
    size_t u = strlen(unit), o = 0;
    while (o + u <= n) {
        memcpy(buf + o, unit, u);
        o += u;
    }
    return o;
}

static size_t make_unclosed(char *buf, size_t n)
{
    return fill_repeat(buf, n, "\xE2\x80\x9CWe will not stop, said the man ");
}

static size_t make_nested(char *buf, size_t n)
{
    /* n/12 opening pairs (each 6 bytes), one word, then as many closers. */
    size_t pairs = n / 12, o = 0, i;
    for (i = 0; i < pairs; i++) {
        memcpy(buf + o, "\xE2\x80\x9C\xE2\x80\x98", 6);
        o += 6;
    }
    memcpy(buf + o, "x", 1);
    o += 1;
    for (i = 0; i < pairs && o + 6 <= n; i++) {
        memcpy(buf + o, "\xE2\x80\x99\xE2\x80\x9D", 6);
        o += 6;
    }
    return o;
}

static size_t make_openers(char *buf, size_t n)
{
    return fill_repeat(buf, n, "\xE2\x80\x9C");
}

static size_t make_all_marks(char *buf, size_t n)
{
    static const char *marks[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
                                  "\"", "'", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9E",
                                  "\xE2\x80\xB9", "\xE2\x80\xBA", "\xE3\x80\x8C", "\xE3\x80\x8D",
                                  "`", "\xE2\x80\x9A", "\xEF\xBC\x82"};
    size_t o = 0;
    rng_state = 12345;
    for (;;) {
        const char *m = marks[rng() % 16];
        size_t k = strlen(m);
        if (o + k > n)
            break;
        memcpy(buf + o, m, k);
        o += k;
    }
    return o;
}

static size_t make_straight(char *buf, size_t n)
{
    return fill_repeat(buf, n, "\"'");
}

static size_t make_long_line(char *buf, size_t n)
{
    return fill_repeat(buf, n,
                       "\xE2\x80\x9CIt is not a bad plan at all,\xE2\x80\x9D said Mayor Ana Ruiz. "
                       "Critics called it \xE2\x80\x98" "a gamble\xE2\x80\x99 and she replied: "
                       "\xE2\x80\x9CWe will see.\xE2\x80\x9D ");
}

static size_t make_random_bytes(char *buf, size_t n)
{
    size_t i;
    rng_state = 777;
    for (i = 0; i < n; i++)
        buf[i] = (char)(rng() & 0xFF);
    return n;
}

static size_t make_invalid_mix(char *buf, size_t n)
{
    return fill_repeat(buf, n, "a\xC0\xE2\x80\x9C\xED\xA0\x80 \xF4\x90\x80\x80\xE2\x80\x9D\xFF\x80");
}

static size_t make_long_word(char *buf, size_t n)
{
    return fill_repeat(buf, n, "a");
}

static size_t make_paragraphs(char *buf, size_t n)
{
    return fill_repeat(buf, n, "\xE2\x80\x9C" "a\n\n");
}

static size_t make_combining(char *buf, size_t n)
{
    /* A base letter followed by marks of two combining classes (230, 220),
       interleaved: the worst case for canonical reordering. */
    size_t o = 1;
    buf[0] = 'e';
    while (o + 4 <= n) {
        memcpy(buf + o, "\xCC\x81\xCC\xA3", 4);
        o += 4;
    }
    return o;
}

static size_t make_nul_bytes(char *buf, size_t n)
{
    memset(buf, 0, n);
    return n;
}

static size_t big_size(void)
{
    const char *e = getenv("LQ_LIMITS_BIG_MB");
    long mb = e ? strtol(e, NULL, 10) : 16;
    if (mb < 1)
        mb = 16;
    return (size_t)mb << 20;
}

static input inputs[] = {
    {"no closing marks", make_unclosed, 1u << 20, 0},
    {"100,000 nested marks", make_nested, 600000, 0},
    {"opening marks only", make_openers, 1u << 20, 1},
    {"every character a quote mark", make_all_marks, 1u << 20, 1},
    {"straight quotes only", make_straight, 1u << 20, 1},
    {"one line, no newline", make_long_line, 0 /* big_size() */, 0},
    {"random bytes", make_random_bytes, 1u << 20, 0},
    {"invalid sequences everywhere", make_invalid_mix, 1u << 20, 0},
    {"one 1 MB word", make_long_word, 1u << 20, 1},
    {"unclosed quote per paragraph", make_paragraphs, 1u << 20, 0},
    {"40,000 combining marks", make_combining, 80001, 0},
    {"NUL bytes", make_nul_bytes, 1u << 20, 1},
};
#define N_INPUTS (sizeof inputs / sizeof inputs[0])

static void setup(void)
{
    lq_analyzer_options o;
    lq_error err;
    count_reset();
    ck_assert_msg(lq_lexicon_load(NULL, &lexicon, &err) == LQ_OK, "%s", err.text);
    memset(&o, 0, sizeof o);
    o.lexicon = lexicon;
    ck_assert_msg(lq_analyzer_new(&o, &analyzer, &err) == LQ_OK, "%s", err.text);
}

static void teardown(void)
{
    lq_analyzer_free(analyzer);
    lq_lexicon_free(lexicon);
}

START_TEST(test_pathological)
{
    input *in = &inputs[_i];
    const char *only = getenv("LQ_LIMITS_ONLY");
    size_t full = in->size ? in->size : big_size();
    char *buf = malloc(full + 16);
    size_t n, quarter, bad_at;
    measure small[N_CALLS];
    int k;

    ck_assert_ptr_nonnull(buf);
    if (only && *only && !strstr(in->name, only)) {
        free(buf);
        return;
    }
    /* Quarter size first, for the growth check. */
    quarter = in->make(buf, full / 4);
    bad_at = first_invalid(buf, quarter);
    for (k = 0; k < N_CALLS; k++)
        small[k] = run_call((call_kind)k, buf, quarter, bad_at);

    n = in->make(buf, full);
    bad_at = first_invalid(buf, n);
    for (k = 0; k < N_CALLS; k++) {
        measure m = run_call((call_kind)k, buf, n, bad_at);
        report(in->name, n, call_names[k], &m);
        check_bounds(in->name, n, call_names[k], &m);
        if (in->wordless && (k == CALL_SCORE || k == CALL_SCORE_NORMALIZE))
            ck_assert_msg(m.compound == 0, "%s, %s: no word in the text, but compound %g",
                          in->name, call_names[k], m.compound);
        if (small[k].ms >= GROWTH_MIN_MS && m.ms > GROWTH_MAX * small[k].ms) {
            /* CPU time wobbles on a busy machine: before calling the growth
               non-linear, take the best of three more runs at each size. */
            double best_small = small[k].ms, best_full = m.ms;
            int r;
            for (r = 0; r < 3; r++) {
                size_t qn = in->make(buf, full / 4);
                measure again = run_call((call_kind)k, buf, qn, first_invalid(buf, qn));
                if (again.ms < best_small)
                    best_small = again.ms;
                n = in->make(buf, full);
                again = run_call((call_kind)k, buf, n, first_invalid(buf, n));
                if (again.ms < best_full)
                    best_full = again.ms;
            }
            bad_at = first_invalid(buf, n);
            ck_assert_msg(best_full <= GROWTH_MAX * best_small,
                          "%s, %s: %.0f ms of CPU at %zu bytes, %.0f ms at %zu (best of 4): "
                          "not linear",
                          in->name, call_names[k], best_full, n, best_small, quarter);
        }
        if (m.allocs >= 0 && small[k].status == LQ_OK && m.status == LQ_OK)
            ck_assert_msg(m.allocs <= 5 * small[k].allocs + 64,
                          "%s, %s: %ld allocations at %zu bytes but %ld at %zu: not linear",
                          in->name, call_names[k], m.allocs, n, small[k].allocs, quarter);
        if (HAVE_MEMORY_COUNT && small[k].status == LQ_OK && m.status == LQ_OK)
            ck_assert_msg(m.held <= 5 * small[k].held + MEM_BASE,
                          "%s, %s: %zu bytes held at %zu bytes of input, %zu at %zu",
                          in->name, call_names[k], m.held, n, small[k].held, quarter);
    }
    free(buf);
}
END_TEST

/* ---- lexicon files ----------------------------------------------------------- */

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *data, size_t len)
{
    static char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static void rm_tmp(const char *path)
{
    unlink(path);
}

static lq_status load_words(const char *name, const char *data, size_t len,
                            lq_lexicon_format fmt, lq_lexicon **out, lq_error *err)
{
    lq_lexicon_options o;
    const char *path = write_tmp(name, data, len);
    lq_status st;
    memset(&o, 0, sizeof o);
    o.words_path = path;
    o.words_format = fmt;
    st = lq_lexicon_load(&o, out, err);
    rm_tmp(path);
    return st;
}

static void expect_format_error(const char *name, const char *data, size_t len,
                                lq_lexicon_format fmt, size_t line)
{
    lq_lexicon *lex = (lq_lexicon *)&lex;
    lq_error err;
    lq_status st = load_words(name, data, len, fmt, &lex, &err);
    if (st == LQ_OK)
        printf("| lexicon %-20s | %8zu bytes | accepted\n", name, len);
    else
        printf("| lexicon %-20s | %8zu bytes | %s, line %zu: %s\n", name, len,
               lq_strerror(st), err.line, err.text);
    ck_assert_msg(st == LQ_EFORMAT || st == LQ_EUTF8, "%s: loaded (%d) instead of an error",
                  name, st);
    ck_assert_ptr_null(lex);
    ck_assert_msg(err.line == line, "%s: error names line %zu, the bad line is %zu (%s)", name,
                  err.line, line, err.text);
    ck_assert_msg(strstr(err.text, name) != NULL, "%s: the message does not name the file: %s",
                  name, err.text);
}

START_TEST(test_lexicon_truncated)
{
    static const char vader[] = "good\t1.9\t0.5\t[2, 2, 1, 2, 3, 2, 1, 2, 2, 2]\n"
                                "bad\t-2.5\t0.6\t[-2, -3, -2, -3, -2, -3, -2, -3, -2, -3]\n"
                                "terri";
    static const char tsv[] = "good\t1.9\nbad\t-2.5\nugly\n";
    static const char afinn[] = "good\t3\nbad\t-3\nworse\t";
    expect_format_error("truncated-vader.txt", vader, sizeof vader - 1, LQ_LEX_VADER, 3);
    expect_format_error("truncated-tsv.txt", tsv, sizeof tsv - 1, LQ_LEX_TSV, 3);
    expect_format_error("truncated-afinn.txt", afinn, sizeof afinn - 1, LQ_LEX_AFINN, 3);
}
END_TEST

START_TEST(test_lexicon_binary)
{
    static const char bin[] = "good\t1.9\n\x00\x01\x02\xFF\xFE\t1\n";
    static const char badutf[] = "good\t1.9\nok\t1\ncaf\xC3\t2\n";
    static const char badnum[] = "good\t1.9\nworse\tabc\n";
    static const char nan_[] = "good\t1.9\nworse\tnan\n";
    static const char range[] = "good\t1.9\nworse\t-9.5\n";
    expect_format_error("binary.txt", bin, sizeof bin - 1, LQ_LEX_TSV, 2);
    expect_format_error("bad-utf8.txt", badutf, sizeof badutf - 1, LQ_LEX_TSV, 3);
    expect_format_error("bad-number.txt", badnum, sizeof badnum - 1, LQ_LEX_TSV, 2);
    expect_format_error("nan.txt", nan_, sizeof nan_ - 1, LQ_LEX_TSV, 2);
    expect_format_error("out-of-range.txt", range, sizeof range - 1, LQ_LEX_TSV, 2);
}
END_TEST

START_TEST(test_lexicon_crlf_bom)
{
    static const char lf[] = "# own test data\nhopeful\t1.7\nbleak\t-2.1\n";
    static const char crlf[] = "\xEF\xBB\xBF# own test data\r\nhopeful\t1.7\r\n\r\nbleak\t-2.1\r\n";
    lq_lexicon *a = NULL, *b = NULL;
    lq_error err;
    double va, vb;
    ck_assert_msg(load_words("lf.txt", lf, sizeof lf - 1, LQ_LEX_TSV, &a, &err) == LQ_OK, "%s",
                  err.text);
    ck_assert_msg(load_words("crlf-bom.txt", crlf, sizeof crlf - 1, LQ_LEX_TSV, &b, &err) ==
                      LQ_OK,
                  "%s", err.text);
    ck_assert_uint_eq(lq_lexicon_size(a), lq_lexicon_size(b));
    ck_assert_int_eq(lq_lexicon_lookup(a, "bleak", 5, &va), 1);
    ck_assert_int_eq(lq_lexicon_lookup(b, "bleak", 5, &vb), 1);
    ck_assert(va == vb);
    ck_assert_int_eq(lq_lexicon_lookup(b, "hopeful", 7, &vb), 1);
    printf("| lexicon %-20s | %8zu bytes | accepted, same %zu entries as with LF\n",
           "crlf-bom.txt", sizeof crlf - 1, lq_lexicon_size(b));
    lq_lexicon_free(a);
    lq_lexicon_free(b);
}
END_TEST

/* Duplicate keys: an error naming the second line, or (documented) one
   value kept; never both entries counted. */
START_TEST(test_lexicon_duplicates)
{
    static const char dup[] = "calm\t1.0\nfine\t0.5\ncalm\t-1.0\n";
    lq_lexicon *lex = NULL;
    lq_error err;
    lq_status st = load_words("duplicates.txt", dup, sizeof dup - 1, LQ_LEX_TSV, &lex, &err);
    if (st == LQ_OK) {
        double v;
        ck_assert_uint_eq(lq_lexicon_size(lex), 2);
        ck_assert_int_eq(lq_lexicon_lookup(lex, "calm", 4, &v), 1);
        ck_assert(v == 1.0 || v == -1.0);
        printf("| lexicon %-20s | %8zu bytes | accepted, 'calm' = %g\n", "duplicates.txt",
               sizeof dup - 1, v);
        lq_lexicon_free(lex);
    } else {
        ck_assert_msg(st == LQ_EFORMAT && err.line == 3, "duplicates: %d, line %zu: %s", st,
                      err.line, err.text);
        printf("| lexicon %-20s | %8zu bytes | %s line %zu: %s\n", "duplicates.txt",
               sizeof dup - 1, lq_strerror(st), err.line, err.text);
    }
}
END_TEST

START_TEST(test_lexicon_huge)
{
    size_t n = 200000, i, o = 0;
    char *data = malloc(n * 32);
    lq_lexicon *lex = NULL;
    lq_error err;
    lq_status st;
    double v;
    long allocs;
    char want[32];
    ck_assert_ptr_nonnull(data);
    for (i = 0; i < n; i++)
        o += (size_t)sprintf(data + o, "w%zux\t%.1f\n", i, (double)((int)(i % 71) - 35) / 10);
    count_reset();
    st = load_words("huge.txt", data, o, LQ_LEX_TSV, &lex, &err);
    allocs = count_allocs();
    ck_assert_msg(st == LQ_OK, "%s", err.text);
    ck_assert_uint_eq(lq_lexicon_size(lex), n);
    ck_assert_int_eq(lq_lexicon_lookup(lex, "w123457x", 8, &v), 1);
    snprintf(want, sizeof want, "%.1f", (double)((int)(123457 % 71) - 35) / 10);
    ck_assert_msg(v == strtod(want, NULL), "w123457x = %g, file says %s", v, want);
    printf("| lexicon %-20s | %8zu bytes | accepted, %zu entries, %ld allocations\n",
           "huge.txt", o, lq_lexicon_size(lex), allocs);
    if (allocs >= 0)
        ck_assert_uint_le((size_t)allocs, ALLOC_BASE + o / ALLOC_BYTES_PER);
    lq_lexicon_free(lex);
    free(data);
}
END_TEST

static Suite *limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("pathological input");
    tcase_add_checked_fixture(tc, setup, teardown);
    /* A guard against hangs only (fork mode; CK_TIMEOUT_MULTIPLIER scales
       it): the bounds themselves are counts. A linear run of the largest
       input takes seconds. */
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_pathological, 0, N_INPUTS);
    suite_add_tcase(s, tc);

    tc = tcase_create("lexicon files");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_lexicon_truncated);
    tcase_add_test(tc, test_lexicon_binary);
    tcase_add_test(tc, test_lexicon_crlf_bom);
    tcase_add_test(tc, test_lexicon_duplicates);
    tcase_add_test(tc, test_lexicon_huge);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(limits_suite());
    int failed;
    const char *t = getenv("TMPDIR");
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(tmpdir, sizeof tmpdir, "%s/lq-limits-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return EXIT_FAILURE;
    }
    printf("| %-28s | %10s | %-22s | %9s | %10s | %9s | %s\n", "input", "bytes", "call",
           "allocs", "held KiB", "cpu ms", "result");
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rmdir(tmpdir);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
