# shellcheck shell=bash
# tests-interop/scenarios.sh: the interop scenarios, for run.sh (sourced).
#
# Each sc_* function plays one scenario between a binding library and a connecting
# library (its first two arguments, "ref" or "oxzmq") over the transport in $transport,
# and returns 0 if every peer passed. It may set NOTE to a short remark for the result
# line. The peers check the messages; the scenario only orders the steps.
#
# Over ipc the driver runs every peer with PEER_HOLD_OPEN=1: a sender keeps its socket
# open until the receiver has finished (the reference drops the unread end of an ipc
# stream when the sender closes early; see peer_finish_sending in peer_util.c). The
# sc_* functions therefore finish the receiving peer first, then the sender. Over tcp
# senders close as soon as they have sent, so the linger path is exercised there.
#
# Uses from run.sh and procs.sh: transport, scenario_dir, proc_* functions.

# Sizes and counts. Streams: 10,000 messages in order at 1 B and 1 KiB; 1 MiB
# messages are fewer (each is checked byte for byte at both ends).
PAIR_COUNT=500
STREAM_COUNT=10000
LARGE_COUNT=100
MULTIPART_COUNT=1000
RESTART_SIZE=64
RESTART_COUNT=10000
RESTART_AT=1000
MAXMSG_LIMIT=4096
# Heartbeats: PINGs every 100 ms; a silent peer is dropped after 500 ms (the TTL is
# sent in tenths of a second). The quiet period is three times that, the watch limit
# ten times.
HB_IVL=100
HB_TTL=500
HB_TIMEOUT=500
HB_QUIET=1500
HB_LIMIT=5000

EP=""
NOTE=""

# bind_endpoint NAME: where peer NAME binds: an ephemeral tcp port on the loopback
# (the peer prints the real one), or a socket file in the scenario's directory.
bind_endpoint() {
    case $transport in
    tcp) echo "tcp://127.0.0.1:*" ;;
    ipc) echo "ipc://$scenario_dir/$1.sock" ;;
    esac
}

