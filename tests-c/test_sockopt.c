/*
 * test_sockopt.c - socket options: every default, the accepted ranges,
 * set/get round trips, sizes, read-only and write-only options, and the
 * options with visible effects here (HWM 0, ZMQ_FD, ZMQ_EVENTS).
 *
 * The list comes from ../shared/abi/socket_options.txt; the values were
 * read from the reference (Debian's 4.3.4 and a 4.3.5 build agree on all
 * of them). Left out on purpose: GSSAPI options (present only when libzmq is
 * built with GSSAPI: Debian's is, a default 4.3.5 build is not), CURVE keys
 * and CURVE_SERVER (need a CURVE build), and DRAFT options.
 *
 * Facts from the reference:
 * - An int option needs optvallen == sizeof(int) exactly, for set AND get
 *   (a larger buffer is EINVAL) -- except RCVMORE, FD, EVENTS and
 *   THREAD_SAFE, whose get takes any buffer of at least 4 bytes and sets
 *   *optvallen to 4. AFFINITY and MAXMSGSIZE are 64-bit, also exact.
 * - String options (LAST_ENDPOINT, PLAIN_*, ZAP_DOMAIN, SOCKS_PROXY,
 *   BINDTODEVICE) read back with their NUL: size strlen + 1; a buffer that
 *   is too small is EINVAL. ROUTING_ID is binary: unset it reads back as 0
 *   bytes; set it must be 1..255 bytes.
 * - Options of other socket types (SUBSCRIBE, ROUTER_*, XPUB_*, REQ_*,
 *   PROBE_ROUTER, CONNECT_ROUTING_ID, STREAM_NOTIFY) are EINVAL on PAIR, for
 *   set and get; ZMQ_BLOCKY (a context option) is EINVAL on a socket.
 * - The deprecated IPC_FILTER_PID/UID/GID and TCP_ACCEPT_FILTER are
 *   write-only and accepted on any socket type; TCP_ACCEPT_FILTER refuses a
 *   string that is not an address, and (NULL, 0) clears it.
 * - HEARTBEAT_TTL is kept in tenths of a second: 255 reads back as 200, and
 *   a small negative value is accepted as 0; above 6553599 is EINVAL.
 * - HEARTBEAT_TIMEOUT reads -1 by default but setting -1 is EINVAL.
 * - INVERT_MATCHING accepts any int and stores it as 0/1.
 * - Setting PLAIN_USERNAME switches MECHANISM to PLAIN; setting it to
 *   (NULL, 0) switches back to NULL. ZAP_DOMAIN refuses (NULL, 0).
 */
#include "testutil.h"

#include <fcntl.h>
#include <poll.h>

struct int_option {
    const char *name;
    int option;
    int fallback;   /* default */
    int valid[6];   /* values that read back unchanged */
    int n_valid;
    int invalid[4]; /* values refused with EINVAL */
    int n_invalid;
};

