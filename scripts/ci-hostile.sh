#!/bin/sh
# CI, hostile input and faults (called by .ci/run after its own steps):
#   1. ThreadSanitizer build (clang -fsanitize=thread): check_threads, clean;
#   2. fault-injection build (--enable-fault-injection) with AddressSanitizer
#      and LeakSanitizer: the allocation-failure sweep check_faults and the
#      pathological-input table check_limits (allocation counts);
#   3. a short run of every fuzz target (fuzz/run.sh).
# Budget: about 8 minutes on 2 cores. Environment:
#   LQ_FUZZ_SECONDS   seconds per fuzz target (default 45; 4 targets, 2 at a time)
#   LQ_FAULTS_VALGRIND=1  run check_faults under valgrind instead of ASan
# Any failure fails the run.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
. scripts/common.sh
lq_ensure_packages clang libclang-rt-14-dev
JOBS=$(nproc)
if [ ! -x configure ] || [ configure.ac -nt configure ]; then autoreconf -fi >/dev/null 2>&1; fi

configure_in() {
    # $1: build directory; the rest: configure arguments
    dir=$1; shift
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ "$TOP/configure" -nt "$dir/Makefile" ]; then
        (cd "$dir" && "$TOP/configure" -q --disable-shared --enable-python=no "$@")
    fi
}

# 1. ThreadSanitizer: one lexicon and one analyzer shared by 8 threads.
echo "== ThreadSanitizer: check_threads"
configure_in _build-tsan CC=clang \
    CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" LDFLAGS="-fsanitize=thread"
make -s -C _build-tsan/libquote -j"$JOBS" >/dev/null
make -s -C _build-tsan/tests -j"$JOBS" check_threads >/dev/null
(
    cd _build-tsan/tests
    LIBQUOTE_DATADIR="$TOP/lexicons" CK_FORK=no \
        TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1" \
        ./check_threads
) > /tmp/lq-ci-tsan.log 2>&1 || { cat /tmp/lq-ci-tsan.log; echo "ThreadSanitizer FAILED"; exit 1; }
if grep -q "WARNING: ThreadSanitizer" /tmp/lq-ci-tsan.log; then
    cat /tmp/lq-ci-tsan.log; echo "ThreadSanitizer FAILED"; exit 1
fi
grep -E 'threads|Checks:' /tmp/lq-ci-tsan.log
echo "ThreadSanitizer: clean"

# 2. Fault injection: every allocation of every public call fails in turn.
echo "== fault injection: check_faults, check_limits"
if [ "${LQ_FAULTS_VALGRIND:-0}" = 1 ]; then
    configure_in _build-faults --enable-werror --enable-fault-injection CFLAGS="-O1 -g"
    runner="valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible"
else
    configure_in _build-faults --enable-werror --enable-fault-injection \
        CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
        LDFLAGS="-fsanitize=address,undefined"
    runner=""
fi
make -s -C _build-faults/libquote -j"$JOBS" >/dev/null
make -s -C _build-faults/tests -j"$JOBS" check_faults check_limits >/dev/null
for t in check_faults check_limits; do
    # check_limits forks (Check's default) so its hang guard applies.
    fork=no
    [ $t = check_limits ] && [ -z "$runner" ] && fork=yes
    (
        cd _build-faults/tests
        LIBQUOTE_DATADIR="$TOP/lexicons" CK_FORK=$fork \
            ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
            UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
            $runner ./$t
    ) > "/tmp/lq-ci-$t.log" 2>&1 || { cat "/tmp/lq-ci-$t.log"; echo "$t FAILED"; exit 1; }
    cat "/tmp/lq-ci-$t.log"
done
echo "fault injection: clean"

# 3. Every fuzz target, briefly (the long run is in fuzz/README.md).
echo "== fuzzing"
fuzz/run.sh -t "${LQ_FUZZ_SECONDS:-45}" -j 2
echo "fuzzing: clean"
