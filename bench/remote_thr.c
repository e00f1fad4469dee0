/* remote_thr.c: the sending half of the throughput test over a real transport.
 *
 *   remote_thr <connect-to> <message-size> <message-count>
 *
 * Connects a PUSH socket to <connect-to> (where local_thr is bound) and sends
 * <message-count> messages of <message-size> bytes, each built with zmq_msg_init_size
 * as an application would, so allocating large messages is part of the cost. Then
 * closes with the default linger, which waits until every message has left: the
 * process ends only once local_thr can have them all. Same arguments as libzmq's
 * perf/remote_thr; socket options are left at their defaults. The figure is
 * local_thr's.
 *
 * With REMOTE_THR_HOLD=1 in the environment it prints "sent" and keeps the socket open
 * until its stdin closes. Receiving over ipc, libzmq 4.3.4 loses the unread end of a
 * stream when the sender closes while the receiver's queue is full (it takes the
 * hang-up for an error before reading the rest; libzmq issue #4660), and local_thr
 * would wait for ever; bench/run-wire.sh closes stdin once local_thr has finished.
 */
#include "wire_util.h"

#define USAGE "remote_thr <connect-to> <message-size> <message-count>"

int main (int argc, char **argv)
{
    struct wire_args args = wire_parse_args (argc, argv, USAGE, "message count");
    wire_check_library ();

    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    if (push == NULL)
        bench_fail ("zmq_socket(PUSH)");
    if (zmq_connect (push, args.endpoint) != 0)
        bench_fail ("zmq_connect");

    for (size_t i = 0; i < args.count; i++) {
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, args.message_size) != 0)
            bench_fail ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, push, 0) < 0)
            bench_fail ("zmq_msg_send");
    }

    printf ("sent: %zu x %zu [B]\n", args.count, args.message_size);
    fflush (stdout);
    const char *hold = getenv ("REMOTE_THR_HOLD");
    if (hold != NULL && strcmp (hold, "1") == 0) {
        while (getchar () != EOF)
            ;
    }

    if (zmq_close (push) != 0)
        bench_fail ("zmq_close(PUSH)");
    if (zmq_ctx_term (ctx) != 0)
        bench_fail ("zmq_ctx_term");
    return 0;
}
