/* Core pieces: status codes, errors, version, UTF-8 decoding, arena, buffer. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
#include "../libquote/private.h"

START_TEST(test_version)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", LQ_VERSION_MAJOR, LQ_VERSION_MINOR,
             LQ_VERSION_PATCH);
    ck_assert_str_eq(lq_version(), want);
    ck_assert_str_eq(lq_version(), LQ_VERSION_STRING);
}
END_TEST

START_TEST(test_strerror)
{
    lq_status all[] = {LQ_OK, LQ_ENOMEM, LQ_EINVAL, LQ_EUTF8, LQ_EIO, LQ_EFORMAT, LQ_ELIMIT};
    size_t i, j;
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        ck_assert_ptr_nonnull(lq_strerror(all[i]));
        for (j = 0; j < i; j++)
            ck_assert_str_ne(lq_strerror(all[i]), lq_strerror(all[j]));
    }
    ck_assert_str_eq(lq_strerror((lq_status)-99), "unknown status");
}
END_TEST

START_TEST(test_fail_fills_error)
{
    lq_error err;
    ck_assert_int_eq(lq_fail(&err, LQ_EFORMAT, 12, 3, "bad %s", "line"), LQ_EFORMAT);
    ck_assert_int_eq(err.code, LQ_EFORMAT);
    ck_assert_uint_eq(err.offset, 12);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_str_eq(err.text, "bad line");
    ck_assert_int_eq(lq_fail(NULL, LQ_EIO, 0, 0, "x"), LQ_EIO);
}
END_TEST

START_TEST(test_fail_truncates)
{
    lq_error err;
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lq_fail(&err, LQ_EINVAL, 0, 0, "%s", big);
    ck_assert_uint_eq(strlen(err.text), LQ_ERROR_TEXT_SIZE - 1);
}
END_TEST

/* Unicode 15 §3.9 Table 3-8: maximal subparts. */
START_TEST(test_utf8_decode)
{
    int32_t cp;
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"A", 1, &cp), 1);
    ck_assert_int_eq(cp, 'A');
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xE2\x80\x9C", 3, &cp), 3);
    ck_assert_int_eq(cp, 0x201C);
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    ck_assert_int_eq(cp, 0x1F600);
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xC0\xAF", 2, &cp), -1);   /* overlong */
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xE0\x80\xAF", 3, &cp), -1); /* overlong */
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xED\xA0\x80", 3, &cp), -1); /* surrogate */
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xF4\x90\x80\x80", 4, &cp), -1); /* > U+10FFFF */
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xF5", 1, &cp), -1);
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xE2\x80", 2, &cp), -2);   /* truncated */
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xF0\x9F\x98", 3, &cp), -3);
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\xE2\x80\x41", 3, &cp), -2);
    ck_assert_int_eq(lq_utf8_decode((const uint8_t *)"\x80", 1, &cp), -1);
}
END_TEST

START_TEST(test_utf8_roundtrip)
{
    int32_t c;
    for (c = 0; c <= 0x10FFFF; c += (c < 0x800 ? 1 : 97)) {
        uint8_t b[4];
        int32_t back;
        int n;
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        n = lq_utf8_encode(c, b);
        ck_assert_int_eq(lq_utf8_decode(b, (size_t)n, &back), n);
        ck_assert_int_eq(back, c);
    }
}
END_TEST

START_TEST(test_validate)
{
    lq_error err;
    ck_assert_int_eq(lq_utf8_validate("plain ascii text here", 21, &err), LQ_OK);
    ck_assert_int_eq(lq_utf8_validate("caf\xC3\xA9", 5, &err), LQ_OK);
    ck_assert_int_eq(lq_utf8_validate("0123456789abc\xFFz", 15, &err), LQ_EUTF8);
    ck_assert_uint_eq(err.offset, 13);
    ck_assert_ptr_nonnull(strstr(err.text, "byte 13"));
    ck_assert_int_eq(lq_utf8_validate("a\0b", 3, &err), LQ_OK); /* NUL is text */
    ck_assert_int_eq(lq_utf8_validate(NULL, 0, &err), LQ_OK);
    ck_assert_int_eq(lq_utf8_validate(NULL, 3, &err), LQ_EINVAL);
}
END_TEST

