#!/bin/sh
# Install into a scratch prefix and build a user's program with pkg-config,
# as a user of the library would. Prints "N passed, N failed".
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$TOP/_build}
# A staged install (DESTDIR) of the configured build, read through
# pkg-config's sysroot: exactly what a package build does.
DEST=$(mktemp -d)
trap 'rm -rf "$DEST"' EXIT
cd "$BUILD"
make -s install DESTDIR="$DEST" >/dev/null
prefix=$(sed -n 's/^prefix=//p' libquote.pc)
libdir=$(sed -n 's/^libdir=//p' libquote.pc | sed "s|\${exec_prefix}|$prefix|; s|\${prefix}|$prefix|")
PREFIX="$DEST$prefix"
export PKG_CONFIG_PATH="$DEST$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST"
pass=0; fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }
cc -std=c11 -Wall -Wextra -Werror -o "$DEST/hello" "$TOP/examples/hello.c" \
    $(pkg-config --cflags --libs libquote)
out=$(LD_LIBRARY_PATH="$DEST$libdir" "$DEST/hello")
echo "$out"
check test "$(pkg-config --modversion libquote)" = "$(echo "$out" | sed -n 's/^libquote \([^ ]*\).*/\1/p')"
check sh -c "echo \"\$1\" | grep -q 'Café au lait' " _ "$out"
check test -x "$PREFIX/bin/quote"
check test -f "$PREFIX/include/libquote.h"
check test -f "$PREFIX/include/libquote_version.h"
check test ! -f "$PREFIX/include/private.h"
check test -d "$PREFIX/share/libquote"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