#define BIG 2147483647
/* clang-format off */
static const struct int_option int_options[] = {
    {"RATE", ZMQ_RATE, 100, {1, 5, 256, BIG}, 4, {0, -1, -2}, 3},
    {"RECOVERY_IVL", ZMQ_RECOVERY_IVL, 10000, {0, 1, 256, BIG}, 4, {-1, -2}, 2},
    {"SNDBUF", ZMQ_SNDBUF, -1, {-1, 0, 65536, BIG}, 4, {-2}, 1},
    {"RCVBUF", ZMQ_RCVBUF, -1, {-1, 0, 65536, BIG}, 4, {-2}, 1},
    {"LINGER", ZMQ_LINGER, -1, {-1, 0, 1, 5000, BIG}, 5, {-2}, 1},
    {"RECONNECT_IVL", ZMQ_RECONNECT_IVL, 100, {-1, 0, 1, 60000}, 4, {-2}, 1},
    {"BACKLOG", ZMQ_BACKLOG, 100, {0, 1, 1000, BIG}, 4, {-1, -2}, 2},
    {"RECONNECT_IVL_MAX", ZMQ_RECONNECT_IVL_MAX, 0, {0, 1, 60000}, 3, {-1}, 1},
    {"SNDHWM", ZMQ_SNDHWM, 1000, {0, 1, 5, BIG}, 4, {-1, -2}, 2},
    {"RCVHWM", ZMQ_RCVHWM, 1000, {0, 1, 5, BIG}, 4, {-1, -2}, 2},
    {"MULTICAST_HOPS", ZMQ_MULTICAST_HOPS, 1, {1, 2, 255}, 3, {0, -1}, 2},
    {"RCVTIMEO", ZMQ_RCVTIMEO, -1, {-1, 0, 1, BIG}, 4, {-2}, 1},
    {"SNDTIMEO", ZMQ_SNDTIMEO, -1, {-1, 0, 1, BIG}, 4, {-2}, 1},
    {"IPV4ONLY", ZMQ_IPV4ONLY, 1, {0, 1}, 2, {-1, 2}, 2},
    {"TCP_KEEPALIVE", ZMQ_TCP_KEEPALIVE, -1, {-1, 0, 1}, 3, {-2, 2}, 2},
    {"TCP_KEEPALIVE_CNT", ZMQ_TCP_KEEPALIVE_CNT, -1, {-1, 0, 5, BIG}, 4, {-2}, 1},
    {"TCP_KEEPALIVE_IDLE", ZMQ_TCP_KEEPALIVE_IDLE, -1, {-1, 0, 5, BIG}, 4, {-2}, 1},
    {"TCP_KEEPALIVE_INTVL", ZMQ_TCP_KEEPALIVE_INTVL, -1, {-1, 0, 5, BIG}, 4, {-2}, 1},
    {"IMMEDIATE", ZMQ_IMMEDIATE, 0, {0, 1}, 2, {-1, 2}, 2},
    {"IPV6", ZMQ_IPV6, 0, {0, 1}, 2, {-1, 2}, 2},
    {"PLAIN_SERVER", ZMQ_PLAIN_SERVER, 0, {0, 1}, 2, {-1, 2}, 2},
    {"CONFLATE", ZMQ_CONFLATE, 0, {0, 1}, 2, {-1, 2}, 2},
    {"TOS", ZMQ_TOS, 0, {0, 1, 255, BIG}, 4, {-1, -2}, 2},
    {"HANDSHAKE_IVL", ZMQ_HANDSHAKE_IVL, 30000, {0, 1, BIG}, 3, {-1}, 1},
    {"INVERT_MATCHING", ZMQ_INVERT_MATCHING, 0, {0, 1}, 2, {0}, 0},
    {"HEARTBEAT_IVL", ZMQ_HEARTBEAT_IVL, 0, {0, 1, BIG}, 3, {-1}, 1},
    {"HEARTBEAT_TTL", ZMQ_HEARTBEAT_TTL, 0, {0, 100, 6553500}, 3, {6553600, BIG}, 2},
    {"HEARTBEAT_TIMEOUT", ZMQ_HEARTBEAT_TIMEOUT, -1, {0, 1, BIG}, 3, {-1, -2}, 2},
    {"CONNECT_TIMEOUT", ZMQ_CONNECT_TIMEOUT, 0, {0, 1, BIG}, 3, {-1}, 1},
    {"TCP_MAXRT", ZMQ_TCP_MAXRT, 0, {0, 1, BIG}, 3, {-1}, 1},
    {"MULTICAST_MAXTPDU", ZMQ_MULTICAST_MAXTPDU, 1500, {1, 9000, BIG}, 3, {0, -1}, 2},
    {"USE_FD", ZMQ_USE_FD, -1, {-1, 0, 5}, 3, {-2}, 1},
};
/* clang-format on */
#define N_INT_OPTIONS (sizeof int_options / sizeof int_options[0])

static void *ctx;

static void check_int(void *s, const struct int_option *o, int expected)
{
    int value = test_get_int(s, o->option);
    if (value != expected) {
        fprintf(stderr, "ZMQ_%s reads %d, expected %d\n", o->name, value,
                expected);
        exit(1);
    }
}

