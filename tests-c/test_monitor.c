/*
 * test_monitor.c - zmq_socket_monitor: the events of a tcp:// or ipc://
 * connection's life on both sides, reconnection while nobody listens, bind
 * failure, unbind, a raw peer that breaks the handshake, starting, replacing
 * and stopping monitors, and the argument errors. Every wait is on an event.
 *
 * Facts from the reference (4.3.4):
 * - An event is two frames: 6 bytes (a uint16_t event id and a uint32_t
 *   value, host byte order, unaligned) and the endpoint string.
 * - Server: LISTENING (value: the listening descriptor, endpoint: the bound
 *   endpoint as ZMQ_LAST_ENDPOINT shows it), ACCEPTED (the connection's
 *   descriptor), HANDSHAKE_SUCCEEDED (value 0); when the peer goes,
 *   DISCONNECTED with the same descriptor; zmq_close gives CLOSED (the
 *   listening descriptor) then MONITOR_STOPPED (value 0, empty endpoint).
 * - Client: CONNECT_DELAYED may come first (tcp), then CONNECTED (endpoint:
 *   the connect string) and HANDSHAKE_SUCCEEDED; a client closed with linger
 *   0 sends MONITOR_STOPPED alone.
 * - Connecting to nobody with ZMQ_RECONNECT_IVL 50 gives CONNECT_RETRIED
 *   with a wait from 50 to 99 ms, again and again (tcp: after
 *   CONNECT_DELAYED and CLOSED).
 * - zmq_bind on a port in use: -1/EADDRINUSE, CLOSED (the socket it
 *   made, endpoint empty), then BIND_FAILED with errno EADDRINUSE and the
 *   address without "tcp://". An ipc abstract name in use: CLOSED named
 *   "ipc://@name", then BIND_FAILED naming "@name". An unknown interface
 *   (nothing opened): BIND_FAILED with ENODEV alone. zmq_unbind: CLOSED.
 * - An ipc connect to a path nobody listens on fails at once: CLOSED (the
 *   descriptor, the connect endpoint), then CONNECT_RETRIED.
 * - With ZMQ_RECONNECT_IVL -1 or 0, a connection lost (the peer closed) is
 *   not made again and the socket forgets the endpoint: after DISCONNECTED
 *   the socket's ZMQ_FD wakes, and zmq_disconnect is -1/ENOENT. (The
 *   reference also drops a message that came before the loss and was not
 *   read yet; oxzmq keeps it readable: tests/monitor.rs.)
 * - Raw TCP peers breaking the handshake of a NULL server: ACCEPTED, then
 *   HANDSHAKE_FAILED_PROTOCOL with ZMTP_MECHANISM_MISMATCH for a PLAIN
 *   greeting, ZMTP_UNEXPECTED_COMMAND for a message frame before READY,
 *   ZMTP_MALFORMED_COMMAND_ERROR for an ERROR whose reason overruns it;
 *   HANDSHAKE_FAILED_AUTH 400 for ERROR "400"; no handshake event for a
 *   READY from an incompatible socket type; HANDSHAKE_FAILED_NO_DETAIL with
 *   EAGAIN when ZMQ_HANDSHAKE_IVL expires; then DISCONNECTED (the accepted
 *   descriptor) and the server hangs up.
 * - A raw peer that hangs up with the server's greeting partly unread (a
 *   reset): ACCEPTED, HANDSHAKE_FAILED_NO_DETAIL with ECONNRESET,
 *   DISCONNECTED with the accepted descriptor.
 * - A second zmq_socket_monitor stops the first monitor (MONITOR_STOPPED);
 *   so does a call that then fails (EADDRINUSE for an inproc name already
 *   bound); a NULL endpoint stops monitoring.
 * - The reference blocks the monitored socket (zmq_bind, and its I/O
 *   thread) while the monitor has no reader; oxzmq drops those events
 *   instead, so this test always connects the reader first.
 * - Errors: a non-inproc endpoint is EPROTONOSUPPORT, a malformed one
 *   EINVAL, an inproc name already bound EADDRINUSE, a NULL or non-socket
 *   handle ENOTSOCK.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

static const char *transports[] = {"tcp", "ipc"};

/* A socket whose blocking calls fail after 10 s instead of hanging. */
static void *make_socket(void *ctx, int type)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, type));
    test_set_int(s, ZMQ_RCVTIMEO, 10000);
    test_set_int(s, ZMQ_SNDTIMEO, 10000);
    return s;
}

