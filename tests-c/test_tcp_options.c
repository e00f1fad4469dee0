/*
 * test_tcp_options.c - tcp:// and ipc:// endpoint forms and connection options,
 * checked on the real descriptors: ZMQ_SRCFD of a received message is the
 * connection's socket, and the listening socket is found in /proc/self/fd by
 * its address.
 *
 * Facts from the reference (4.3.4):
 * - Bind takes an interface name (tcp://lo:* binds 127.0.0.1), * (0.0.0.0, or
 *   :: with ZMQ_IPV6), [::1] with ZMQ_IPV6; an unknown interface is ENODEV, an
 *   address that is not local EADDRNOTAVAIL. Connect refuses a * host or port
 *   with EINVAL and resolves host names (localhost).
 * - Connect "src;dst" binds the source address before connecting: the peer
 *   sees the connection come from that port.
 * - zmq_unbind and zmq_disconnect find an endpoint by the name it was recorded
 *   under (the resolved endpoint of a bind, the string of a connect) or by the
 *   string resolved as a connect address: tcp://localhost:P finds a connect to
 *   tcp://127.0.0.1:P, not the other way round; a "*" host never finds a bind
 *   (ENOENT), and either call works for bound and connected endpoints alike.
 * - ZMQ_SNDBUF, ZMQ_RCVBUF (Linux doubles them), ZMQ_TOS (IP_TOS, and
 *   IPV6_TCLASS on IPv6) reach the listener and both connections; keepalives
 *   and ZMQ_TCP_MAXRT (TCP_USER_TIMEOUT) reach both connections; TCP_NODELAY
 *   is on. ZMQ_BACKLOG is the listen backlog (TCP_INFO of the listener).
 *   Over ipc:// the buffer sizes are left alone.
 * - ZMQ_BINDTODEVICE binds the listener and the connections to the device;
 *   an unknown device fails zmq_bind with ENODEV (EPERM where the process may
 *   not set it at all).
 * - ZMQ_USE_FD: zmq_bind uses the application's listening socket; the address
 *   given is not read, ZMQ_LAST_ENDPOINT is the socket's own address, and an
 *   ipc socket file is not removed on close.
 * - ZMQ_TCP_ACCEPT_FILTER and ZMQ_IPC_FILTER_UID/PID: a refused peer is closed
 *   on accept, before any greeting; an admitted one receives the greeting.
 */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>

static void *make_socket(void *ctx, int type)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, type));
    test_set_int(s, ZMQ_RCVTIMEO, 10000);
    test_set_int(s, ZMQ_SNDTIMEO, 10000);
    test_set_int(s, ZMQ_RECONNECT_IVL, 20);
    return s;
}

static void last_endpoint(void *s, char *ep, size_t len)
{
    size_t size = len;
    TEST_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &size));
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The port at the end of a tcp endpoint. */
static int port_of(const char *ep)
{
    const char *colon = strrchr(ep, ':');
    TEST_ASSERT(colon != NULL);
    return atoi(colon + 1);
}

static int get_int(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof value;
    TEST_OK(getsockopt(fd, level, name, &value, &len));
    return value;
}

/* Send one message from `from` and return the ZMQ_SRCFD `to` receives it on. */
static int connection_fd(void *from, void *to)
{
    test_send_str(from, "probe", 0);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_ASSERT_EQ(TEST_OK(zmq_msg_recv(&msg, to, 0)), 5);
    int fd = zmq_msg_get(&msg, ZMQ_SRCFD);
    TEST_OK(zmq_msg_close(&msg));
    TEST_ASSERT(fd > 2);
    return fd;
}

