/* inproc_thr.c: PUSH -> PULL throughput over inproc, between two threads.
 *
 *   inproc_thr <message-size> <message-count>
 *
 * The main thread binds a PULL socket; a second thread connects a PUSH socket and sends
 * <message-count> messages of <message-size> bytes, each built with zmq_msg_init_size as
 * an application would (so allocation of large messages is part of the cost). The clock
 * runs from the moment the sender starts until the last message is received, and the
 * receiver checks the size of every message. Prints messages per second and megabits
 * per second (10^6 bits, payload only). Socket options are left at their defaults, so
 * both libraries run with the same high-water marks.
 */
#include "inproc_util.h"

#define USAGE "inproc_thr <message-size> <message-count>"

int main (int argc, char **argv)
{
    struct bench_tool tool =
      inproc_start (argc, argv, USAGE, "message count", "inproc://inproc_thr", ZMQ_PULL);
    /* The clock includes the sender's start, as the stream begins with it. */
    uint64_t start = bench_now_ns ();
    struct inproc_peer sender;
    inproc_start_peer (&sender, &tool, ZMQ_PUSH, bench_send_stream);
    bench_recv_stream (tool.socket, tool.message_size, tool.count);
    uint64_t elapsed_ns = bench_now_ns () - start;
    inproc_join_peer (&sender);
    bench_tool_finish (&tool);
    bench_print_throughput (tool.message_size, tool.count, tool.count, elapsed_ns);
    return 0;
}
