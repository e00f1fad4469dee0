/* bench_util.h: what all the benchmark tools share (inproc_* and the tcp/ipc ones).
 *
 * Argument parsing, a monotonic clock, error exits, the socket set-up and tear-down
 * every tool does, the message loops two tools run alike (sending a stream, echoing,
 * one timed round trip), the figures' output lines, and the check of the libzmq.so.5
 * this process actually mapped. The tools are compiled once, against the reference
 * zmq.h, and run on both libraries; the "library:" line and EXPECT_LIB are how
 * bench/run.sh and bench/run-wire.sh prove each run measured the library it meant to.
 * The output lines keep the words and units of libzmq's perf tools, which the scripts
 * read.
 */
#ifndef OXZMQ_BENCH_UTIL_H
#define OXZMQ_BENCH_UTIL_H

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/* Exits with the failing call and zmq_strerror's reason; a benchmark that lost a
 * message has no result worth printing. */
static void bench_fail (const char *call)
{
    fprintf (stderr, "benchmark: %s failed: %s\n", call, zmq_strerror (zmq_errno ()));
    exit (1);
}

/* Parses a positive decimal argument, or exits with usage help. */
static size_t bench_parse_count (const char *text, const char *what, const char *usage)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull (text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value == 0 || value > SIZE_MAX / 2) {
        fprintf (stderr, "benchmark: bad %s '%s'\nusage: %s\n", what, text, usage);
        exit (2);
    }
    return (size_t) value;
}

/* Checks that the command line has `expected_argc` words, the last two being
 * `<message-size> <count>` (as in all of libzmq's perf tools), and parses those two;
 * exits with the usage text otherwise. */
static void bench_parse_size_and_count (int argc, char **argv, int expected_argc,
                                        const char *usage, const char *count_name,
                                        size_t *message_size, size_t *count)
{
    if (argc != expected_argc) {
        fprintf (stderr, "usage: %s\n", usage);
        exit (2);
    }
    *message_size = bench_parse_count (argv[argc - 2], "message size", usage);
    *count = bench_parse_count (argv[argc - 1], count_name, usage);
}

/* Nanoseconds on the monotonic clock. */
static uint64_t bench_now_ns (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (uint64_t) now.tv_sec * 1000000000u + (uint64_t) now.tv_nsec;
}

/* Prints the runtime version (which may differ from the header's) and "library: <path>"
 * of the libzmq mapped into this process, read from /proc/self/maps (the loader's actual
 * choice, after LD_LIBRARY_PATH and symlinks). If EXPECT_LIB names a file, exits with
 * status 3 unless it is that file: a benchmark that measured the wrong library must not
 * produce a figure. */
static void bench_check_library (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    printf ("version: %d.%d.%d\n", major, minor, patch);

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

/* A new context, or exit. */
static void *bench_ctx_new (void)
{
    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        bench_fail ("zmq_ctx_new");
    return ctx;
}

/* How a tool's socket meets its peer. */
enum bench_attach { BENCH_BIND, BENCH_CONNECT };

/* The name of a socket type the tools use, for error messages. */
static const char *bench_type_name (int type)
{
    switch (type) {
        case ZMQ_PAIR:
            return "PAIR";
        case ZMQ_PUSH:
            return "PUSH";
        case ZMQ_PULL:
            return "PULL";
        default:
            return "?";
    }
}

/* Exits through bench_fail naming `call` on a socket of `type`, e.g. "zmq_close(PAIR)". */
static void bench_fail_on (const char *call, int type)
{
    char text[64];
    snprintf (text, sizeof text, "%s(%s)", call, bench_type_name (type));
    bench_fail (text);
}

/* A socket of `type` bound or connected to `endpoint`, or exit. */
static void *bench_open_socket (void *ctx, int type, enum bench_attach how,
                                const char *endpoint)
{
    void *socket = zmq_socket (ctx, type);
    if (socket == NULL)
        bench_fail_on ("zmq_socket", type);
    if (how == BENCH_BIND ? zmq_bind (socket, endpoint) != 0
                          : zmq_connect (socket, endpoint) != 0)
        bench_fail (how == BENCH_BIND ? "zmq_bind" : "zmq_connect");
    return socket;
}

/* Closes `socket` (of `type`) with the default linger, or exits. */
static void bench_close (void *socket, int type)
{
    if (zmq_close (socket) != 0)
        bench_fail_on ("zmq_close", type);
}

/* Closes `socket` (of `type`), then terminates `ctx`, which waits until the socket's
 * messages have left; or exits. */
static void bench_close_and_term (void *socket, int type, void *ctx)
{
    bench_close (socket, type);
    if (zmq_ctx_term (ctx) != 0)
        bench_fail ("zmq_ctx_term");
}

/* A tool's command line and its one measuring socket (a wire tool's only socket, an
 * inproc tool's main thread's). */
struct bench_tool {
    const char *endpoint;
    size_t message_size;
    size_t count;
    void *ctx;
    void *socket;
    int type;
};

/* Checks the library (before any figure can be taken), then opens the tool's context
 * and a socket of `type` bound or connected to tool->endpoint. */
static void bench_tool_open (struct bench_tool *tool, int type, enum bench_attach how)
{
    bench_check_library ();
    tool->type = type;
    tool->ctx = bench_ctx_new ();
    tool->socket = bench_open_socket (tool->ctx, type, how, tool->endpoint);
}

/* Closes the tool's socket and terminates its context (see bench_close_and_term). */
static void bench_tool_finish (const struct bench_tool *tool)
{
    bench_close_and_term (tool->socket, tool->type, tool->ctx);
}

/* Receives one message into `msg` and exits unless it has `expected_size` bytes. */
static void bench_recv_checked (void *socket, zmq_msg_t *msg, size_t expected_size)
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

/* Sends `count` messages of `message_size` bytes, each built with zmq_msg_init_size as an
 * application would, so that allocating large messages is part of the cost. */
static void bench_send_stream (void *socket, size_t message_size, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, message_size) != 0)
            bench_fail ("zmq_msg_init_size");
        if (zmq_msg_send (&msg, socket, 0) < 0)
            bench_fail ("zmq_msg_send");
    }
}

