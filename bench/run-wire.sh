#!/usr/bin/env bash
# bench/run-wire.sh: tcp and ipc throughput and latency, reference libzmq against oxzmq.
#
#   bench/run-wire.sh [--quick] [--rounds N] [REGEX]
#
# Builds bench/local_thr.c, remote_thr.c, local_lat.c and remote_lat.c once, against
# the reference header (/usr/include/zmq.h), so the very same binaries run on both
# libraries; only the dynamic loader's choice of libzmq.so.5 differs:
#   reference   LD_LIBRARY_PATH unset: the system's libzmq (Debian's 4.3.4)
#   oxzmq       LD_LIBRARY_PATH=<dir with oxzmq's libzmq.so.5>
# In a run both processes use the same library. Runs alternate reference, oxzmq,
# reference, oxzmq... for N rounds (5; --quick: 3, with a tenth of the counts), so a
# change in machine load hits both sides alike. The binding process (local_*) is
# pinned to one CPU and the connecting one (remote_*) to another, with taskset. Every
# process checks the library it mapped against EXPECT_LIB before it measures, and the
# script checks the "library:" line each prints. REGEX keeps only the benchmarks whose
# name ("tcp thr 8 B"...) matches.
#
# Throughput: remote_thr (PUSH, connects) sends to local_thr (PULL, binds), which
# times from its first message to its last. Latency: remote_lat (PAIR, connects) times
# round trips through local_lat (PAIR, binds, echoes); libzmq's tools use REQ/REP,
# which oxzmq does not have yet. Messages of 8 B, 256 B, 1 KiB and 64 KiB, over
# tcp://127.0.0.1 (port chosen by the system) and ipc (a socket file in a temporary
# directory).
#
# Prints a Markdown table of medians (also written to target/bench/wire-results.md;
# every run's output is in target/bench/wire-logs/); ratio = oxzmq / reference
# (throughput: higher is better; latency: lower is better).
#
# Environment:
#   OXZMQ_LIBDIR       directory whose libzmq.so.5 (or libzmq.so) is "oxzmq". Default:
#                      target/release, built first with cargo. Point it at
#                      /usr/lib/x86_64-linux-gnu to check the machinery (reference twice).
#   BENCH_CPU_LOCAL    CPU for the binding process (default 0)
#   BENCH_CPU_REMOTE   CPU for the connecting process (default 1)
#   REFERENCE_INCLUDE  directory of the zmq.h the benchmarks compile against (/usr/include)
# Exit status: 0 if every run succeeded, 1 if any run failed (shown as "failed").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${ROOT}/target/bench"
log_dir="${out_dir}/wire-logs"

quick=0
rounds=""
filter=""
while (($#)); do
  case "$1" in
    --quick) quick=1; shift ;;
    --rounds) (($# >= 2)) || { echo "run-wire.sh: --rounds needs a number" >&2; exit 2; }; rounds="$2"; shift 2 ;;
    -h | --help) sed -n '2,40p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    -*) echo "run-wire.sh: unknown argument $1" >&2; exit 2 ;;
    *) filter="$1"; shift ;;
  esac
done
if [[ -z "$rounds" ]]; then
  if ((quick)); then rounds=3; else rounds=5; fi
fi
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run-wire.sh: bad round count '${rounds}'" >&2; exit 2; }
cpu_local="${BENCH_CPU_LOCAL:-0}"
cpu_remote="${BENCH_CPU_REMOTE:-1}"

# The benchmarks: kind (thr/lat), message size, count (full run). --quick divides the
# counts by ten. Each full run takes 0.3-4 s on the 2-CPU development machine (the
# whole script about 2-3 minutes); --quick about 15 s.
sizes_and_counts=(
  "thr|8|2000000"
  "thr|256|1000000"
  "thr|1024|500000"
  "thr|65536|20000"
  "lat|8|10000"
  "lat|256|10000"
  "lat|1024|10000"
  "lat|65536|5000"
)

mkdir -p "$out_dir"
rm -rf "$log_dir"
mkdir -p "$log_dir"

# Build once, against the reference header. -lzmq resolves to the system libzmq.so at
# link time; what is recorded in the program is only the SONAME, libzmq.so.5. The
# shared headers define static helpers that not every tool uses, hence
# -Wno-unused-function.
include_dir="${REFERENCE_INCLUDE:-/usr/include}"
for program in local_thr remote_thr local_lat remote_lat; do
  cc -O2 -std=c99 -Wall -Wextra -Werror -Wno-unused-function -I"$include_dir" \
    "${ROOT}/bench/${program}.c" -o "${out_dir}/${program}" -lzmq
