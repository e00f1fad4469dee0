/* local_lat.c: the echoing half of the latency test over a real transport.
 *
 *   local_lat <bind-to> <message-size> <roundtrip-count>
 *
 * Binds a PAIR socket to <bind-to>, prints "endpoint: <resolved>", and returns every
 * message remote_lat sends: <roundtrip-count> of them plus one untimed warm-up, each
 * checked for size. Same arguments as libzmq's perf/local_lat, which uses REP (and
 * remote_lat REQ); oxzmq has no REQ/REP yet, so both halves use PAIR here, which puts
 * the same messages on the wire without REQ's empty delimiter frame. remote_lat
 * prints the figure.
 */
#include "wire_util.h"

#define USAGE                                                                           \
    "local_lat <bind-to> <message-size> <roundtrip-count>\n"                            \
    "(PAIR echo; libzmq's local_lat uses REP, which oxzmq does not have yet)"

int main (int argc, char **argv)
{
    struct bench_tool tool =
      wire_start (argc, argv, USAGE, "roundtrip count", 1, ZMQ_PAIR, BENCH_BIND);
    /* One more than the count: remote_lat's warm-up round trip. */
    bench_echo (tool.socket, tool.message_size, tool.count + 1);
    bench_tool_finish (&tool);
    printf ("echoed: %zu x %zu [B]\n", tool.count + 1, tool.message_size);
    return 0;
}
