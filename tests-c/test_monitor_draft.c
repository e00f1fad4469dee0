/* run.sh: draft */
/*
 * test_monitor_draft.c - draft zmq_socket_monitor_versioned (event format 2,
 * monitor socket types) and zmq_socket_monitor_pipes_stats.
 *
 * Facts from the reference (4.3.4 built with drafts):
 * - Format 2: the event id as a uint64_t frame, the number of values as a
 *   uint64_t frame, each value as a uint64_t frame, then the local and the
 *   remote endpoint, one frame each.
 * - LISTENING names the bound endpoint as local and nothing as remote;
 *   ACCEPTED names the connection's real addresses (local: the bound
 *   endpoint, remote: tcp://127.0.0.1:<peer port>); CONNECTED names the
 *   connect string as remote and the real local address as local.
 * - Over ipc the connecting side is unnamed: ACCEPTED names it "ipc://" as
 *   remote, CONNECTED and HANDSHAKE_SUCCEEDED of the client as local.
 * - MONITOR_STOPPED has one value, 0, and two empty endpoints.
 * - The monitor may publish on a PUSH (read by a PULL).
 * - zmq_socket_monitor_pipes_stats: EINVAL unless the monitor asked for
 *   ZMQ_EVENT_PIPES_STATS, EAGAIN when the socket has no pipe; else one
 *   PIPES_STATS event per pipe with two values, messages queued outbound
 *   and inbound, and the pipe's endpoints. (The reference raises it when
 *   the socket next processes commands, so the test drives the socket with
 *   ZMQ_EVENTS while it waits.)
 * - Format 1 with a format-2 event in the mask is EINVAL; a monitor type
 *   other than PAIR, PUB or PUSH is EINVAL.
 */
#include "testutil.h"

#include <poll.h>

static void *make_socket(void *ctx, int type)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, type));
    test_set_int(s, ZMQ_RCVTIMEO, 10000);
    test_set_int(s, ZMQ_SNDTIMEO, 10000);
    return s;
}

static void last_endpoint(void *s, char *ep, size_t len)
{
    size_t size = len;
    TEST_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &size));
}

/* Monitor `s` in format 2 on a fresh endpoint; returns the connected reader
 * (a PULL for a PUSH monitor, else a PAIR). */
static void *watch(void *ctx, void *s, uint64_t events, int type)
{
    char ep[128];
    test_endpoint(ep, sizeof ep, "monitor-v2");
    TEST_OK(zmq_socket_monitor_versioned(s, ep, events, 2, type));
    void *reader = make_socket(ctx, type == ZMQ_PUSH ? ZMQ_PULL : ZMQ_PAIR);
    TEST_OK(zmq_connect(reader, ep));
    return reader;
}

typedef struct {
    uint64_t id;
    uint64_t count;
    uint64_t values[4];
    char local[256];
    char remote[256];
} event_t;

static uint64_t read_word(void *reader)
{
    uint64_t word;
    TEST_ASSERT_EQ(TEST_OK(zmq_recv(reader, &word, sizeof word, 0)), 8);
    TEST_ASSERT_EQ(test_get_int(reader, ZMQ_RCVMORE), 1);
    return word;
}

static void read_text(void *reader, char *out, size_t len, int more)
{
    int n = TEST_OK(zmq_recv(reader, out, len - 1, 0));
    TEST_ASSERT((size_t) n < len);
    out[n] = '\0';
    TEST_ASSERT_EQ(test_get_int(reader, ZMQ_RCVMORE), more);
}

static void next_event(void *reader, event_t *e)
{
    e->id = read_word(reader);
    e->count = read_word(reader);
    TEST_ASSERT(e->count <= 4);
    for (uint64_t i = 0; i < e->count; i++)
        e->values[i] = read_word(reader);
    read_text(reader, e->local, sizeof e->local, 1);
    read_text(reader, e->remote, sizeof e->remote, 0);
}

