#!/bin/sh
# bench/bench_scaling.sh: instructions per input byte of lq_analyze, counted by
# valgrind --tool=callgrind (stable from run to run, unlike timings), for
# inputs of 1 KB, 1 MB and a large size, normal and pathological:
#   news     the news corpus repeated
#   oneline  the same as a single line
#   noclose  one opening mark that never closes
#   nested   blocks of 2,000 nested marks
#   opens    every quote opened and never closed
#   deep     one nest of marks as deep as the input (10 KB, 100 KB, 1 MB)
# Only the instructions inside lq_analyze are counted (--toggle-collect), so
# loading the lexicon does not blur the small sizes. The cost is linear when a
# row is flat (spread within 10%).
#
#   LQ_SCALING_BIG_MB=16   the large size. Callgrind runs about 50x slower than
#                          the program, so the default is 16 MB; set 100 for the
#                          100 MB figures of the issue (about 10 minutes).
#   LQ_SCALING_KINDS="news oneline noclose nested opens"
# Run by bench/run.sh after the build; alone it expects _build-bench/.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${LQ_SHARED:-$TOP/../shared}
BUILD=${LQ_BENCH_BUILD:-$TOP/_build-bench}
BIG=${LQ_SCALING_BIG_MB:-16}
KINDS=${LQ_SCALING_KINDS:-news oneline noclose nested opens}
NEWS=$SHARED/corpora/news
export LIBQUOTE_DATADIR="$TOP/lexicons"

if [ ! -d "$NEWS" ]; then
    echo "bench_scaling: $NEWS is missing; set LQ_SHARED" >&2
    exit 77
fi
if [ ! -x "$BUILD/bench/bench_analyze" ]; then
    echo "bench_scaling: build first (bench/run.sh, or make -C $BUILD/bench bench)" >&2
    exit 1
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench_scaling: valgrind is not installed" >&2
    exit 1
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lq-scaling.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# Instructions executed inside FUNCTION by a command.
instructions() {
    fn=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" --collect-atstart=no \
        --toggle-collect="$fn" "$@" >/dev/null 2>"$TMP/cg.err" || {
        cat "$TMP/cg.err" >&2
        echo 0
        return
    }
    sed -n 's/^summary: *\([0-9]*\).*/\1/p; s/^totals: *\([0-9]*\).*/\1/p' "$TMP/cg.out" | head -n 1
}

echo "== instructions per input byte inside lq_analyze (callgrind; sizes 1 KB, 1 MB, $BIG MB)"
printf '%-9s %12s %12s %12s %9s\n' input "1 KB" "1 MB" "$BIG MB" spread
for kind in $KINDS; do
    row=""
    vals=""
    for bytes in 1000 1000000 $((BIG * 1000000)); do
        "$BUILD/bench/bench_gen" "$kind" "$bytes" "$TMP/in.txt" "$NEWS"/*.txt
        n=$(wc -c < "$TMP/in.txt")
        ir=$(instructions lq_analyze "$BUILD/bench/bench_analyze" --once "$TMP/in.txt")
        v=$(echo "$ir $n" | awk '{printf "%.1f", $1 / $2}')
        row="$row $(printf '%12s' "$v")"
        vals="$vals $v"
    done
    spread=$(echo "$vals" | awk '{mn=$1; mx=$1; for (i=2;i<=NF;i++) {if ($i<mn) mn=$i; if ($i>mx) mx=$i}; if (mn > 0) printf "%.1f%%", (mx-mn)/mn*100; else print "n/a"}')
    printf '%-9s%s %9s\n' "$kind" "$row" "$spread"
done

# One nest as deep as the input (the pathological case of nesting): smaller
# sizes, since a cost that grows faster than the input shows at once and
# would take hours under callgrind at 16 MB.
printf '%-9s %12s %12s %12s %9s\n' "" "10 KB" "100 KB" "1 MB" growth
row=""
vals=""
for bytes in 10000 100000 1000000; do
    "$BUILD/bench/bench_gen" deep "$bytes" "$TMP/in.txt" "$NEWS"/*.txt
    n=$(wc -c < "$TMP/in.txt")
    ir=$(instructions lq_analyze "$BUILD/bench/bench_analyze" --once "$TMP/in.txt")
    v=$(echo "$ir $n" | awk '{printf "%.1f", $1 / $2}')
    row="$row $(printf '%12s' "$v")"
    vals="$vals $v"
done
growth=$(echo "$vals" | awk '{if ($1 > 0) printf "%.1fx", $3 / $1; else print "n/a"}')
printf '%-9s%s %9s\n' deep "$row" "$growth"

: > "$TMP/empty.txt"
ir=$(instructions lq_analyze "$BUILD/bench/bench_analyze" --once "$TMP/empty.txt")
echo "fixed cost of one lq_analyze call (empty input): $ir instructions"

echo
echo "== instructions per sentence inside lq_score (callgrind; cases.jsonl texts, 20,000 sentences)"
CASES=$SHARED/reference/vader/cases.jsonl
if [ -f "$CASES" ]; then
    ir=$(instructions lq_score "$BUILD/bench/bench_sentiment" --once --count=20000 "$CASES")
    echo "$ir" | awk '{printf "%-34s %14.0f instructions/sentence\n", "sentiment.instructions", $1 / 20000}'
fi

echo
echo "== where the time goes: lq_analyze on 1 MB of news (callgrind, inclusive %, top functions)"
"$BUILD/bench/bench_gen" news 1000000 "$TMP/in.txt" "$NEWS"/*.txt
valgrind --tool=callgrind --callgrind-out-file="$TMP/prof.out" --collect-atstart=no \
    --toggle-collect=lq_analyze "$BUILD/bench/bench_analyze" --once "$TMP/in.txt" >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$TMP/prof.out" 2>/dev/null | grep -E '^ *[0-9,]+ +\(' |
    grep '\[' | grep -vE 'libc-start|below main|ld-linux|bench_(analyze|sentiment)\.c' | head -n 30
echo
echo "== where the time goes: lq_score on cases.jsonl (self cost, top functions)"
valgrind --tool=callgrind --callgrind-out-file="$TMP/prof2.out" --collect-atstart=no \
    --toggle-collect=lq_score "$BUILD/bench/bench_sentiment" --once --count=20000 "$CASES" >/dev/null 2>&1
callgrind_annotate "$TMP/prof2.out" 2>/dev/null | grep -E '^ *[0-9,]+ +\(' | grep '\[' | head -n 20
