/* run.sh: draft */
/*
 * test_poller.c - the draft zmq_poller_* API: new/destroy, add/modify/remove
 * for sockets and raw fds, size, wait and wait_all, zmq_poller_fd, and the
 * errors of each.
 *
 * Validated on libzmq 4.3.4 built with drafts (Debian's package has no
 * draft API). Facts from that reference:
 * - zmq_poller_wait/wait_all with nothing ready fail with EAGAIN (after the
 *   timeout), also on an empty poller; but an empty poller with timeout -1
 *   is EFAULT (it would wait forever).
 * - wait_all with n_events 0 and nothing ready is EAGAIN; n_events < 0 is
 *   EINVAL; a NULL events array is EFAULT.
 * - wait_all lists ready items in the order they were added; when more
 *   are ready than n_events, it returns n_events.
 * - Adding a socket or fd twice, or modifying/removing one never added, is
 *   EINVAL; a NULL or non-socket handle is ENOTSOCK; fd -1 is EBADF.
 * - A NULL poller is EFAULT everywhere; zmq_poller_destroy sets the
 *   caller's pointer to NULL and refuses a NULL pointer (or a pointer to
 *   NULL) with EFAULT.
 * - zmq_poller_fd is EINVAL unless the poller holds a thread-safe socket
 *   (none of the socket types tested here is).
 * - An event for a socket carries fd = -1 (zmq_fd_t, as ZMQ's retired fd);
 *   an event for a raw fd carries socket = NULL.
 */
#include "testutil.h"

#include <pthread.h>

static void *ctx;

static void test_new_size_destroy(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 0);
    TEST_OK(zmq_poller_destroy(&poller));
    TEST_ASSERT(poller == NULL);
    void *null_poller = NULL;
    TEST_FAILS(zmq_poller_destroy(&null_poller), EFAULT);
    TEST_FAILS(zmq_poller_destroy(NULL), EFAULT);
}

static void test_null_poller(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    zmq_poller_event_t event;
    zmq_fd_t fd;
    TEST_FAILS(zmq_poller_size(NULL), EFAULT);
    TEST_FAILS(zmq_poller_add(NULL, s, NULL, ZMQ_POLLIN), EFAULT);
    TEST_FAILS(zmq_poller_modify(NULL, s, ZMQ_POLLIN), EFAULT);
    TEST_FAILS(zmq_poller_remove(NULL, s), EFAULT);
    TEST_FAILS(zmq_poller_add_fd(NULL, 0, NULL, ZMQ_POLLIN), EFAULT);
    TEST_FAILS(zmq_poller_wait(NULL, &event, 0), EFAULT);
    TEST_FAILS(zmq_poller_wait_all(NULL, &event, 1, 0), EFAULT);
    TEST_FAILS(zmq_poller_fd(NULL, &fd), EFAULT);
    test_close(s);
}

static void test_empty_poller(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    zmq_poller_event_t events[4];
    TEST_FAILS(zmq_poller_wait(poller, events, 0), EAGAIN);
    long long start = test_now_ms();
    TEST_FAILS(zmq_poller_wait(poller, events, 30), EAGAIN);
    TEST_ASSERT(test_now_ms() - start >= 25);
    TEST_FAILS(zmq_poller_wait_all(poller, events, 4, 0), EAGAIN);
    TEST_FAILS(zmq_poller_wait(poller, events, -1), EFAULT);
    zmq_fd_t fd;
    TEST_FAILS(zmq_poller_fd(poller, &fd), EINVAL);
    TEST_OK(zmq_poller_destroy(&poller));
}

static void test_add_modify_remove_errors(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    int tag = 0;
    TEST_OK(zmq_poller_add(poller, a, &tag, ZMQ_POLLIN));
    TEST_FAILS(zmq_poller_add(poller, a, &tag, ZMQ_POLLIN), EINVAL);
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 1);
    TEST_FAILS(zmq_poller_add(poller, NULL, &tag, ZMQ_POLLIN), ENOTSOCK);
    TEST_FAILS(zmq_poller_modify(poller, b, ZMQ_POLLIN), EINVAL);
    TEST_FAILS(zmq_poller_remove(poller, b), EINVAL);
    TEST_OK(zmq_poller_remove(poller, a));
    TEST_FAILS(zmq_poller_remove(poller, a), EINVAL);
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 0);

    int fds[2];
    TEST_OK(pipe(fds));
    TEST_OK(zmq_poller_add_fd(poller, fds[0], &tag, ZMQ_POLLIN));
    TEST_FAILS(zmq_poller_add_fd(poller, fds[0], &tag, ZMQ_POLLIN), EINVAL);
    TEST_FAILS(zmq_poller_add_fd(poller, -1, &tag, ZMQ_POLLIN), EBADF);
    TEST_FAILS(zmq_poller_modify_fd(poller, fds[1], ZMQ_POLLOUT), EINVAL);
    TEST_FAILS(zmq_poller_remove_fd(poller, fds[1]), EINVAL);
    TEST_OK(zmq_poller_remove_fd(poller, fds[0]));
    TEST_FAILS(zmq_poller_remove_fd(poller, fds[0]), EINVAL);

    zmq_poller_event_t events[2];
    TEST_FAILS(zmq_poller_wait(poller, NULL, 0), EFAULT);
    TEST_FAILS(zmq_poller_wait_all(poller, NULL, 1, 0), EFAULT);
    TEST_FAILS(zmq_poller_wait_all(poller, events, -1, 0), EINVAL);
    close(fds[0]);
    close(fds[1]);
    test_close(a);
    test_close(b);
    TEST_OK(zmq_poller_destroy(&poller));
}

