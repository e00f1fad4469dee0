/* inproc_lat.c: PAIR ping-pong latency over inproc, between two threads.
 *
 *   inproc_lat <message-size> <roundtrip-count>
 *
 * The main thread binds a PAIR socket and a second thread connects another; the main
 * thread sends a message of <message-size> bytes, the echo thread sends it straight
 * back, <roundtrip-count> times. Each round trip therefore includes two hand-overs
 * between threads, wake-ups included. Prints the average round-trip time in
 * microseconds, and half of it as the one-way latency libzmq's own tool reports.
 */
#include "inproc_util.h"

#define USAGE "inproc_lat <message-size> <roundtrip-count>"

int main (int argc, char **argv)
{
    struct bench_tool tool =
      inproc_start (argc, argv, USAGE, "roundtrip count", "inproc://inproc_lat", ZMQ_PAIR);
    struct inproc_peer echo;
    inproc_start_peer (&echo, &tool, ZMQ_PAIR, bench_echo);
    uint64_t elapsed_ns = bench_time_round_trips (tool.socket, tool.message_size, tool.count);
    inproc_join_peer (&echo);
    bench_tool_finish (&tool);
    bench_print_latency (tool.message_size, tool.count, elapsed_ns);
    return 0;
}