static void test_int_defaults_and_ranges(void)
{
    int types[] = {ZMQ_PAIR, ZMQ_PUSH, ZMQ_PULL};
    for (int t = 0; t < 3; t++) {
        void *s = TEST_NOT_NULL(zmq_socket(ctx, types[t]));
        for (size_t i = 0; i < N_INT_OPTIONS; i++)
            check_int(s, &int_options[i], int_options[i].fallback);
        TEST_ASSERT_EQ(test_get_int(s, ZMQ_TYPE), types[t]);
        TEST_OK(zmq_close(s));
    }
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    for (size_t i = 0; i < N_INT_OPTIONS; i++) {
        const struct int_option *o = &int_options[i];
        for (int k = 0; k < o->n_valid; k++) {
            test_set_int(s, o->option, o->valid[k]);
            check_int(s, o, o->valid[k]);
        }
        int kept = test_get_int(s, o->option);
        for (int k = 0; k < o->n_invalid; k++) {
            int value = o->invalid[k];
            errno = 0;
            if (zmq_setsockopt(s, o->option, &value, sizeof value) != -1 ||
                errno != EINVAL) {
                fprintf(stderr, "ZMQ_%s = %d was not refused with EINVAL\n",
                        o->name, value);
                exit(1);
            }
            check_int(s, o, kept); /* a refused value changes nothing */
        }
    }
    TEST_OK(zmq_close(s));
}

static void test_int_oddities(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_set_int(s, ZMQ_HEARTBEAT_TTL, 255);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_HEARTBEAT_TTL), 200);
    test_set_int(s, ZMQ_HEARTBEAT_TTL, 99);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_HEARTBEAT_TTL), 0);
    test_set_int(s, ZMQ_HEARTBEAT_TTL, -2);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_HEARTBEAT_TTL), 0);
    test_set_int(s, ZMQ_INVERT_MATCHING, 5);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_INVERT_MATCHING), 1);
    test_set_int(s, ZMQ_INVERT_MATCHING, -1);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_INVERT_MATCHING), 1);
    TEST_OK(zmq_close(s));
}

static void test_read_only_options(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int ro[] = {ZMQ_RCVMORE, ZMQ_FD, ZMQ_EVENTS, ZMQ_TYPE, ZMQ_MECHANISM,
                ZMQ_THREAD_SAFE, ZMQ_LAST_ENDPOINT};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
        int value = 0;
        TEST_FAILS(zmq_setsockopt(s, ro[i], &value, sizeof value), EINVAL);
    }
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_RCVMORE), 0);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_EVENTS), 0);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_THREAD_SAFE), 0);
    TEST_OK(zmq_close(s));
}

/* Options that belong to other socket types, or to the context. */
static void test_foreign_options(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int foreign[] = {ZMQ_SUBSCRIBE,        ZMQ_UNSUBSCRIBE,
                     ZMQ_ROUTER_MANDATORY, ZMQ_XPUB_VERBOSE,
                     ZMQ_ROUTER_RAW,       ZMQ_PROBE_ROUTER,
                     ZMQ_REQ_CORRELATE,    ZMQ_REQ_RELAXED,
                     ZMQ_ROUTER_HANDOVER,  ZMQ_CONNECT_ROUTING_ID,
                     ZMQ_XPUB_NODROP,      ZMQ_BLOCKY,
                     ZMQ_XPUB_MANUAL,      ZMQ_XPUB_WELCOME_MSG,
                     ZMQ_STREAM_NOTIFY,    ZMQ_XPUB_VERBOSER,
                     ZMQ_VMCI_BUFFER_SIZE, ZMQ_VMCI_CONNECT_TIMEOUT};
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        int value = 1;
        size_t size = sizeof value;
        TEST_FAILS(zmq_getsockopt(s, foreign[i], &value, &size), EINVAL);
        TEST_FAILS(zmq_setsockopt(s, foreign[i], &value, sizeof value), EINVAL);
    }
    TEST_OK(zmq_close(s));
}

