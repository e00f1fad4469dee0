# shellcheck shell=bash
# tests-interop/procs.sh: starting peers and talking to them, for run.sh (sourced).
#
# Each peer runs with its stdin and stdout on two FIFOs that the driver holds open, so
# the driver can wait for a line the peer prints ("endpoint: ...", "up") and answer
# with a command ("go", "crash"). That is the only synchronisation: no sleeps.
#
# Every wait is bounded by the scenario's deadline (deadline_ms, set by run.sh), and
# every peer runs under timeout(1) with the time left, so a hung library cannot stall
# the suite. Peers are named per scenario ("push", "pull", "first"...); the arrays
# below are keyed by that name and cleared by proc_reset.
#
# Uses from run.sh: peer_bin, scenario_dir, scenario_log, deadline_ms, LIB_DIR[],
# LIB_FILE[] (keyed by library: ref, oxzmq), peer_timeout_ms, peer_hold_open.

declare -A proc_pid=() proc_child=() proc_in=() proc_out=() proc_status=()
proc_names=()
MATCH=""
LINE=""

# now_ms: milliseconds since the epoch, from bash's own clock.
now_ms() {
    echo $((${EPOCHREALTIME/./} / 1000))
}

# log TEXT...: appends a line to the scenario's log.
log() {
    printf '%s\n' "$*" >>"$scenario_log"
}

# time_left: seconds (with milliseconds) until the scenario's deadline; fails if none.
time_left() {
    local left=$((deadline_ms - $(now_ms)))
    ((left > 0)) || return 1
    printf '%d.%03d' $((left / 1000)) $((left % 1000))
}

# proc_reset: forgets the previous scenario's peers (proc_cleanup has ended them).
proc_reset() {
    proc_pid=()
    proc_status=()
    proc_child=()
    proc_in=()
    proc_out=()
    proc_names=()
}

# proc_start NAME LIB ARGS...: starts `peer ARGS...` on library LIB as peer NAME and
# waits for its "pid:" and "library:" lines (the peer itself refuses a wrong library).
proc_start() {
    local name=$1 lib=$2 fd left
    shift 2
    local in="$scenario_dir/$name.in" out="$scenario_dir/$name.out"
    left=$(time_left) || { log "no time left to start $name"; return 1; }
    mkfifo "$in" "$out" || return 1
    log "\$ [$name on $lib] peer $*"
    # -k: a peer that ignores SIGTERM (or is stopped) still goes.
    env LD_LIBRARY_PATH="${LIB_DIR[$lib]}" EXPECT_LIB="${LIB_FILE[$lib]}" \
        PEER_TIMEOUT_MS="$peer_timeout_ms" PEER_HOLD_OPEN="$peer_hold_open" \
        timeout -k 2 "$left" "$peer_bin" "$@" <"$in" >"$out" 2>"$scenario_dir/$name.err" &
    proc_pid[$name]=$!
    proc_names+=("$name")
    # Opening a FIFO blocks until the other end opens too; the peer's shell opens stdin
    # first, then stdout, and so do we.
    exec {fd}>"$in"
    proc_in[$name]=$fd
    exec {fd}<"$out"
    proc_out[$name]=$fd
    proc_expect "$name" '^pid: [0-9]+$' || return 1
    proc_child[$name]=${MATCH#pid: }
    proc_expect "$name" '^library: ' || return 1
}

# proc_read NAME: reads one line of NAME's output into LINE, waiting at most until the
# deadline. Returns 0 with a line, 1 at the end of the output, 2 on timeout, 3 if
# another peer of the scenario failed meanwhile (no point waiting any longer).
proc_read() {
    local name=$1 status partial=""
    while :; do
        time_left >/dev/null || return 2
        # Short slices (the deadline is checked between them), so that a peer failing
        # elsewhere is noticed within 0.2 s.
        IFS= read -r -t 0.2 -u "${proc_out[$name]}" LINE
        status=$?
        if ((status == 0)); then
            LINE=$partial$LINE
            log "[$name] $LINE"
            return 0
        fi
        ((status > 128)) || return 1
        # A timed-out read keeps what it got of an unfinished line.
        partial+=$LINE
        proc_others_failed "$name" && return 3
    done
}

# proc_others_failed NAME: whether a peer other than NAME has exited unsuccessfully
# (reaping those that have exited).
proc_others_failed() {
    local other
    for other in "${proc_names[@]}"; do
        [[ $other == "$1" || -n ${proc_status[$other]:-} ]] && continue
        proc_exited "$other" || continue
        proc_reap "$other"
        if [[ ${proc_status[$other]} != 0 ]]; then
            proc_explain "$other"
            return 0
        fi
    done
    return 1
}

# proc_exited NAME: whether NAME's process has ended (a zombie, or gone).
proc_exited() {
    local state
    state=$(awk '{ print $3 }' "/proc/${proc_pid[$1]}/stat" 2>/dev/null) || return 0
    [[ $state == Z ]]
}

# proc_reap NAME: collects NAME's exit status into proc_status (waits if it runs).
proc_reap() {
    [[ -n ${proc_status[$1]:-} ]] && return 0
    wait "${proc_pid[$1]}"
    proc_status[$1]=$?
}

# proc_explain NAME: logs why NAME's exit status is not 0.
proc_explain() {
    case ${proc_status[$1]} in
    0) ;;
    3) log "$1 ran on the wrong library (exit status 3)" ;;
    124 | 137) log "$1 was killed at the scenario's deadline" ;;
    *) log "$1 failed (exit status ${proc_status[$1]})" ;;
    esac
}

