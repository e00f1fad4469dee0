/*
 * test_proxy.c - zmq_proxy, zmq_proxy_steerable and zmq_device over inproc:
 * streaming with a capture socket, steering (PAUSE/RESUME/STATISTICS/TERMINATE),
 * ETERM when the context goes, and argument errors.
 */
#include "testutil.h"

#include <pthread.h>
#include <stdint.h>

struct proxy_args {
    void *frontend, *backend, *capture, *control;
    int rc, err;
};

static void *run_steerable(void *arg)
{
    struct proxy_args *a = arg;
    a->rc = zmq_proxy_steerable(a->frontend, a->backend, a->capture, a->control);
    a->err = errno;
    return NULL;
}

static void *run_plain(void *arg)
{
    struct proxy_args *a = arg;
    a->rc = zmq_proxy(a->frontend, a->backend, a->capture);
    a->err = errno;
    return NULL;
}

static void *run_device(void *arg)
{
    struct proxy_args *a = arg;
    a->rc = zmq_device(ZMQ_STREAMER, a->frontend, a->backend);
    a->err = errno;
    return NULL;
}

/* client PUSH -> frontend PULL | proxy | backend PUSH -> worker PULL */
static void test_steerable_streamer(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *client = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *worker = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *tap = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *steer = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    struct proxy_args a = {0};
    a.frontend = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    a.backend = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    a.capture = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    a.control = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_bind_connect(a.frontend, client, "proxy-front");
    test_bind_connect(a.backend, worker, "proxy-back");
    test_bind_connect(a.capture, tap, "proxy-capture");
    test_bind_connect(a.control, steer, "proxy-control");

    pthread_t thread;
    TEST_ASSERT(pthread_create(&thread, NULL, run_steerable, &a) == 0);

    for (int i = 0; i < 5; i++) {
        test_send_str(client, "head", ZMQ_SNDMORE);
        test_send_str(client, "body", 0);
    }
    for (int i = 0; i < 5; i++) {
        test_recv_str(worker, "head");
        TEST_ASSERT_EQ(test_get_int(worker, ZMQ_RCVMORE), 1);
        test_recv_str(worker, "body");
        TEST_ASSERT_EQ(test_get_int(worker, ZMQ_RCVMORE), 0);
        test_recv_str(tap, "head");
        test_recv_str(tap, "body");
    }

    /* Paused: nothing moves until RESUME. */
    test_send_str(steer, "PAUSE", 0);
    test_send_str(steer, "STATISTICS", 0); /* a reply proves PAUSE was read */
    uint64_t stats[8];
    for (int i = 0; i < 8; i++) {
        TEST_ASSERT_EQ(zmq_recv(steer, &stats[i], sizeof stats[i], 0), 8);
        TEST_ASSERT_EQ(test_get_int(steer, ZMQ_RCVMORE), i < 7);
    }
    TEST_ASSERT_EQ(stats[0], 5); /* frontend messages in (whole messages) */
    TEST_ASSERT_EQ(stats[1], 40); /* frontend bytes in */
    TEST_ASSERT_EQ(stats[6], 5); /* backend messages out */
    TEST_ASSERT_EQ(stats[7], 40); /* backend bytes out */
    test_send_str(client, "later", 0);
    char buf[16];
    TEST_FAILS(zmq_recv(worker, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    test_send_str(steer, "RESUME", 0);
    test_recv_str(worker, "later");

    test_send_str(steer, "TERMINATE", 0);
    TEST_ASSERT(pthread_join(thread, NULL) == 0);
    TEST_ASSERT_EQ(a.rc, 0);

    test_close(client);
    test_close(worker);
    test_close(tap);
    test_close(steer);
    test_close(a.frontend);
    test_close(a.backend);
    test_close(a.capture);
    test_close(a.control);
    TEST_OK(zmq_ctx_term(ctx));
}

/* zmq_proxy and zmq_device run until the context is shut down: -1 and ETERM. */
static void test_ends_with_eterm(void *(*runner)(void *))
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *client = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *worker = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    struct proxy_args a = {0};
    a.frontend = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    a.backend = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_bind_connect(a.frontend, client, "eterm-front");
    test_bind_connect(a.backend, worker, "eterm-back");
    pthread_t thread;
    TEST_ASSERT(pthread_create(&thread, NULL, runner, &a) == 0);
    test_send_str(client, "one", 0);
    test_recv_str(worker, "one");
    TEST_OK(zmq_ctx_shutdown(ctx));
    TEST_ASSERT(pthread_join(thread, NULL) == 0);
    TEST_ASSERT_EQ(a.rc, -1);
    TEST_ASSERT_EQ(a.err, ETERM);
    /* After shutdown options are refused (ETERM); closing still works. */
    TEST_OK(zmq_close(client));
    TEST_OK(zmq_close(worker));
    TEST_OK(zmq_close(a.frontend));
    TEST_OK(zmq_close(a.backend));
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_plain_proxy_eterm(void)
{
    test_ends_with_eterm(run_plain);
}

static void test_device_eterm(void)
{
    test_ends_with_eterm(run_device);
}

/* One socket in both roles: what arrives goes back out of the same socket. */
static void test_single_socket_echo(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *client = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *steer = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    struct proxy_args a = {0};
    a.frontend = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    a.backend = a.frontend;
    a.control = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_bind_connect(a.frontend, client, "proxy-single");
    test_bind_connect(a.control, steer, "proxy-single-control");
    pthread_t thread;
    TEST_ASSERT(pthread_create(&thread, NULL, run_steerable, &a) == 0);
    for (int i = 0; i < 3; i++) {
        test_send_str(client, "echo", ZMQ_SNDMORE);
        test_send_str(client, "me", 0);
        test_recv_str(client, "echo");
        TEST_ASSERT_EQ(test_get_int(client, ZMQ_RCVMORE), 1);
        test_recv_str(client, "me");
    }
    test_send_str(steer, "TERMINATE", 0);
    TEST_ASSERT(pthread_join(thread, NULL) == 0);
    TEST_ASSERT_EQ(a.rc, 0);
    test_close(client);
    test_close(steer);
    test_close(a.frontend);
    test_close(a.control);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_argument_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    TEST_FAILS(zmq_proxy(NULL, s, NULL), EFAULT);
    TEST_FAILS(zmq_proxy(s, NULL, NULL), EFAULT);
    TEST_FAILS(zmq_proxy(ctx, s, NULL), ENOTSOCK);
    test_close(s);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_proxy");
    RUN_TEST(test_steerable_streamer);
    RUN_TEST(test_plain_proxy_eterm);
    RUN_TEST(test_device_eterm);
    RUN_TEST(test_single_socket_echo);
    RUN_TEST(test_argument_errors);
    return 0;
}