static void test_format_2_endpoints(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *server = make_socket(ctx, ZMQ_PAIR);
    void *client = make_socket(ctx, ZMQ_PAIR);
    void *server_events = watch(ctx, server, ZMQ_EVENT_ALL_V2, ZMQ_PAIR);
    void *client_events = watch(ctx, client, ZMQ_EVENT_ALL_V2, ZMQ_PUSH);
    char ep[256];
    event_t e;
    TEST_OK(zmq_bind(server, "tcp://127.0.0.1:*"));
    last_endpoint(server, ep, sizeof ep);
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_LISTENING);
    TEST_ASSERT_EQ(e.count, 1);
    TEST_ASSERT(strcmp(e.local, ep) == 0);
    TEST_ASSERT_EQ(strlen(e.remote), 0);

    TEST_OK(zmq_connect(client, ep));
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_ACCEPTED);
    TEST_ASSERT(strcmp(e.local, ep) == 0);
    TEST_ASSERT(strncmp(e.remote, "tcp://127.0.0.1:", 16) == 0);
    TEST_ASSERT(strcmp(e.remote, ep) != 0);
    char peer[256];
    strcpy(peer, e.remote);
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TEST_ASSERT_EQ(e.count, 1);
    TEST_ASSERT_EQ(e.values[0], 0);
    TEST_ASSERT(strcmp(e.remote, peer) == 0);

    do
        next_event(client_events, &e);
    while (e.id == ZMQ_EVENT_CONNECT_DELAYED);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_CONNECTED);
    TEST_ASSERT(strcmp(e.remote, ep) == 0);
    /* The client's local address is the server's peer address. */
    TEST_ASSERT(strcmp(e.local, peer) == 0);

    test_close(client);
    do
        next_event(client_events, &e);
    while (e.id == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_MONITOR_STOPPED);
    TEST_ASSERT_EQ(e.count, 1);
    TEST_ASSERT_EQ(e.values[0], 0);
    TEST_ASSERT_EQ(strlen(e.local) + strlen(e.remote), 0);
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_DISCONNECTED);
    test_close(server);
    test_close(server_events);
    test_close(client_events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_format_2_ipc(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *server = make_socket(ctx, ZMQ_PAIR);
    void *client = make_socket(ctx, ZMQ_PAIR);
    void *server_events = watch(ctx, server, ZMQ_EVENT_ALL_V2, ZMQ_PAIR);
    void *client_events = watch(ctx, client, ZMQ_EVENT_ALL_V2, ZMQ_PAIR);
    char ep[256];
    event_t e;
    snprintf(ep, sizeof ep, "ipc:///tmp/oxzmq-mon2-%ld", (long) getpid());
    TEST_OK(zmq_bind(server, ep));
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_LISTENING);
    TEST_ASSERT(strcmp(e.local, ep) == 0);
    TEST_OK(zmq_connect(client, ep));
    /* The connecting side of a Unix-domain connection is unnamed: "ipc://". */
    next_event(server_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_ACCEPTED);
    TEST_ASSERT(strcmp(e.local, ep) == 0);
    TEST_ASSERT(strcmp(e.remote, "ipc://") == 0);
    next_event(client_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_CONNECTED);
    TEST_ASSERT(strcmp(e.local, "ipc://") == 0);
    TEST_ASSERT(strcmp(e.remote, ep) == 0);
    next_event(client_events, &e);
    TEST_ASSERT_EQ(e.id, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    TEST_ASSERT(strcmp(e.local, "ipc://") == 0);
    test_close(client);
    test_close(server);
    test_close(server_events);
    test_close(client_events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_pipes_stats(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = make_socket(ctx, ZMQ_PULL);
    void *push = make_socket(ctx, ZMQ_PUSH);
    TEST_FAILS(zmq_socket_monitor_pipes_stats(pull), EINVAL);
    void *events = watch(ctx, pull, ZMQ_EVENT_PIPES_STATS, ZMQ_PAIR);
    TEST_FAILS(zmq_socket_monitor_pipes_stats(pull), EAGAIN);
    char ep[256];
    TEST_OK(zmq_bind(pull, "tcp://127.0.0.1:*"));
    last_endpoint(pull, ep, sizeof ep);
    TEST_OK(zmq_connect(push, ep));
    for (int i = 0; i < 5; i++)
        test_send_str(push, "m", 0);

    /* Wait for the first message: the connection's pipe is there. */
    zmq_pollitem_t first = {pull, 0, ZMQ_POLLIN, 0};
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&first, 1, 10000)), 1);

    /* Ask until all five wait in the PULL's inbound queue; every answer is an
     * event the loop waits for, and the PULL processes commands in ZMQ_EVENTS
     * meanwhile. */
    event_t e;
    memset(&e, 0, sizeof e);
    for (int asked = 0; e.values[1] != 5; asked++) {
        TEST_ASSERT(asked < 1000000);
        test_get_int(pull, ZMQ_EVENTS);
        TEST_OK(zmq_socket_monitor_pipes_stats(pull));
        for (;;) {
            zmq_pollitem_t item = {events, 0, ZMQ_POLLIN, 0};
            TEST_OK(zmq_poll(&item, 1, 10));
            if (item.revents & ZMQ_POLLIN)
                break;
            test_get_int(pull, ZMQ_EVENTS);
        }
        next_event(events, &e);
        TEST_ASSERT_EQ(e.id, ZMQ_EVENT_PIPES_STATS);
        TEST_ASSERT_EQ(e.count, 2);
        TEST_ASSERT_EQ(e.values[0], 0);
        TEST_ASSERT(e.values[1] <= 5);
        TEST_ASSERT(strcmp(e.local, ep) == 0);
        TEST_ASSERT(strncmp(e.remote, "tcp://127.0.0.1:", 16) == 0);
    }
    test_close(push);
    test_close(pull);
    test_close(events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = make_socket(ctx, ZMQ_PAIR);
    TEST_FAILS(zmq_socket_monitor_versioned(s, "inproc://v", ZMQ_EVENT_ALL_V2,
                                            1, ZMQ_PAIR),
               EINVAL);
    TEST_FAILS(zmq_socket_monitor_versioned(s, "inproc://v", ZMQ_EVENT_ALL_V2,
                                            2, ZMQ_REQ),
               EINVAL);
    TEST_FAILS(zmq_socket_monitor_versioned(s, "tcp://127.0.0.1:1",
                                            ZMQ_EVENT_ALL_V2, 2, ZMQ_PAIR),
               EPROTONOSUPPORT);
    TEST_FAILS(zmq_socket_monitor_versioned(NULL, "inproc://v",
                                            ZMQ_EVENT_ALL_V2, 2, ZMQ_PAIR),
               ENOTSOCK);
    TEST_FAILS(zmq_socket_monitor_pipes_stats(NULL), ENOTSOCK);
    TEST_OK(zmq_socket_monitor_versioned(s, NULL, 0, 2, ZMQ_PAIR));
    test_close(s);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_monitor_draft");
    RUN_TEST(test_format_2_endpoints);
    RUN_TEST(test_format_2_ipc);
    RUN_TEST(test_pipes_stats);
    RUN_TEST(test_errors);
    return 0;
}
