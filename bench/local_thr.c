/* local_thr.c: the receiving half of the throughput test over a real transport.
 *
 *   local_thr <bind-to> <message-size> <message-count>
 *
 * Binds a PULL socket to <bind-to> (e.g. tcp://127.0.0.1:5555, tcp://127.0.0.1:* or
 * ipc:///tmp/thr) and prints "endpoint: <resolved>" so a script can start remote_thr
 * against it. Receives <message-count> messages of <message-size> bytes from
 * remote_thr (PUSH), checking each one's size. The clock starts when the first message
 * arrives (so connection set-up is not measured) and stops at the last; the figures
 * count the messages after the first. Prints messages per second and megabits per
 * second (10^6 bits, payload only). Same arguments as libzmq's perf/local_thr; socket
 * options are left at their defaults.
 */
#include "wire_util.h"

#define USAGE "local_thr <bind-to> <message-size> <message-count>"

int main (int argc, char **argv)
{
    /* At least 2: the first message only starts the clock. */
    struct bench_tool tool =
      wire_start (argc, argv, USAGE, "message count", 2, ZMQ_PULL, BENCH_BIND);
    bench_recv_stream (tool.socket, tool.message_size, 1);
    uint64_t start = bench_now_ns ();
    bench_recv_stream (tool.socket, tool.message_size, tool.count - 1);
    uint64_t elapsed_ns = bench_now_ns () - start;
    bench_tool_finish (&tool);
    bench_print_throughput (tool.message_size, tool.count, tool.count - 1, elapsed_ns);
    return 0;
}
