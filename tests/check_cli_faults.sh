#!/bin/sh
# The `quote` tool under failure: unreadable files, a directory as input, a
# reader that goes away (quote ... | head -1), a full disk (/dev/full), a file
# size limit. Every subcommand that reads text is tried. Expected:
# - a bad input: status 1, one message naming the file, nothing on stdout;
# - a closed pipe: quiet (no message), status 0, never killed by SIGPIPE;
# - a write error: a message, a non-zero status, and a regular output file
#   holds complete lines only.
# Ends with "N passed, N failed, N skipped".
set -u
QUOTE=${LQ_TOP_BUILDDIR:-..}/tools/quote
passed=0; failed=0; skipped=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }

if [ ! -x "$QUOTE" ]; then
    echo "no quote tool at $QUOTE"
    echo "0 passed, 0 failed, 1 skipped"
    exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/lq-cli-XXXXXX")
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT

# Subcommands that take text files, as far as this build has them.
commands=""
for c in normalize extract score; do
    "$QUOTE" --help 2>/dev/null | grep -qE "^  $c " && commands="$commands $c"
done
if [ -z "$commands" ]; then
    echo "the quote tool has no text subcommands yet"
    echo "0 passed, 0 failed, 1 skipped"
    exit 77
fi

# A large input of our own: many paragraphs with quotes and speakers.
i=0
: > "$T/big.txt"
while [ $i -lt 400 ]; do
    printf '%s\n\n' \
        "“We will rebuild the bridge by spring,” said Mayor Ana Ruiz. “It is not a bad plan.”" \
        "Critics called it ‘a gamble’, and council chief Peter Holm said: “We will see, paragraph $i.”" \
        >> "$T/big.txt"
    i=$((i + 1))
done
for k in 1 2 3 4 5 6; do cat "$T/big.txt" "$T/big.txt" > "$T/big2.txt"; mv "$T/big2.txt" "$T/big.txt"; done
printf '“Short,” she said.\n' > "$T/small.txt"

for c in $commands; do
    # 1. A file that does not exist.
    "$QUOTE" "$c" "$T/missing.txt" > "$T/out" 2> "$T/err"; st=$?
    if [ $st -eq 1 ] && [ ! -s "$T/out" ] && grep -q "missing.txt" "$T/err" \
        && [ "$(wc -l < "$T/err")" -eq 1 ]; then
        ok "$c: missing file -> status 1, $(cat "$T/err")"
    else
        bad "$c: missing file -> status $st, stderr: $(cat "$T/err"), stdout $(wc -c < "$T/out") bytes"
    fi

    # 2. A directory.
    mkdir -p "$T/dir"
    "$QUOTE" "$c" "$T/dir" > "$T/out" 2> "$T/err"; st=$?
    if [ $st -eq 1 ] && [ ! -s "$T/out" ] && grep -q "dir" "$T/err"; then
        ok "$c: directory -> status 1, $(cat "$T/err")"
    else
        bad "$c: directory -> status $st, stderr: $(cat "$T/err")"
    fi

    # 3. A file without read permission (root reads anything: skipped).
    cp "$T/small.txt" "$T/locked.txt"
    chmod 000 "$T/locked.txt"
    if [ "$(id -u)" -eq 0 ]; then
        skip "$c: unreadable file (running as root)"
    else
        "$QUOTE" "$c" "$T/locked.txt" > "$T/out" 2> "$T/err"; st=$?
        if [ $st -eq 1 ] && grep -q "locked.txt" "$T/err" && grep -qi "denied" "$T/err"; then
            ok "$c: unreadable file -> status 1, $(cat "$T/err")"
        else
            bad "$c: unreadable file -> status $st, stderr: $(cat "$T/err")"
        fi
    fi

    # 4. The reader goes away: quiet, status 0, no SIGPIPE death.
    { "$QUOTE" "$c" "$T/big.txt" 2> "$T/err"; echo $? > "$T/status"; } | head -n 1 > "$T/out"
    st=$(cat "$T/status")
    if [ "$st" -eq 0 ] && [ ! -s "$T/err" ] && [ "$(wc -l < "$T/out")" -eq 1 ]; then
        ok "$c: | head -1 -> quiet, status 0"
    else
        bad "$c: | head -1 -> status $st (141 = killed by SIGPIPE), stderr: $(head -c 300 "$T/err")"
    fi

    # 5. Disk full.
    if [ -w /dev/full ]; then
        "$QUOTE" "$c" "$T/big.txt" > /dev/full 2> "$T/err"; st=$?
        if [ $st -ne 0 ] && [ $st -ne 141 ] && grep -qi "no space left" "$T/err" \
            && [ "$(wc -l < "$T/err")" -eq 1 ]; then
            ok "$c: > /dev/full -> status $st, $(cat "$T/err")"
        else
            bad "$c: > /dev/full -> status $st, stderr: $(head -c 300 "$T/err")"
        fi
        "$QUOTE" "$c" "$T/small.txt" > /dev/full 2> "$T/err"; st=$?
        if [ $st -ne 0 ] && grep -qi "no space left" "$T/err"; then
            ok "$c: small output > /dev/full -> status $st"
        else
            bad "$c: small output > /dev/full -> status $st, stderr: $(cat "$T/err")"
        fi
    else
        skip "$c: no /dev/full"
    fi

    # 6. A file size limit (a disk that fills up half-way): what was written
    #    is complete lines. SIGXFSZ is ignored so the write fails with EFBIG.
    rm -f "$T/limited.out"
    full=$("$QUOTE" "$c" "$T/big.txt" 2>/dev/null | wc -c)
    if [ "$full" -lt 400000 ]; then
        skip "$c: output of $full bytes is too small for the file size limit test"
        continue
    fi
    ( trap '' XFSZ; ulimit -f 100 && exec "$QUOTE" "$c" "$T/big.txt" ) > "$T/limited.out" 2> "$T/err"; st=$?
    size=$(wc -c < "$T/limited.out")
    last=$(tail -c 1 "$T/limited.out" | od -An -c | tr -d ' ')
    # The limit is 100 blocks (51200 or 102400 bytes): what fits is kept.
    if [ $st -ne 0 ] && [ -s "$T/err" ] && [ "$size" -gt 40000 ] && [ "$last" = '\n' ]; then
        ok "$c: file size limit -> status $st, $size bytes of complete lines kept"
    else
        bad "$c: file size limit -> status $st, $size bytes, last byte '$last', stderr: $(head -c 300 "$T/err")"
    fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
