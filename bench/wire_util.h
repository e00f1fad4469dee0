/* wire_util.h: what the four tcp/ipc benchmarks (local_thr, remote_thr, local_lat,
 * remote_lat) share on top of bench_util.h.
 *
 * How each of them starts: its command line (libzmq's perf tools' arguments: an
 * endpoint, a message size and a count), its one socket (a struct bench_tool), and
 * the "endpoint:" line by which a binding tool tells bench/run-wire.sh the port it got
 * for "tcp://...:*". What a tool does with the socket is its own.
 */
#ifndef OXZMQ_BENCH_WIRE_UTIL_H
#define OXZMQ_BENCH_WIRE_UTIL_H

#include "bench_util.h"

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

/* Parses `<endpoint> <message-size> <count>` (exits with the usage text unless count is
 * at least `min_count`), checks the library, and opens a socket of `type` bound (then
 * printing its endpoint) or connected to the endpoint. */
static struct bench_tool wire_start (int argc, char **argv, const char *usage,
                                     const char *count_name, size_t min_count, int type,
                                     enum bench_attach how)
{
    struct bench_tool tool;
    bench_parse_size_and_count (argc, argv, 4, usage, count_name, &tool.message_size,
                                &tool.count);
    if (tool.count < min_count) {
        fprintf (stderr, "benchmark: %s must be at least %zu\nusage: %s\n", count_name,
                 min_count, usage);
        exit (2);
    }
    tool.endpoint = argv[1];
    bench_tool_open (&tool, type, how);
    if (how == BENCH_BIND)
        wire_print_endpoint (tool.socket);
    return tool;
}

#endif
