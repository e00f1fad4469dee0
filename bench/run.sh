#!/usr/bin/env bash
# bench/run.sh: inproc throughput and latency, reference libzmq against oxzmq.
#
#   bench/run.sh [--quick] [--rounds N]
#
# Builds bench/inproc_thr.c and bench/inproc_lat.c once, against the reference header
# (/usr/include/zmq.h), so the very same binaries run on both libraries; only the
# dynamic loader's choice of libzmq.so.5 differs:
#   reference   LD_LIBRARY_PATH unset: the system's libzmq (Debian's 4.3.4)
#   oxzmq       LD_LIBRARY_PATH=<dir with oxzmq's libzmq.so.5>
# Runs alternate reference, oxzmq, reference, oxzmq... for N rounds (7; --quick: 3), so
# a change in machine load hits both sides alike, each pinned with taskset to two CPUs.
# Every run prints the library it mapped; a run on the wrong library stops the script.
# Prints a Markdown table of medians (also written to target/bench/results.md);
# ratio = oxzmq / reference (throughput: higher is better; latency: lower is better).
#
# Environment:
#   OXZMQ_LIBDIR       directory whose libzmq.so.5 is "oxzmq". Default: a link to
#                      target/release/libzmq.so, built first with cargo. Point it at
#                      /usr/lib/x86_64-linux-gnu to check the machinery (reference twice).
#   BENCH_CPUS         CPU list for taskset (default 0,1)
#   REFERENCE_INCLUDE  directory of the zmq.h the benchmarks compile against (/usr/include)
# Exit status: 0 if every run succeeded, 1 if any run failed (shown as "failed").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${ROOT}/target/bench"
log_dir="${out_dir}/logs"

quick=0
rounds=""
while (($#)); do
  case "$1" in
    --quick) quick=1; shift ;;
    --rounds) (($# >= 2)) || { echo "run.sh: --rounds needs a number" >&2; exit 2; }; rounds="$2"; shift 2 ;;
    -h | --help) sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$rounds" ]]; then
  if ((quick)); then rounds=3; else rounds=7; fi
fi
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad round count '${rounds}'" >&2; exit 2; }
cpus="${BENCH_CPUS:-0,1}"

# The benchmarks: name, program, message size, count (full run), count (--quick), metric.
benchmarks=(
  "inproc_thr|inproc_thr|8|10000000|1000000|thr"
  "inproc_thr|inproc_thr|1024|2000000|200000|thr"
  "inproc_lat|inproc_lat|8|100000|10000|lat"
)

mkdir -p "$out_dir" "$log_dir"

# Build once, against the reference header. -lzmq resolves to the system libzmq.so at
# link time; what is recorded in the program is only the SONAME, libzmq.so.5.
include_dir="${REFERENCE_INCLUDE:-/usr/include}"
for program in inproc_thr inproc_lat; do
  cc -O2 -std=c99 -Wall -Wextra -I"$include_dir" "${ROOT}/bench/${program}.c" \
    -o "${out_dir}/${program}" -lzmq -lpthread
done

# Where "oxzmq" comes from.
if [[ -n "${OXZMQ_LIBDIR:-}" ]]; then
  oxzmq_libdir="$(cd "$OXZMQ_LIBDIR" && pwd)"
else
  (cd "$ROOT" && cargo build --release -p oxzmq-capi)
  oxzmq_libdir="${out_dir}/oxzmq-lib"
  mkdir -p "$oxzmq_libdir"
  # The loader looks for the SONAME; cargo only writes libzmq.so.
  ln -sfn "${ROOT}/target/release/libzmq.so" "${oxzmq_libdir}/libzmq.so.5"
fi
[[ -e "${oxzmq_libdir}/libzmq.so.5" ]] || { echo "run.sh: no libzmq.so.5 in ${oxzmq_libdir}" >&2; exit 1; }

# The real file each side must map, as the loader resolves it.
reference_library="$(readlink -f "$(env -u LD_LIBRARY_PATH ldd "${out_dir}/inproc_thr" | awk '/libzmq\.so\.5/ {print $3}')")"
oxzmq_library="$(readlink -f "${oxzmq_libdir}/libzmq.so.5")"
echo "reference: ${reference_library}"
echo "oxzmq:     ${oxzmq_library}"
if [[ "$reference_library" == "$oxzmq_library" ]]; then
  echo "(both sides are the same library: this run checks the machinery only)"
fi

# run_once SIDE LOG PROGRAM ARGS...: runs one benchmark process on one side, checks the
# library it mapped, and prints its output. Fails if the process failed.
run_once() {
  local side="$1" log="$2"
  shift 2
  local -a launcher
  local expected
  if [[ "$side" == reference ]]; then
    launcher=(env -u LD_LIBRARY_PATH)
    expected="$reference_library"
  else
    launcher=(env LD_LIBRARY_PATH="$oxzmq_libdir")
    expected="$oxzmq_library"
  fi
  # A run that hangs (a library bug) must not stall the whole comparison.
  if ! "${launcher[@]}" timeout 300 taskset -c "$cpus" "$@" >"$log" 2>&1; then
    return 1
  fi
  local mapped
  mapped="$(sed -n 's/^library: //p' "$log")"
  if [[ "$(readlink -f "$mapped")" != "$expected" ]]; then
    echo "run.sh: ${side} run mapped '${mapped}', expected '${expected}'; see ${log}" >&2
    exit 1
  fi
}

# metric_of KIND LOG: the figure a run reports (msg/s for throughput, µs for latency).
metric_of() {
  case "$1" in
    thr) sed -n 's/^throughput: \([0-9.]*\) \[msg\/s\]$/\1/p' "$2" ;;
    lat) sed -n 's/^average roundtrip latency: \([0-9.]*\) \[us\]$/\1/p' "$2" ;;
  esac
}