/* The listening TCP socket of this process on `port`, or -1. */
static int listener_fd(int port)
{
    int found = -1;
    DIR *dir = TEST_NOT_NULL(opendir("/proc/self/fd"));
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && found < 0) {
        int fd = atoi(entry->d_name);
        int listening = 0;
        socklen_t len = sizeof listening;
        if (fd <= 2 || getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0
            || !listening)
            continue;
        struct sockaddr_storage addr;
        socklen_t alen = sizeof addr;
        if (getsockname(fd, (struct sockaddr *) &addr, &alen) != 0)
            continue;
        int bound = 0;
        if (addr.ss_family == AF_INET)
            bound = ntohs(((struct sockaddr_in *) &addr)->sin_port);
        else if (addr.ss_family == AF_INET6)
            bound = ntohs(((struct sockaddr_in6 *) &addr)->sin6_port);
        if (bound == port)
            found = fd;
    }
    closedir(dir);
    return found;
}

/* Connect a plain socket to `addr` and read what arrives first: > 0 bytes when
 * the listener admitted us (its greeting), 0 when it closed us at once. */
static int first_read(int family, const struct sockaddr *addr, socklen_t len)
{
    int fd = TEST_OK(socket(family, SOCK_STREAM, 0));
    TEST_OK(connect(fd, addr, len));
    struct timeval limit = {10, 0};
    TEST_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit));
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    TEST_ASSERT(n >= 0);
    if (n > 0)
        TEST_ASSERT_EQ((unsigned char) buf[0], 0xff);
    return (int) n;
}

