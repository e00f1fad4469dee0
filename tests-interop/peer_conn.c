/* peer_conn.c: the roles about the life of a connection: heartbeats and
 * ZMQ_MAXMSGSIZE.
 *
 *   hb-quiet bind|connect ENDPOINT QUIET_MS [--heartbeat IVL:TTL:TIMEOUT]
 *       PAIR. One round trip, then nothing on the wire but heartbeats for QUIET_MS
 *       (longer than the TTL and timeout), then another round trip. Passes if each
 *       side still holds the very sockets it held before the quiet period: heartbeats
 *       kept the connection alive, and neither side dropped a healthy peer.
 *   hb-watch bind|connect ENDPOINT LIMIT_MS [--heartbeat IVL:TTL:TIMEOUT]
 *       PAIR. One round trip, "up"; after the command "stopped" (the driver has
 *       SIGSTOPped the other side) waits at most LIMIT_MS for the library to close the
 *       connection; "dropped after N ms".
 *   hb-idle bind|connect ENDPOINT [--heartbeat IVL:TTL:TIMEOUT] [--warmup MS]
 *       PAIR. One round trip, MS of silence (for its first PING to go out), "up", then
 *       nothing until stdin closes: the peer the driver stops.
 *   maxmsg-recv bind|connect ENDPOINT LIMIT
 *       PULL with ZMQ_MAXMSGSIZE=LIMIT. Receives message 0 (LIMIT/2 bytes), "got
 *       first"; the sender then sends LIMIT+1 bytes, and the connection must close;
 *       "dropped after N ms". Then the command "next" (another sender connects to us)
 *       or "connect ENDPOINT2" (we connect to another sender), and message 2 of exactly
 *       LIMIT bytes must arrive: the socket lived on and takes new connections.
 *   maxmsg-send bind|connect ENDPOINT LIMIT first|second
 *       PUSH. first: message 0, "sent first", waits for "big", sends message 1 of
 *       LIMIT+1 bytes, "sent big", stays until stdin closes. second: message 2.
 *
 * Heartbeat timings are the driver's; a connection's drop is seen in /proc/self/fd
 * (see peer_data.c), so these roles do not depend on the socket monitor.
 */
#include "peer.h"

#include <string.h>

/* Round trip `round` on a PAIR: the connecting side speaks first. */
static void round_trip (void *pair, enum peer_mode mode, uint64_t round)
{
    if (mode == PEER_CONNECT) {
        peer_send_seq (pair, 2 * round, 16, 0);
        peer_recv_seq (pair, 2 * round + 1, 16, 0);
    } else {
        peer_recv_seq (pair, 2 * round, 16, 0);
        peer_send_seq (pair, 2 * round + 1, 16, 0);
    }
}

/* Fails unless the sockets held now are exactly `before`. */
static void expect_same_sockets (const struct inode_set *before, const char *when)
{
    struct inode_set now, added, removed;
    peer_socket_inodes (&now);
    if (peer_inode_sets_equal (before, &now))
        return;
    peer_inode_difference (&now, before, &added);
    peer_inode_difference (before, &now, &removed);
    peer_fail ("the connection did not stay up %s: %zu socket(s) closed, %zu opened", when,
               removed.count, added.count);
}

int role_hb_quiet (struct peer_args *args)
{
    long quiet_ms = (long) peer_positional_number (args, 0, "quiet-ms");
    void *pair = peer_socket (ZMQ_PAIR);
    peer_apply_heartbeat (args, pair);
    peer_args_done (args, 1);
    peer_attach (pair, args->mode, args->endpoint, NULL);

    round_trip (pair, args->mode, 0);
    struct inode_set sockets;
    peer_socket_inodes (&sockets);
    peer_say ("up");
    if (args->mode == PEER_CONNECT) {
        /* The quiet period: the binder sends nothing until we speak again. Only the
         * connecting side times it, so the two sides cannot disagree about it. */
        uint64_t end = peer_now_ms () + (uint64_t) quiet_ms;
        for (uint64_t now = peer_now_ms (); now < end; now = peer_now_ms ()) {
            zmq_pollitem_t item = {pair, 0, ZMQ_POLLIN, 0};
            int ready = zmq_poll (&item, 1, (long) (end - now));
            peer_check (ready, "zmq_poll");
            if (ready > 0)
                peer_fail ("a message arrived during the quiet period");
        }
        /* Checked before speaking again: once the binder has answered it may close. */
        expect_same_sockets (&sockets, "over the quiet period");
        peer_send_seq (pair, 2, 16, 0);
        peer_recv_seq (pair, 3, 16, 0);
        peer_say ("stayed up over %ld ms", quiet_ms);
        peer_finish (pair, 0);
    } else {
        /* This receive waits out the connecting side's quiet period. */
        peer_recv_seq (pair, 2, 16, 0);
        expect_same_sockets (&sockets, "over the quiet period");
        peer_send_seq (pair, 3, 16, 0);
        peer_say ("stayed up over the quiet period");
        peer_finish_sending (pair);
    }
    return 0;
}

