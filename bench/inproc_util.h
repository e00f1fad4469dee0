/* inproc_util.h: what the two inproc benchmarks (inproc_thr, inproc_lat) share on top
 * of bench_util.h.
 *
 * Both run two threads on one context: the main thread binds the measuring socket and
 * keeps the clock; a peer thread connects the other socket and does its part (sends the
 * stream, or echoes). This file owns their command line (`<message-size> <count>`, as
 * libzmq's inproc perf tools) and the peer thread; the measured loop stays in each tool.
 */
#ifndef OXZMQ_BENCH_INPROC_UTIL_H
#define OXZMQ_BENCH_INPROC_UTIL_H

#include "bench_util.h"

#include <pthread.h>

/* What the peer thread does on its connected socket, given the message size and count:
 * bench_send_stream or bench_echo. */
typedef void (*inproc_peer_work) (void *socket, size_t message_size, size_t count);

/* The peer thread of an inproc benchmark. */
struct inproc_peer {
    const struct bench_tool *tool; /* the main side: context, endpoint, size, count */
    int type;
    inproc_peer_work work;
    pthread_t thread;
};

/* Parses `<message-size> <count>` (exits with the usage text otherwise), checks the
 * library, and binds the measuring socket of `type` to `endpoint`. */
static struct bench_tool inproc_start (int argc, char **argv, const char *usage,
                                       const char *count_name, const char *endpoint,
                                       int type)
{
    struct bench_tool tool;
    bench_parse_size_and_count (argc, argv, 3, usage, count_name, &tool.message_size,
                                &tool.count);
    tool.endpoint = endpoint;
    bench_tool_open (&tool, type, BENCH_BIND);
    return tool;
}

/* The peer thread: connects a socket of the peer's type, does the work, closes. */
static void *inproc_run_peer (void *arg)
{
    const struct inproc_peer *peer = arg;
    const struct bench_tool *tool = peer->tool;
    void *socket = bench_open_socket (tool->ctx, peer->type, BENCH_CONNECT, tool->endpoint);
    peer->work (socket, tool->message_size, tool->count);
    bench_close (socket, peer->type);
    return NULL;
}

/* Starts the peer thread of `tool` with a socket of `type` doing `work`. */
static void inproc_start_peer (struct inproc_peer *peer, const struct bench_tool *tool,
                               int type, inproc_peer_work work)
{
    peer->tool = tool;
    peer->type = type;
    peer->work = work;
    if (pthread_create (&peer->thread, NULL, inproc_run_peer, peer) != 0) {
        fprintf (stderr, "benchmark: pthread_create failed\n");
        exit (1);
    }
}

/* Waits for the peer thread to finish its part. */
static void inproc_join_peer (struct inproc_peer *peer)
{
    pthread_join (peer->thread, NULL);
}

#endif
