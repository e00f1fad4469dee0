/*
 * rawpeer.h - raw POSIX-socket peers for the C tests: connect to or listen for
 * a libzmq socket over tcp:// and ipc://, write ZMTP bytes by hand (greeting,
 * READY, frame headers), read the other side's handshake and frames, close
 * with a reset, wait until the libzmq side drops the connection, and read
 * what its socket monitor reported about one connection.
 *
 * Like testutil.h, everything is `static inline` and checks with its macros.
 */
#ifndef OXZMQ_RAWPEER_H
#define OXZMQ_RAWPEER_H

#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

/* How long anything may take before it counts as a hang. */
#define GUARD_MS 10000

/* ---- raw sockets ------------------------------------------------------- */

static inline int raw_socket_for(const char *endpoint, struct sockaddr_storage *addr,
                          socklen_t *len)
{
    memset(addr, 0, sizeof *addr);
    if (strncmp(endpoint, "tcp://", 6) == 0) {
        struct sockaddr_in *in = (struct sockaddr_in *) addr;
        char host[64];
        const char *colon = strrchr(endpoint, ':');
        TEST_ASSERT(colon != NULL);
        size_t host_len = (size_t) (colon - (endpoint + 6));
        TEST_ASSERT(host_len < sizeof host);
        memcpy(host, endpoint + 6, host_len);
        host[host_len] = '\0';
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t) atoi(colon + 1));
        TEST_ASSERT_EQ(inet_pton(AF_INET, host, &in->sin_addr), 1);
        *len = sizeof *in;
        return TEST_OK(socket(AF_INET, SOCK_STREAM, 0));
    }
    TEST_ASSERT(strncmp(endpoint, "ipc://", 6) == 0);
    struct sockaddr_un *un = (struct sockaddr_un *) addr;
    un->sun_family = AF_UNIX;
    TEST_ASSERT(strlen(endpoint + 6) < sizeof un->sun_path);
    strcpy(un->sun_path, endpoint + 6);
    *len = sizeof *un;
    return TEST_OK(socket(AF_UNIX, SOCK_STREAM, 0));
}

/* A raw connection to a libzmq socket bound at `endpoint`. */
static inline int raw_connect(const char *endpoint)
{
    struct sockaddr_storage addr;
    socklen_t len;
    int fd = raw_socket_for(endpoint, &addr, &len);
    TEST_OK(connect(fd, (struct sockaddr *) &addr, len));
    if (addr.ss_family == AF_INET) {
        int one = 1;
        TEST_OK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    }
    return fd;
}

/* A raw listener on a fresh endpoint of `transport`, written to ep. */
static inline int raw_listen(const char *transport, char *ep, size_t len)
{
    static unsigned counter;
    if (strcmp(transport, "tcp") == 0)
        snprintf(ep, len, "tcp://127.0.0.1:0");
    else
        snprintf(ep, len, "ipc:///tmp/oxzmq-hostile-%ld-%u", (long) getpid(),
                 ++counter);
    struct sockaddr_storage addr;
    socklen_t addr_len;
    int fd = raw_socket_for(ep, &addr, &addr_len);
    if (addr.ss_family == AF_UNIX)
        unlink(((struct sockaddr_un *) &addr)->sun_path);
    TEST_OK(bind(fd, (struct sockaddr *) &addr, addr_len));
    TEST_OK(listen(fd, 64));
    if (addr.ss_family == AF_INET) {
        struct sockaddr_in in;
        socklen_t in_len = sizeof in;
        TEST_OK(getsockname(fd, (struct sockaddr *) &in, &in_len));
        snprintf(ep, len, "tcp://127.0.0.1:%u", (unsigned) ntohs(in.sin_port));
    }
    return fd;
}

/* The next connection the libzmq socket makes to our listener. */
static inline int raw_accept(int listener)
{
    struct pollfd p = {listener, POLLIN, 0};
    TEST_ASSERT_EQ(poll(&p, 1, GUARD_MS), 1);
    int fd = TEST_OK(accept(listener, NULL, NULL));
    int one = 1;
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Write everything; a peer already gone is not an error here. */
static inline void raw_send(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        p += n;
        len -= (size_t) n;
    }
}

/* Close with SO_LINGER 0: a TCP peer gets a reset. */
static inline void raw_reset(int fd)
{
    struct linger lg = {1, 0};
    TEST_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    TEST_OK(close(fd));
}

/* The libzmq side closed the connection (end of stream or reset). */
static inline void expect_dropped(int fd, const char *why)
{
    long long deadline = test_now_ms() + GUARD_MS;
    char buf[4096];
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int left = (int) (deadline - test_now_ms());
        if (left <= 0 || poll(&p, 1, left) == 0) {
            fprintf(stderr, "connection kept open (%s expected)\n", why);
            TEST_ASSERT(!"dropped");
        }
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
    }
    TEST_OK(close(fd));
}

/* ---- the libzmq socket's monitor ----------------------------------------- */

/* Monitor every event of `s` (format 1) before it binds or connects; returns
 * the reader, a PAIR of `ctx` that waits at most GUARD_MS for an event. */
static inline void *monitor_all(void *ctx, void *s)
{
    char ep[128];
    test_endpoint(ep, sizeof ep, "hostile-monitor");
    TEST_OK(zmq_socket_monitor(s, ep, ZMQ_EVENT_ALL));
    void *reader = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_set_int(reader, ZMQ_RCVTIMEO, GUARD_MS);
    test_set_int(reader, ZMQ_LINGER, 0);
    TEST_OK(zmq_connect(reader, ep));
    return reader;
}

/* Events that belong to no connection: a listener's, a connect attempt's
 * (libzmq's TCP connect is first under way), a descriptor closed. */
