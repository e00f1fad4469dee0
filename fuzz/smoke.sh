#!/usr/bin/env bash
# Run every fuzz target of this folder for N seconds each (default 20):
#   fuzz/smoke.sh [SECONDS]
# Needs cargo-fuzz and a nightly toolchain (FUZZ_TOOLCHAIN, default "nightly"); exits 2
# when either is missing, 1 when a target found a crash (its input is saved under
# fuzz/artifacts/<target>/), 0 otherwise.
set -uo pipefail

seconds="${1:-20}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
cd "$(dirname "$0")" || exit 2

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "smoke.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
    exit 2
fi
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
    echo "smoke.sh: no '$toolchain' toolchain (rustup toolchain install nightly)" >&2
    exit 2
fi

cargo +"$toolchain" fuzz build || exit 1
passed=0
failed=0
summary=()
mkdir -p target/smoke
for target in $(cargo +"$toolchain" fuzz list); do
    echo "== fuzz target $target for ${seconds}s"
    mkdir -p "corpus/$target"
    log="target/smoke/$target.log"
    # libFuzzer's progress lines go to the log; its verdict and stats are shown.
    if cargo +"$toolchain" fuzz run "$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; then
        passed=$((passed + 1))
        verdict=ok
    else
        tail -n 40 "$log"
        echo "== $target FAILED: see fuzz/artifacts/$target/ and fuzz/$log"
        failed=$((failed + 1))
        verdict=FAILED
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    line="$target: $verdict, ${runs:-?} runs (${rate:-?}/s), corpus $(find "corpus/$target" -type f | wc -l) inputs"
    echo "== $line"
    summary+=("$line")
done
printf 'fuzz:   %s\n' "${summary[@]}"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
