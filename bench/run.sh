#!/bin/sh
# bench/run.sh: build libquote with -O2 in _build-bench/ and print every
# benchmark figure, each the median of several runs. Timings, not tests: it
# never fails on a slow figure. Needs ../shared (the news corpus and VADER's
# cases.jsonl).
#
#   bench/run.sh                 everything (about 5 minutes on 2 cores)
#   LQ_BENCH_RUNS=5              runs per figure (median)
#   LQ_BENCH_MB=32               input size of the lq_analyze runs
#   LQ_BENCH_SCALING=0           skip the callgrind scaling table (bench_scaling.sh)
#   VADER_PY_PATH=DIR            also measure the reference Python vaderSentiment
#   LQ_SHARED=DIR                where the shared data lives (default ../shared)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${LQ_SHARED:-$TOP/../shared}
BUILD=${LQ_BENCH_BUILD:-$TOP/_build-bench}
RUNS=${LQ_BENCH_RUNS:-5}
MB=${LQ_BENCH_MB:-32}
CASES=$SHARED/reference/vader/cases.jsonl
NEWS=$SHARED/corpora/news
SEED=$SHARED/seed/kazakhstan-election.txt

if [ ! -f "$CASES" ] || [ ! -d "$NEWS" ] || [ ! -f "$SEED" ]; then
    echo "bench: the shared data is missing ($SHARED: corpora/news, seed, reference/vader);" >&2
    echo "bench: set LQ_SHARED to the folder that holds it" >&2
    exit 77
fi

# ---- build (-O2, no Python, no sanitizers) ----
cd "$TOP"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$BUILD"
cd "$BUILD"
if [ ! -f Makefile ] || [ "$TOP/configure" -nt Makefile ]; then
    "$TOP/configure" -q --enable-python=no CFLAGS="-O2 -g" >/dev/null
fi
make -s -j2 >/dev/null
make -s -C bench bench >/dev/null
export LIBQUOTE_DATADIR="$TOP/lexicons"
QUOTE="$BUILD/tools/quote"
if [ -f "$BUILD/libquote/.libs/libquote.so" ]; then
    export LD_LIBRARY_PATH="$BUILD/libquote/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    [ -x "$BUILD/tools/.libs/quote" ] && QUOTE="$BUILD/tools/.libs/quote"
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lq-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
# wall-clock seconds taken by a command (stdout to /dev/null). For --jobs the
# fastest run is the figure: on a shared machine it is the run in which both
# cores were free, which is what the comparison is about.
seconds() {
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.6f\n", $2 - $1}'
}
# CPU seconds (user + system) of a command and its children
cpu_seconds() {
    /usr/bin/time -f '%U %S' -o "$TMP/time.txt" "$@" >/dev/null
    awk '{printf "%.6f\n", $1 + $2}' "$TMP/time.txt"
}
fig() { printf '%-34s %14s %s\n' "$1" "$2" "$3"; }

