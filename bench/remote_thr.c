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
    struct bench_tool tool =
      wire_start (argc, argv, USAGE, "message count", 1, ZMQ_PUSH, BENCH_CONNECT);
    bench_send_stream (tool.socket, tool.message_size, tool.count);
    printf ("sent: %zu x %zu [B]\n", tool.count, tool.message_size);
    fflush (stdout);
    const char *hold = getenv ("REMOTE_THR_HOLD");
    if (hold != NULL && strcmp (hold, "1") == 0) {
        while (getchar () != EOF)
            ;
    }
    bench_tool_finish (&tool);
    return 0;
}