/* The deprecated connection filters are write-only, on any socket type. */
static void test_write_only_filters(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int filters[] = {ZMQ_IPC_FILTER_PID, ZMQ_IPC_FILTER_UID,
                     ZMQ_IPC_FILTER_GID, ZMQ_TCP_ACCEPT_FILTER};
    for (size_t i = 0; i < 4; i++) {
        char buf[64];
        size_t size = sizeof buf;
        TEST_FAILS(zmq_getsockopt(s, filters[i], buf, &size), EINVAL);
    }
    int id = (int) getpid();
    TEST_OK(zmq_setsockopt(s, ZMQ_IPC_FILTER_PID, &id, sizeof id));
    id = (int) getuid();
    TEST_OK(zmq_setsockopt(s, ZMQ_IPC_FILTER_UID, &id, sizeof id));
    id = (int) getgid();
    TEST_OK(zmq_setsockopt(s, ZMQ_IPC_FILTER_GID, &id, sizeof id));
    TEST_OK(zmq_setsockopt(s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.1", 9));
    TEST_FAILS(zmq_setsockopt(s, ZMQ_TCP_ACCEPT_FILTER, "garbage", 7), EINVAL);
    TEST_OK(zmq_setsockopt(s, ZMQ_TCP_ACCEPT_FILTER, NULL, 0)); /* clears */
    TEST_OK(zmq_close(s));
}

static void test_unknown_options_and_sizes(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int value = 5;
    size_t size = sizeof value;
    TEST_FAILS(zmq_setsockopt(s, 9999, &value, sizeof value), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, -1, &value, sizeof value), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, 0, &value, sizeof value), EINVAL);
    TEST_FAILS(zmq_getsockopt(s, 9999, &value, &size), EINVAL);
    size = sizeof value;
    TEST_FAILS(zmq_getsockopt(s, 0, &value, &size), EINVAL);

    /* Int options: exactly sizeof(int), both ways. */
    TEST_FAILS(zmq_setsockopt(s, ZMQ_SNDHWM, &value, 8), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, ZMQ_SNDHWM, &value, 2), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, ZMQ_SNDHWM, &value, 0), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, ZMQ_SNDHWM, NULL, 0), EINVAL);
    long long wide = 0;
    size = 2;
    TEST_FAILS(zmq_getsockopt(s, ZMQ_SNDHWM, &value, &size), EINVAL);
    size = sizeof wide;
    TEST_FAILS(zmq_getsockopt(s, ZMQ_SNDHWM, &wide, &size), EINVAL);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_SNDHWM), 1000);

    /* The socket-state ints accept a larger buffer and report 4 bytes. */
    int states[] = {ZMQ_RCVMORE, ZMQ_FD, ZMQ_EVENTS, ZMQ_THREAD_SAFE};
    for (size_t i = 0; i < 4; i++) {
        char big[16];
        size = sizeof big;
        TEST_OK(zmq_getsockopt(s, states[i], big, &size));
        TEST_ASSERT_EQ(size, sizeof(int));
        size = 2;
        TEST_FAILS(zmq_getsockopt(s, states[i], big, &size), EINVAL);
    }

    /* 64-bit options: exactly 8 bytes. */
    int64_t affinity = -2, maxmsg = -2;
    size = sizeof affinity;
    TEST_OK(zmq_getsockopt(s, ZMQ_AFFINITY, &affinity, &size));
    TEST_ASSERT_EQ(affinity, 0);
    TEST_ASSERT_EQ(size, 8);
    size = sizeof maxmsg;
    TEST_OK(zmq_getsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, &size));
    TEST_ASSERT_EQ(maxmsg, -1);
    affinity = 12345;
    TEST_OK(zmq_setsockopt(s, ZMQ_AFFINITY, &affinity, sizeof affinity));
    TEST_FAILS(zmq_setsockopt(s, ZMQ_AFFINITY, &affinity, 4), EINVAL);
    maxmsg = 100;
    TEST_OK(zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg));
    TEST_FAILS(zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, 4), EINVAL);
    size = 4;
    TEST_FAILS(zmq_getsockopt(s, ZMQ_MAXMSGSIZE, &value, &size), EINVAL);
    affinity = maxmsg = 0;
    size = sizeof affinity;
    TEST_OK(zmq_getsockopt(s, ZMQ_AFFINITY, &affinity, &size));
    TEST_ASSERT_EQ(affinity, 12345);
    size = sizeof maxmsg;
    TEST_OK(zmq_getsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, &size));
    TEST_ASSERT_EQ(maxmsg, 100);
    TEST_OK(zmq_close(s));
}