# median VALUES...: the middle value (mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# group_digits NUMBER: the number rounded to an integer, with thousands separators.
group_digits() {
  awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); out = "";
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out }'
}

# format KIND VALUE: a figure for the table.
format() {
  case "$1" in
    thr) echo "$(group_digits "$2") msg/s" ;;
    lat) awk -v v="$2" 'BEGIN { printf "%.2f µs\n", v }' ;;
  esac
}

failed_runs=0
table_rows=()
for spec in "${benchmarks[@]}"; do
  IFS='|' read -r name program size full_count quick_count kind <<<"$spec"
  count="$full_count"
  ((quick)) && count="$quick_count"
  echo
  echo "== ${name} ${size} B x ${count}, ${rounds} rounds"
  reference_values=()
  oxzmq_values=()
  oxzmq_failed=0
  for ((round = 1; round <= rounds; round++)); do
    for side in reference oxzmq; do
      # After oxzmq failed once its figure is void; the reference keeps running so the
      # table still shows what oxzmq is to be measured against.
      if [[ "$side" == oxzmq ]] && ((oxzmq_failed)); then
        continue
      fi
      log="${log_dir}/${name}-${size}-${side}-${round}.log"
      if run_once "$side" "$log" "${out_dir}/${program}" "$size" "$count"; then
        value="$(metric_of "$kind" "$log")"
        if [[ -z "$value" ]]; then
          echo "run.sh: no result in ${log}" >&2
          exit 1
        fi
        echo "  round ${round} ${side}: $(format "$kind" "$value")"
        if [[ "$side" == reference ]]; then reference_values+=("$value"); else oxzmq_values+=("$value"); fi
      else
        echo "  round ${round} ${side}: FAILED (see ${log}):"
        sed 's/^/    | /' "$log" | tail -n 5
        failed_runs=$((failed_runs + 1))
        [[ "$side" == oxzmq ]] && oxzmq_failed=1
      fi
    done
  done

  reference_cell="failed"
  oxzmq_cell="failed"
  ratio_cell="n/a"
  if ((${#reference_values[@]} == rounds)); then
    reference_median="$(median "${reference_values[@]}")"
    reference_cell="$(format "$kind" "$reference_median")"
  fi
  if ((!oxzmq_failed)) && ((${#oxzmq_values[@]} == rounds)); then
    oxzmq_median="$(median "${oxzmq_values[@]}")"
    oxzmq_cell="$(format "$kind" "$oxzmq_median")"
    if [[ "$reference_cell" != failed ]]; then
      ratio_cell="$(awk -v a="$oxzmq_median" -v b="$reference_median" 'BEGIN { printf "%.2f", a / b }')"
    fi
  fi
  if [[ "$kind" == thr ]]; then label="${name} (throughput, higher is better)"; else label="${name} (round trip, lower is better)"; fi
  table_rows+=("| ${label} | ${size} B × $(group_digits "$count") | ${reference_cell} | ${oxzmq_cell} | ${ratio_cell} |")
done

{
  echo "Medians of ${rounds} alternating runs, pinned to CPUs ${cpus} ($(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))."
  echo "Reference: \`${reference_library}\`; oxzmq: \`${oxzmq_library}\`. Ratio = oxzmq / reference."
  echo
  echo "| benchmark | message size × count | reference median | oxzmq median | ratio |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${table_rows[@]}"
} >"${out_dir}/results.md"
echo
cat "${out_dir}/results.md"

if ((failed_runs)); then
  echo
  echo "run.sh: ${failed_runs} run(s) failed; logs in ${log_dir}" >&2
  exit 1
fi