# start_binder NAME LIB ROLE ARGS...: starts a binding peer; its endpoint goes to EP.
start_binder() {
    local name=$1 lib=$2 role=$3
    shift 3
    proc_start "$name" "$lib" "$role" bind "$(bind_endpoint "$name")" "$@" &&
        proc_expect "$name" '^endpoint: ' &&
        EP=${MATCH#endpoint: }
}

# start_connector NAME LIB ROLE ARGS...: starts a peer connecting to EP.
start_connector() {
    local name=$1 lib=$2 role=$3
    shift 3
    proc_start "$name" "$lib" "$role" connect "$EP" "$@"
}

# two_peers BINDER CONNECTOR ROLES FIRST_BINDS FIRST FIRST_ROLE OTHER OTHER_ROLE ARGS...:
# the scenarios made of two peers that only exchange messages. Peer FIRST (playing
# FIRST_ROLE) binds with library BINDER if ROLES is FIRST_BINDS, else it connects with
# library CONNECTOR and peer OTHER binds; both get ARGS. FIRST is the receiving or
# checking end, so it is finished first (see the note on PEER_HOLD_OPEN above).
two_peers() {
    local binder=$1 connector=$2 first=$5 first_role=$6 other=$7 other_role=$8
    local first_binds=0
    [[ $3 == "$4" ]] && first_binds=1
    shift 8
    if ((first_binds)); then
        start_binder "$first" "$binder" "$first_role" "$@" &&
            start_connector "$other" "$connector" "$other_role" "$@"
    else
        start_binder "$other" "$binder" "$other_role" "$@" &&
            start_connector "$first" "$connector" "$first_role" "$@"
    fi && proc_finish "$first" && proc_finish "$other"
}

# sc_pair BINDER CONNECTOR ping-binds|echo-binds: PAIR round trips of every frame size.
sc_pair() {
    two_peers "$1" "$2" "$3" ping-binds ping pair-ping echo pair-echo "$PAIR_COUNT"
}

# sc_monitor BINDER CONNECTOR monitor-binds|monitor-connects: PAIR round trips with
# the monitored peer (mon-ping) on one side, checking its own socket's events.
sc_monitor() {
    two_peers "$1" "$2" "$3" monitor-binds ping mon-ping echo pair-echo "$PAIR_COUNT"
}

# sc_pushpull BINDER CONNECTOR pull-binds|push-binds SIZE COUNT: a checked stream.
sc_pushpull() {
    two_peers "$1" "$2" "$3" pull-binds pull pull push push "$4" "$5"
}

# sc_multipart BINDER CONNECTOR recv-binds|send-binds: multipart messages, 1 to 6 parts.
sc_multipart() {
    two_peers "$1" "$2" "$3" recv-binds recv mp-recv send mp-send "$MULTIPART_COUNT"
}

# restart_middle: the part of a restart both variants share, from "both peers up" to
# "the first receiver is gone and the sender has seen it" (see peer_stream.c).
restart_middle() {
    proc_expect first '^received ' &&
        proc_expect push '^paused at ' &&
        proc_send push watch &&
        proc_expect push '^watching ' &&
        proc_send first crash &&
        proc_finish first &&
        proc_expect push '^peer gone' &&
        NOTE=${MATCH}
}

# sc_restart BINDER CONNECTOR receiver-binds|receiver-connects: the receiver crashes
# after RESTART_AT messages and a new one takes its place at the same endpoint (tcp: the
# same port); the sender keeps its socket and every message after the pause arrives.
sc_restart() {
    local stream=("$RESTART_SIZE" "$RESTART_COUNT")
    if [[ $3 == receiver-binds ]]; then
        start_binder first "$1" pull "${stream[@]}" --exit-after "$RESTART_AT" &&
            start_connector push "$2" push "${stream[@]}" --pause-after "$RESTART_AT" &&
            restart_middle &&
            proc_start pull "$1" pull bind "$EP" "${stream[@]}" --resume-from "$RESTART_AT" &&
            proc_expect pull '^endpoint: '
    else
        start_binder push "$1" push "${stream[@]}" --pause-after "$RESTART_AT" &&
            start_connector first "$2" pull "${stream[@]}" --exit-after "$RESTART_AT" &&
            restart_middle &&
            start_connector pull "$2" pull "${stream[@]}" --resume-from "$RESTART_AT"
    fi && proc_send push go && proc_finish pull && proc_finish push
}

# sc_hb_quiet BINDER CONNECTOR hb-on-binder|hb-on-connector: heartbeats on one side
# keep a quiet connection up past the TTL and timeout; the same connection carries the
# next round trip.
sc_hb_quiet() {
    local hb=(--heartbeat "$HB_IVL:$HB_TTL:$HB_TIMEOUT") binder_opts=() connector_opts=()
    if [[ $3 == hb-on-binder ]]; then binder_opts=("${hb[@]}"); else connector_opts=("${hb[@]}"); fi
    start_binder binder "$1" hb-quiet "$HB_QUIET" "${binder_opts[@]}" &&
        start_connector connector "$2" hb-quiet "$HB_QUIET" "${connector_opts[@]}" &&
        proc_finish connector && proc_finish binder
}

# sc_hb_drop BINDER CONNECTOR timeout|ttl watcher-binds|watcher-connects: the idle
# peer is SIGSTOPped; the watcher's library must drop the connection.
#   timeout: the watcher sends PINGs (HEARTBEAT_IVL + HEARTBEAT_TIMEOUT) and gets no
#            PONG back.
#   ttl:     the idle peer sent PINGs carrying HEARTBEAT_TTL; the watcher has no
#            heartbeat options and must honour the TTL it was given.
sc_hb_drop() {
    local watch_opts=() idle_opts=()
    if [[ $3 == timeout ]]; then
        watch_opts=(--heartbeat "$HB_IVL:0:$HB_TIMEOUT")
    else
        # The TTL travels in the idle side's PINGs: let at least one go out first.
        idle_opts=(--heartbeat "$HB_IVL:$HB_TTL:0" --warmup $((3 * HB_IVL)))
    fi
    if [[ $4 == watcher-binds ]]; then
        start_binder watch "$1" hb-watch "$HB_LIMIT" "${watch_opts[@]}" &&
            start_connector idle "$2" hb-idle "${idle_opts[@]}"
    else
        start_binder idle "$1" hb-idle "${idle_opts[@]}" &&
            start_connector watch "$2" hb-watch "$HB_LIMIT" "${watch_opts[@]}"
    fi && proc_expect watch '^up$' && proc_expect idle '^up$' &&
        proc_stop idle &&
        proc_send watch stopped &&
        proc_expect watch '^dropped after ' &&
        NOTE=$MATCH &&
        proc_finish watch
}

# sc_maxmsg BINDER CONNECTOR receiver-binds|receiver-connects: a message one byte over
# ZMQ_MAXMSGSIZE drops the connection; the receiving socket lives on and a later
# connection delivers a message of exactly the limit.
sc_maxmsg() {
    local limit=$MAXMSG_LIMIT
    if [[ $3 == receiver-binds ]]; then
        start_binder recv "$1" maxmsg-recv "$limit" &&
            start_connector first "$2" maxmsg-send "$limit" first
    else
        start_binder first "$1" maxmsg-send "$limit" first &&
            start_connector recv "$2" maxmsg-recv "$limit"
    fi && proc_expect recv '^got first' &&
        proc_send first big &&
        proc_expect recv '^dropped after ' &&
        NOTE=$MATCH || return 1
    if [[ $3 == receiver-binds ]]; then
        start_connector second "$2" maxmsg-send "$limit" second &&
            proc_send recv next
    else
        start_binder second "$1" maxmsg-send "$limit" second &&
            proc_send recv "connect $EP"
    fi && proc_finish recv && proc_finish second && proc_finish first
}
