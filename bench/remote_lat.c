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

/* One round trip: sends a fresh message and receives the echo into a fresh one. */
static void round_trip (void *pair, size_t message_size)
{
    zmq_msg_t msg;
    if (zmq_msg_init_size (&msg, message_size) != 0)
        bench_fail ("zmq_msg_init_size");
    if (zmq_msg_send (&msg, pair, 0) < 0)
        bench_fail ("zmq_msg_send");
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    wire_recv_checked (pair, &msg, message_size);
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
}

int main (int argc, char **argv)
{
    struct wire_args args = wire_parse_args (argc, argv, USAGE, "roundtrip count");
    wire_check_library ();

    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *pair = zmq_socket (ctx, ZMQ_PAIR);
    if (pair == NULL)
        bench_fail ("zmq_socket(PAIR)");
    if (zmq_connect (pair, args.endpoint) != 0)
        bench_fail ("zmq_connect");

    round_trip (pair, args.message_size);
    uint64_t start = bench_now_ns ();
    for (size_t i = 0; i < args.count; i++)
        round_trip (pair, args.message_size);
    uint64_t elapsed_ns = bench_now_ns () - start;

    if (zmq_close (pair) != 0)
        bench_fail ("zmq_close(PAIR)");
    if (zmq_ctx_term (ctx) != 0)
        bench_fail ("zmq_ctx_term");

    double roundtrip_us = (double) elapsed_ns / 1e3 / (double) args.count;
    printf ("message size: %zu [B]\n", args.message_size);
    printf ("roundtrip count: %zu\n", args.count);
    printf ("average roundtrip latency: %.3f [us]\n", roundtrip_us);
    printf ("average one-way latency: %.3f [us]\n", roundtrip_us / 2.0);
    return 0;
}