/* Bind to a fresh endpoint of `transport`; the resolved endpoint is in ep. */
static void bind_fresh(void *s, const char *transport, char *ep, size_t len)
{
    if (strcmp(transport, "tcp") == 0)
        TEST_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    else {
        snprintf(ep, len, "ipc:///tmp/oxzmq-mon-%ld-%u", (long) getpid(),
                 (unsigned) rand());
        TEST_OK(zmq_bind(s, ep));
    }
    size_t size = len;
    TEST_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &size));
}

/* Monitor `s` on a fresh inproc endpoint; returns the connected reader. */
static void *watch(void *ctx, void *s, int events)
{
    char ep[128];
    test_endpoint(ep, sizeof ep, "monitor");
    TEST_OK(zmq_socket_monitor(s, ep, events));
    void *reader = make_socket(ctx, ZMQ_PAIR);
    TEST_OK(zmq_connect(reader, ep));
    return reader;
}

/* Read events until `id`; those skipped must be in the `allowed` mask. */
static int expect_event(void *reader, int id, int allowed, uint32_t *value,
                        char *endpoint, size_t len)
{
    for (;;) {
        int got = test_monitor_event(reader, value, endpoint, len);
        if (got == id)
            return got;
        if (!(got & allowed)) {
            fprintf(stderr, "waiting for event %#x, got %#x\n", id, got);
            TEST_ASSERT(got & allowed);
        }
    }
}

