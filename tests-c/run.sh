#!/usr/bin/env bash
# tests-c/run.sh - build and run the C tests of tests-c/ against a libzmq.
#
# Default: each test_*.c is compiled twice, against our header
# ($OXZMQ_INCLUDE/zmq.h, default include/) and against Debian's
# /usr/include/zmq.h, and both binaries are linked with and run on OUR library
# ($OXZMQ_LIBDIR, default target/release). Every binary checks, through
# OXZMQ_EXPECT_LIB, that the loader really mapped the library we meant.
#
# Options:
#   --reference  build against /usr/include/zmq.h and run on the reference
#                libzmq instead ($OXZMQ_REF_LIBDIR, default Debian's), to
#                validate the tests themselves. Ours-only tests are left out;
#                draft tests run only if the reference exports the draft API.
#   --valgrind   run each binary under valgrind memcheck (definite leaks and
#                memory errors fail the test).
#
# Markers read from the first lines of a test file:
#   /* run.sh: draft */      compile with -DZMQ_BUILD_DRAFT_API
#   /* run.sh: ours-only */  tests behaviour where the reference aborts or is
#                            undefined; not run with --reference
#
# The last line printed is "N passed, M failed"; exit status 0 only if M is 0.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

reference=0
valgrind=0
for arg in "$@"; do
    case "$arg" in
    --reference) reference=1 ;;
    --valgrind) valgrind=1 ;;
    -h | --help)
        sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "run.sh: unknown option $arg" >&2
        exit 2
        ;;
    esac
done

cc=${CC:-cc}
cflags=(-Wall -Wextra -Werror -std=c99 -g -pthread)
test_timeout=${TEST_TIMEOUT:-60}
build="$root/tests-c/build"
mode=ours
[ "$reference" = 1 ] && mode=reference
[ "$valgrind" = 1 ] && mode="$mode-valgrind"
out="$build/$mode"
rm -rf "$out"
mkdir -p "$out/logs"

if [ "$valgrind" = 1 ]; then
    if ! command -v valgrind >/dev/null; then
        echo "run.sh: valgrind is not installed" >&2
        exit 2
    fi
    # Valgrind slows everything down a lot; give each test more room.
    test_timeout=${TEST_TIMEOUT:-300}
    # Tests skip the few checks that valgrind itself cannot sit through.
    export OXZMQ_VALGRIND=1
    runner=(valgrind -q --error-exitcode=99 --leak-check=full
        --errors-for-leak-kinds=definite --show-leak-kinds=definite)
else
    runner=()
fi

# Where the library comes from, and how a test is linked with it.
if [ "$reference" = 1 ]; then
    lib_dir=${OXZMQ_REF_LIBDIR:-/usr/lib/x86_64-linux-gnu}
    lib_file="$lib_dir/libzmq.so.5"
    if [ ! -e "$lib_file" ]; then
        echo "run.sh: no reference library at $lib_file" >&2
        exit 2
    fi
    # Linking the file itself records its SONAME; the run finds it in lib_dir.
    link=("$lib_file")
    run_lib_dir="$lib_dir"
    headers=(debian)
else
    lib_dir=${OXZMQ_LIBDIR:-target/release}
    case "$lib_dir" in /*) ;; *) lib_dir="$root/$lib_dir" ;; esac
    if [ ! -e "$lib_dir/libzmq.so" ]; then
        echo "run.sh: $lib_dir/libzmq.so does not exist (cargo build --release first)" >&2
        exit 2
    fi
    # Cargo writes libzmq.so, but a program linked with -lzmq asks the loader
    # for the SONAME libzmq.so.5: provide that name beside a link to ours.
    run_lib_dir="$build/lib"
    mkdir -p "$run_lib_dir"
    ln -sfn "$(realpath "$lib_dir/libzmq.so")" "$run_lib_dir/libzmq.so.5"
    link=(-L"$lib_dir" -lzmq "-Wl,-rpath,$run_lib_dir")
    headers=(ours debian)
fi
expect_lib=$(realpath "$lib_dir")
ours_include=${OXZMQ_INCLUDE:-include}
case "$ours_include" in /*) ;; *) ours_include="$root/$ours_include" ;; esac

has_draft_api=1
if [ "$reference" = 1 ] && ! nm -D --defined-only "$lib_file" 2>/dev/null | grep -q ' zmq_poller_new$'; then
    has_draft_api=0
fi

passed=0
failed=0
skipped=0
failures=()
skips=()

has_marker() { head -n 20 "$1" | grep -q "/\* run.sh: $2 \*/"; }

for src in tests-c/test_*.c; do
    name=$(basename "$src" .c)
    extra=()
    if has_marker "$src" ours-only && [ "$reference" = 1 ]; then
        skips+=("$name (ours-only: the reference aborts or is undefined here)")
        skipped=$((skipped + 1))
        continue
    fi
    if has_marker "$src" draft; then
        if [ "$has_draft_api" = 0 ]; then
            skips+=("$name (the reference library lacks the draft API)")
            skipped=$((skipped + 1))
            continue
        fi
        extra=(-DZMQ_BUILD_DRAFT_API)
    fi
    for hdr in "${headers[@]}"; do
        label="${name}[${hdr}-header]"
        log="$out/logs/$name-$hdr.log"
        bin="$out/$hdr/$name"
        mkdir -p "$out/$hdr"
        if [ "$hdr" = ours ]; then
            inc=(-I"$ours_include")
            if [ ! -e "$ours_include/zmq.h" ]; then
                echo "no $ours_include/zmq.h" >"$log"
                printf '%-44s BUILD FAILED (no zmq.h in %s)\n' "$label" "$ours_include"
                failed=$((failed + 1))
                failures+=("$label")
                continue
            fi
        else
            inc=()
        fi
        if ! "$cc" "${cflags[@]}" "${extra[@]}" "${inc[@]}" -o "$bin" "$src" \
            "${link[@]}" >"$log" 2>&1; then
            printf '%-44s BUILD FAILED\n' "$label"
            sed 's/^/    /' "$log" | head -n 30
            failed=$((failed + 1))
            failures+=("$label")
            continue
        fi
        start=${EPOCHREALTIME/./}
        LD_LIBRARY_PATH="$run_lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
            OXZMQ_EXPECT_LIB="$expect_lib" \
            timeout -k 10 "$test_timeout" "${runner[@]}" "$bin" >>"$log" 2>&1 </dev/null
        rc=$?
        ms=$(((${EPOCHREALTIME/./} - start) / 1000))
        if [ "$rc" = 0 ]; then
            printf '%-44s ok (%d ms)\n' "$label" "$ms"
            passed=$((passed + 1))
        else
            case "$rc" in
            124) why="timed out after ${test_timeout}s" ;;
            99) why="valgrind found errors" ;;
            2) why="wrong library loaded" ;;
            *) why="exit status $rc" ;;
            esac
            [ "$rc" -gt 128 ] && [ "$rc" != 124 ] && why="killed by signal $((rc - 128))"
            printf '%-44s FAILED (%s)\n' "$label" "$why"
            tail -n 30 "$log" | sed 's/^/    /'
            failed=$((failed + 1))
            failures+=("$label")
        fi
    done
done

echo
echo "tests-c ($mode): library $expect_lib"
for s in "${skips[@]+"${skips[@]}"}"; do echo "skipped: $s"; done
for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
