#!/bin/sh
# Build the libFuzzer targets: clang with -fsanitize=fuzzer,address,undefined,
# compiled straight from the library sources (the list in
# libquote/Makefile.am), so no configure run is needed.
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

command -v "$CC" >/dev/null 2>&1 || {
    echo "fuzz/build.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
}
mkdir -p "$OUT/obj"

# The version header configure would generate.
ver() { sed -n "s/^m4_define(\[lq_$1\], \[\([0-9]*\)\])/\1/p" "$TOP/configure.ac"; }
maj=$(ver major); min=$(ver minor); pat=$(ver patch)
sed -e "s/@LQ_VERSION_MAJOR@/$maj/" -e "s/@LQ_VERSION_MINOR@/$min/" \
    -e "s/@LQ_VERSION_PATCH@/$pat/" -e "s/@PACKAGE_VERSION@/$maj.$min.$pat/" \
    "$TOP/libquote/libquote_version.h.in" > "$OUT/libquote_version.h.tmp"
cmp -s "$OUT/libquote_version.h.tmp" "$OUT/libquote_version.h" 2>/dev/null \
    || mv "$OUT/libquote_version.h.tmp" "$OUT/libquote_version.h"
rm -f "$OUT/libquote_version.h.tmp"

# The C sources of the library, as libquote/Makefile.am lists them.
SOURCES=$(sed -n '/^libquote_core_la_SOURCES *=/,/[^\\]$/p' "$TOP/libquote/Makefile.am" \
    | tr ' \t\\' '\n\n\n' | grep '\.c$' | sed 's/^=//')

UTF8PROC_CFLAGS=$(pkg-config --cflags libutf8proc 2>/dev/null || true)
UTF8PROC_LIBS=$(pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
-fsanitize=$SAN -fno-sanitize-recover=undefined \
-Wall -Wextra -Wno-unused-parameter -I$OUT -I$TOP/libquote \
-DLQ_DATADIR=\"$TOP/lexicons\" -DLQ_FUZZ_DATADIR=\"$TOP/lexicons\" \
$UTF8PROC_CFLAGS ${FUZZ_CFLAGS:-}"

objs=""
for src in $SOURCES; do
    o="$OUT/obj/${src%.c}.o"
    # Rebuild when the source, a header or this script is newer.
    if [ ! -f "$o" ] || [ "$TOP/libquote/$src" -nt "$o" ] || [ "$0" -nt "$o" ] \
        || [ -n "$(find "$TOP/libquote" -name '*.h' -newer "$o" 2>/dev/null)" ]; then
        # shellcheck disable=SC2086
        $CC $CFLAGS -fsanitize=fuzzer-no-link -c "$TOP/libquote/$src" -o "$o"
    fi
    objs="$objs $o"
done

targets=""
for t in "$@"; do targets="$targets $FUZZ_DIR/fuzz_$t.c"; done
[ -n "$targets" ] || targets=$(ls "$FUZZ_DIR"/fuzz_*.c)
for t in $targets; do
    name=$(basename "$t" .c)
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer "$t" "$FUZZ_DIR/props.c" $objs \
        $UTF8PROC_LIBS -lm -o "$OUT/$name"
    echo "built $OUT/$name"
done