static void test_bind_forms(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = make_socket(ctx, ZMQ_PULL);
    char ep[256];
    TEST_OK(zmq_bind(s, "tcp://lo:*"));
    last_endpoint(s, ep, sizeof ep);
    TEST_ASSERT(starts_with(ep, "tcp://127.0.0.1:") && port_of(ep) > 0);
    TEST_OK(zmq_bind(s, "tcp://*:*"));
    last_endpoint(s, ep, sizeof ep);
    TEST_ASSERT(starts_with(ep, "tcp://0.0.0.0:") && port_of(ep) > 0);
    TEST_FAILS(zmq_bind(s, "tcp://[::1]:*"), ENODEV);
    TEST_FAILS(zmq_bind(s, "tcp://no-such-if0:*"), ENODEV);
    TEST_FAILS(zmq_bind(s, "tcp://localhost:*"), ENODEV);
    TEST_FAILS(zmq_bind(s, "tcp://203.0.113.77:*"), EADDRNOTAVAIL);
    TEST_FAILS(zmq_connect(s, "tcp://*:5555"), EINVAL);
    TEST_FAILS(zmq_connect(s, "tcp://127.0.0.1:*"), EINVAL);

    void *v6 = make_socket(ctx, ZMQ_PAIR);
    test_set_int(v6, ZMQ_IPV6, 1);
    TEST_OK(zmq_bind(v6, "tcp://*:*"));
    last_endpoint(v6, ep, sizeof ep);
    TEST_ASSERT(starts_with(ep, "tcp://[::]:"));
    TEST_OK(zmq_bind(v6, "tcp://[::1]:*"));
    last_endpoint(v6, ep, sizeof ep);
    TEST_ASSERT(starts_with(ep, "tcp://[::1]:"));
    void *peer = make_socket(ctx, ZMQ_PAIR);
    test_set_int(peer, ZMQ_IPV6, 1);
    TEST_OK(zmq_connect(peer, ep));
    test_send_str(peer, "over ipv6", 0);
    test_recv_str(v6, "over ipv6");

    /* A host name resolves at connect. */
    void *named = make_socket(ctx, ZMQ_PAIR);
    void *client = make_socket(ctx, ZMQ_PAIR);
    TEST_OK(zmq_bind(named, "tcp://127.0.0.1:*"));
    last_endpoint(named, ep, sizeof ep);
    char by_name[64];
    snprintf(by_name, sizeof by_name, "tcp://localhost:%d", port_of(ep));
    TEST_OK(zmq_connect(client, by_name));
    test_send_str(client, "by name", 0);
    test_recv_str(named, "by name");

    test_close(s);
    test_close(v6);
    test_close(peer);
    test_close(named);
    test_close(client);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_source_address(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *server = make_socket(ctx, ZMQ_PAIR);
    void *client = make_socket(ctx, ZMQ_PAIR);
    char ep[256], free_ep[256], both[300];
    TEST_OK(zmq_bind(server, "tcp://127.0.0.1:*"));
    last_endpoint(server, ep, sizeof ep);
    /* A port found free: bound, then unbound (the port is free on return). */
    TEST_OK(zmq_bind(client, "tcp://127.0.0.1:*"));
    last_endpoint(client, free_ep, sizeof free_ep);
    TEST_OK(zmq_unbind(client, free_ep));
    int source_port = port_of(free_ep);
    snprintf(both, sizeof both, "tcp://127.0.0.1:%d;%s", source_port,
             ep + strlen("tcp://"));
    /* The reference frees an unbound port asynchronously: wait until our own
     * connect succeeds from it (the message arrives). */
    TEST_OK(zmq_connect(client, both));
    int fd = connection_fd(client, server);
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    TEST_OK(getpeername(fd, (struct sockaddr *) &peer, &len));
    TEST_ASSERT_EQ(ntohs(peer.sin_port), source_port);
    test_close(server);
    test_close(client);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_unbind_and_disconnect_names(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = make_socket(ctx, ZMQ_PULL);
    char ep[256], other[256];
    TEST_OK(zmq_bind(s, "tcp://*:*"));
    last_endpoint(s, ep, sizeof ep);
    int port = port_of(ep);
    snprintf(other, sizeof other, "tcp://*:%d", port);
    TEST_FAILS(zmq_unbind(s, other), ENOENT);
    TEST_FAILS(zmq_unbind(s, "tcp://*:*"), ENOENT);
    TEST_OK(zmq_unbind(s, ep));
    TEST_FAILS(zmq_unbind(s, ep), ENOENT);

    /* A connect is found by its string, or by a name resolving to it. */
    TEST_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    last_endpoint(s, ep, sizeof ep);
    port = port_of(ep);
    void *c = make_socket(ctx, ZMQ_PUSH);
    char literal[64], named[64];
    snprintf(literal, sizeof literal, "tcp://127.0.0.1:%d", port);
    snprintf(named, sizeof named, "tcp://localhost:%d", port);
    TEST_OK(zmq_connect(c, literal));
    TEST_OK(zmq_disconnect(c, named));
    TEST_FAILS(zmq_disconnect(c, literal), ENOENT);
    TEST_OK(zmq_connect(c, named));
    TEST_FAILS(zmq_disconnect(c, literal), ENOENT);
    /* Unbind and disconnect are one operation for tcp and ipc. */
    TEST_OK(zmq_unbind(c, named));
    TEST_FAILS(zmq_disconnect(c, named), ENOENT);
    TEST_OK(zmq_disconnect(s, ep));

    /* ipc: only the recorded name. */
    TEST_OK(zmq_bind(s, "ipc://*"));
    last_endpoint(s, ep, sizeof ep);
    TEST_FAILS(zmq_unbind(s, "ipc://*"), ENOENT);
    TEST_OK(zmq_unbind(s, ep));
    test_close(s);
    test_close(c);
    TEST_OK(zmq_ctx_term(ctx));
}

/* Options every tcp socket of the test gets. */
static void set_connection_options(void *s)
{
    test_set_int(s, ZMQ_SNDBUF, 131072);
    test_set_int(s, ZMQ_RCVBUF, 70000);
    test_set_int(s, ZMQ_TOS, 0x28);
    test_set_int(s, ZMQ_TCP_KEEPALIVE, 1);
    test_set_int(s, ZMQ_TCP_KEEPALIVE_CNT, 7);
    test_set_int(s, ZMQ_TCP_KEEPALIVE_IDLE, 33);
    test_set_int(s, ZMQ_TCP_KEEPALIVE_INTVL, 11);
    test_set_int(s, ZMQ_TCP_MAXRT, 4321);
    test_set_int(s, ZMQ_BACKLOG, 17);
}

static void check_connection(int fd, int ipv6)
{
    TEST_ASSERT_EQ(get_int(fd, SOL_SOCKET, SO_SNDBUF), 2 * 131072);
    TEST_ASSERT_EQ(get_int(fd, SOL_SOCKET, SO_RCVBUF), 2 * 70000);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_IP, IP_TOS), 0x28);
    if (ipv6)
        TEST_ASSERT_EQ(get_int(fd, IPPROTO_IPV6, IPV6_TCLASS), 0x28);
    TEST_ASSERT_EQ(get_int(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPCNT), 7);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPIDLE), 33);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_KEEPINTVL), 11);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 4321);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_NODELAY), 1);
}