static void test_socket_events(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_bind_connect(a, b, "poller");
    int tag_a = 1, tag_b = 2;
    zmq_poller_event_t events[4];
    TEST_OK(zmq_poller_add(poller, a, &tag_a, ZMQ_POLLIN));
    TEST_FAILS(zmq_poller_wait(poller, events, 0), EAGAIN);
    TEST_OK(zmq_poller_add(poller, b, &tag_b, ZMQ_POLLOUT));
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 2);

    TEST_OK(zmq_poller_wait(poller, events, 0));
    TEST_ASSERT(events[0].socket == b);
    TEST_ASSERT(events[0].user_data == &tag_b);
    TEST_ASSERT_EQ(events[0].events, ZMQ_POLLOUT);
    TEST_ASSERT_EQ(events[0].fd, -1);

    test_send_str(b, "hi", 0);
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_wait_all(poller, events, 4, 0)), 2);
    TEST_ASSERT(events[0].socket == a && events[0].user_data == &tag_a);
    TEST_ASSERT_EQ(events[0].events, ZMQ_POLLIN);
    TEST_ASSERT(events[1].socket == b);
    TEST_ASSERT_EQ(events[1].events, ZMQ_POLLOUT);
    /* Room for one only: one is returned. */
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_wait_all(poller, events, 1, 0)), 1);

    /* Interest 0: kept in the poller, never reported. */
    TEST_OK(zmq_poller_modify(poller, b, 0));
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_wait_all(poller, events, 4, 0)), 1);
    TEST_ASSERT(events[0].socket == a);
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 2);
    /* Interest in both: only what is true is reported. */
    TEST_OK(zmq_poller_modify(poller, a, ZMQ_POLLIN | ZMQ_POLLOUT));
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_wait_all(poller, events, 4, 0)), 1);
    TEST_ASSERT_EQ(events[0].events, ZMQ_POLLIN | ZMQ_POLLOUT);

    test_recv_str(a, "hi");
    TEST_OK(zmq_poller_modify(poller, a, ZMQ_POLLIN));
    TEST_FAILS(zmq_poller_wait_all(poller, events, 4, 0), EAGAIN);
    TEST_FAILS(zmq_poller_wait_all(poller, events, 0, 0), EAGAIN);
    TEST_OK(zmq_poller_remove(poller, b));
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 1);
    test_close(a);
    test_close(b);
    TEST_OK(zmq_poller_destroy(&poller));
}

static void test_fd_events(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    int fds[2];
    TEST_OK(pipe(fds));
    int tag = 7;
    zmq_poller_event_t event;
    TEST_OK(zmq_poller_add_fd(poller, fds[0], &tag, ZMQ_POLLIN));
    TEST_FAILS(zmq_poller_wait(poller, &event, 0), EAGAIN);
    TEST_ASSERT_EQ(write(fds[1], "x", 1), 1);
    TEST_OK(zmq_poller_wait(poller, &event, 0));
    TEST_ASSERT_EQ(event.fd, fds[0]);
    TEST_ASSERT(event.socket == NULL);
    TEST_ASSERT(event.user_data == &tag);
    TEST_ASSERT_EQ(event.events, ZMQ_POLLIN);

    TEST_OK(zmq_poller_add_fd(poller, fds[1], NULL, ZMQ_POLLIN));
    TEST_OK(zmq_poller_modify_fd(poller, fds[1], ZMQ_POLLOUT));
    zmq_poller_event_t events[2];
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_wait_all(poller, events, 2, 0)), 2);
    TEST_ASSERT_EQ(events[1].fd, fds[1]);
    TEST_ASSERT_EQ(events[1].events, ZMQ_POLLOUT);
    TEST_OK(zmq_poller_remove_fd(poller, fds[1]));
    TEST_OK(zmq_poller_remove_fd(poller, fds[0]));
    TEST_ASSERT_EQ(TEST_OK(zmq_poller_size(poller)), 0);
    close(fds[0]);
    close(fds[1]);
    TEST_OK(zmq_poller_destroy(&poller));
}

static void *send_later(void *push)
{
    test_send_str(push, "event", 0);
    return NULL;
}

/* Timeout -1 waits for an event made by another thread. */
static void test_wait_forever(void)
{
    void *poller = TEST_NOT_NULL(zmq_poller_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_bind_connect(pull, push, "poller-forever");
    TEST_OK(zmq_poller_add(poller, pull, NULL, ZMQ_POLLIN));
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, send_later, push), 0);
    zmq_poller_event_t event;
    TEST_OK(zmq_poller_wait(poller, &event, -1));
    TEST_ASSERT(event.socket == pull);
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    test_recv_str(pull, "event");
    long long start = test_now_ms();
    TEST_FAILS(zmq_poller_wait(poller, &event, 100), EAGAIN);
    TEST_ASSERT(test_now_ms() - start >= 90);
    test_close(pull);
    test_close(push);
    TEST_OK(zmq_poller_destroy(&poller));
}

int main(void)
{
    test_setup("test_poller");
    /* A library with the draft API says so. */
    TEST_ASSERT_EQ(zmq_has("draft"), 1);
    ctx = TEST_NOT_NULL(zmq_ctx_new());
    RUN_TEST(test_new_size_destroy);
    RUN_TEST(test_null_poller);
    RUN_TEST(test_empty_poller);
    RUN_TEST(test_add_modify_remove_errors);
    RUN_TEST(test_socket_events);
    RUN_TEST(test_fd_events);
    RUN_TEST(test_wait_forever);
    TEST_OK(zmq_ctx_term(ctx));
    return 0;
}
