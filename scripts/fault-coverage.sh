#!/bin/sh
# Which allocation sites does the allocation-failure sweep (tests/check_faults)
# reach? Builds the fault-injection library with gcov in _build-faultcov/,
# runs check_faults, and lists every line of libquote/*.c that calls the
# allocator (lq_malloc, lq_calloc, lq_realloc, lq_strndup, lq_buf_*,
# lq_arena_*, lq_strmap_init/put) with its execution count. Lines never
# executed are sites the sweep does not cover. Exit status 1 when any is
# left.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
B=_build-faultcov
if [ ! -x configure ] || [ configure.ac -nt configure ]; then autoreconf -fi >/dev/null 2>&1; fi
mkdir -p "$B"
if [ ! -f "$B/Makefile" ] || [ configure -nt "$B/Makefile" ]; then
    (cd "$B" && "$TOP/configure" -q --disable-shared --enable-python=no --enable-fault-injection \
        CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage")
fi
make -s -C "$B/libquote" -j"$(nproc)" >/dev/null
make -s -C "$B/tests" -j"$(nproc)" check_faults >/dev/null
find "$B" -name '*.gcda' -delete
(cd "$B/tests" && LIBQUOTE_DATADIR="$TOP/lexicons" CK_FORK=no ./check_faults >/dev/null)

sites=0; missed=0
cd "$B/libquote"
for gcno in .libs/*.gcno *.gcno; do
    [ -f "$gcno" ] || continue
    gcov -o "$(dirname "$gcno")" "$gcno" >/dev/null 2>&1 || true
done
for g in *.c.gcov; do
    [ -f "$g" ] || continue
    case $g in alloc.c.gcov) continue ;; esac
    out=$(grep -E 'lq_(malloc|calloc|realloc|strndup|buf_reserve|buf_append|buf_detach|arena_alloc|arena_strndup|strmap_init|strmap_put)\(' "$g" \
        | grep -vE '^ *-:' | grep -vE '^\s*[0-9#*]+:\s*[0-9]+:\s*(/\*|\*|//)' \
        | grep -vE '^\s*[0-9#*]+:\s*[0-9]+:[a-z]' || true)
    [ -n "$out" ] || continue
    n=$(echo "$out" | wc -l)
    m=$(echo "$out" | grep -c '#####' || true)
    sites=$((sites + n)); missed=$((missed + m))
    echo "$out" | grep '#####' | sed "s|^|${g%.gcov}: not reached: |" || true
done
echo "allocation call sites in libquote/*.c: $sites, reached by the sweep: $((sites - missed)), not reached: $missed"
[ "$missed" -eq 0 ]