static void test_options_reach_the_sockets(void)
{
    const char *binds[] = {"tcp://127.0.0.1:*", "tcp://[::1]:*"};
    for (int v6 = 0; v6 < 2; v6++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *a = make_socket(ctx, ZMQ_PAIR);
        void *b = make_socket(ctx, ZMQ_PAIR);
        test_set_int(a, ZMQ_IPV6, v6);
        test_set_int(b, ZMQ_IPV6, v6);
        set_connection_options(a);
        set_connection_options(b);
        char ep[256];
        TEST_OK(zmq_bind(a, binds[v6]));
        last_endpoint(a, ep, sizeof ep);
        int listener = listener_fd(port_of(ep));
        TEST_ASSERT(listener > 2);
        struct tcp_info info;
        socklen_t len = sizeof info;
        TEST_OK(getsockopt(listener, IPPROTO_TCP, TCP_INFO, &info, &len));
        TEST_ASSERT_EQ(info.tcpi_sacked, 17u); /* the backlog of a listener */
        TEST_ASSERT_EQ(get_int(listener, SOL_SOCKET, SO_RCVBUF), 2 * 70000);
        TEST_ASSERT_EQ(get_int(listener, IPPROTO_IP, IP_TOS), 0x28);
        TEST_OK(zmq_connect(b, ep));
        check_connection(connection_fd(b, a), v6);
        check_connection(connection_fd(a, b), v6);
        test_close(a);
        test_close(b);
        TEST_OK(zmq_ctx_term(ctx));
    }

    /* Defaults: nothing set means the system's values; keepalive untouched. */
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *a = make_socket(ctx, ZMQ_PAIR);
    void *b = make_socket(ctx, ZMQ_PAIR);
    char ep[256];
    TEST_OK(zmq_bind(a, "tcp://127.0.0.1:*"));
    last_endpoint(a, ep, sizeof ep);
    TEST_ASSERT_EQ(test_get_int(a, ZMQ_BACKLOG), 100);
    int listener = listener_fd(port_of(ep));
    struct tcp_info info;
    socklen_t len = sizeof info;
    TEST_OK(getsockopt(listener, IPPROTO_TCP, TCP_INFO, &info, &len));
    TEST_ASSERT_EQ(info.tcpi_sacked, 100u);
    TEST_OK(zmq_connect(b, ep));
    int fd = connection_fd(b, a);
    TEST_ASSERT_EQ(get_int(fd, SOL_SOCKET, SO_KEEPALIVE), 0);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_IP, IP_TOS), 0);
    TEST_ASSERT_EQ(get_int(fd, IPPROTO_TCP, TCP_USER_TIMEOUT), 0);
    test_close(a);
    test_close(b);

    /* ipc: the buffer sizes are not applied. */
    int plain = TEST_OK(socket(AF_UNIX, SOCK_STREAM, 0));
    int default_sndbuf = get_int(plain, SOL_SOCKET, SO_SNDBUF);
    close(plain);
    a = make_socket(ctx, ZMQ_PAIR);
    b = make_socket(ctx, ZMQ_PAIR);
    test_set_int(a, ZMQ_SNDBUF, 131072);
    test_set_int(b, ZMQ_SNDBUF, 131072);
    TEST_OK(zmq_bind(a, "ipc://*"));
    last_endpoint(a, ep, sizeof ep);
    TEST_OK(zmq_connect(b, ep));
    TEST_ASSERT_EQ(get_int(connection_fd(b, a), SOL_SOCKET, SO_SNDBUF), default_sndbuf);
    test_close(a);
    test_close(b);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_bind_to_device(void)
{
    /* Whether this process may set SO_BINDTODEVICE at all. */
    int probe = TEST_OK(socket(AF_INET, SOCK_STREAM, 0));
    int allowed = setsockopt(probe, SOL_SOCKET, SO_BINDTODEVICE, "lo", 2) == 0;
    int refusal = errno;
    close(probe);

    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *a = make_socket(ctx, ZMQ_PAIR);
    void *b = make_socket(ctx, ZMQ_PAIR);
    TEST_OK(zmq_setsockopt(a, ZMQ_BINDTODEVICE, "no-such-dev0", 12));
    TEST_FAILS(zmq_bind(a, "tcp://127.0.0.1:*"), allowed ? ENODEV : refusal);
    TEST_OK(zmq_setsockopt(a, ZMQ_BINDTODEVICE, "lo", 2));
    TEST_OK(zmq_setsockopt(b, ZMQ_BINDTODEVICE, "lo", 2));
    if (!allowed) {
        TEST_FAILS(zmq_bind(a, "tcp://127.0.0.1:*"), refusal);
    } else {
        char ep[256], device[IFNAMSIZ];
        TEST_OK(zmq_bind(a, "tcp://127.0.0.1:*"));
        last_endpoint(a, ep, sizeof ep);
        int fds[3] = {listener_fd(port_of(ep)), -1, -1};
        TEST_OK(zmq_connect(b, ep));
        fds[1] = connection_fd(b, a);
        fds[2] = connection_fd(a, b);
        for (int i = 0; i < 3; i++) {
            socklen_t len = sizeof device;
            memset(device, 0, sizeof device);
            TEST_OK(getsockopt(fds[i], SOL_SOCKET, SO_BINDTODEVICE, device, &len));
            TEST_ASSERT(strcmp(device, "lo") == 0);
        }
    }
    test_close(a);
    test_close(b);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_use_fd(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    /* tcp: a socket the application made and put in the listening state. */
    int fd = TEST_OK(socket(AF_INET, SOCK_STREAM, 0));
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    TEST_OK(bind(fd, (struct sockaddr *) &addr, sizeof addr));
    TEST_OK(listen(fd, 8));
    socklen_t len = sizeof addr;
    TEST_OK(getsockname(fd, (struct sockaddr *) &addr, &len));
    void *server = make_socket(ctx, ZMQ_PAIR);
    void *client = make_socket(ctx, ZMQ_PAIR);
    test_set_int(server, ZMQ_USE_FD, fd);
    TEST_ASSERT_EQ(test_get_int(server, ZMQ_USE_FD), fd);
    TEST_OK(zmq_bind(server, "tcp://192.0.2.1:1"));
    char ep[256], expect[160];
    last_endpoint(server, ep, sizeof ep);
    snprintf(expect, sizeof expect, "tcp://127.0.0.1:%d", ntohs(addr.sin_port));
    TEST_ASSERT(strcmp(ep, expect) == 0);
    TEST_OK(zmq_connect(client, ep));
    test_send_str(client, "through the given fd", 0);
    test_recv_str(server, "through the given fd");
    test_close(server);
    test_close(client);

    /* ipc: the socket file is the application's and stays. */
    char path[108];
    snprintf(path, sizeof path, "/tmp/oxzmq-usefd-%ld", (long) getpid());
    unlink(path);
    int ufd = TEST_OK(socket(AF_UNIX, SOCK_STREAM, 0));
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    strcpy(un.sun_path, path);
    TEST_OK(bind(ufd, (struct sockaddr *) &un, sizeof un));
    TEST_OK(listen(ufd, 8));
    server = make_socket(ctx, ZMQ_PAIR);
    client = make_socket(ctx, ZMQ_PAIR);
    test_set_int(server, ZMQ_USE_FD, ufd);
    TEST_OK(zmq_bind(server, "ipc:///tmp/oxzmq-not-this-path"));
    last_endpoint(server, ep, sizeof ep);
    snprintf(expect, sizeof expect, "ipc://%s", path);
    TEST_ASSERT(strcmp(ep, expect) == 0);
    TEST_OK(zmq_connect(client, ep));
    test_send_str(client, "through the given ipc fd", 0);
    test_recv_str(server, "through the given ipc fd");
    test_close(server);
    test_close(client);
    TEST_OK(zmq_ctx_term(ctx));
    TEST_OK(access(path, F_OK));
    TEST_OK(unlink(path));
    /* The reference closes the descriptors it was given; oxzmq works on its own
     * duplicates. Either way they are done with now. */
    close(fd);
    close(ufd);
}

static void test_accept_filters(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    char ep[256];

    /* tcp: only 127.0.0.2 may connect; we come from 127.0.0.1. */
    void *s = make_socket(ctx, ZMQ_PULL);
    TEST_OK(zmq_setsockopt(s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.2", 9));
    TEST_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    last_endpoint(s, ep, sizeof ep);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t) port_of(ep));
    TEST_ASSERT_EQ(first_read(AF_INET, (struct sockaddr *) &addr, sizeof addr), 0);
    /* Adding 127.0.0.1 to the list admits us on the next bind. */
    TEST_OK(zmq_setsockopt(s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.1", 9));
    TEST_OK(zmq_bind(s, "tcp://127.0.0.1:*"));
    last_endpoint(s, ep, sizeof ep);
    addr.sin_port = htons((uint16_t) port_of(ep));
    TEST_ASSERT(first_read(AF_INET, (struct sockaddr *) &addr, sizeof addr) > 0);
    test_close(s);

    /* ipc: by peer process id (not ours: refused) and by user id (ours). */
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    s = make_socket(ctx, ZMQ_PULL);
    int other_pid = (int) getpid() + 1;
    TEST_OK(zmq_setsockopt(s, ZMQ_IPC_FILTER_PID, &other_pid, sizeof other_pid));
    TEST_OK(zmq_bind(s, "ipc://*"));
    last_endpoint(s, ep, sizeof ep);
    snprintf(un.sun_path, sizeof un.sun_path, "%s", ep + strlen("ipc://"));
    TEST_ASSERT_EQ(first_read(AF_UNIX, (struct sockaddr *) &un, sizeof un), 0);
    int uid = (int) getuid();
    TEST_OK(zmq_setsockopt(s, ZMQ_IPC_FILTER_UID, &uid, sizeof uid));
    TEST_OK(zmq_bind(s, "ipc://*"));
    last_endpoint(s, ep, sizeof ep);
    snprintf(un.sun_path, sizeof un.sun_path, "%s", ep + strlen("ipc://"));
    TEST_ASSERT(first_read(AF_UNIX, (struct sockaddr *) &un, sizeof un) > 0);
    test_close(s);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_tcp_options");
    RUN_TEST(test_bind_forms);
    RUN_TEST(test_source_address);
    RUN_TEST(test_unbind_and_disconnect_names);
    RUN_TEST(test_options_reach_the_sockets);
    RUN_TEST(test_bind_to_device);
    RUN_TEST(test_use_fd);
    RUN_TEST(test_accept_filters);
    return 0;
}
