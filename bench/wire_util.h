/* wire_util.h: what the four tcp/ipc benchmarks (local_thr, remote_thr, local_lat,
 * remote_lat) share on top of bench_util.h.
 *
 * Their command line (libzmq's perf tools' arguments: an endpoint, a message size and a
 * count), the check that this process runs on the library it was meant to, and the
 * "endpoint:" line by which a binding tool tells bench/run-wire.sh the port it got for
 * "tcp://...:*".
 */
#ifndef OXZMQ_BENCH_WIRE_UTIL_H
#define OXZMQ_BENCH_WIRE_UTIL_H

#include "bench_util.h"

#include <limits.h>

/* The parsed command line of a wire benchmark. */
struct wire_args {
    const char *endpoint;
    size_t message_size;
    size_t count;
};

/* Parses `<endpoint> <message-size> <count>`, or exits with the usage text. */
static struct wire_args wire_parse_args (int argc, char **argv, const char *usage,
                                         const char *count_name)
{
    if (argc != 4) {
        fprintf (stderr, "usage: %s\n", usage);
        exit (2);
    }
    struct wire_args args;
    args.endpoint = argv[1];
    args.message_size = bench_parse_count (argv[2], "message size", usage);
    args.count = bench_parse_count (argv[3], count_name, usage);
    return args;
}

/* Prints the version and "library: <path>" of the libzmq mapped into this process and,
 * if EXPECT_LIB names a file, exits with status 3 unless it is that file: a benchmark
 * that measured the wrong library must not produce a figure. */
static void wire_check_library (void)
{
    bench_print_version ();
    FILE *maps = fopen ("/proc/self/maps", "r");
    char line[PATH_MAX + 256];
    char mapped[PATH_MAX] = "";
    while (maps != NULL && mapped[0] == '\0' && fgets (line, sizeof line, maps) != NULL) {
        char *path = strchr (line, '/');
        if (path != NULL && strstr (path, "/libzmq.so") != NULL) {
            path[strcspn (path, "\n")] = '\0';
            snprintf (mapped, sizeof mapped, "%s", path);
        }
    }
    if (maps != NULL)
        fclose (maps);
    printf ("library: %s\n", mapped[0] != '\0' ? mapped : "(no libzmq mapped?)");
    fflush (stdout);

    const char *expected = getenv ("EXPECT_LIB");
    if (expected == NULL || expected[0] == '\0')
        return;
    char expected_real[PATH_MAX], mapped_real[PATH_MAX];
    if (mapped[0] == '\0' || realpath (expected, expected_real) == NULL
        || realpath (mapped, mapped_real) == NULL || strcmp (expected_real, mapped_real) != 0) {
        fprintf (stderr, "benchmark: wrong library: mapped '%s', EXPECT_LIB is '%s'\n", mapped,
                 expected);
        exit (3);
    }
}

/* Prints "endpoint: <ZMQ_LAST_ENDPOINT>" at once (the script is waiting for it). */
static void wire_print_endpoint (void *socket)
{
    char endpoint[1024];
    size_t size = sizeof endpoint;
    if (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, endpoint, &size) != 0)
        bench_fail ("zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
    printf ("endpoint: %s\n", endpoint);
    fflush (stdout);
}

/* Receives one message into `msg` and exits unless it has `expected_size` bytes. */
static void wire_recv_checked (void *socket, zmq_msg_t *msg, size_t expected_size)
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

#endif
