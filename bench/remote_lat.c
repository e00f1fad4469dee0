/* remote_lat.c: the measuring half of the latency test over a real transport.
 *
 *   remote_lat <connect-to> <message-size> <roundtrip-count>
 *
 * Connects a PAIR socket to <connect-to> (where local_lat echoes), makes one untimed
 * round trip (so connection set-up is not measured), then sends a message of
 * <message-size> bytes and waits for it to come back, <roundtrip-count> times. Prints
 * the average round-trip time in microseconds, and half of it as the one-way latency
 * libzmq's own tool reports. Same arguments as libzmq's perf/remote_lat, which uses
 * REQ (and local_lat REP); oxzmq has no REQ/REP yet, so both halves use PAIR here.
 */
#include "wire_util.h"

#define USAGE                                                                           \
    "remote_lat <connect-to> <message-size> <roundtrip-count>\n"                        \
    "(PAIR ping-pong; libzmq's remote_lat uses REQ, which oxzmq does not have yet)"

int main (int argc, char **argv)
{
    struct bench_tool tool =
      wire_start (argc, argv, USAGE, "roundtrip count", 1, ZMQ_PAIR, BENCH_CONNECT);
    /* An untimed warm-up, so that connection set-up is not measured. */
    bench_round_trip (tool.socket, tool.message_size);
    uint64_t elapsed_ns = bench_time_round_trips (tool.socket, tool.message_size, tool.count);
    bench_tool_finish (&tool);
    bench_print_latency (tool.message_size, tool.count, elapsed_ns);
    return 0;
}