static void test_connection_life(void)
{
    for (size_t t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *server = make_socket(ctx, ZMQ_PAIR);
        void *client = make_socket(ctx, ZMQ_PAIR);
        void *server_events = watch(ctx, server, ZMQ_EVENT_ALL);
        void *client_events = watch(ctx, client, ZMQ_EVENT_ALL);
        char ep[256], got[256];
        uint32_t value, listen_fd, conn_fd;
        bind_fresh(server, transports[t], ep, sizeof ep);
        TEST_ASSERT_EQ(test_monitor_event(server_events, &listen_fd, got, sizeof got),
                       ZMQ_EVENT_LISTENING);
        TEST_ASSERT(strcmp(got, ep) == 0);
        TEST_ASSERT(listen_fd > 2 && listen_fd < 65536);

        TEST_OK(zmq_connect(client, ep));
        expect_event(client_events, ZMQ_EVENT_CONNECTED,
                     ZMQ_EVENT_CONNECT_DELAYED, &value, got, sizeof got);
        TEST_ASSERT(strcmp(got, ep) == 0);
        TEST_ASSERT_EQ(test_monitor_event(client_events, &value, NULL, 0),
                       ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
        TEST_ASSERT_EQ(value, 0);

        TEST_ASSERT_EQ(test_monitor_event(server_events, &conn_fd, got, sizeof got),
                       ZMQ_EVENT_ACCEPTED);
        TEST_ASSERT(strncmp(got, transports[t], 3) == 0);
        TEST_ASSERT(conn_fd != listen_fd);
        TEST_ASSERT_EQ(test_monitor_event(server_events, &value, NULL, 0),
                       ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

        test_send_str(client, "hello", 0);
        test_recv_str(server, "hello");

        /* The client goes: its monitor stops, the server sees the loss. */
        test_close(client);
        TEST_ASSERT_EQ(test_monitor_event(client_events, &value, got, sizeof got),
                       ZMQ_EVENT_MONITOR_STOPPED);
        TEST_ASSERT_EQ(value, 0);
        TEST_ASSERT_EQ(strlen(got), 0);
        TEST_ASSERT_EQ(test_monitor_event(server_events, &value, NULL, 0),
                       ZMQ_EVENT_DISCONNECTED);
        TEST_ASSERT_EQ(value, conn_fd);

        /* The server closes: its listener, then its monitor. */
        test_close(server);
        TEST_ASSERT_EQ(test_monitor_event(server_events, &value, got, sizeof got),
                       ZMQ_EVENT_CLOSED);
        TEST_ASSERT_EQ(value, listen_fd);
        TEST_ASSERT(strcmp(got, ep) == 0);
        TEST_ASSERT_EQ(test_monitor_event(server_events, &value, NULL, 0),
                       ZMQ_EVENT_MONITOR_STOPPED);
        test_close(server_events);
        test_close(client_events);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_reconnect_while_nobody_listens(void)
{
    for (size_t t = 0; t < 2; t++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        /* A port found free (its context terminated, so it is closed), or a
         * fresh path. */
        char ep[256], got[256];
        void *probe_ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *probe = make_socket(probe_ctx, ZMQ_PAIR);
        bind_fresh(probe, transports[t], ep, sizeof ep);
        test_close(probe);
        TEST_OK(zmq_ctx_term(probe_ctx));
        void *client = make_socket(ctx, ZMQ_PAIR);
        test_set_int(client, ZMQ_RECONNECT_IVL, 50);
        void *events = watch(ctx, client, ZMQ_EVENT_ALL);
        TEST_OK(zmq_connect(client, ep));
        int skip = ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CLOSED;
        uint32_t wait;
        expect_event(events, ZMQ_EVENT_CONNECT_RETRIED, skip, &wait, got,
                     sizeof got);
        TEST_ASSERT(strcmp(got, ep) == 0);
        TEST_ASSERT(wait >= 50 && wait < 100);
        expect_event(events, ZMQ_EVENT_CONNECT_RETRIED, skip, &wait, NULL, 0);
        test_close(client);
        expect_event(events, ZMQ_EVENT_MONITOR_STOPPED,
                     skip | ZMQ_EVENT_CONNECT_RETRIED, NULL, NULL, 0);
        test_close(events);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_bind_failure_and_unbind(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *first = make_socket(ctx, ZMQ_PAIR);
    void *second = make_socket(ctx, ZMQ_PAIR);
    char ep[256], mine[256], got[256];
    uint32_t value;
    bind_fresh(first, "tcp", ep, sizeof ep);
    void *events = watch(ctx, second, ZMQ_EVENT_ALL);
    TEST_FAILS(zmq_bind(second, ep), EADDRINUSE);
    /* The reference first reports closing the socket it could not bind. */
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_CLOSED);
    TEST_ASSERT(value > 2 && value < 65536);
    TEST_ASSERT_EQ(strlen(got), 0);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_BIND_FAILED);
    TEST_ASSERT_EQ(value, EADDRINUSE);
    TEST_ASSERT(strcmp(got, ep + strlen("tcp://")) == 0);

    /* An abstract ipc name in use: the closed socket has the endpoint's name. */
    char name[128];
    snprintf(name, sizeof name, "ipc://@oxzmq-mon-taken-%ld", (long) getpid());
    TEST_OK(zmq_bind(first, name));
    TEST_FAILS(zmq_bind(second, name), EADDRINUSE);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_CLOSED);
    TEST_ASSERT(strcmp(got, name) == 0);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_BIND_FAILED);
    TEST_ASSERT_EQ(value, EADDRINUSE);
    TEST_ASSERT(strcmp(got, name + strlen("ipc://")) == 0);

    /* Nothing opened for an unknown interface: BIND_FAILED alone (the next
     * event is the LISTENING below). */
    TEST_FAILS(zmq_bind(second, "tcp://no-such-if0:*"), ENODEV);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, NULL, 0), ZMQ_EVENT_BIND_FAILED);
    TEST_ASSERT_EQ(value, ENODEV);

    bind_fresh(second, "ipc", mine, sizeof mine);
    TEST_ASSERT_EQ(test_monitor_event(events, NULL, NULL, 0), ZMQ_EVENT_LISTENING);
    TEST_OK(zmq_unbind(second, mine));
    TEST_ASSERT_EQ(test_monitor_event(events, NULL, got, sizeof got), ZMQ_EVENT_CLOSED);
    TEST_ASSERT(strcmp(got, mine) == 0);
    TEST_OK(zmq_socket_monitor(second, NULL, 0));
    TEST_ASSERT_EQ(test_monitor_event(events, NULL, NULL, 0),
                   ZMQ_EVENT_MONITOR_STOPPED);
    test_close(first);
    test_close(second);
    test_close(events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_ipc_refused_at_once(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    char ep[256], got[256];
    uint32_t value;
    snprintf(ep, sizeof ep, "ipc:///tmp/oxzmq-mon-nobody-%ld-%u",
             (long) getpid(), (unsigned) rand());
    void *client = make_socket(ctx, ZMQ_PAIR);
    test_set_int(client, ZMQ_RECONNECT_IVL, 50);
    void *events = watch(ctx, client, ZMQ_EVENT_ALL);
    TEST_OK(zmq_connect(client, ep));
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_CLOSED);
    TEST_ASSERT(value > 2 && value < 65536);
    TEST_ASSERT(strcmp(got, ep) == 0);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, got, sizeof got),
                   ZMQ_EVENT_CONNECT_RETRIED);
    TEST_ASSERT(strcmp(got, ep) == 0);
    test_set_int(client, ZMQ_LINGER, 0);
    test_close(client);
    test_close(events);
    TEST_OK(zmq_ctx_term(ctx));
}

