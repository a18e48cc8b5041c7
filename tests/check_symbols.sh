#!/bin/sh
# The shared library exports only lq_* symbols (STYLE: -export-symbols-regex '^lq_').
lib=$(ls "$LQ_TOP_BUILDDIR"/libquote/.libs/libquote.so.* 2>/dev/null | head -n 1)
if [ -z "$lib" ]; then
    echo "1 passed, 0 failed, 1 skipped: no shared library built"
    exit 77
fi
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/ {print $3}' | grep -v '^lq_' | grep -v '^_' || true)
n=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/ {print $3}' | grep -c '^lq_')
if [ -n "$bad" ]; then
    echo "symbols exported without the lq_ prefix:"; echo "$bad"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "$n lq_ symbols exported, nothing else"
echo "1 passed, 0 failed"
