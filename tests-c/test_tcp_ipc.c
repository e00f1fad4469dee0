/*
 * test_tcp_ipc.c - PAIR and PUSH/PULL over tcp:// and ipc://, each side
 * binding: round trips, 1 B / 1 KiB / 1 MiB, multipart, 10,000 messages in
 * order, connect before bind, reconnection to a rebound peer, socket types
 * refused at the handshake, linger on close, message metadata, and the
 * errors of bind, connect and unbind.
 *
 * Facts from the reference (4.3.4):
 * - ZMQ_LAST_ENDPOINT after binding tcp://127.0.0.1:* names the real port;
 *   unbinding by that string works, by the wildcard string is ENOENT.
 * - Connecting to a wildcard port (tcp://127.0.0.1:*) or without a port is
 *   EINVAL; a second bind of a TCP port in use is EADDRINUSE; a host name
 *   that is not an interface is ENODEV at bind.
 * - A connect before the bind queues messages and delivers them once the
 *   peer binds; after the peer closes and a new one binds the same endpoint,
 *   the connecting socket reconnects by itself.
 * - A PUSH connecting to a PAIR is refused at the handshake: the PAIR never
 *   sees its messages and still accepts a proper PAIR peer; the PUSH does not
 *   reconnect (one connection only, seen with a counting raw listener).
 * - Messages queued before zmq_close are delivered before zmq_ctx_term
 *   returns (default linger -1).
 * - zmq_msg_gets(msg, "Peer-Address") is the peer's IP over tcp and
 *   "localhost:uid:gid:pid" over ipc; "Socket-Type" is the peer's type;
 *   ZMQ_SRCFD is the connection's descriptor.
 * - A PAIR connected to one peer accepts a second zmq_connect and keeps
 *   that endpoint: zmq_disconnect of it succeeds (once; then ENOENT), and
 *   the first peer still talks with it.
 * - The reference frees a closed socket's TCP port asynchronously, so a
 *   rebind may briefly fail with EADDRINUSE: the test retries it.
 */
#include "testutil.h"

static const char *transports[] = {"tcp", "ipc"};

/* A socket whose blocking calls fail after 10 s instead of hanging. */
static void *make_socket(void *ctx, int type)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, type));
    test_set_int(s, ZMQ_RCVTIMEO, 10000);
    test_set_int(s, ZMQ_SNDTIMEO, 10000);
    test_set_int(s, ZMQ_RECONNECT_IVL, 20);
    return s;
}

/* Bind to a fresh endpoint of `transport`; the resolved endpoint is in ep. */
static void bind_fresh(void *s, const char *transport, char *ep, size_t len)
{
    if (strcmp(transport, "tcp") == 0)
        TEST_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    else {
        snprintf(ep, len, "ipc:///tmp/oxzmq-test-%ld-%u", (long) getpid(),
                 (unsigned) rand());
        TEST_OK(zmq_bind(s, ep));
    }
    size_t size = len;
    TEST_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &size));
}

/* An endpoint nobody listens on: a tcp port found free, or a fresh path. */
static void unused_endpoint(const char *transport, char *ep, size_t len)
{
    if (strcmp(transport, "tcp") == 0) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
        bind_fresh(s, "tcp", ep, len);
        test_close(s);
        TEST_OK(zmq_ctx_term(ctx));
    } else
        snprintf(ep, len, "ipc:///tmp/oxzmq-test-%ld-%u", (long) getpid(),
                 (unsigned) rand());
}

/* Bind, retrying while the port is still held by a socket just closed. */
static void bind_retrying(void *s, const char *ep)
{
    for (int attempt = 0; attempt < 500; attempt++) {
        if (zmq_bind(s, ep) == 0)
            return;
        TEST_ASSERT_EQ(errno, EADDRINUSE);
        zmq_poll(NULL, 0, 10);
    }
    TEST_ASSERT(!"the endpoint never became free");
}

static void fill(char *buf, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++)
        buf[i] = (char) ((i + seed) % 251);
}

static void test_pair_round_trips(void)
{
    for (int t = 0; t < 2; t++)
        for (int second_binds = 0; second_binds <= 1; second_binds++) {
            void *ctx = TEST_NOT_NULL(zmq_ctx_new());
            void *a = make_socket(ctx, ZMQ_PAIR);
            void *b = make_socket(ctx, ZMQ_PAIR);
            char ep[256];
            bind_fresh(second_binds ? b : a, transports[t], ep, sizeof ep);
            TEST_OK(zmq_connect(second_binds ? a : b, ep));
            for (int round = 0; round < 3; round++) {
                test_send_str(a, "ping", 0);
                test_recv_str(b, "ping");
                test_send_str(b, "pong", 0);
                test_recv_str(a, "pong");
            }
            test_close(a);
            test_close(b);
            TEST_OK(zmq_ctx_term(ctx));
        }
}

