/*
 * test_pair_inproc.c - PAIR over inproc, and the send/receive entry points
 * that do not depend on the socket type: zmq_send/zmq_recv truncation,
 * zmq_send_const, zmq_sendiov/zmq_recviov, zmq_sendmsg/zmq_recvmsg,
 * multipart atomicity, HWM, timeouts, LAST_ENDPOINT and endpoint errors.
 *
 * Facts from the reference (4.3.4 and 4.3.5 agree):
 * - A multipart message becomes visible to the peer only when its last frame
 *   is sent: before that, recv gives EAGAIN and zmq_poll reports no POLLIN.
 * - zmq_recv into a short buffer returns the FULL frame length (truncating
 *   the copy); a 0-byte buffer, even NULL, is fine.
 * - zmq_sendiov sends each iovec as a frame with the caller's flags, the last
 *   one without ZMQ_SNDMORE: with flags 0 that is `count` separate one-frame
 *   messages, with ZMQ_SNDMORE one multipart message. It returns the size of
 *   the last frame; count 0 or a NULL array is EINVAL.
 * - zmq_recviov fills at most *count frames of one message (malloc'd: the
 *   caller frees them), sets *count, and returns the number of frames; what
 *   did not fit stays readable with zmq_recv. *count 0 is EINVAL.
 * - HWM over inproc: a PAIR sender can queue SNDHWM + the peer's RCVHWM.
 * - ZMQ_LAST_ENDPOINT is set by bind and by connect; a fresh socket gives ""
 *   (size 1); a buffer too small for it is EINVAL.
 * - Endpoint errors: "inproc://" (empty name) and a string without "://" are
 *   EINVAL; an unknown transport is EPROTONOSUPPORT, also for unbind and
 *   disconnect; unbind/disconnect of an endpoint never used is ENOENT.
 * - A second bind of a name in use is EADDRINUSE; after zmq_unbind the name
 *   is free at once; after zmq_close the reference frees it asynchronously
 *   (its reaper thread), so a bind right after a close may still fail.
 * - Inproc names belong to one context: another context can bind the same.
 */
#include "testutil.h"

#include <sched.h>
#include <sys/uio.h>

struct pair {
    void *ctx, *a, *b;
};

static struct pair pair_open(int connect_first)
{
    struct pair p;
    p.ctx = TEST_NOT_NULL(zmq_ctx_new());
    p.a = TEST_NOT_NULL(zmq_socket(p.ctx, ZMQ_PAIR));
    p.b = TEST_NOT_NULL(zmq_socket(p.ctx, ZMQ_PAIR));
    char ep[128];
    test_endpoint(ep, sizeof ep, "pair");
    if (connect_first) {
        TEST_OK(zmq_connect(p.b, ep));
        TEST_OK(zmq_bind(p.a, ep));
    } else {
        TEST_OK(zmq_bind(p.a, ep));
        TEST_OK(zmq_connect(p.b, ep));
    }
    return p;
}

static void pair_close(struct pair p)
{
    test_close(p.a);
    test_close(p.b);
    TEST_OK(zmq_ctx_term(p.ctx));
}

static void test_bind_then_connect(void)
{
    struct pair p = pair_open(0);
    test_send_str(p.a, "to b", 0);
    test_send_str(p.b, "to a", 0);
    test_recv_str(p.b, "to b");
    test_recv_str(p.a, "to a");
    pair_close(p);
}

/* Messages sent before the peer binds wait in the connecter's queue. */
static void test_connect_then_bind(void)
{
    struct pair p;
    p.ctx = TEST_NOT_NULL(zmq_ctx_new());
    p.a = TEST_NOT_NULL(zmq_socket(p.ctx, ZMQ_PAIR));
    p.b = TEST_NOT_NULL(zmq_socket(p.ctx, ZMQ_PAIR));
    char ep[128];
    test_endpoint(ep, sizeof ep, "pair-late");
    TEST_OK(zmq_connect(p.b, ep));
    test_send_str(p.b, "early", 0);
    TEST_OK(zmq_bind(p.a, ep));
    test_recv_str(p.a, "early");
    test_send_str(p.a, "reply", 0);
    test_recv_str(p.b, "reply");
    pair_close(p);
}

static int rcvmore(void *s) { return test_get_int(s, ZMQ_RCVMORE); }