done

# Where "oxzmq" comes from: a directory with a libzmq.so.5 is used as it is; for one
# with only cargo's libzmq.so, the loader needs the SONAME, libzmq.so.5, as a link.
if [[ -n "${OXZMQ_LIBDIR:-}" ]]; then
  given_libdir="$(cd "$OXZMQ_LIBDIR" && pwd)"
else
  (cd "$ROOT" && cargo build --release -p oxzmq-capi)
  given_libdir="${ROOT}/target/release"
fi
if [[ -e "${given_libdir}/libzmq.so.5" ]]; then
  oxzmq_libdir="$given_libdir"
elif [[ -e "${given_libdir}/libzmq.so" ]]; then
  oxzmq_libdir="${out_dir}/wire-oxzmq-lib"
  mkdir -p "$oxzmq_libdir"
  ln -sfn "$(readlink -f "${given_libdir}/libzmq.so")" "${oxzmq_libdir}/libzmq.so.5"
else
  echo "run-wire.sh: no libzmq.so.5 or libzmq.so in ${given_libdir}" >&2
  exit 1
fi

# The real file each side must map, as the loader resolves it.
reference_library="$(readlink -f "$(env -u LD_LIBRARY_PATH ldd "${out_dir}/local_thr" | awk '/libzmq\.so\.5/ {print $3}')")"
oxzmq_library="$(readlink -f "${oxzmq_libdir}/libzmq.so.5")"
echo "reference: ${reference_library}"
echo "oxzmq:     ${oxzmq_library}"
if [[ "$reference_library" == "$oxzmq_library" ]]; then
  echo "(both sides are the same library: this run checks the machinery only)"
fi

work="$(mktemp -d /tmp/oxzmq-bench.XXXXXX)"
local_pid=""
# On any exit, end the binding process if one is still up (by its own pid).
trap '[[ -n "$local_pid" ]] && kill "$local_pid" 2>/dev/null; rm -rf "$work"' EXIT
run_number=0

# run_pair SIDE KIND TRANSPORT SIZE COUNT LOG: one measurement: local_KIND binds on CPU
# cpu_local and prints its endpoint, remote_KIND connects to it on CPU cpu_remote. Both
# outputs go to LOG. Fails if either process failed or mapped the wrong library.
run_pair() {
  local side="$1" kind="$2" transport="$3" size="$4" count="$5" log="$6"
  local -a launcher
  local expected fd hold_fd line endpoint="" status=0 remote_status=0 remote_pid first first_status
  if [[ "$side" == reference ]]; then
    launcher=(env -u LD_LIBRARY_PATH EXPECT_LIB="$reference_library")
    expected="$reference_library"
  else
    launcher=(env LD_LIBRARY_PATH="$oxzmq_libdir" EXPECT_LIB="$oxzmq_library")
    expected="$oxzmq_library"
  fi
  run_number=$((run_number + 1))
  local bind_to local_out="${work}/local-${run_number}.out" hold="${work}/hold-${run_number}"
  local remote_log="${work}/remote-${run_number}.log"
  case "$transport" in
    tcp) bind_to="tcp://127.0.0.1:*" ;;
    ipc) bind_to="ipc://${work}/run-${run_number}.ipc" ;;
  esac
  mkfifo "$local_out" "$hold"
  # A run that hangs (a library bug) must not stall the whole comparison.
  "${launcher[@]}" taskset -c "$cpu_local" timeout 300 \
    "${out_dir}/local_${kind}" "$bind_to" "$size" "$count" >"$local_out" 2>&1 &
  local_pid=$!
  exec {fd}<"$local_out"
  # The binding process says where it is; that line is the only synchronisation.
  while IFS= read -r -t 30 -u "$fd" line; do
    echo "$line" >>"$log"
    if [[ "$line" == "endpoint: "* ]]; then
      endpoint="${line#endpoint: }"
      break
    fi
  done
  if [[ -n "$endpoint" ]]; then
    # remote_thr keeps its socket until we close its stdin (see remote_thr.c), which
    # we do once local_thr has everything.
    "${launcher[@]}" REMOTE_THR_HOLD=1 taskset -c "$cpu_remote" timeout 300 \
      "${out_dir}/remote_${kind}" "$endpoint" "$size" "$count" <"$hold" >"$remote_log" 2>&1 &
    remote_pid=$!
    exec {hold_fd}>"$hold"
    first_status=0
    wait -n -p first "$local_pid" "$remote_pid" || first_status=$?
    if [[ "$first" == "$remote_pid" ]]; then
      # remote_lat ends first when all went well; a failed remote leaves the binding
      # process waiting for messages until its timeout, so it goes too.
      remote_status=$first_status
      ((remote_status == 0)) || kill "$local_pid" 2>/dev/null || true
      wait "$local_pid" || status=$?
      exec {hold_fd}>&-
    else
      status=$first_status
      exec {hold_fd}>&-
      wait "$remote_pid" || remote_status=$?
    fi
  else
    wait "$local_pid" || status=$?
  fi
  local_pid=""
  cat <&"$fd" >>"$log" || true
  exec {fd}<&-
  echo "== local_${kind} exit status ${status}" >>"$log"
  if [[ -n "$endpoint" ]]; then
    cat "$remote_log" >>"$log"
    echo "== remote_${kind} exit status ${remote_status}" >>"$log"
  fi
  [[ -n "$endpoint" ]] && ((status == 0 && remote_status == 0)) || return 1
  local mapped
  while read -r mapped; do
    if [[ "$(readlink -f "$mapped")" != "$expected" ]]; then
      echo "run-wire.sh: ${side} run mapped '${mapped}', expected '${expected}'; see ${log}" >&2
      exit 1
    fi
  done < <(sed -n 's/^library: //p' "$log")
  [[ "$(grep -c '^library: ' "$log")" == 2 ]] || { echo "run-wire.sh: a process of ${log} did not name its library" >&2; exit 1; }
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