echo "== libquote benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo "commit:   $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine:  $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "compiler: $(${CC:-cc} --version | head -n 1), CFLAGS=-O2 -g"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (single-thread figures are CPU time, not wall-clock"
echo "          time; other work on the machine still adds noise: the callgrind instruction"
echo "          counts at the end are the stable figures)"

# ---- normalization ----
echo
echo "== normalization (bench_normalize)"
if make -s -C bench bench_normalize >/dev/null 2>&1 && [ -x bench/bench_normalize ]; then
    bench/bench_normalize -n "$RUNS" "$NEWS" || echo "bench_normalize failed"
else
    echo "bench_normalize is not built yet (it comes with the normalization module)"
fi

# ---- sentiment through the C API ----
echo
echo "== sentiment (C API, single thread)"
bench/bench_sentiment --runs="$RUNS" "$CASES" | tee "$TMP/sent.txt"
ours=$(sed -n 's/^sentiment.sentences_per_s *\([0-9.]*\).*/\1/p' "$TMP/sent.txt")

# ---- sentiment through the CLI, whole process ----
echo
echo "== quote score --format=jsonl (whole process, output included)"
lines=1000000
bench/bench_sentiment --lines="$TMP/lines.txt" --count=$lines "$CASES"
if "$QUOTE" score --format=jsonl "$TMP/lines.txt" >/dev/null 2>"$TMP/score.err"; then
    i=0
    : > "$TMP/t.txt"
    : > "$TMP/c.txt"
    while [ $i -lt "$RUNS" ]; do
        seconds "$QUOTE" score --format=jsonl "$TMP/lines.txt" >> "$TMP/t.txt"
        cpu_seconds "$QUOTE" score --format=jsonl "$TMP/lines.txt" >> "$TMP/c.txt"
        i=$((i + 1))
    done
    s=$(median < "$TMP/t.txt")
    c=$(median < "$TMP/c.txt")
    fig cli.score.lines_per_s "$(echo "$lines $c" | awk '{printf "%.0f", $1 / $2}')" \
        "lines/s of CPU time ($lines lines, $(du -m "$TMP/lines.txt" | cut -f1) MB, median ${c}s)"
    fig cli.score.lines_per_s_wall "$(echo "$lines $s" | awk '{printf "%.0f", $1 / $2}')" \
        "lines/s of wall-clock time (median ${s}s)"
else
    echo "quote score is not available yet: $(head -n 1 "$TMP/score.err")"
fi

# ---- lq_analyze end to end ----
echo
echo "== lq_analyze end to end (normalize, quotes, attribution, scores; single thread)"
bench/bench_analyze --runs="$RUNS" --mb="$MB" "$NEWS"/*.txt "$SEED"

# ---- corpus mode: --jobs=1 vs --jobs=2 ----
echo
echo "== quote extract --jobs=N (corpus mode; the news corpus copied 40 times)"
mkdir -p "$TMP/corpus"
i=0
while [ $i -lt 40 ]; do
    mkdir -p "$TMP/corpus/c$i"
    cp "$NEWS"/*.txt "$SEED" "$TMP/corpus/c$i/"
    i=$((i + 1))
done
cmb=$(cat "$TMP"/corpus/*/* | wc -c | awk '{printf "%.1f", $1 / 1e6}')
if "$QUOTE" extract --jobs=1 --no-progress --no-summary --format=jsonl "$TMP/corpus/c0" >/dev/null 2>"$TMP/extract.err"; then
    for j in 1 2; do
        : > "$TMP/t$j.txt"
        : > "$TMP/c$j.txt"
        i=0
        while [ $i -lt "$RUNS" ]; do
            seconds "$QUOTE" extract --jobs=$j --no-progress --no-summary --format=jsonl "$TMP/corpus" >> "$TMP/t$j.txt"
            cpu_seconds "$QUOTE" extract --jobs=$j --no-progress --no-summary --format=jsonl "$TMP/corpus" >> "$TMP/c$j.txt"
            i=$((i + 1))
        done
    done
    s1=$(median < "$TMP/t1.txt")
    s2=$(median < "$TMP/t2.txt")
    c1=$(median < "$TMP/c1.txt")
    c2=$(median < "$TMP/c2.txt")
    fig corpus.jobs1.seconds "$s1" "s wall, ${c1}s CPU ($(find "$TMP/corpus" -type f | wc -l) files, ${cmb} MB)"
    fig corpus.jobs2.seconds "$s2" "s wall, ${c2}s CPU"
    fig corpus.jobs1.mb_per_s "$(echo "$cmb $s1" | awk '{printf "%.1f", $1 / $2}')" "MB/s wall"
    fig corpus.jobs2.mb_per_s "$(echo "$cmb $s2" | awk '{printf "%.1f", $1 / $2}')" "MB/s wall"
    m1=$(sort -g "$TMP/t1.txt" | head -n 1)
    m2=$(sort -g "$TMP/t2.txt" | head -n 1)
    fig corpus.jobs2_speedup "$(echo "$m1 $m2" | awk '{printf "%.2f", $1 / $2}')" \
        "x wall-clock, fastest of $RUNS runs each (${m1}s / ${m2}s; target >= 1.8)"
    fig corpus.jobs2_speedup_median "$(echo "$s1 $s2" | awk '{printf "%.2f", $1 / $2}')" \
        "x wall-clock, medians (needs both cores idle: load $(cut -d' ' -f1 /proc/loadavg))"
    fig corpus.jobs2_cpu_overhead "$(echo "$c1 $c2" | awk '{printf "%.2f", $2 / $1}')" \
        "x CPU time of --jobs=2 over --jobs=1 (1.00: threads add no work)"
else
    echo "quote extract --jobs is not available yet: $(head -n 1 "$TMP/extract.err")"
fi

# ---- peers ----
echo
echo "== peers (same sentences, single thread, median of $RUNS runs)"
sh "$TOP/bench/peers/run_peers.sh" "$CASES" 50000 "$RUNS" | tee "$TMP/peers.txt"
while read -r name rate; do
    case "$name" in
    *.sentences_per_s)
        [ -n "$rate" ] && [ -n "$ours" ] &&
            peer=${name#peer.}
            fig "ratio.vs.${peer%.sentences_per_s}" "$(echo "$ours $rate" | awk '{printf "%.0f", $1 / $2}')" \
                "x (libquote C API / peer)"
        ;;
    esac
done < "$TMP/peers.txt"
# the figures measured by the data's README, for comparison on other machines
[ -n "$ours" ] && fig ratio.vs.readme-python-52500 "$(echo "$ours" | awk '{printf "%.0f", $1 / 52500}')" \
    "x (reference Python, 52,500/s as measured in shared/reference/vader/README.md)"
[ -n "$ours" ] && fig ratio.vs.readme-js-30000 "$(echo "$ours" | awk '{printf "%.0f", $1 / 30000}')" \
    "x (npm port, 30,000/s as measured in shared/reference/vader/README.md)"

# ---- instructions per byte (callgrind) ----
if [ "${LQ_BENCH_SCALING:-1}" != 0 ]; then
    echo
    LQ_BENCH_BUILD="$BUILD" LQ_SHARED="$SHARED" sh "$TOP/bench/bench_scaling.sh"
fi
