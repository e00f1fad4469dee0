/*
 * test_pushpull_inproc.c - PUSH/PULL over inproc: both connection orders,
 * round-robin, fair-queueing, multipart, exact HWM figures, CONFLATE,
 * disconnect/unbind, several connects, and what a wrong peer type does.
 *
 * Facts from the reference (4.3.4 and 4.3.5 agree):
 * - HWM over inproc: the sender can queue its SNDHWM plus the receiver's
 *   RCVHWM, per pipe: 2 + 3 = 5; defaults 1000 + 1000 = 2000; 7 + default
 *   = 1007. A 0 on EITHER side makes the pipe unlimited. Setting SNDHWM
 *   after connect still counts for that connection (inproc pipes are sized
 *   when the peers meet).
 * - PUSH deals messages round-robin over its pipes in connect order; PULL
 *   fair-queues one message from each pipe in turn (A0 B0 C0 A1 B1 C1 ...);
 *   a multipart message is never split or interleaved.
 * - CONFLATE over inproc is decided by the CONNECTING socket: a PUSH with
 *   CONFLATE that connects delivers only its last message, and so does a
 *   PULL with CONFLATE connecting to a bound PUSH. (A bound PULL with
 *   CONFLATE fed by a plain connecting PUSH gets every message on the
 *   reference, against the man page; not asserted here.)
 * - Inproc does no socket-type check: PUSH connected to PUSH "succeeds" and
 *   a PAIR's messages reach a connected PULL.
 * - zmq_disconnect drops that pipe (later sends wait: EAGAIN) but what was
 *   sent before is still delivered; zmq_unbind on inproc keeps connections
 *   already made.
 * - Connecting twice to the same endpoint makes two pipes.
 * - A bound socket's options count as they were at zmq_bind for inproc peers
 *   connecting later (RCVHWM changed after the bind is not used).
 */
#include "testutil.h"

