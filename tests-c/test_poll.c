/*
 * test_poll.c - zmq_poll over sockets and raw file descriptors: readiness,
 * timeouts (0, -1, N), argument errors, CPU use while idle, and the
 * edge-triggered ZMQ_FD + ZMQ_EVENTS loop that event-loop bindings use.
 *
 * Facts from the reference (4.3.4 and 4.3.5 agree):
 * - zmq_poll(NULL, 0, t) is a plain wait and returns 0; (NULL, 1) is
 *   EFAULT; a negative count is EINVAL. (That is the stable build, as
 *   Debian and PyPI ship it. A libzmq built with drafts routes zmq_poll
 *   through its poller and then crashes on (NULL, 1) and says ENOTSOCK for
 *   a negative count; we follow the stable build.)
 * - For a raw fd, anything poll(2) reports beyond IN/OUT/PRI (POLLHUP,
 *   POLLNVAL...) comes back as ZMQ_POLLERR, requested or not: a closed
 *   pipe's read end or a bad fd number gives revents ZMQ_POLLERR.
 * - An item with events 0 is never reported; a PAIR without a peer is not
 *   writable.
 */
#include "testutil.h"

#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>

static void *ctx;

static void test_wait_without_items(void)
{
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(NULL, 0, 0)), 0);
    long long start = test_now_ms();
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(NULL, 0, 50)), 0);
    TEST_ASSERT(test_now_ms() - start >= 40);
}

static void test_argument_errors(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
    TEST_FAILS(zmq_poll(NULL, 1, 0), EFAULT);
    TEST_FAILS(zmq_poll(&item, -1, 0), EINVAL);
    /* (A context in place of a socket is ENOTSOCK on the reference too, but
     * only after reading the context's memory as a socket: valgrind flags
     * it, so that case lives in test_hardening.c.) */
    test_close(s);
}

static void test_sockets_and_pipe(void)
{
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int fds[2];
    TEST_OK(pipe(fds));

    zmq_pollitem_t items[3] = {{a, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0},
                               {b, 0, ZMQ_POLLIN, 0},
                               {NULL, fds[0], ZMQ_POLLIN, 0}};
    /* Nothing connected, nothing written. */
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(items, 3, 0)), 0);
    TEST_ASSERT_EQ(items[0].revents | items[1].revents | items[2].revents, 0);

    test_bind_connect(a, b, "poll-mixed");
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(items, 3, 0)), 1);
    TEST_ASSERT_EQ(items[0].revents, ZMQ_POLLOUT);

    test_send_str(a, "ping", 0);
    TEST_ASSERT_EQ(write(fds[1], "!", 1), 1);
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(items, 3, 0)), 3);
    TEST_ASSERT_EQ(items[0].revents, ZMQ_POLLOUT);
    TEST_ASSERT_EQ(items[1].revents, ZMQ_POLLIN);
    TEST_ASSERT_EQ(items[2].revents, ZMQ_POLLIN);

    /* events 0: present but never reported. */
    zmq_pollitem_t silent = {b, 0, 0, 0};
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&silent, 1, 0)), 0);

    test_recv_str(b, "ping");
    char c;
    TEST_ASSERT_EQ(read(fds[0], &c, 1), 1);
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(items + 1, 2, 0)), 0);

    /* The write end of a pipe is writable; a closed pipe reads as error. */
    zmq_pollitem_t writer = {NULL, fds[1], ZMQ_POLLOUT, 0};
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&writer, 1, 0)), 1);
    TEST_ASSERT_EQ(writer.revents, ZMQ_POLLOUT);
    close(fds[1]);
    zmq_pollitem_t reader = {NULL, fds[0], ZMQ_POLLIN, 0};
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&reader, 1, 0)), 1);
    TEST_ASSERT(reader.revents & ZMQ_POLLERR);
    close(fds[0]);
    test_close(a);
    test_close(b);
}

static void test_timeout_bounds(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
    long long start = test_now_ms();
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, 0)), 0);
    TEST_ASSERT(test_now_ms() - start < 1000);
    start = test_now_ms();
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, 200)), 0);
    long long took = test_now_ms() - start;
    TEST_ASSERT(took >= 190 && took < 3000);
    test_close(s);
}

