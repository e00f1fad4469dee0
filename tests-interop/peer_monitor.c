/* peer_monitor.c: PAIR round trips on a monitored socket.
 *
 *   mon-ping bind|connect ENDPOINT COUNT   as pair-ping, with zmq_socket_monitor on
 *                                          its socket: checks the events of its side
 *
 * The monitor's reader connects before the socket binds or connects, so no event is
 * lost (the reference would block the socket without a reader). After the round trips
 * the events must be, on a binding peer, LISTENING (naming the endpoint it printed),
 * ACCEPTED and HANDSHAKE_SUCCEEDED; on a connecting peer CONNECTED (naming ENDPOINT)
 * and HANDSHAKE_SUCCEEDED, after any CONNECT_DELAYED. Closing the socket then ends
 * the stream with MONITOR_STOPPED (after DISCONNECTED, CLOSED and reconnection
 * attempts if the echo peer went first). So the same check holds for the monitor of either library, against a
 * peer of either library.
 */
#include "peer.h"

#include <stdio.h>
#include <string.h>

#define MONITOR_ENDPOINT "inproc://peer-monitor"

/* The next event's id; its endpoint goes to `endpoint`. */
static int next_event (void *reader, char *endpoint, size_t len)
{
    zmq_msg_t msg;
    peer_check (zmq_msg_init (&msg), "zmq_msg_init");
    int size = zmq_msg_recv (&msg, reader, 0);
    peer_check (size, "zmq_msg_recv(monitor event)");
    if (size != 6 || !zmq_msg_more (&msg))
        peer_fail ("a monitor event's first frame has %d bytes", size);
    uint16_t id;
    memcpy (&id, zmq_msg_data (&msg), sizeof id);
    size = zmq_msg_recv (&msg, reader, 0);
    peer_check (size, "zmq_msg_recv(monitor endpoint)");
    if ((size_t) size >= len || zmq_msg_more (&msg))
        peer_fail ("a monitor event's endpoint frame is wrong (%d bytes)", size);
    memcpy (endpoint, zmq_msg_data (&msg), (size_t) size);
    endpoint[size] = '\0';
    peer_check (zmq_msg_close (&msg), "zmq_msg_close");
    return id;
}

/* Read events until `id`; others must be in `allowed`. Returns its endpoint. */
static void expect_event (void *reader, int id, int allowed, char *endpoint, size_t len)
{
    for (;;) {
        int got = next_event (reader, endpoint, len);
        if (got == id)
            return;
        if (!(got & allowed))
            peer_fail ("monitor: expected event %#x, got %#x (%s)", id, got, endpoint);
    }
}

int role_mon_ping (struct peer_args *args)
{
    size_t count = peer_positional_number (args, 0, "count");
    peer_args_done (args, 1);
    void *pair = peer_socket (ZMQ_PAIR);
    peer_check (zmq_socket_monitor (pair, MONITOR_ENDPOINT, ZMQ_EVENT_ALL),
                "zmq_socket_monitor");
    void *reader = peer_socket (ZMQ_PAIR);
    peer_check (zmq_connect (reader, MONITOR_ENDPOINT), "zmq_connect(monitor)");
    peer_attach (pair, args->mode, args->endpoint, NULL);
    for (size_t i = 0; i < count; i++) {
        peer_send_seq (pair, i, peer_pair_size (i), 0);
        peer_recv_seq (pair, i, peer_pair_size (i), 0);
    }
    char endpoint[256];
    if (args->mode == PEER_BIND) {
        char bound[256];
        size_t size = sizeof bound;
        peer_check (zmq_getsockopt (pair, ZMQ_LAST_ENDPOINT, bound, &size),
                    "zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
        expect_event (reader, ZMQ_EVENT_LISTENING, 0, endpoint, sizeof endpoint);
        if (strcmp (endpoint, bound) != 0)
            peer_fail ("LISTENING names %s, not %s", endpoint, bound);
        expect_event (reader, ZMQ_EVENT_ACCEPTED, 0, endpoint, sizeof endpoint);
    } else {
        expect_event (reader, ZMQ_EVENT_CONNECTED, ZMQ_EVENT_CONNECT_DELAYED, endpoint,
                      sizeof endpoint);
        if (strcmp (endpoint, args->endpoint) != 0)
            peer_fail ("CONNECTED names %s, not %s", endpoint, args->endpoint);
    }
    expect_event (reader, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, endpoint, sizeof endpoint);
    peer_say ("monitored round trips: %zu", count);
    int linger = 0;
    peer_check (zmq_setsockopt (pair, ZMQ_LINGER, &linger, sizeof linger), "zmq_setsockopt");
    peer_check (zmq_close (pair), "zmq_close");
    /* The echo peer may have gone first: the connection's loss, and on a connecting
     * peer the attempts to reconnect, may come before the end. */
    expect_event (reader, ZMQ_EVENT_MONITOR_STOPPED,
                  ZMQ_EVENT_CLOSED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECT_RETRIED
                    | ZMQ_EVENT_CONNECT_DELAYED,
                  endpoint, sizeof endpoint);
    peer_say ("monitor stopped");
    peer_finish (reader, 0);
    return 0;
}