# proc_expect NAME REGEX: reads NAME's output until a line matches (into MATCH). Fails
# if the peer ends first, another peer fails, or the deadline passes.
proc_expect() {
    local name=$1 pattern=$2 status
    while :; do
        proc_read "$name"
        status=$?
        case $status in
        0) if [[ $LINE =~ $pattern ]]; then
            MATCH=$LINE
            return 0
        fi ;;
        1) log "$name ended before printing /$pattern/"
            return 1 ;;
        2) log "timed out waiting for /$pattern/ from $name"
            return 1 ;;
        *) return 1 ;;
        esac
    done
}

# proc_send NAME TEXT: sends one command line to NAME.
proc_send() {
    local name=$1 text=$2
    log "> [$name] $text"
    if ! printf '%s\n' "$text" 1>&"${proc_in[$name]}" 2>/dev/null; then
        log "$name is not reading its commands any more"
        return 1
    fi
}

# proc_close_input NAME: closes NAME's stdin (end of commands).
proc_close_input() {
    local name=$1 fd
    fd=${proc_in[$name]:-}
    [[ -n $fd ]] || return 0
    exec {fd}>&-
    unset "proc_in[$name]"
}

# proc_stop NAME: SIGSTOPs NAME and waits (bounded) until the kernel shows it stopped.
proc_stop() {
    local name=$1 pid=${proc_child[$1]} state
    log "! SIGSTOP $name (pid $pid)"
    kill -STOP "$pid" || return 1
    # The stop is asynchronous; /proc/PID/stat's third field turns to T once it holds.
    while :; do
        state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
        [[ $state == T ]] && return 0
        time_left >/dev/null || { log "$name did not stop"; return 1; }
        sleep 0.005
    done
}

# proc_finish NAME: closes NAME's stdin, reads its output to the end and collects its
# exit status; fails unless it is 0.
proc_finish() {
    local name=$1 status
    proc_close_input "$name"
    while :; do
        proc_read "$name"
        status=$?
        case $status in
        0) ;;
        1) break ;;
        2) log "timed out waiting for $name to finish"
            return 1 ;;
        *) return 1 ;;
        esac
    done
    proc_reap "$name"
    proc_explain "$name"
    [[ ${proc_status[$name]} == 0 ]]
}

# proc_cleanup: ends every peer of the scenario that is still running (by its own pid),
# closes the FIFOs and appends the peers' stderr to the log.
proc_cleanup() {
    local name fd pid child line
    for name in "${proc_names[@]+"${proc_names[@]}"}"; do
        proc_close_input "$name"
        fd=${proc_out[$name]:-}
        if [[ -n $fd ]]; then
            # What the peer printed but nobody waited for yet: it tells how far it got.
            while IFS= read -r -t 0.05 -u "$fd" line; do
                log "[$name] $line"
            done
            exec {fd}<&-
        fi
        pid=${proc_pid[$name]:-}
        if [[ -n $pid && -z ${proc_status[$name]:-} ]] && proc_exited "$name"; then
            proc_reap "$name"
            log "$name had ended with exit status ${proc_status[$name]}"
        elif [[ -n $pid && -z ${proc_status[$name]:-} ]]; then
            # The peer first (SIGKILL works on a stopped process too), then its timeout.
            # The pid is the peer's only while its parent is still our timeout process.
            child=${proc_child[$name]:-}
            if [[ -n $child ]] && [[ $(awk '{ print $4 }' "/proc/$child/stat" 2>/dev/null) == "$pid" ]]; then
                kill -KILL "$child" 2>/dev/null
            fi
            kill -TERM "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            log "$name was still running; killed"
        fi
        if [[ -s "$scenario_dir/$name.err" ]]; then
            log "--- $name stderr:"
            sed 's/^/    /' "$scenario_dir/$name.err" >>"$scenario_log"
        fi
    done
    proc_reset
}