# size_label BYTES: 8 B, 256 B, 1 KiB, 64 KiB.
size_label() {
  if (($1 >= 1024 && $1 % 1024 == 0)); then echo "$(($1 / 1024)) KiB"; else echo "$1 B"; fi
}

failed_runs=0
table_rows=()
for transport in tcp ipc; do
  for spec in "${sizes_and_counts[@]}"; do
    IFS='|' read -r kind size count <<<"$spec"
    ((quick)) && count=$((count / 10))
    name="${transport} ${kind} $(size_label "$size")"
    [[ -z "$filter" || "$name" =~ $filter ]] || continue
    echo
    echo "== ${name} x ${count}, ${rounds} rounds"
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
        log="${log_dir}/${transport}-${kind}-${size}-${side}-${round}.log"
        if run_pair "$side" "$kind" "$transport" "$size" "$count" "$log"; then
          value="$(metric_of "$kind" "$log")"
          if [[ -z "$value" ]]; then
            echo "run-wire.sh: no result in ${log}" >&2
            exit 1
          fi
          echo "  round ${round} ${side}: $(format "$kind" "$value")"
          if [[ "$side" == reference ]]; then reference_values+=("$value"); else oxzmq_values+=("$value"); fi
        else
          echo "  round ${round} ${side}: FAILED (see ${log}):"
          grep -v '^==' "$log" | sed 's/^/    | /' | tail -n 5
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
    if [[ "$kind" == thr ]]; then
      label="${transport} PUSH→PULL throughput (higher is better)"
    else
      label="${transport} PAIR round trip (lower is better)"
    fi
    table_rows+=("| ${label} | $(size_label "$size") × $(group_digits "$count") | ${reference_cell} | ${oxzmq_cell} | ${ratio_cell} |")
  done
done

{
  echo "Medians of ${rounds} alternating runs, binding process on CPU ${cpu_local}, connecting process on CPU ${cpu_remote} ($(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))."
  echo "Reference: \`${reference_library}\`; oxzmq: \`${oxzmq_library}\`. Ratio = oxzmq / reference."
  echo
  echo "| benchmark | message size × count | reference median | oxzmq median | ratio |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${table_rows[@]+"${table_rows[@]}"}"
} >"${out_dir}/wire-results.md"
echo
cat "${out_dir}/wire-results.md"

if ((failed_runs)); then
  echo
  echo "run-wire.sh: ${failed_runs} run(s) failed; logs in ${log_dir}" >&2
  exit 1
fi