static void test_pair_second_connect_is_kept(void)
{
    for (int t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *first = make_socket(ctx, ZMQ_PAIR);
        void *second = make_socket(ctx, ZMQ_PAIR);
        void *client = make_socket(ctx, ZMQ_PAIR);
        char ep1[256], ep2[256];
        bind_fresh(first, transports[t], ep1, sizeof ep1);
        bind_fresh(second, transports[t], ep2, sizeof ep2);
        TEST_OK(zmq_connect(client, ep1));
        TEST_OK(zmq_connect(client, ep2));
        test_send_str(client, "to the first", 0);
        test_recv_str(first, "to the first");
        TEST_OK(zmq_disconnect(client, ep2));
        TEST_FAILS(zmq_disconnect(client, ep2), ENOENT);
        test_send_str(first, "back", 0);
        test_recv_str(client, "back");
        test_set_int(client, ZMQ_LINGER, 0);
        test_close(client);
        test_close(first);
        test_close(second);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_push_pull_sizes(void)
{
    const size_t sizes[] = {1, 1024, 1 << 20};
    char *payload = malloc(1 << 20);
    char *got = malloc(1 << 20);
    TEST_ASSERT(payload && got);
    for (int t = 0; t < 2; t++)
        for (int pull_binds = 0; pull_binds <= 1; pull_binds++) {
            void *ctx = TEST_NOT_NULL(zmq_ctx_new());
            void *push = make_socket(ctx, ZMQ_PUSH);
            void *pull = make_socket(ctx, ZMQ_PULL);
            char ep[256];
            bind_fresh(pull_binds ? pull : push, transports[t], ep, sizeof ep);
            TEST_OK(zmq_connect(pull_binds ? push : pull, ep));
            for (int i = 0; i < 3; i++) {
                fill(payload, sizes[i], (unsigned) i);
                TEST_ASSERT_EQ(zmq_send(push, payload, sizes[i], 0),
                               (int) sizes[i]);
                TEST_ASSERT_EQ(zmq_recv(pull, got, 1 << 20, 0), (int) sizes[i]);
                TEST_ASSERT(memcmp(got, payload, sizes[i]) == 0);
            }
            test_close(push);
            test_close(pull);
            TEST_OK(zmq_ctx_term(ctx));
        }
    free(payload);
    free(got);
}

static void test_multipart_and_order(void)
{
    for (int t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *push = make_socket(ctx, ZMQ_PUSH);
        void *pull = make_socket(ctx, ZMQ_PULL);
        char ep[256];
        bind_fresh(push, transports[t], ep, sizeof ep);
        TEST_OK(zmq_connect(pull, ep));
        test_send_str(push, "head", ZMQ_SNDMORE);
        TEST_ASSERT_EQ(zmq_send(push, "", 0, ZMQ_SNDMORE), 0);
        test_send_str(push, "tail", 0);
        test_recv_str(pull, "head");
        TEST_ASSERT_EQ(test_get_int(pull, ZMQ_RCVMORE), 1);
        char buf[16];
        TEST_ASSERT_EQ(zmq_recv(pull, buf, sizeof buf, 0), 0);
        TEST_ASSERT_EQ(test_get_int(pull, ZMQ_RCVMORE), 1);
        test_recv_str(pull, "tail");
        TEST_ASSERT_EQ(test_get_int(pull, ZMQ_RCVMORE), 0);
        /* 10,000 messages, sent all at once (the receive queue and TCP hold
         * them), arrive in order. */
        test_set_int(pull, ZMQ_RCVHWM, 0);
        for (unsigned i = 0; i < 10000; i++)
            TEST_ASSERT_EQ(zmq_send(push, &i, sizeof i, 0), (int) sizeof i);
        for (unsigned i = 0; i < 10000; i++) {
            unsigned n = 0;
            TEST_ASSERT_EQ(zmq_recv(pull, &n, sizeof n, 0), (int) sizeof n);
            TEST_ASSERT_EQ(n, i);
        }
        test_close(push);
        test_close(pull);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_connect_before_bind_and_reconnect(void)
{
    for (int t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        char ep[256];
        unused_endpoint(transports[t], ep, sizeof ep);
        void *push = make_socket(ctx, ZMQ_PUSH);
        TEST_OK(zmq_connect(push, ep));
        test_send_str(push, "queued", 0);
        void *pull = make_socket(ctx, ZMQ_PULL);
        bind_retrying(pull, ep);
        test_recv_str(pull, "queued");
        /* The peer goes away and a new one takes the endpoint: messages flow
         * again (some written into the dying connection may be lost). */
        test_close(pull);
        pull = make_socket(ctx, ZMQ_PULL);
        test_set_int(pull, ZMQ_RCVTIMEO, 100);
        bind_retrying(pull, ep);
        int arrived = 0;
        for (int i = 0; i < 200 && !arrived; i++) {
            test_send_str(push, "again", 0);
            char buf[16];
            arrived = zmq_recv(pull, buf, sizeof buf, 0) == 5;
        }
        TEST_ASSERT(arrived);
        test_close(push);
        test_close(pull);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_incompatible_types_refused(void)
{
    for (int t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *pair = make_socket(ctx, ZMQ_PAIR);
        char ep[256];
        bind_fresh(pair, transports[t], ep, sizeof ep);
        void *push = make_socket(ctx, ZMQ_PUSH);
        TEST_OK(zmq_connect(push, ep));
        /* Queued, or refused if the failed handshake has already ended the
         * endpoint: neither libzmq nor oxzmq calls again after a protocol error,
         * and the connection's pipe goes with it. */
        int sent = zmq_send(push, "wrong", 5, ZMQ_DONTWAIT);
        TEST_ASSERT(sent == 5 || (sent == -1 && errno == EAGAIN));
        void *other = make_socket(ctx, ZMQ_PAIR);
        TEST_OK(zmq_connect(other, ep));
        test_send_str(other, "right", 0);
        test_recv_str(pair, "right");
        test_set_int(pair, ZMQ_RCVTIMEO, 200);
        char buf[16];
        TEST_FAILS(zmq_recv(pair, buf, sizeof buf, 0), EAGAIN);
        test_close(push);
        test_close(other);
        test_close(pair);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_linger_delivers_after_close(void)
{
    for (int t = 0; t < 2; t++) {
        void *receiving = TEST_NOT_NULL(zmq_ctx_new());
        void *pull = make_socket(receiving, ZMQ_PULL);
        char ep[256];
        bind_fresh(pull, transports[t], ep, sizeof ep);
        void *sending = TEST_NOT_NULL(zmq_ctx_new());
        void *push = make_socket(sending, ZMQ_PUSH);
        TEST_OK(zmq_connect(push, ep));
        for (int i = 0; i < 100; i++)
            test_send_str(push, "lingering", 0);
        TEST_OK(zmq_close(push));
        TEST_OK(zmq_ctx_term(sending));
        for (int i = 0; i < 100; i++)
            test_recv_str(pull, "lingering");
        test_close(pull);
        TEST_OK(zmq_ctx_term(receiving));
    }
}

static void test_metadata(void)
{
    for (int t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *a = make_socket(ctx, ZMQ_PAIR);
        void *b = make_socket(ctx, ZMQ_PAIR);
        char ep[256];
        bind_fresh(a, transports[t], ep, sizeof ep);
        TEST_OK(zmq_connect(b, ep));
        test_send_str(b, "who", 0);
        zmq_msg_t msg;
        TEST_OK(zmq_msg_init(&msg));
        TEST_ASSERT_EQ(zmq_msg_recv(&msg, a, 0), 3);
        const char *type = zmq_msg_gets(&msg, "Socket-Type");
        TEST_ASSERT(type && strcmp(type, "PAIR") == 0);
        const char *address = zmq_msg_gets(&msg, "Peer-Address");
        TEST_ASSERT(address != NULL);
        if (t == 0)
            TEST_ASSERT(strcmp(address, "127.0.0.1") == 0);
        else {
            char suffix[32];
            snprintf(suffix, sizeof suffix, ":%ld", (long) getpid());
            size_t n = strlen(address), m = strlen(suffix);
            TEST_ASSERT(strncmp(address, "localhost:", 10) == 0);
            TEST_ASSERT(n > m && strcmp(address + n - m, suffix) == 0);
        }
        TEST_ASSERT(zmq_msg_get(&msg, ZMQ_SRCFD) > 2);
        TEST_OK(zmq_msg_close(&msg));
        test_close(a);
        test_close(b);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_endpoint_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *a = make_socket(ctx, ZMQ_PULL);
    void *b = make_socket(ctx, ZMQ_PULL);
    char ep[256];
    bind_fresh(a, "tcp", ep, sizeof ep);
    TEST_ASSERT(strncmp(ep, "tcp://127.0.0.1:", 16) == 0);
    TEST_ASSERT(atoi(ep + 16) > 0);
    TEST_FAILS(zmq_bind(b, ep), EADDRINUSE);
    TEST_FAILS(zmq_connect(b, "tcp://127.0.0.1:*"), EINVAL);
    TEST_FAILS(zmq_connect(b, "tcp://127.0.0.1"), EINVAL);
    TEST_FAILS(zmq_bind(b, "tcp://no-such-interface:*"), ENODEV);
    TEST_FAILS(zmq_unbind(a, "tcp://127.0.0.1:*"), ENOENT);
    TEST_FAILS(zmq_unbind(b, ep), ENOENT);
    TEST_OK(zmq_unbind(a, ep));
    TEST_ASSERT_EQ(zmq_has("ipc"), 1);
    char longer[200] = "ipc:///tmp/";
    memset(longer + 11, 'x', 150);
    longer[161] = '\0';
    TEST_FAILS(zmq_bind(b, longer), ENAMETOOLONG);
    test_close(a);
    test_close(b);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_tcp_ipc");
    srand((unsigned) getpid());
    RUN_TEST(test_pair_round_trips);
    RUN_TEST(test_pair_second_connect_is_kept);
    RUN_TEST(test_push_pull_sizes);
    RUN_TEST(test_multipart_and_order);
    RUN_TEST(test_connect_before_bind_and_reconnect);
    RUN_TEST(test_incompatible_types_refused);
    RUN_TEST(test_linger_delivers_after_close);
    RUN_TEST(test_metadata);
    RUN_TEST(test_endpoint_errors);
    return 0;
}
