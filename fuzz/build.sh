#!/bin/sh
# Build the libFuzzer targets: the library is configured and built with
# clang -fsanitize=fuzzer-no-link,address,undefined in its own build tree
# (so generated sources and the source list come from the real build), then
# each fuzz/fuzz_*.c is linked with -fsanitize=fuzzer against it.
#
#   fuzz/build.sh [TARGET...]       (default: every fuzz/fuzz_*.c)
#
# TARGET is normalize, analyze, score or lexicon. Environment: FUZZ_BIN
# (output directory, default fuzz/_build), CC (default clang), FUZZ_CFLAGS
# (extra flags), FUZZ_SANITIZERS (default address,undefined).
set -eu
FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$FUZZ_DIR/.." && pwd)
OUT=${FUZZ_BIN:-$FUZZ_DIR/_build}
CC=${CC:-clang}
SAN=${FUZZ_SANITIZERS:-address,undefined}
JOBS=$(nproc 2>/dev/null || echo 2)

command -v "$CC" >/dev/null 2>&1 || {
    echo "fuzz/build.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
}
mkdir -p "$OUT/lib"
OUT=$(cd "$OUT" && pwd)

FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=$SAN -fno-sanitize-recover=undefined ${FUZZ_CFLAGS:-}"

# 1. The library, configured once for the fuzzers.
if [ ! -x "$TOP/configure" ] || [ "$TOP/configure.ac" -nt "$TOP/configure" ]; then
    (cd "$TOP" && autoreconf -fi >/dev/null 2>&1)
fi
if [ ! -f "$OUT/lib/Makefile" ] || [ "$TOP/configure" -nt "$OUT/lib/Makefile" ]; then
    (cd "$OUT/lib" && "$TOP/configure" -q --disable-shared --enable-python=no CC="$CC" \
        CFLAGS="$FLAGS -fsanitize=fuzzer-no-link" LDFLAGS="-fsanitize=$SAN")
fi
make -s -C "$OUT/lib/libquote" -j"$JOBS" >/dev/null
LIB=$OUT/lib/libquote/.libs/libquote-core.a

UTF8PROC_LIBS=$(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L $FLAGS -Wall -Wextra -Wno-unused-parameter \
-I$OUT/lib/libquote -I$TOP/libquote -DLQ_FUZZ_DATADIR=\"$TOP/lexicons\""

# 2. The targets.
targets=""
for t in "$@"; do targets="$targets $FUZZ_DIR/fuzz_$t.c"; done
[ -n "$targets" ] || targets=$(ls "$FUZZ_DIR"/fuzz_*.c)
for t in $targets; do
    name=$(basename "$t" .c)
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer "$t" "$FUZZ_DIR/props.c" "$LIB" \
        $UTF8PROC_LIBS -lm -o "$OUT/$name"
    echo "built $OUT/$name"
done