static void test_multipart_is_atomic(void)
{
    struct pair p = pair_open(0);
    char buf[16];
    zmq_pollitem_t item = {p.b, 0, ZMQ_POLLIN, 0};
    test_send_str(p.a, "p1", ZMQ_SNDMORE);
    TEST_FAILS(zmq_recv(p.b, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, 0)), 0);
    TEST_ASSERT_EQ(test_get_int(p.b, ZMQ_EVENTS) & ZMQ_POLLIN, 0);
    test_send_str(p.a, "p2", ZMQ_SNDMORE);
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, 0)), 0);
    test_send_str(p.a, "p3", 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, 0)), 1);
    TEST_ASSERT_EQ(item.revents, ZMQ_POLLIN);
    test_recv_str(p.b, "p1");
    TEST_ASSERT_EQ(rcvmore(p.b), 1);
    test_recv_str(p.b, "p2");
    TEST_ASSERT_EQ(rcvmore(p.b), 1);
    test_recv_str(p.b, "p3");
    TEST_ASSERT_EQ(rcvmore(p.b), 0);
    pair_close(p);
}

static void test_recv_truncates_but_reports_full_length(void)
{
    struct pair p = pair_open(0);
    char buf[8] = "";
    test_send_str(p.a, "0123456789", 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_recv(p.b, buf, 4, 0)), 10);
    TEST_ASSERT(memcmp(buf, "0123", 4) == 0);
    TEST_ASSERT_EQ(buf[4], 0);
    test_send_str(p.a, "0123456789", 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_recv(p.b, buf, 0, 0)), 10);
    test_send_str(p.a, "0123456789", 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_recv(p.b, NULL, 0, 0)), 10);
    /* Empty frames, sent from a NULL buffer. */
    TEST_ASSERT_EQ(TEST_OK(zmq_send(p.a, NULL, 0, 0)), 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_recv(p.b, buf, sizeof buf, 0)), 0);
    pair_close(p);
}

static void test_send_const(void)
{
    static const char text[] = "constant";
    struct pair p = pair_open(0);
    TEST_ASSERT_EQ(TEST_OK(zmq_send_const(p.a, text, 8, ZMQ_SNDMORE)), 8);
    TEST_ASSERT_EQ(TEST_OK(zmq_send_const(p.a, NULL, 0, 0)), 0);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_ASSERT_EQ(TEST_OK(zmq_msg_recv(&msg, p.b, 0)), 8);
    TEST_ASSERT(memcmp(zmq_msg_data(&msg), text, 8) == 0);
    TEST_ASSERT_EQ(zmq_msg_more(&msg), 1);
    TEST_ASSERT_EQ(TEST_OK(zmq_msg_recv(&msg, p.b, 0)), 0);
    TEST_ASSERT_EQ(zmq_msg_more(&msg), 0);
    TEST_OK(zmq_msg_close(&msg));
    pair_close(p);
}

static void test_sendiov_recviov(void)
{
    struct pair p = pair_open(0);
    char one[] = "one", two[] = "two2", three[] = "three";
    struct iovec out[3] = {{one, 3}, {two, 4}, {three, 5}};
    struct iovec in[5];
    size_t count;

    /* ZMQ_SNDMORE: one three-frame message; the return is the last size. */
    TEST_ASSERT_EQ(TEST_OK(zmq_sendiov(p.a, out, 3, ZMQ_SNDMORE)), 5);
    count = 5;
    TEST_ASSERT_EQ(TEST_OK(zmq_recviov(p.b, in, &count, 0)), 3);
    TEST_ASSERT_EQ(count, 3);
    for (size_t i = 0; i < 3; i++) {
        TEST_ASSERT_EQ(in[i].iov_len, out[i].iov_len);
        TEST_ASSERT(memcmp(in[i].iov_base, out[i].iov_base, in[i].iov_len) == 0);
        free(in[i].iov_base);
    }

    /* A short array takes the first frames; the rest stays queued. */
    TEST_OK(zmq_sendiov(p.a, out, 3, ZMQ_SNDMORE));
    count = 2;
    TEST_ASSERT_EQ(TEST_OK(zmq_recviov(p.b, in, &count, 0)), 2);
    TEST_ASSERT_EQ(count, 2);
    free(in[0].iov_base);
    free(in[1].iov_base);
    TEST_ASSERT_EQ(rcvmore(p.b), 1);
    test_recv_str(p.b, "three");
    TEST_ASSERT_EQ(rcvmore(p.b), 0);

    /* Flags 0: each iovec travels as a message of its own. */
    TEST_ASSERT_EQ(TEST_OK(zmq_sendiov(p.a, out, 3, 0)), 5);
    test_recv_str(p.b, "one");
    TEST_ASSERT_EQ(rcvmore(p.b), 0);
    test_recv_str(p.b, "two2");
    TEST_ASSERT_EQ(rcvmore(p.b), 0);
    test_recv_str(p.b, "three");

    TEST_FAILS(zmq_sendiov(p.a, out, 0, 0), EINVAL);
    TEST_FAILS(zmq_sendiov(p.a, NULL, 1, 0), EINVAL);
    count = 0;
    TEST_FAILS(zmq_recviov(p.b, in, &count, ZMQ_DONTWAIT), EINVAL);
    count = 5;
    TEST_FAILS(zmq_recviov(p.b, in, &count, ZMQ_DONTWAIT), EAGAIN);
    TEST_ASSERT_EQ(count, 0);
    pair_close(p);
}