#define NOT_A_CONNECTION                                                       \
    (ZMQ_EVENT_LISTENING | ZMQ_EVENT_CONNECT_DELAYED |                         \
     ZMQ_EVENT_CONNECT_RETRIED | ZMQ_EVENT_CLOSED)

/* The next event of a connection on `endpoint` (events of no connection are
 * skipped); it must be `id` with `value`. Returns the value. */
static inline uint32_t expect_connection_event(void *reader,
                                               const char *endpoint, int id,
                                               uint32_t value, int any_value)
{
    for (;;) {
        uint32_t got_value;
        char got_ep[256];
        int got = test_monitor_event(reader, &got_value, got_ep, sizeof got_ep);
        if (got & NOT_A_CONNECTION)
            continue;
        if (got != id || (!any_value && got_value != value)
            || strcmp(got_ep, endpoint) != 0) {
            fprintf(stderr,
                    "monitor: expected event %#x value %#x on %s, got %#x "
                    "value %#x on %s\n",
                    id, value, endpoint, got, got_value, got_ep);
            TEST_ASSERT(!"the expected monitor event");
        }
        return got_value;
    }
}

/* The socket reported one connection's whole life on `endpoint`: `opened`
 * (ZMQ_EVENT_ACCEPTED or ZMQ_EVENT_CONNECTED) with its descriptor, then the
 * handshake event `handshake` with `value` (`handshake` 0: libzmq reports
 * none for this failure), then ZMQ_EVENT_DISCONNECTED with the same
 * descriptor. */
static inline void expect_connection_life(void *reader, const char *endpoint,
                                          int opened, int handshake,
                                          uint32_t value)
{
    uint32_t fd = expect_connection_event(reader, endpoint, opened, 0, 1);
    if (handshake)
        expect_connection_event(reader, endpoint, handshake, value, 0);
    expect_connection_event(reader, endpoint, ZMQ_EVENT_DISCONNECTED, fd, 0);
}

/* ---- ZMTP bytes by hand ------------------------------------------------ */

typedef struct {
    uint8_t data[1024];
    size_t len;
} bytes_t;

static inline void put(bytes_t *b, const void *data, size_t len)
{
    TEST_ASSERT(b->len + len <= sizeof b->data);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static inline void put_greeting(bytes_t *b, int major, int minor, const char *mech)
{
    uint8_t g[64] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F};
    g[10] = (uint8_t) major;
    g[11] = (uint8_t) minor;
    memcpy(g + 12, mech, strlen(mech));
    put(b, g, sizeof g);
}

static inline void put_header(bytes_t *b, uint8_t flags, uint64_t size)
{
    if (size <= 255) {
        uint8_t h[2] = {flags, (uint8_t) size};
        put(b, h, 2);
        return;
    }
    uint8_t h[9] = {(uint8_t) (flags | 0x02)};
    for (int i = 0; i < 8; i++)
        h[1 + i] = (uint8_t) (size >> (56 - 8 * i));
    put(b, h, 9);
}

static inline void put_frame(bytes_t *b, int more, const char *text)
{
    put_header(b, more ? 1 : 0, strlen(text));
    put(b, text, strlen(text));
}

/* READY with Socket-Type `type`. */
static inline void put_ready(bytes_t *b, const char *type)
{
    uint8_t body[64];
    size_t n = 0;
    body[n++] = 5;
    memcpy(body + n, "READY", 5);
    n += 5;
    body[n++] = 11;
    memcpy(body + n, "Socket-Type", 11);
    n += 11;
    uint32_t len = (uint32_t) strlen(type);
    uint8_t be[4] = {0, 0, 0, (uint8_t) len};
    memcpy(body + n, be, 4);
    n += 4;
    memcpy(body + n, type, len);
    n += len;
    put_header(b, 0x04, n);
    put(b, body, n);
}

static inline void put_handshake(bytes_t *b, const char *type)
{
    put_greeting(b, 3, 1, "NULL");
    put_ready(b, type);
}

/* Read exactly `len` bytes (within the guard). */
static inline void read_exact(int fd, uint8_t *out, size_t len)
{
    size_t have = 0;
    while (have < len) {
        struct pollfd p = {fd, POLLIN, 0};
        TEST_ASSERT_EQ(poll(&p, 1, GUARD_MS), 1);
        ssize_t n = recv(fd, out + have, len - have, 0);
        TEST_ASSERT(n > 0);
        have += (size_t) n;
    }
}

/* Read one frame's header and body; returns its flags, the body in out. */
static inline uint8_t read_frame(int fd, uint8_t *out, size_t cap, size_t *len)
{
    uint8_t h[9];
    read_exact(fd, h, 2);
    uint64_t size = h[1];
    if (h[0] & 0x02) {
        read_exact(fd, h + 2, 7);
        size = 0;
        for (int i = 1; i < 9; i++)
            size = size << 8 | h[i];
    }
    TEST_ASSERT(size <= cap);
    read_exact(fd, out, (size_t) size);
    *len = (size_t) size;
    return h[0];
}

/* A conforming peer's handshake: our greeting and READY, then theirs; only
 * then may messages go (the reference takes a message that overtakes its own
 * READY for a handshake command). */
static inline void raw_handshake(int fd, const char *type)
{
    bytes_t b = {.len = 0};
    put_handshake(&b, type);
    raw_send(fd, b.data, b.len);
    uint8_t in[512];
    size_t len;
    read_exact(fd, in, 64);
    TEST_ASSERT(read_frame(fd, in, sizeof in, &len) & 0x04);
    TEST_ASSERT(len >= 6 && memcmp(in, "\x05READY", 6) == 0);
}

#endif /* OXZMQ_RAWPEER_H */