/* Receives `count` messages and exits unless each has `message_size` bytes. */
static void bench_recv_stream (void *socket, size_t message_size, size_t count)
{
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    for (size_t i = 0; i < count; i++)
        bench_recv_checked (socket, &msg, message_size);
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
}

/* Returns each of `count` messages of `message_size` bytes to where it came from. */
static void bench_echo (void *socket, size_t message_size, size_t count)
{
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    for (size_t i = 0; i < count; i++) {
        bench_recv_checked (socket, &msg, message_size);
        /* Sending hands the content over and leaves msg empty for the next receive. */
        if (zmq_msg_send (&msg, socket, 0) < 0)
            bench_fail ("zmq_msg_send");
    }
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
}

/* One round trip: sends a fresh message and receives the echo into a fresh one. */
static void bench_round_trip (void *socket, size_t message_size)
{
    zmq_msg_t msg;
    if (zmq_msg_init_size (&msg, message_size) != 0)
        bench_fail ("zmq_msg_init_size");
    if (zmq_msg_send (&msg, socket, 0) < 0)
        bench_fail ("zmq_msg_send");
    if (zmq_msg_init (&msg) != 0)
        bench_fail ("zmq_msg_init");
    bench_recv_checked (socket, &msg, message_size);
    if (zmq_msg_close (&msg) != 0)
        bench_fail ("zmq_msg_close");
}

/* Makes `count` round trips and returns how long they took, in nanoseconds. */
static uint64_t bench_time_round_trips (void *socket, size_t message_size, size_t count)
{
    uint64_t start = bench_now_ns ();
    for (size_t i = 0; i < count; i++)
        bench_round_trip (socket, message_size);
    return bench_now_ns () - start;
}

/* Prints a throughput result: `timed_count` messages took `elapsed_ns`; `count` is the
 * count the tool was given (local_thr does not time its first message). Messages per
 * second and megabits per second (10^6 bits, payload only). */
static void bench_print_throughput (size_t message_size, size_t count, size_t timed_count,
                                    uint64_t elapsed_ns)
{
    if (elapsed_ns == 0)
        elapsed_ns = 1; /* a clock too coarse for the run; avoids dividing by zero */
    double seconds = (double) elapsed_ns / 1e9;
    double messages_per_second = (double) timed_count / seconds;
    double megabits_per_second =
      messages_per_second * (double) message_size * 8.0 / 1e6;
    printf ("message size: %zu [B]\n", message_size);
    printf ("message count: %zu\n", count);
    printf ("elapsed: %.3f [s]\n", seconds);
    printf ("throughput: %.0f [msg/s]\n", messages_per_second);
    printf ("throughput: %.3f [Mb/s]\n", megabits_per_second);
}

/* Prints a latency result: `roundtrip_count` round trips took `elapsed_ns`. The average
 * round trip in microseconds, and half of it as the one-way latency libzmq's own tools
 * report. */
static void bench_print_latency (size_t message_size, size_t roundtrip_count,
                                 uint64_t elapsed_ns)
{
    double roundtrip_us = (double) elapsed_ns / 1e3 / (double) roundtrip_count;
    printf ("message size: %zu [B]\n", message_size);
    printf ("roundtrip count: %zu\n", roundtrip_count);
    printf ("average roundtrip latency: %.3f [us]\n", roundtrip_us);
    printf ("average one-way latency: %.3f [us]\n", roundtrip_us / 2.0);
}

#endif
