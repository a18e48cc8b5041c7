#!/bin/sh
# Run every fuzz target (or the ones named) for a time budget each, starting
# from the seed corpus in fuzz/corpus/<target>/, and print a table of
# executions, executions per second and coverage.
#
#   fuzz/run.sh [-t SECONDS] [-j JOBS] [-k] [TARGET...]
#
#   -t SECONDS  time per target (default 60; env FUZZ_SECONDS)
#   -j JOBS     targets run at once (default 1; env FUZZ_JOBS)
#   -k          keep going after a failure (libFuzzer's fork mode): every
#               failing input is saved and counted; for long runs
#   TARGET      normalize, analyze, score, lexicon (default: all)
#
# Builds the targets first (fuzz/build.sh). Work files go to fuzz/_work/:
# the growing corpus (corpus/<target>), logs (logs/<target>.log) and any
# crashing input (artifacts/<target>/crash-*). Exit status 1 when a target
# crashed, leaked, timed out or broke a property; the log says which input.
set -eu
FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$FUZZ_DIR/.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
KEEP_GOING=0
while getopts t:j:k opt; do
    case $opt in
    t) SECONDS_EACH=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    k) KEEP_GOING=1 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
TARGETS=${*:-normalize analyze score lexicon}
BIN=${FUZZ_BIN:-$FUZZ_DIR/_build}
WORK=${FUZZ_WORK:-$FUZZ_DIR/_work}

# shellcheck disable=SC2086
FUZZ_BIN=$BIN "$FUZZ_DIR/build.sh" $TARGETS >/dev/null
mkdir -p "$WORK/logs"
export LIBQUOTE_DATADIR="${LIBQUOTE_DATADIR:-$TOP/lexicons}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_one() {
    t=$1
    case $t in
    lexicon) dict=$FUZZ_DIR/dict/lexicon.dict; max_len=16384 ;;
    *) dict=$FUZZ_DIR/dict/text.dict; max_len=65536 ;;
    esac
    mkdir -p "$WORK/corpus/$t" "$WORK/artifacts/$t"
    log=$WORK/logs/$t.log
    rstatus=0
    # Replay the regression inputs first: each must pass (reported, and
    # the fuzzing goes on).
    rm -f "$log.regress-failed"
    for r in "$TOP"/tests/fixtures/regress-"$t"-*; do
        [ -f "$r" ] || continue
        if ! "$BIN/fuzz_$t" -runs=1 "$r" > "$log.regress" 2>&1; then
            echo "fuzz_$t: regression input $(basename "$r") fails:" \
                "$(grep -m1 -E 'property violated|ERROR:' "$log.regress")" >> "$log.regress-failed"
            rstatus=1
        fi
    done
    fork=""
    [ "$KEEP_GOING" = 1 ] && fork="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
    # shellcheck disable=SC2086
    "$BIN/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" -dict="$dict" -print_final_stats=1 $fork \
        -artifact_prefix="$WORK/artifacts/$t/" \
        "$WORK/corpus/$t" "$FUZZ_DIR/corpus/$t" > "$log" 2>&1 || return 1
    return $rstatus
}

# Batches of JOBS targets at a time.
status=0
set -- $TARGETS
while [ $# -gt 0 ]; do
    pids=""
    i=0
    while [ $# -gt 0 ] && [ $i -lt "$JOBS" ]; do
        [ -x "$BIN/fuzz_$1" ] || { echo "no target fuzz_$1" >&2; exit 2; }
        ( run_one "$1" ) &
        pids="$pids $!:$1"
        i=$((i + 1))
        shift
    done
    for p in $pids; do
        wait "${p%%:*}" || { echo "fuzz_${p#*:}: FAILED"; status=1; }
    done
done

printf '%-10s %12s %9s %8s %8s %s\n' target executions exec/s cov ft result
for t in $TARGETS; do
    log=$WORK/logs/$t.log
    if grep -q '^#[0-9]*: cov:' "$log"; then
        # Fork mode: "#N: cov: C ft: F corp: K exec/s E oom/timeout/crash: a/b/c time: Ts"
        last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1)
        execs=$(echo "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
        secs=$(echo "$last" | sed -n 's/.* time: \([0-9]*\)s.*/\1/p')
        rate=$((execs / (secs > 0 ? secs : 1)))
        crashes=$(echo "$last" | sed -n 's/.*oom\/timeout\/crash: \([0-9\/]*\).*/\1/p')
    else
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
        last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
        crashes=""
    fi
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    nart=$(ls "$WORK/artifacts/$t" 2>/dev/null | wc -l)
    failed=0
    grep -qE '^(==[0-9]+==ERROR|SUMMARY:|property violated)|deadly signal|Test unit written' "$log" \
        && failed=1
    [ -n "$crashes" ] && [ "$crashes" != 0/0/0 ] && failed=1
    if [ $failed = 1 ]; then
        result="FAILED: $(grep -m1 -E 'ERROR:|property violated|deadly signal' "$log" | cut -c1-100)"
        [ -n "$crashes" ] && result="FAILED (oom/timeout/crash $crashes, $nart inputs saved): $(grep -m1 -E 'property violated|ERROR:' "$log" | cut -c1-90)"
        status=1
    else
        result=ok
    fi
    printf '%-10s %12s %9s %8s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
    if [ -f "$log.regress-failed" ]; then
        cat "$log.regress-failed"
        status=1
    fi
done
[ $status -eq 0 ] || echo "failing inputs: $WORK/artifacts/; logs: $WORK/logs/"
exit $status