/* The deprecated zmq_sendmsg/zmq_recvmsg are zmq_msg_send/recv with the
 * socket first. */
static void test_sendmsg_recvmsg(void)
{
    struct pair p = pair_open(0);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init_size(&msg, 3));
    memcpy(zmq_msg_data(&msg), "abc", 3);
    TEST_ASSERT_EQ(TEST_OK(zmq_sendmsg(p.a, &msg, 0)), 3);
    TEST_OK(zmq_msg_close(&msg));
    TEST_OK(zmq_msg_init(&msg));
    TEST_ASSERT_EQ(TEST_OK(zmq_recvmsg(p.b, &msg, 0)), 3);
    TEST_ASSERT(memcmp(zmq_msg_data(&msg), "abc", 3) == 0);
    TEST_FAILS(zmq_recvmsg(p.b, &msg, ZMQ_DONTWAIT), EAGAIN);
    TEST_OK(zmq_msg_close(&msg));
    pair_close(p);
}

static int fill_until_eagain(void *s)
{
    int sent = 0;
    while (zmq_send(s, "x", 1, ZMQ_DONTWAIT) == 1)
        sent++;
    TEST_ASSERT_EQ(errno, EAGAIN);
    return sent;
}

static void test_hwm_counts(void)
{
    for (int connect_first = 0; connect_first <= 1; connect_first++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
        void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
        test_set_int(b, ZMQ_SNDHWM, 2);
        test_set_int(a, ZMQ_RCVHWM, 3);
        char ep[128];
        test_endpoint(ep, sizeof ep, "pair-hwm");
        if (connect_first) {
            TEST_OK(zmq_connect(b, ep));
            TEST_OK(zmq_bind(a, ep));
        } else {
            TEST_OK(zmq_bind(a, ep));
            TEST_OK(zmq_connect(b, ep));
        }
        TEST_ASSERT_EQ(fill_until_eagain(b), 5);
        for (int i = 0; i < 5; i++)
            test_recv_str(a, "x");
        char c;
        TEST_FAILS(zmq_recv(a, &c, 1, ZMQ_DONTWAIT), EAGAIN);
        test_close(a);
        test_close(b);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

static void test_timeouts(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *lone = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    char buf[4];
    /* No peer: send has nowhere to go, recv has nothing to get. */
    test_set_int(lone, ZMQ_SNDTIMEO, 100);
    test_set_int(lone, ZMQ_RCVTIMEO, 100);
    long long start = test_now_ms();
    TEST_FAILS(zmq_send(lone, "x", 1, 0), EAGAIN);
    long long mid = test_now_ms();
    TEST_FAILS(zmq_recv(lone, buf, sizeof buf, 0), EAGAIN);
    long long end = test_now_ms();
    TEST_ASSERT(mid - start >= 90 && mid - start < 2000);
    TEST_ASSERT(end - mid >= 90 && end - mid < 2000);
    /* Timeout 0 behaves like ZMQ_DONTWAIT. */
    test_set_int(lone, ZMQ_SNDTIMEO, 0);
    test_set_int(lone, ZMQ_RCVTIMEO, 0);
    TEST_FAILS(zmq_send(lone, "x", 1, 0), EAGAIN);
    TEST_FAILS(zmq_recv(lone, buf, sizeof buf, 0), EAGAIN);
    test_close(lone);
    TEST_OK(zmq_ctx_term(ctx));
}

static void last_endpoint_is(void *s, const char *expected)
{
    char buf[256];
    size_t size = sizeof buf;
    TEST_OK(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &size));
    TEST_ASSERT_EQ(size, strlen(expected) + 1);
    TEST_ASSERT(strcmp(buf, expected) == 0);
}

static void test_last_endpoint(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    last_endpoint_is(a, "");
    char ep[128];
    test_endpoint(ep, sizeof ep, "last-endpoint");
    TEST_OK(zmq_bind(a, ep));
    last_endpoint_is(a, ep);
    TEST_OK(zmq_connect(b, ep));
    last_endpoint_is(b, ep);
    char small[4];
    size_t size = sizeof small;
    TEST_FAILS(zmq_getsockopt(a, ZMQ_LAST_ENDPOINT, small, &size), EINVAL);
    test_close(a);
    test_close(b);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_endpoint_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    TEST_FAILS(zmq_bind(s, "inproc://"), EINVAL);
    TEST_FAILS(zmq_connect(s, "inproc://"), EINVAL);
    TEST_FAILS(zmq_bind(s, "no-transport"), EINVAL);
    TEST_FAILS(zmq_connect(s, "no-transport"), EINVAL);
    TEST_FAILS(zmq_unbind(s, "no-transport"), EINVAL);
    TEST_FAILS(zmq_bind(s, "foo://x"), EPROTONOSUPPORT);
    TEST_FAILS(zmq_connect(s, "foo://x"), EPROTONOSUPPORT);
    TEST_FAILS(zmq_unbind(s, "foo://x"), EPROTONOSUPPORT);
    TEST_FAILS(zmq_disconnect(s, "foo://x"), EPROTONOSUPPORT);
    TEST_FAILS(zmq_unbind(s, "inproc://never-bound"), ENOENT);
    TEST_FAILS(zmq_disconnect(s, "inproc://never-connected"), ENOENT);
    test_close(s);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_endpoint_reuse(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *first = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *second = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    char ep[128];
    test_endpoint(ep, sizeof ep, "reuse");
    TEST_OK(zmq_bind(first, ep));
    TEST_FAILS(zmq_bind(second, ep), EADDRINUSE);
    TEST_FAILS(zmq_bind(first, ep), EADDRINUSE);

    /* Unbind frees the name at once, and only once. */
    TEST_OK(zmq_unbind(first, ep));
    TEST_FAILS(zmq_unbind(first, ep), ENOENT);
    TEST_OK(zmq_bind(second, ep));
    TEST_OK(zmq_unbind(second, ep));

    /* Close frees it too, possibly a moment later (the reference's reaper
     * thread does it): retry for a bounded time, each failure EADDRINUSE. */
    TEST_OK(zmq_bind(first, ep));
    test_close(first);
    long long deadline = test_now_ms() + 5000;
    while (zmq_bind(second, ep) == -1) {
        TEST_ASSERT_EQ(errno, EADDRINUSE);
        TEST_ASSERT(test_now_ms() < deadline);
        sched_yield();
    }
    /* A name belongs to its context: another context may bind it too. */
    void *other_ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *other = TEST_NOT_NULL(zmq_socket(other_ctx, ZMQ_PAIR));
    TEST_OK(zmq_bind(other, ep));
    test_close(other);
    TEST_OK(zmq_ctx_term(other_ctx));
    test_close(second);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_pair_inproc");
    RUN_TEST(test_bind_then_connect);
    RUN_TEST(test_connect_then_bind);
    RUN_TEST(test_multipart_is_atomic);
    RUN_TEST(test_recv_truncates_but_reports_full_length);
    RUN_TEST(test_send_const);
    RUN_TEST(test_sendiov_recviov);
    RUN_TEST(test_sendmsg_recvmsg);
    RUN_TEST(test_hwm_counts);
    RUN_TEST(test_timeouts);
    RUN_TEST(test_last_endpoint);
    RUN_TEST(test_endpoint_errors);
    RUN_TEST(test_endpoint_reuse);
    return 0;
}
