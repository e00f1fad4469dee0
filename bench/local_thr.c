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
    struct wire_args args = wire_parse_args (argc, argv, USAGE, "message count");
    if (args.count < 2) {
        fprintf (stderr, "benchmark: message count must be at least 2\nusage: %s\n", USAGE);
        return 2;
    }
    wire_check_library ();

    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        bench_fail ("zmq_ctx_new");
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    if (pull == NULL)
        bench_fail ("zmq_socket(PULL)");
    if (zmq_bind (pull, args.endpoint) != 0)
        bench_fail ("zmq_bind");
    wire_print_endpoint (pull);

    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    wire_recv_checked (pull, &msg, args.message_size);
    uint64_t start = bench_now_ns ();
    for (size_t i = 1; i < args.count; i++)
        wire_recv_checked (pull, &msg, args.message_size);
    uint64_t elapsed_ns = bench_now_ns () - start;

    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
    if (zmq_close (pull) != 0)
        bench_fail ("zmq_close(PULL)");
    if (zmq_ctx_term (ctx) != 0)
        bench_fail ("zmq_ctx_term");

    if (elapsed_ns == 0)
        elapsed_ns = 1; /* a clock too coarse for the run; avoids dividing by zero */
    double seconds = (double) elapsed_ns / 1e9;
    double messages_per_second = (double) (args.count - 1) / seconds;
    double megabits_per_second =
      messages_per_second * (double) args.message_size * 8.0 / 1e6;
    printf ("message size: %zu [B]\n", args.message_size);
    printf ("message count: %zu\n", args.count);
    printf ("elapsed: %.3f [s]\n", seconds);
    printf ("throughput: %.0f [msg/s]\n", messages_per_second);
    printf ("throughput: %.3f [Mb/s]\n", megabits_per_second);
    return 0;
}