static void string_is(void *s, int option, const char *expected)
{
    char buf[300];
    size_t size = sizeof buf;
    TEST_OK(zmq_getsockopt(s, option, buf, &size));
    TEST_ASSERT_EQ(size, strlen(expected) + 1);
    TEST_ASSERT(strcmp(buf, expected) == 0);
    if (size > 1) {
        size = strlen(expected); /* one short: no room for the NUL */
        TEST_FAILS(zmq_getsockopt(s, option, buf, &size), EINVAL);
    }
}

static void test_string_options(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int strings[] = {ZMQ_LAST_ENDPOINT, ZMQ_PLAIN_USERNAME, ZMQ_PLAIN_PASSWORD,
                     ZMQ_ZAP_DOMAIN, ZMQ_SOCKS_PROXY, ZMQ_BINDTODEVICE};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        string_is(s, strings[i], "");

    TEST_OK(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, "global", 6));
    string_is(s, ZMQ_ZAP_DOMAIN, "global");
    TEST_FAILS(zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, NULL, 0), EINVAL);
    string_is(s, ZMQ_ZAP_DOMAIN, "global");
    TEST_OK(zmq_setsockopt(s, ZMQ_SOCKS_PROXY, "127.0.0.1:1080", 14));
    string_is(s, ZMQ_SOCKS_PROXY, "127.0.0.1:1080");
    TEST_OK(zmq_setsockopt(s, ZMQ_BINDTODEVICE, "lo", 2));
    string_is(s, ZMQ_BINDTODEVICE, "lo");

    /* PLAIN credentials select the PLAIN mechanism; clearing them undoes it. */
    TEST_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, "admin", 5));
    string_is(s, ZMQ_PLAIN_USERNAME, "admin");
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);
    TEST_OK(zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, "secret", 6));
    string_is(s, ZMQ_PLAIN_PASSWORD, "secret");
    TEST_OK(zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, NULL, 0));
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_MECHANISM), ZMQ_NULL);
    test_set_int(s, ZMQ_PLAIN_SERVER, 1);
    TEST_ASSERT_EQ(test_get_int(s, ZMQ_MECHANISM), ZMQ_PLAIN);
    TEST_OK(zmq_close(s));
}

static void test_routing_id(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    char buf[300];
    size_t size = sizeof buf;
    TEST_OK(zmq_getsockopt(s, ZMQ_ROUTING_ID, buf, &size));
    TEST_ASSERT_EQ(size, 0);
    TEST_OK(zmq_setsockopt(s, ZMQ_ROUTING_ID, "abc", 3));
    size = sizeof buf;
    TEST_OK(zmq_getsockopt(s, ZMQ_ROUTING_ID, buf, &size));
    TEST_ASSERT_EQ(size, 3);
    TEST_ASSERT(memcmp(buf, "abc", 3) == 0);
    size = 2;
    TEST_FAILS(zmq_getsockopt(s, ZMQ_ROUTING_ID, buf, &size), EINVAL);
    TEST_FAILS(zmq_setsockopt(s, ZMQ_ROUTING_ID, "", 0), EINVAL);
    memset(buf, 'r', sizeof buf);
    TEST_OK(zmq_setsockopt(s, ZMQ_ROUTING_ID, buf, 255));
    TEST_FAILS(zmq_setsockopt(s, ZMQ_ROUTING_ID, buf, 256), EINVAL);
    size = sizeof buf;
    TEST_OK(zmq_getsockopt(s, ZMQ_ROUTING_ID, buf, &size));
    TEST_ASSERT_EQ(size, 255);
    /* ZMQ_IDENTITY is the old name of the same option. */
    TEST_ASSERT_EQ(ZMQ_IDENTITY, ZMQ_ROUTING_ID);
    TEST_OK(zmq_close(s));
}