START_TEST(test_arena)
{
    lq_arena a;
    size_t i;
    char *big;
    lq_arena_init(&a, 256);
    for (i = 0; i < 1000; i++) {
        char *s = lq_arena_strndup(&a, "hello", 5);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s, "hello");
        ck_assert_uint_eq((uintptr_t)s % 8, 0);
    }
    big = lq_arena_alloc(&a, 100000);
    ck_assert_ptr_nonnull(big);
    memset(big, 1, 100000);
    ck_assert_ptr_nonnull(lq_arena_alloc(&a, 10));
    lq_arena_release(&a);
    lq_arena_release(&a); /* twice is harmless */
}
END_TEST

START_TEST(test_buffer)
{
    lq_buf b;
    size_t i, len;
    char *s;
    lq_buf_init(&b);
    for (i = 0; i < 10000; i++)
        ck_assert_int_eq(lq_buf_append(&b, "ab", 2), 0);
    ck_assert_uint_eq(b.len, 20000);
    s = lq_buf_detach(&b, &len);
    ck_assert_uint_eq(len, 20000);
    ck_assert_int_eq(s[19999], 'b');
    ck_assert_int_eq(s[20000], '\0');
    lq_free(s);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_read_file_errors)
{
    lq_error err;
    char *data;
    size_t len;
    ck_assert_int_eq(lq_read_file("/nonexistent/libquote-file", &data, &len, &err), LQ_EIO);
    ck_assert_ptr_null(data);
    ck_assert_ptr_nonnull(strstr(err.text, "/nonexistent/libquote-file"));
}
END_TEST

START_TEST(test_lines)
{
    const char *txt = "\xEF\xBB\xBF# header\r\nalpha\t1\r\n\n  \nbeta  \n#c\ngamma";
    lq_lines it;
    lq_lines_init(&it, txt, strlen(txt));
    ck_assert(lq_lines_next(&it));
    ck_assert_uint_eq(it.lineno, 2);
    ck_assert_uint_eq(it.line_len, 7);
    ck_assert_int_eq(memcmp(it.line, "alpha\t1", 7), 0);
    ck_assert(lq_lines_next(&it));
    ck_assert_uint_eq(it.lineno, 5);
    ck_assert_uint_eq(it.line_len, 4);
    ck_assert(lq_lines_next(&it));
    ck_assert_uint_eq(it.lineno, 7);
    ck_assert_uint_eq(it.line_len, 5);
    ck_assert(!lq_lines_next(&it));
}
END_TEST

START_TEST(test_strmap)
{
    lq_strmap m;
    lq_strmap_entry *e;
    int added, i;
    char key[32];
    ck_assert_int_eq(lq_strmap_init(&m, 4), LQ_OK);
    for (i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        ck_assert_int_eq(lq_strmap_put(&m, key, (size_t)n, &e, &added), LQ_OK);
        ck_assert(added);
        e->value.i = i;
    }
    ck_assert_int_eq(lq_strmap_put(&m, "k7", 2, &e, &added), LQ_OK);
    ck_assert(!added);
    ck_assert_int_eq(e->value.i, 7);
    ck_assert_uint_eq(m.count, 5000);
    for (i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        const lq_strmap_entry *g = lq_strmap_get(&m, key, (size_t)n);
        ck_assert_ptr_nonnull(g);
        ck_assert_int_eq(g->value.i, i);
    }
    ck_assert_ptr_null(lq_strmap_get(&m, "k5000", 5));
    ck_assert_ptr_null(lq_strmap_get(&m, "", 0));
    lq_strmap_release(&m);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_strerror);
    tcase_add_test(tc, test_fail_fills_error);
    tcase_add_test(tc, test_fail_truncates);
    suite_add_tcase(s, tc);
    tc = tcase_create("utf8");
    tcase_add_test(tc, test_utf8_decode);
    tcase_add_test(tc, test_utf8_roundtrip);
    tcase_add_test(tc, test_validate);
    suite_add_tcase(s, tc);
    tc = tcase_create("memory");
    tcase_add_test(tc, test_arena);
    tcase_add_test(tc, test_buffer);
    tcase_add_test(tc, test_read_file_errors);
    tcase_add_test(tc, test_lines);
    tcase_add_test(tc, test_strmap);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(core_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