static void *send_one(void *push)
{
    test_send_str(push, "wake up", 0);
    return NULL;
}

/* Timeout -1 waits as long as it takes; another thread provides the event
 * (before or after the poll starts: either way the poll must see it). */
static void test_infinite_timeout(void)
{
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_bind_connect(pull, push, "poll-forever");
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, send_one, push), 0);
    zmq_pollitem_t item = {pull, 0, ZMQ_POLLIN, 0};
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(&item, 1, -1)), 1);
    TEST_ASSERT_EQ(item.revents, ZMQ_POLLIN);
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    test_recv_str(pull, "wake up");
    test_close(pull);
    test_close(push);
}

static long long cpu_ms(void)
{
    struct rusage usage;
    TEST_OK(getrusage(RUSAGE_SELF, &usage));
    return (long long) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

/* Waiting is sleeping: a 10 s poll over idle sockets, with their I/O threads
 * alive, costs well under 100 ms of CPU for the whole process. */
static void test_idle_poll_uses_no_cpu(void)
{
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *lone = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    test_bind_connect(a, b, "poll-idle");
    zmq_pollitem_t items[3] = {{a, 0, ZMQ_POLLIN, 0},
                               {b, 0, ZMQ_POLLIN, 0},
                               {lone, 0, ZMQ_POLLIN, 0}};
    long long cpu_before = cpu_ms();
    long long start = test_now_ms();
    TEST_ASSERT_EQ(TEST_OK(zmq_poll(items, 3, 10000)), 0);
    long long took = test_now_ms() - start;
    long long cpu = cpu_ms() - cpu_before;
    fprintf(stderr, "    10 s idle poll: %lld ms wall, %lld ms CPU\n", took, cpu);
    TEST_ASSERT(took >= 9990);
    TEST_ASSERT(cpu < 100);
    test_close(a);
    test_close(b);
    test_close(lone);
}

struct burst_sender {
    void *push;
    int bursts, per_burst;
};

static void *send_bursts(void *arg)
{
    struct burst_sender *s = arg;
    for (int i = 0; i < s->bursts; i++)
        for (int k = 0; k < s->per_burst; k++)
            test_send_str(s->push, "edge", 0);
    return NULL;
}

/* The documented ZMQ_FD contract: the fd only signals that ZMQ_EVENTS may
 * have changed (edge-triggered). A loop that polls the fd, then reads
 * ZMQ_EVENTS and receives until POLLIN is gone, never misses a message. */
static void test_fd_edge_loop(void)
{
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_set_int(push, ZMQ_SNDHWM, 10); /* the sender has to wait for us */
    test_set_int(pull, ZMQ_RCVHWM, 10);
    test_bind_connect(pull, push, "poll-edge");
    int fd = test_get_int(pull, ZMQ_FD);
    struct burst_sender sender = {push, 50, 37};
    int expected = sender.bursts * sender.per_burst;
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, send_bursts, &sender), 0);
    int received = 0;
    while (received < expected) {
        /* Drain first: ZMQ_EVENTS may already say POLLIN without a new edge. */
        while (test_get_int(pull, ZMQ_EVENTS) & ZMQ_POLLIN) {
            char buf[8];
            TEST_ASSERT_EQ(TEST_OK(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT)), 4);
            received++;
        }
        if (received == expected)
            break;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll(&p, 1, 10000);
        TEST_ASSERT(rc == 1); /* 10 s without an edge: a missed wake-up */
    }
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    TEST_ASSERT_EQ(received, expected);
    char c;
    TEST_FAILS(zmq_recv(pull, &c, 1, ZMQ_DONTWAIT), EAGAIN);
    test_close(pull);
    test_close(push);
}

int main(void)
{
    test_setup("test_poll");
    ctx = TEST_NOT_NULL(zmq_ctx_new());
    RUN_TEST(test_wait_without_items);
    RUN_TEST(test_argument_errors);
    RUN_TEST(test_sockets_and_pipe);
    RUN_TEST(test_timeout_bounds);
    RUN_TEST(test_infinite_timeout);
    RUN_TEST(test_idle_poll_uses_no_cpu);
    RUN_TEST(test_fd_edge_loop);
    TEST_OK(zmq_ctx_term(ctx));
    return 0;
}