/* HWM 0 means no limit: 10000 messages go without blocking. */
static void test_hwm_zero_is_unlimited(void)
{
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_set_int(push, ZMQ_SNDHWM, 0);
    test_set_int(pull, ZMQ_RCVHWM, 0);
    test_bind_connect(pull, push, "hwm-zero");
    for (int i = 0; i < 10000; i++)
        TEST_ASSERT_EQ(TEST_OK(zmq_send(push, "m", 1, ZMQ_DONTWAIT)), 1);
    char c;
    for (int i = 0; i < 10000; i++)
        TEST_ASSERT_EQ(TEST_OK(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT)), 1);
    test_close(push);
    test_close(pull);
}

/* ZMQ_FD is a real descriptor that poll(2) accepts, readable once the
 * socket has something to report. */
static void test_fd_is_real(void)
{
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    int fd = test_get_int(pull, ZMQ_FD);
    TEST_ASSERT(fd >= 0);
    TEST_ASSERT(fcntl(fd, F_GETFD) != -1);
    TEST_ASSERT_EQ(test_get_int(pull, ZMQ_FD), fd); /* stable */
    TEST_ASSERT(test_get_int(push, ZMQ_FD) != fd);  /* one per socket */
    test_bind_connect(pull, push, "fd");
    TEST_ASSERT_EQ(test_get_int(pull, ZMQ_EVENTS), 0);
    test_send_str(push, "wake", 0);
    struct pollfd p = {fd, POLLIN, 0};
    TEST_ASSERT_EQ(poll(&p, 1, 5000), 1);
    TEST_ASSERT(p.revents & POLLIN);
    TEST_ASSERT_EQ(test_get_int(pull, ZMQ_EVENTS), ZMQ_POLLIN);
    test_recv_str(pull, "wake");
    test_close(push);
    test_close(pull);
}

static void test_events(void)
{
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    TEST_ASSERT_EQ(test_get_int(a, ZMQ_EVENTS), 0); /* no peer, no message */
    test_set_int(a, ZMQ_SNDHWM, 1);
    test_set_int(b, ZMQ_RCVHWM, 1);
    test_bind_connect(a, b, "events");
    TEST_ASSERT_EQ(test_get_int(a, ZMQ_EVENTS), ZMQ_POLLOUT);
    test_send_str(a, "1", 0);
    test_send_str(a, "2", 0);
    TEST_ASSERT_EQ(test_get_int(a, ZMQ_EVENTS), 0); /* pipe full */
    TEST_ASSERT_EQ(test_get_int(b, ZMQ_EVENTS), ZMQ_POLLIN | ZMQ_POLLOUT);
    test_recv_str(b, "1");
    test_recv_str(b, "2");
    TEST_ASSERT_EQ(test_get_int(b, ZMQ_EVENTS), ZMQ_POLLOUT);
    test_close(a);
    test_close(b);
}

int main(void)
{
    test_setup("test_sockopt");
    ctx = TEST_NOT_NULL(zmq_ctx_new());
    RUN_TEST(test_int_defaults_and_ranges);
    RUN_TEST(test_int_oddities);
    RUN_TEST(test_read_only_options);
    RUN_TEST(test_foreign_options);
    RUN_TEST(test_write_only_filters);
    RUN_TEST(test_unknown_options_and_sizes);
    RUN_TEST(test_string_options);
    RUN_TEST(test_routing_id);
    RUN_TEST(test_hwm_zero_is_unlimited);
    RUN_TEST(test_fd_is_real);
    RUN_TEST(test_events);
    TEST_OK(zmq_ctx_term(ctx));
    return 0;
}
