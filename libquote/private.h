/* Internal declarations shared by the library's source files. Never installed. */
#ifndef LQ_PRIVATE_H
#define LQ_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "libquote.h"

#if defined(__GNUC__)
#define LQ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define LQ_LIKELY(x) __builtin_expect(!!(x), 1)
#define LQ_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LQ_PRINTF(a, b)
#define LQ_LIKELY(x) (x)
#define LQ_UNLIKELY(x) (x)
#endif

/* ---- errors (error.c) ------------------------------------------------ */

/* Fill err (when not NULL) and return code. Never allocates. */
lq_status lq_fail(lq_error *err, lq_status code, size_t offset, size_t line,
                  const char *fmt, ...) LQ_PRINTF(5, 6);
/* Reset err to LQ_OK with an empty message. */
void lq_error_clear(lq_error *err);

/* ---- allocation (alloc.c) -------------------------------------------- */
/* Every allocation of the library goes through these, so that a test build
   (--enable-fault-injection) can make the N-th one fail. */
void *lq_malloc(size_t n);
void *lq_calloc(size_t count, size_t size);
void *lq_realloc(void *p, size_t n);
void lq_dealloc(void *p);
char *lq_strndup(const char *s, size_t n);

#ifdef LQ_FAULT_INJECTION
/* Test hooks: fail the allocation whose 0-based index is `fail_at` (counting
   from the last reset); SIZE_MAX never fails. lq_alloc_count() tells how many
   allocations were attempted since the reset. Test builds only. */
LQ_API void lq_alloc_fail_at(size_t fail_at);
LQ_API size_t lq_alloc_count(void);
#endif

/* ---- growable byte buffer (buffer.c) ---------------------------------- */
typedef struct lq_buf {
    char *data;
    size_t len;
    size_t cap;
} lq_buf;

void lq_buf_init(lq_buf *b);
void lq_buf_release(lq_buf *b);
/* Make room for `extra` more bytes (+1 for a NUL). 0 on success, -1 on ENOMEM. */
int lq_buf_reserve(lq_buf *b, size_t extra);
int lq_buf_append(lq_buf *b, const char *s, size_t n);
/* Hand the buffer's bytes to the caller, NUL-terminated; the buffer is reset. */
char *lq_buf_detach(lq_buf *b, size_t *len);

/* ---- arena: many small allocations freed at once (arena.c) ------------ */
typedef struct lq_arena_block lq_arena_block;
typedef struct lq_arena {
    lq_arena_block *head;
    size_t block_size;
} lq_arena;

void lq_arena_init(lq_arena *a, size_t block_size);
void lq_arena_release(lq_arena *a);
/* 8-byte aligned memory; NULL on ENOMEM. */
void *lq_arena_alloc(lq_arena *a, size_t n);
/* Copy n bytes and add a NUL. */
char *lq_arena_strndup(lq_arena *a, const char *s, size_t n);

/* ---- UTF-8 (utf8.c) ---------------------------------------------------- */
/* Decode one code point from s[0..len). Returns the number of bytes used
   (1..4) and sets *cp, or for an invalid sequence returns minus the length of
   its maximal subpart (-1..-3) and sets *cp to -1. len must be > 0. */
int lq_utf8_decode(const uint8_t *s, size_t len, int32_t *cp);
/* Encode cp (valid scalar value) into out (4 bytes room); returns the length. */
int lq_utf8_encode(int32_t cp, uint8_t *out);

/* ---- files and data directory (files.c) --------------------------------- */
/* Read a whole file. *data is NUL-terminated; release with lq_dealloc(). */
lq_status lq_read_file(const char *path, char **data, size_t *len, lq_error *err);
/* The data directory to use: `given` if not NULL, else $LIBQUOTE_DATADIR,
   else the compiled-in installation directory. Never NULL. */
const char *lq_datadir(const char *given);
/* Join dir and name into buf (size n). Returns LQ_OK or LQ_ELIMIT. */
lq_status lq_path_join(char *buf, size_t n, const char *dir, const char *name,
                       lq_error *err);

/* ---- line-oriented data files (files.c) ----------------------------------- */
/* Iterate over the lines of a text file already in memory: skips a leading
   UTF-8 BOM, accepts LF and CRLF, strips trailing spaces/tabs/CR. Lines that
   are empty or start with '#' are skipped unless keep_comments is set.
   Usage:
       lq_lines it; lq_lines_init(&it, data, len);
       while (lq_lines_next(&it)) { use it.line, it.line_len, it.lineno; }   */
typedef struct lq_lines {
    const char *data;
    size_t len;
    size_t pos;
    const char *line;   /* current line (not NUL-terminated) */
    size_t line_len;
    size_t lineno;      /* 1-based number of the current line */
    size_t offset;      /* byte offset of the current line in data */
    int keep_comments;  /* set after lq_lines_init to return '#' lines too */
} lq_lines;

void lq_lines_init(lq_lines *it, const char *data, size_t len);
/* LQ_OK when the current line is valid UTF-8; otherwise LQ_EUTF8 naming
   PATH:LINE and the byte of the line (err->offset: byte in the file). */
lq_status lq_lines_check_utf8(const lq_lines *it, const char *path, lq_error *err);
int lq_lines_next(lq_lines *it);

/* ---- string-keyed hash map (strmap.c) -------------------------------------- */
/* Open addressing with linear probing, power-of-two capacity, load <= 1/2.
   Keys are copied into the map's arena; each entry carries a 64-bit payload
   (a number, an index or a pointer, as the user decides). Built once, then
   read-only: lookups are safe from any number of threads. */
typedef union lq_value {
    double d;
    int64_t i;
    void *p;
} lq_value;

typedef struct lq_strmap_entry {
    const char *key;   /* NUL-terminated, in the arena; NULL = empty slot */
    uint32_t key_len;
    uint32_t hash;
    lq_value value;
} lq_strmap_entry;

typedef struct lq_strmap {
    lq_strmap_entry *slots;
    size_t cap;   /* power of two */
    size_t count;
    lq_arena arena;
} lq_strmap;

uint32_t lq_hash_bytes(const char *s, size_t n);
lq_status lq_strmap_init(lq_strmap *m, size_t expected);
void lq_strmap_release(lq_strmap *m);
/* Insert or find key. *entry points at its slot; *added says whether it was
   new (value zeroed) or already there. LQ_ENOMEM on failure. Pointers to
   entries are invalidated by the next insertion. */
lq_status lq_strmap_put(lq_strmap *m, const char *key, size_t len,
                        lq_strmap_entry **entry, int *added);
/* The entry for key, or NULL. */
const lq_strmap_entry *lq_strmap_get(const lq_strmap *m, const char *key, size_t len);

#endif /* LQ_PRIVATE_H */
