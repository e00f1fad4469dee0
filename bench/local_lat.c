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
    struct wire_args args = wire_parse_args (argc, argv, USAGE, "roundtrip count");
    wire_check_library ();

    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *pair = zmq_socket (ctx, ZMQ_PAIR);
    if (pair == NULL)
        bench_fail ("zmq_socket(PAIR)");
    if (zmq_bind (pair, args.endpoint) != 0)
        bench_fail ("zmq_bind");
    wire_print_endpoint (pair);

    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    /* One more than the count: remote_lat's warm-up round trip. */
    for (size_t i = 0; i <= args.count; i++) {
        wire_recv_checked (pair, &msg, args.message_size);
        /* Sending hands the content over and leaves msg empty for the next receive. */
        if (zmq_msg_send (&msg, pair, 0) < 0)
            bench_fail ("zmq_msg_send");
    }
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
    if (zmq_close (pair) != 0)
        bench_fail ("zmq_close(PAIR)");
    if (zmq_ctx_term (ctx) != 0)
        bench_fail ("zmq_ctx_term");
    printf ("echoed: %zu x %zu [B]\n", args.count + 1, args.message_size);
    return 0;
}