static void test_both_connection_orders(void)
{
    for (int connect_first = 0; connect_first <= 1; connect_first++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
        void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
        char ep[128];
        test_endpoint(ep, sizeof ep, "pushpull");
        if (connect_first) {
            TEST_OK(zmq_connect(push, ep));
            test_send_str(push, "sent before bind", 0);
            TEST_OK(zmq_bind(pull, ep));
        } else {
            TEST_OK(zmq_bind(pull, ep));
            TEST_OK(zmq_connect(push, ep));
            test_send_str(push, "sent before bind", 0);
        }
        test_recv_str(pull, "sent before bind");
        /* And the other way round: the PULL connects to a bound PUSH. */
        void *push2 = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
        void *pull2 = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
        test_bind_connect(push2, pull2, "push-binds");
        test_send_str(push2, "from the binder", 0);
        test_recv_str(pull2, "from the binder");
        test_close(push);
        test_close(pull);
        test_close(push2);
        test_close(pull2);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

/* Every PULL gets every third message: the deal goes round in a circle. */
static void test_round_robin(void)
{
    for (int connect_first = 0; connect_first <= 1; connect_first++) {
        void *ctx = TEST_NOT_NULL(zmq_ctx_new());
        void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
        void *pulls[3];
        char ep[128];
        test_endpoint(ep, sizeof ep, "round-robin");
        if (!connect_first)
            TEST_OK(zmq_bind(push, ep));
        for (int i = 0; i < 3; i++) {
            pulls[i] = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
            if (connect_first) {
                char own[128];
                test_endpoint(own, sizeof own, "round-robin-pull");
                TEST_OK(zmq_bind(pulls[i], own));
                TEST_OK(zmq_connect(push, own));
            } else {
                TEST_OK(zmq_connect(pulls[i], ep));
            }
        }
        for (int n = 0; n < 9; n++) {
            char frame[2] = {(char) ('0' + n), 'm'};
            /* Two-frame messages: a message must not be split over PULLs. */
            TEST_OK(zmq_send(push, frame, 1, ZMQ_SNDMORE));
            TEST_OK(zmq_send(push, frame + 1, 1, 0));
        }
        for (int i = 0; i < 3; i++) {
            int first = -1;
            for (int k = 0; k < 3; k++) {
                char c[2];
                TEST_ASSERT_EQ(TEST_OK(zmq_recv(pulls[i], c, 1, ZMQ_DONTWAIT)), 1);
                TEST_ASSERT_EQ(test_get_int(pulls[i], ZMQ_RCVMORE), 1);
                TEST_ASSERT_EQ(TEST_OK(zmq_recv(pulls[i], c + 1, 1, 0)), 1);
                TEST_ASSERT_EQ(c[1], 'm');
                if (k == 0)
                    first = c[0] - '0';
                TEST_ASSERT_EQ(c[0] - '0', first + 3 * k);
            }
            char c;
            TEST_FAILS(zmq_recv(pulls[i], &c, 1, ZMQ_DONTWAIT), EAGAIN);
            test_close(pulls[i]);
        }
        test_close(push);
        TEST_OK(zmq_ctx_term(ctx));
    }
}

/* One message from each sender in turn, each sender's order kept. */
static void test_fair_queue(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    char ep[128];
    TEST_OK(zmq_bind(pull, test_endpoint(ep, sizeof ep, "fair-queue")));
    void *pushes[3];
    for (int i = 0; i < 3; i++) {
        pushes[i] = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
        TEST_OK(zmq_connect(pushes[i], ep));
    }
    for (int i = 0; i < 3; i++)
        for (int n = 0; n < 4; n++) {
            char frame[2] = {(char) ('A' + i), (char) ('0' + n)};
            TEST_OK(zmq_send(pushes[i], frame, 1, ZMQ_SNDMORE));
            TEST_OK(zmq_send(pushes[i], frame + 1, 1, 0));
        }
    int next[3] = {0, 0, 0};
    for (int round = 0; round < 4; round++) {
        int seen[3] = {0, 0, 0};
        for (int k = 0; k < 3; k++) {
            char c[2];
            TEST_ASSERT_EQ(TEST_OK(zmq_recv(pull, c, 1, ZMQ_DONTWAIT)), 1);
            TEST_ASSERT_EQ(test_get_int(pull, ZMQ_RCVMORE), 1);
            TEST_ASSERT_EQ(TEST_OK(zmq_recv(pull, c + 1, 1, ZMQ_DONTWAIT)), 1);
            int sender = c[0] - 'A';
            TEST_ASSERT(sender >= 0 && sender < 3);
            TEST_ASSERT_EQ(seen[sender], 0); /* each sender once per round */
            seen[sender] = 1;
            TEST_ASSERT_EQ(c[1] - '0', next[sender]);
            next[sender]++;
        }
    }
    for (int i = 0; i < 3; i++)
        test_close(pushes[i]);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

static int fill_until_eagain(void *s)
{
    int sent = 0;
    while (sent < 100000 && zmq_send(s, "x", 1, ZMQ_DONTWAIT) == 1)
        sent++;
    if (sent < 100000)
        TEST_ASSERT_EQ(errno, EAGAIN);
    return sent;
}

/* How many messages fit between a PUSH and a PULL. sndhwm/rcvhwm < 0 leave
 * the default; set_after sets SNDHWM after the connection is made. */
static int inproc_capacity(int sndhwm, int rcvhwm, int connect_first,
                           int set_after)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    if (sndhwm >= 0 && !set_after)
        test_set_int(push, ZMQ_SNDHWM, sndhwm);
    if (rcvhwm >= 0)
        test_set_int(pull, ZMQ_RCVHWM, rcvhwm);
    char ep[128];
    test_endpoint(ep, sizeof ep, "hwm");
    if (connect_first) {
        TEST_OK(zmq_connect(push, ep));
        TEST_OK(zmq_bind(pull, ep));
    } else {
        TEST_OK(zmq_bind(pull, ep));
        TEST_OK(zmq_connect(push, ep));
    }
    if (sndhwm >= 0 && set_after)
        test_set_int(push, ZMQ_SNDHWM, sndhwm);
    int sent = fill_until_eagain(push);
    /* Everything that was accepted arrives. */
    for (int i = 0; i < sent; i++) {
        char c;
        TEST_ASSERT_EQ(TEST_OK(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT)), 1);
    }
    test_close(push);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
    return sent;
}

static void test_hwm_counts(void)
{
    for (int connect_first = 0; connect_first <= 1; connect_first++) {
        TEST_ASSERT_EQ(inproc_capacity(-1, -1, connect_first, 0), 2000);
        TEST_ASSERT_EQ(inproc_capacity(1, 1, connect_first, 0), 2);
        TEST_ASSERT_EQ(inproc_capacity(2, 3, connect_first, 0), 5);
        TEST_ASSERT_EQ(inproc_capacity(10, 1, connect_first, 0), 11);
        TEST_ASSERT_EQ(inproc_capacity(1, 10, connect_first, 0), 11);
        TEST_ASSERT_EQ(inproc_capacity(7, -1, connect_first, 0), 1007);
        TEST_ASSERT_EQ(inproc_capacity(-1, 7, connect_first, 0), 1007);
        /* 0 = no limit, on either side. */
        TEST_ASSERT_EQ(inproc_capacity(0, 0, connect_first, 0), 100000);
        TEST_ASSERT_EQ(inproc_capacity(5, 0, connect_first, 0), 100000);
        TEST_ASSERT_EQ(inproc_capacity(0, 5, connect_first, 0), 100000);
    }
    TEST_ASSERT_EQ(inproc_capacity(2, 3, 0, 1), 5);
}

/* HWM is per pipe: three PULLs with room for 2 + 3 each take 15 in all. */
static void test_hwm_per_pipe(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_set_int(push, ZMQ_SNDHWM, 2);
    char ep[128];
    TEST_OK(zmq_bind(push, test_endpoint(ep, sizeof ep, "hwm-per-pipe")));
    void *pulls[3];
    for (int i = 0; i < 3; i++) {
        pulls[i] = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
        test_set_int(pulls[i], ZMQ_RCVHWM, 3);
        TEST_OK(zmq_connect(pulls[i], ep));
    }
    TEST_ASSERT_EQ(fill_until_eagain(push), 15);
    for (int i = 0; i < 3; i++)
        test_close(pulls[i]);
    test_close(push);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_timeouts(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_set_int(push, ZMQ_SNDHWM, 1);
    test_set_int(pull, ZMQ_RCVHWM, 1);
    test_set_int(push, ZMQ_SNDTIMEO, 100);
    test_set_int(pull, ZMQ_RCVTIMEO, 100);
    char buf[4];
    long long start = test_now_ms();
    TEST_FAILS(zmq_recv(pull, buf, sizeof buf, 0), EAGAIN);
    TEST_ASSERT(test_now_ms() - start >= 90);
    /* PUSH without a peer: a send waits for one, then gives up. */
    start = test_now_ms();
    TEST_FAILS(zmq_send(push, "x", 1, 0), EAGAIN);
    TEST_ASSERT(test_now_ms() - start >= 90);
    test_bind_connect(pull, push, "timeouts");
    test_send_str(push, "1", 0);
    test_send_str(push, "2", 0);
    start = test_now_ms(); /* full pipe: the third waits out its timeout */
    TEST_FAILS(zmq_send(push, "3", 1, 0), EAGAIN);
    TEST_ASSERT(test_now_ms() - start >= 90);
    test_recv_str(pull, "1");
    test_recv_str(pull, "2");
    test_close(push);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_conflate_keeps_last(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    char ep[128];
    /* A conflating PUSH connects to a plain bound PULL. */
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_set_int(push, ZMQ_CONFLATE, 1);
    TEST_ASSERT_EQ(test_get_int(push, ZMQ_CONFLATE), 1);
    TEST_OK(zmq_bind(pull, test_endpoint(ep, sizeof ep, "conflate-push")));
    TEST_OK(zmq_connect(push, ep));
    for (char v = '0'; v <= '9'; v++)
        TEST_ASSERT_EQ(TEST_OK(zmq_send(push, &v, 1, ZMQ_DONTWAIT)), 1);
    test_recv_str(pull, "9");
    char c;
    TEST_FAILS(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT), EAGAIN);
    /* A conflating PULL connects to a plain bound PUSH. */
    void *push2 = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull2 = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_set_int(pull2, ZMQ_CONFLATE, 1);
    TEST_OK(zmq_bind(push2, test_endpoint(ep, sizeof ep, "conflate-pull")));
    TEST_OK(zmq_connect(pull2, ep));
    for (char v = 'a'; v <= 'z'; v++)
        TEST_ASSERT_EQ(TEST_OK(zmq_send(push2, &v, 1, ZMQ_DONTWAIT)), 1);
    test_recv_str(pull2, "z");
    TEST_FAILS(zmq_recv(pull2, &c, 1, ZMQ_DONTWAIT), EAGAIN);
    test_close(push);
    test_close(pull);
    test_close(push2);
    test_close(pull2);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_disconnect_and_unbind(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    char ep[128], c;
    test_endpoint(ep, sizeof ep, "disconnect");
    TEST_OK(zmq_bind(pull, ep));
    TEST_OK(zmq_connect(push, ep));
    test_send_str(push, "a", 0);
    TEST_OK(zmq_disconnect(push, ep));
    TEST_FAILS(zmq_disconnect(push, ep), ENOENT);
    TEST_FAILS(zmq_send(push, "b", 1, ZMQ_DONTWAIT), EAGAIN);
    test_recv_str(pull, "a");
    TEST_FAILS(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT), EAGAIN);
    /* Reconnect, then unbind: the existing inproc connection stays. */
    TEST_OK(zmq_connect(push, ep));
    test_send_str(push, "c", 0);
    TEST_OK(zmq_unbind(pull, ep));
    test_send_str(push, "d", ZMQ_DONTWAIT);
    test_recv_str(pull, "c");
    test_recv_str(pull, "d");
    /* But nobody new can connect to the name and reach the old binder. */
    void *late = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    TEST_OK(zmq_connect(late, ep));
    test_send_str(late, "queued for a future binder", 0);
    TEST_FAILS(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT), EAGAIN);
    test_close(late);
    test_close(push);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_several_connects(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    char ep[128];
    TEST_OK(zmq_bind(pull, test_endpoint(ep, sizeof ep, "many")));
    void *pushes[5];
    for (int i = 0; i < 5; i++) {
        pushes[i] = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
        TEST_OK(zmq_connect(pushes[i], ep));
        test_send_str(pushes[i], "hello", 0);
    }
    for (int i = 0; i < 5; i++)
        test_recv_str(pull, "hello");
    for (int i = 0; i < 5; i++)
        test_close(pushes[i]);

    /* The same socket may connect twice: two pipes of (1 + 1) each. */
    void *small = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_set_int(small, ZMQ_RCVHWM, 1);
    TEST_OK(zmq_bind(small, test_endpoint(ep, sizeof ep, "twice")));
    void *twice = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_set_int(twice, ZMQ_SNDHWM, 1);
    TEST_OK(zmq_connect(twice, ep));
    TEST_OK(zmq_connect(twice, ep));
    TEST_ASSERT_EQ(fill_until_eagain(twice), 4);
    for (int i = 0; i < 4; i++)
        test_recv_str(small, "x");
    test_close(twice);

    /* The binder's options are taken as they were at zmq_bind: a RCVHWM set
     * afterwards does not apply to inproc peers that connect later. */
    test_set_int(small, ZMQ_RCVHWM, 5);
    void *later = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_set_int(later, ZMQ_SNDHWM, 1);
    TEST_OK(zmq_connect(later, ep));
    TEST_ASSERT_EQ(fill_until_eagain(later), 2);
    test_close(later);
    test_close(small);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

/* Inproc does not check socket types (no handshake). Recorded so that ours
 * does not start refusing what libzmq accepts. */
static void test_no_type_check_over_inproc(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *push_a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *push_b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_bind_connect(push_a, push_b, "push-push");
    TEST_ASSERT_EQ(TEST_OK(zmq_send(push_b, "x", 1, ZMQ_DONTWAIT)), 1);
    TEST_ASSERT_EQ(TEST_OK(zmq_send(push_a, "y", 1, ZMQ_DONTWAIT)), 1);
    void *pair = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_bind_connect(pair, pull, "pair-pull");
    test_send_str(pair, "crosses", 0);
    test_recv_str(pull, "crosses");
    test_close(push_a);
    test_close(push_b);
    test_close(pair);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_wrong_direction(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    char c;
    TEST_FAILS(zmq_recv(push, &c, 1, ZMQ_DONTWAIT), ENOTSUP);
    TEST_FAILS(zmq_recv(push, &c, 1, 0), ENOTSUP);
    TEST_FAILS(zmq_send(pull, "x", 1, ZMQ_DONTWAIT), ENOTSUP);
    TEST_FAILS(zmq_send(pull, "x", 1, 0), ENOTSUP);
    test_close(push);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_pushpull_inproc");
    RUN_TEST(test_both_connection_orders);
    RUN_TEST(test_round_robin);
    RUN_TEST(test_fair_queue);
    RUN_TEST(test_hwm_counts);
    RUN_TEST(test_hwm_per_pipe);
    RUN_TEST(test_timeouts);
    RUN_TEST(test_conflate_keeps_last);
    RUN_TEST(test_disconnect_and_unbind);
    RUN_TEST(test_several_connects);
    RUN_TEST(test_no_type_check_over_inproc);
    RUN_TEST(test_wrong_direction);
    return 0;
}
