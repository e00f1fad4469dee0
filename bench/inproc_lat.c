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
#include "bench_util.h"

#include <pthread.h>

#define ENDPOINT "inproc://inproc_lat"
#define USAGE "inproc_lat <message-size> <roundtrip-count>"

/* What the echo thread needs. */
struct echo_args {
    void *ctx;
    size_t message_size;
    size_t roundtrip_count;
};

/* Receives one message on `socket` into `msg` and checks its size. */
static void receive_checked (void *socket, zmq_msg_t *msg, size_t expected_size)
{
    int size = zmq_msg_recv (msg, socket, 0);
    if (size < 0)
        bench_fail ("zmq_msg_recv");
    if ((size_t) size != expected_size) {
        fprintf (stderr, "benchmark: message has %d bytes, expected %zu\n", size,
                 expected_size);
        exit (1);
    }
}

/* The echo thread: connects PAIR and returns every message it receives. */
static void *run_echo (void *arg)
{
    const struct echo_args *args = arg;
    void *pair = zmq_socket (args->ctx, ZMQ_PAIR);
    if (pair == NULL)
        bench_fail ("zmq_socket(PAIR echo)");
    if (zmq_connect (pair, ENDPOINT) != 0)
        bench_fail ("zmq_connect");
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    for (size_t i = 0; i < args->roundtrip_count; i++) {
        receive_checked (pair, &msg, args->message_size);
        /* Sending hands the content over and leaves msg empty for the next receive. */
        if (zmq_msg_send (&msg, pair, 0) < 0)
            bench_fail ("zmq_msg_send(echo)");
    }
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close(echo)");
    if (zmq_close (pair) != 0)
        bench_fail ("zmq_close(PAIR echo)");
    return NULL;
}

int main (int argc, char **argv)
{
    if (argc != 3) {
        fprintf (stderr, "usage: %s\n", USAGE);
        return 2;
    }
    struct echo_args args;
    args.message_size = bench_parse_count (argv[1], "message size", USAGE);
    args.roundtrip_count = bench_parse_count (argv[2], "roundtrip count", USAGE);
    bench_print_version ();
    bench_print_loaded_library ();

    args.ctx = zmq_ctx_new ();
    if (args.ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *pair = zmq_socket (args.ctx, ZMQ_PAIR);
    if (pair == NULL)
        bench_fail ("zmq_socket(PAIR)");
    if (zmq_bind (pair, ENDPOINT) != 0)
        bench_fail ("zmq_bind");

    pthread_t echo;
    if (pthread_create (&echo, NULL, run_echo, &args) != 0) {
        fprintf (stderr, "benchmark: pthread_create failed\n");
        return 1;
    }

    zmq_msg_t msg;
    uint64_t start = bench_now_ns ();
    for (size_t i = 0; i < args.roundtrip_count; i++) {
        if (zmq_msg_init_size (&msg, args.message_size) != 0)
            bench_fail ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, pair, 0) < 0)
            bench_fail ("zmq_msg_send");
        if (zmq_msg_init (&msg) != 0)
            bench_fail ("zmq_msg_init");
        receive_checked (pair, &msg, args.message_size);
        if (zmq_msg_close (&msg) != 0)
            bench_fail ("zmq_msg_close");
    }
    uint64_t elapsed_ns = bench_now_ns () - start;
    pthread_join (echo, NULL);

    if (zmq_close (pair) != 0)
        bench_fail ("zmq_close(PAIR)");
    if (zmq_ctx_term (args.ctx) != 0)
        bench_fail ("zmq_ctx_term");

    double roundtrip_us = (double) elapsed_ns / 1e3 / (double) args.roundtrip_count;
    printf ("message size: %zu [B]\n", args.message_size);
    printf ("roundtrip count: %zu\n", args.roundtrip_count);
    printf ("average roundtrip latency: %.3f [us]\n", roundtrip_us);
    printf ("average one-way latency: %.3f [us]\n", roundtrip_us / 2.0);
    return 0;
}