int role_hb_watch (struct peer_args *args)
{
    long limit_ms = (long) peer_positional_number (args, 0, "limit-ms");
    void *pair = peer_socket (ZMQ_PAIR);
    peer_apply_heartbeat (args, pair);
    peer_args_done (args, 1);
    struct inode_set baseline, now, connection;
    peer_attach (pair, args->mode, args->endpoint, &baseline);

    round_trip (pair, args->mode, 0);
    peer_socket_inodes (&now);
    peer_inode_difference (&now, &baseline, &connection);
    if (connection.count == 0)
        peer_fail ("after a round trip there is no connection socket to watch");
    peer_say ("up");
    peer_expect_command ("stopped");
    if (peer_inodes_still_open (&connection) == 0)
        peer_fail ("the connection was dropped before the peer was stopped");
    long waited = peer_wait_closed (&connection, limit_ms);
    if (waited < 0)
        peer_fail ("the silent peer's connection was still open after %ld ms", limit_ms);
    peer_say ("dropped after %ld ms", waited);
    peer_finish (pair, 0);
    return 0;
}

int role_hb_idle (struct peer_args *args)
{
    void *pair = peer_socket (ZMQ_PAIR);
    peer_apply_heartbeat (args, pair);
    const char *warmup_text = peer_option (args, "--warmup");
    peer_args_done (args, 0);
    long warmup_ms = warmup_text != NULL ? (long) peer_number (warmup_text, "--warmup") : 0;
    peer_attach (pair, args->mode, args->endpoint, NULL);
    round_trip (pair, args->mode, 0);
    if (warmup_ms > 0) {
        /* The one timed wait of the suite. A TTL reaches the other side only inside a
         * PING, which the library sends one heartbeat interval after the handshake,
         * and no API tells that it went out; the driver gives it a few intervals
         * before it stops this process. Nothing may arrive meanwhile. */
        zmq_pollitem_t item = {pair, 0, ZMQ_POLLIN, 0};
        int ready = zmq_poll (&item, 1, warmup_ms);
        peer_check (ready, "zmq_poll");
        if (ready > 0)
            peer_fail ("a message arrived while waiting for the first heartbeat");
    }
    peer_say ("up");
    char line[256];
    while (peer_read_command (line, sizeof line))
        ;
    peer_finish (pair, 0);
    return 0;
}

int role_maxmsg_recv (struct peer_args *args)
{
    size_t limit = peer_positional_number (args, 0, "limit");
    peer_args_done (args, 1);
    if (limit < 16)
        peer_fail ("LIMIT must be at least 16");
    void *pull = peer_socket (ZMQ_PULL);
    int64_t max_size = (int64_t) limit;
    peer_check (zmq_setsockopt (pull, ZMQ_MAXMSGSIZE, &max_size, sizeof max_size),
                "zmq_setsockopt(ZMQ_MAXMSGSIZE)");
    struct inode_set baseline, now, connection;
    peer_attach (pull, args->mode, args->endpoint, &baseline);

    peer_recv_seq (pull, 0, limit / 2, 0);
    peer_socket_inodes (&now);
    peer_inode_difference (&now, &baseline, &connection);
    if (connection.count == 0)
        peer_fail ("after a message there is no connection socket to watch");
    peer_say ("got first");
    long waited = peer_wait_closed (&connection, peer_timeout_ms ());
    if (waited < 0)
        peer_fail ("the connection was still open %d ms after a message of %zu bytes "
                   "(ZMQ_MAXMSGSIZE %zu)",
                   peer_timeout_ms (), limit + 1, limit);
    peer_say ("dropped after %ld ms", waited);

    char line[1024];
    if (!peer_read_command (line, sizeof line))
        peer_fail ("stdin closed while waiting for 'next' or 'connect ENDPOINT'");
    if (strncmp (line, "connect ", 8) == 0)
        peer_connect_more (pull, line + 8);
    else if (strcmp (line, "next") != 0)
        peer_fail ("unknown command '%s'", line);
    /* Message 1, the oversized one, must never arrive: the next one is message 2. */
    peer_recv_seq (pull, 2, limit, 0);
    peer_say ("got second");
    peer_finish (pull, 0);
    return 0;
}

int role_maxmsg_send (struct peer_args *args)
{
    size_t limit = peer_positional_number (args, 0, "limit");
    const char *phase = peer_positional (args, 1, "first|second");
    peer_args_done (args, 2);
    if (strcmp (phase, "first") != 0 && strcmp (phase, "second") != 0)
        peer_fail ("phase must be 'first' or 'second', not '%s'", phase);
    void *push = peer_open (args, ZMQ_PUSH, NULL);

    if (strcmp (phase, "second") == 0) {
        peer_send_seq (push, 2, limit, 0);
        peer_say ("sent second");
        peer_finish_sending (push);
        return 0;
    }
    peer_send_seq (push, 0, limit / 2, 0);
    peer_say ("sent first");
    peer_expect_command ("big");
    peer_send_seq (push, 1, limit + 1, 0);
    peer_say ("sent big");
    /* Stay connected (and reconnecting) until the driver is done, so that the drop the
     * receiver sees is its own doing, not this process going away. */
    char line[256];
    while (peer_read_command (line, sizeof line))
        ;
    peer_finish (push, 0);
    return 0;
}
