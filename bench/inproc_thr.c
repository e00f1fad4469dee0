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
#include "bench_util.h"

#include <pthread.h>

#define ENDPOINT "inproc://inproc_thr"
#define USAGE "inproc_thr <message-size> <message-count>"

/* What the sending thread needs. */
struct sender_args {
    void *ctx;
    size_t message_size;
    size_t message_count;
};

/* The sending thread: connects PUSH and sends every message. */
static void *run_sender (void *arg)
{
    const struct sender_args *args = arg;
    void *push = zmq_socket (args->ctx, ZMQ_PUSH);
    if (push == NULL)
        bench_fail ("zmq_socket(PUSH)");
    if (zmq_connect (push, ENDPOINT) != 0)
        bench_fail ("zmq_connect");
    for (size_t i = 0; i < args->message_count; i++) {
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, args->message_size) != 0)
            bench_fail ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, push, 0) < 0)
            bench_fail ("zmq_msg_send");
    }
    if (zmq_close (push) != 0)
        bench_fail ("zmq_close(PUSH)");
    return NULL;
}

int main (int argc, char **argv)
{
    if (argc != 3) {
        fprintf (stderr, "usage: %s\n", USAGE);
        return 2;
    }
    struct sender_args args;
    args.message_size = bench_parse_count (argv[1], "message size", USAGE);
    args.message_count = bench_parse_count (argv[2], "message count", USAGE);
    bench_print_version ();
    bench_print_loaded_library ();

    args.ctx = zmq_ctx_new ();
    if (args.ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *pull = zmq_socket (args.ctx, ZMQ_PULL);
    if (pull == NULL)
        bench_fail ("zmq_socket(PULL)");
    if (zmq_bind (pull, ENDPOINT) != 0)
        bench_fail ("zmq_bind");

    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");

    uint64_t start = bench_now_ns ();
    pthread_t sender;
    if (pthread_create (&sender, NULL, run_sender, &args) != 0) {
        fprintf (stderr, "benchmark: pthread_create failed\n");
        return 1;
    }
    for (size_t i = 0; i < args.message_count; i++) {
        int size = zmq_msg_recv (&msg, pull, 0);
        if (size < 0)
            bench_fail ("zmq_msg_recv");
        if ((size_t) size != args.message_size) {
            fprintf (stderr, "benchmark: message %zu has %d bytes, expected %zu\n", i,
                     size, args.message_size);
            return 1;
        }
    }
    uint64_t elapsed_ns = bench_now_ns () - start;
    pthread_join (sender, NULL);

    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
    if (zmq_close (pull) != 0)
        bench_fail ("zmq_close(PULL)");
    if (zmq_ctx_term (args.ctx) != 0)
        bench_fail ("zmq_ctx_term");

    if (elapsed_ns == 0)
        elapsed_ns = 1; /* a clock too coarse for the run; avoids dividing by zero */
    double seconds = (double) elapsed_ns / 1e9;
    double messages_per_second = (double) args.message_count / seconds;
    double megabits_per_second =
      messages_per_second * (double) args.message_size * 8.0 / 1e6;
    printf ("message size: %zu [B]\n", args.message_size);
    printf ("message count: %zu\n", args.message_count);
    printf ("elapsed: %.3f [s]\n", seconds);
    printf ("throughput: %.0f [msg/s]\n", messages_per_second);
    printf ("throughput: %.3f [Mb/s]\n", megabits_per_second);
    return 0;
}