/* Wait until the socket's ZMQ_FD says a command may have come. */
static void wait_for_command(void *s)
{
    int fd;
    size_t len = sizeof fd;
    TEST_OK(zmq_getsockopt(s, ZMQ_FD, &fd, &len));
    struct pollfd p = {fd, POLLIN, 0};
    TEST_ASSERT_EQ(poll(&p, 1, 10000), 1);
}

static void test_lost_for_good_forgets_the_endpoint(void)
{
    static const int intervals[] = {-1, 0, -1};
    for (size_t i = 0; i < 3; i++) {
        const char *transport = i < 2 ? "tcp" : "ipc";
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *server = make_socket(ctx, ZMQ_PAIR);
        void *client = make_socket(ctx, ZMQ_PAIR);
        char ep[256];
        bind_fresh(server, transport, ep, sizeof ep);
        test_set_int(client, ZMQ_RECONNECT_IVL, intervals[i]);
        void *events = watch(ctx, client, ZMQ_EVENT_ALL);
        TEST_OK(zmq_connect(client, ep));
        expect_event(events, ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                     ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CONNECTED, NULL, NULL,
                     0);
        test_send_str(server, "last", 0);
        test_recv_str(client, "last");
        /* Nothing else is on its way to the client: drain its commands (with
         * nothing to read, its ZMQ_FD is armed for the next one). */
        int ready;
        size_t len = sizeof ready;
        TEST_OK(zmq_getsockopt(client, ZMQ_EVENTS, &ready, &len));
        test_set_int(server, ZMQ_LINGER, 0);
        test_close(server);
        TEST_ASSERT_EQ(test_monitor_event(events, NULL, NULL, 0),
                       ZMQ_EVENT_DISCONNECTED);
        wait_for_command(client);
        TEST_FAILS(zmq_disconnect(client, ep), ENOENT);
        test_set_int(client, ZMQ_LINGER, 0);
        test_close(client);
        test_close(events);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

/* A raw TCP connection to the loopback port of `ep`. */
static int raw_connect(const char *ep)
{
    const char *colon = strrchr(ep, ':');
    TEST_ASSERT(colon != NULL);
    int raw = socket(AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT(raw >= 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t) atoi(colon + 1));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TEST_OK(connect(raw, (struct sockaddr *) &addr, sizeof addr));
    return raw;
}

/* A ZMTP 3.0 greeting for `mechanism`, then `rest`; returns the length. */
static size_t script(unsigned char *out, const char *mechanism,
                     const unsigned char *rest, size_t rest_len)
{
    memset(out, 0, 64);
    out[0] = 0xFF;
    out[9] = 0x7F;
    out[10] = 3;
    memcpy(out + 12, mechanism, strlen(mechanism));
    if (rest_len > 0)
        memcpy(out + 64, rest, rest_len);
    return 64 + rest_len;
}

/* A raw peer sends `len` bytes (or nothing) to a monitored server: the server
 * reports `event` with `value` (none if `event` is 0), then DISCONNECTED. */
static void raw_peer_fails(const unsigned char *bytes, size_t len, int event,
                           uint32_t value)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *server = make_socket(ctx, ZMQ_PAIR);
    test_set_int(server, ZMQ_HANDSHAKE_IVL, 100);
    void *events = watch(ctx, server, ZMQ_EVENT_ALL);
    char ep[256];
    uint32_t got, fd;
    bind_fresh(server, "tcp", ep, sizeof ep);
    TEST_ASSERT_EQ(test_monitor_event(events, NULL, NULL, 0), ZMQ_EVENT_LISTENING);
    int raw = raw_connect(ep);
    if (len > 0)
        TEST_ASSERT_EQ(send(raw, bytes, len, 0), (ssize_t) len);
    TEST_ASSERT_EQ(test_monitor_event(events, &fd, NULL, 0), ZMQ_EVENT_ACCEPTED);
    if (event != 0) {
        TEST_ASSERT_EQ(test_monitor_event(events, &got, NULL, 0), event);
        TEST_ASSERT_EQ(got, value);
    }
    TEST_ASSERT_EQ(test_monitor_event(events, &got, NULL, 0), ZMQ_EVENT_DISCONNECTED);
    TEST_ASSERT_EQ(got, fd);
    /* The server hung up: the raw peer reads to the end. */
    unsigned char buf[256];
    ssize_t n;
    while ((n = recv(raw, buf, sizeof buf, 0)) > 0) {
    }
    TEST_ASSERT(n == 0 || (n == -1 && errno == ECONNRESET));
    close(raw);
    test_close(server);
    test_close(events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_handshake_failures(void)
{
    unsigned char bytes[128];
    /* Another mechanism than the server's NULL. */
    raw_peer_fails(bytes, script(bytes, "PLAIN", NULL, 0),
                   ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                   ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
    /* A message frame before READY. */
    static const unsigned char message[] = {0x00, 0x01, 'a'};
    raw_peer_fails(bytes, script(bytes, "NULL", message, sizeof message),
                   ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                   ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);
    /* ERROR with a ZAP status code: an authentication failure. */
    static const unsigned char zap[] = {0x04, 0x0A, 5, 'E', 'R', 'R', 'O', 'R',
                                        3, '4', '0', '0'};
    raw_peer_fails(bytes, script(bytes, "NULL", zap, sizeof zap),
                   ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    /* ERROR whose reason runs past the frame. */
    static const unsigned char bad_error[] = {0x04, 0x0A, 5,   'E', 'R', 'R',
                                              'O',  'R',  9,   'b', 'a', 'd'};
    raw_peer_fails(bytes, script(bytes, "NULL", bad_error, sizeof bad_error),
                   ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                   ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR);
    /* READY from a PUSH, which a PAIR refuses: the loss alone is reported. */
    static const unsigned char push[] = {
        0x04, 0x1A, 5,   'R', 'E', 'A', 'D', 'Y', 11,  'S', 'o', 'c', 'k', 'e',
        't',  '-',  'T', 'y', 'p', 'e', 0,   0,   0,   4,   'P', 'U', 'S', 'H'};
    raw_peer_fails(bytes, script(bytes, "NULL", push, sizeof push), 0, 0);
    /* Nothing at all: the handshake timer (ZMQ_HANDSHAKE_IVL) expires. */
    raw_peer_fails(bytes, 0, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EAGAIN);
}

/* A raw peer that reads one byte of the server's greeting and hangs up: the
 * unread rest makes its close a reset. */
static void test_peer_gone_during_handshake(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *server = make_socket(ctx, ZMQ_PAIR);
    void *events = watch(ctx, server, ZMQ_EVENT_ALL);
    char ep[256];
    uint32_t value, fd;
    bind_fresh(server, "tcp", ep, sizeof ep);
    TEST_ASSERT_EQ(test_monitor_event(events, NULL, NULL, 0), ZMQ_EVENT_LISTENING);
    int raw = raw_connect(ep);
    unsigned char first;
    TEST_ASSERT_EQ(recv(raw, &first, 1, 0), 1);
    TEST_ASSERT_EQ(first, 0xFF);
    close(raw);
    TEST_ASSERT_EQ(test_monitor_event(events, &fd, NULL, 0), ZMQ_EVENT_ACCEPTED);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, NULL, 0),
                   ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    TEST_ASSERT_EQ(value, ECONNRESET);
    TEST_ASSERT_EQ(test_monitor_event(events, &value, NULL, 0), ZMQ_EVENT_DISCONNECTED);
    TEST_ASSERT_EQ(value, fd);
    test_close(server);
    test_close(events);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_start_replace_stop(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = make_socket(ctx, ZMQ_PAIR);
    char ep[256], first_ep[128], got[256];
    uint32_t value;

    /* (Its reader connects before any event: the reference blocks the
     * socket while a monitor has no reader, oxzmq drops the events.) */
    test_endpoint(first_ep, sizeof first_ep, "first");
    TEST_OK(zmq_socket_monitor(s, first_ep, ZMQ_EVENT_ALL));
    void *first = make_socket(ctx, ZMQ_PAIR);
    TEST_OK(zmq_connect(first, first_ep));
    bind_fresh(s, "ipc", ep, sizeof ep);
    TEST_ASSERT_EQ(test_monitor_event(first, NULL, got, sizeof got),
                   ZMQ_EVENT_LISTENING);
    TEST_ASSERT(strcmp(got, ep) == 0);

    /* A second monitor replaces the first, which says so. */
    void *second = watch(ctx, s, ZMQ_EVENT_LISTENING | ZMQ_EVENT_MONITOR_STOPPED);
    TEST_ASSERT_EQ(test_monitor_event(first, &value, NULL, 0),
                   ZMQ_EVENT_MONITOR_STOPPED);
    /* A monitor's endpoint must be free. */
    char taken[128];
    void *other = make_socket(ctx, ZMQ_PAIR);
    TEST_OK(zmq_bind(other, test_endpoint(taken, sizeof taken, "taken")));
    TEST_FAILS(zmq_socket_monitor(s, taken, ZMQ_EVENT_ALL), EADDRINUSE);

    /* The failed call stopped the second monitor; start it again. */
    TEST_ASSERT_EQ(test_monitor_event(second, NULL, NULL, 0),
                   ZMQ_EVENT_MONITOR_STOPPED);
    void *third = watch(ctx, s, ZMQ_EVENT_LISTENING | ZMQ_EVENT_MONITOR_STOPPED);
    bind_fresh(s, "tcp", ep, sizeof ep);
    TEST_ASSERT_EQ(test_monitor_event(third, NULL, got, sizeof got),
                   ZMQ_EVENT_LISTENING);
    TEST_ASSERT(strcmp(got, ep) == 0);
    TEST_OK(zmq_socket_monitor(s, NULL, 0));
    TEST_ASSERT_EQ(test_monitor_event(third, NULL, NULL, 0),
                   ZMQ_EVENT_MONITOR_STOPPED);
    /* Stopped: nothing more comes. */
    bind_fresh(s, "tcp", ep, sizeof ep);
    test_set_int(third, ZMQ_RCVTIMEO, 0);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_FAILS(zmq_msg_recv(&msg, third, 0), EAGAIN);
    TEST_OK(zmq_msg_close(&msg));

    test_close(s);
    test_close(first);
    test_close(second);
    test_close(third);
    test_close(other);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = make_socket(ctx, ZMQ_PAIR);
    TEST_FAILS(zmq_socket_monitor(s, "tcp://127.0.0.1:5555", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);
    TEST_FAILS(zmq_socket_monitor(s, "ipc:///tmp/nope", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);
    TEST_FAILS(zmq_socket_monitor(s, "inproc", ZMQ_EVENT_ALL), EINVAL);
    TEST_FAILS(zmq_socket_monitor(s, "bogus://x", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);
    TEST_FAILS(zmq_socket_monitor(NULL, "inproc://x", ZMQ_EVENT_ALL),
               ENOTSOCK);
    TEST_FAILS(zmq_socket_monitor(ctx, "inproc://x", ZMQ_EVENT_ALL), ENOTSOCK);
    /* Stopping when nothing runs is fine. */
    TEST_OK(zmq_socket_monitor(s, NULL, 0));
    test_close(s);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_monitor");
    srand((unsigned) getpid());
    RUN_TEST(test_connection_life);
    RUN_TEST(test_reconnect_while_nobody_listens);
    RUN_TEST(test_bind_failure_and_unbind);
    RUN_TEST(test_ipc_refused_at_once);
    RUN_TEST(test_lost_for_good_forgets_the_endpoint);
    RUN_TEST(test_handshake_failures);
    RUN_TEST(test_peer_gone_during_handshake);
    RUN_TEST(test_start_replace_stop);
    RUN_TEST(test_errors);
    return 0;
}
