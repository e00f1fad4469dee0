/*
 * test_ctx.c - contexts: creation and termination in all their spellings,
 * every context option with its default, limits, and how termination and
 * zmq_ctx_shutdown unblock and refuse work in other threads.
 *
 * Facts from the reference (libzmq 4.3.4 and 4.3.5 agree):
 * - ZMQ_THREAD_PRIORITY and ZMQ_SOCKET_LIMIT share the number 3, so
 *   zmq_ctx_get(3) always answers SOCKET_LIMIT (65535), even after a
 *   THREAD_PRIORITY was set.
 * - ZMQ_IPV6 and ZMQ_BLOCKY store any non-zero value as 1.
 * - The CPU affinity options are write-only: zmq_ctx_get gives EINVAL.
 * - ZMQ_THREAD_NAME_PREFIX reads back as the number it was set to (0 unset).
 * - After zmq_ctx_shutdown every socket call (send, recv, bind, connect,
 *   unbind, disconnect, get/setsockopt, poll) fails with ETERM, zmq_socket
 *   too; zmq_close still works, and zmq_ctx_get/set still work.
 * - ZMQ_BLOCKY = 0 makes sockets created afterwards start with LINGER 0.
 */
#include "testutil.h"

#include <poll.h>
#include <pthread.h>

static void test_new_and_term_spellings(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_term(ctx));

    ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_destroy(ctx));

    /* zmq_init(n) is zmq_ctx_new with IO_THREADS = n; 0 threads is allowed
     * (enough for inproc), a negative count is not. */
    ctx = TEST_NOT_NULL(zmq_init(2));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    TEST_OK(zmq_term(ctx));

    ctx = TEST_NOT_NULL(zmq_init(0));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 0);
    void *a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    void *b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_bind_connect(a, b, "zero-io-threads");
    test_send_str(b, "inproc needs no I/O thread", 0);
    test_recv_str(a, "inproc needs no I/O thread");
    test_close(a);
    test_close(b);
    TEST_OK(zmq_term(ctx));

    errno = 0;
    TEST_ASSERT(zmq_init(-1) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
}

static void test_option_defaults(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 1);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), ZMQ_IO_THREADS_DFLT);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 1023);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), ZMQ_MAX_SOCKETS_DFLT);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_SOCKET_LIMIT), 65535);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MSG_T_SIZE), 64);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MSG_T_SIZE), (int) sizeof(zmq_msg_t));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IPV6), 0);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_BLOCKY), 1);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_SCHED_POLICY), -1);
    TEST_ASSERT_EQ(ZMQ_THREAD_SCHED_POLICY_DFLT, -1);
    TEST_ASSERT_EQ(ZMQ_THREAD_PRIORITY_DFLT, -1);
    /* THREAD_PRIORITY has no getter of its own: it shares 3 with SOCKET_LIMIT. */
    TEST_ASSERT_EQ(ZMQ_THREAD_PRIORITY, ZMQ_SOCKET_LIMIT);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_PRIORITY), 65535);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_MSGSZ), INT_MAX);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_NAME_PREFIX), 0);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_option_set_get(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_set(ctx, ZMQ_IO_THREADS, 3));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 3);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_IO_THREADS, 0));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 0);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 5));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 5);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_IPV6, 1));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IPV6), 1);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_IPV6, 5));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IPV6), 1);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_IPV6, 0));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IPV6), 0);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_BLOCKY, 0));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_BLOCKY), 0);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_BLOCKY, 7));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_BLOCKY), 1);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_MAX_MSGSZ, 100));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_MSGSZ), 100);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_THREAD_SCHED_POLICY, 0));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_SCHED_POLICY), 0);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_THREAD_PRIORITY, 5));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_PRIORITY), 65535);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_THREAD_NAME_PREFIX, 12));
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_THREAD_NAME_PREFIX), 12);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_THREAD_AFFINITY_CPU_ADD, 0));
    TEST_OK(zmq_ctx_set(ctx, ZMQ_THREAD_AFFINITY_CPU_REMOVE, 0));
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_option_errors(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_FAILS(zmq_ctx_get(ctx, 0), EINVAL);
    TEST_FAILS(zmq_ctx_get(ctx, 11), EINVAL);
    TEST_FAILS(zmq_ctx_get(ctx, 999), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, 999, 1), EINVAL);
    TEST_FAILS(zmq_ctx_get(ctx, ZMQ_THREAD_AFFINITY_CPU_ADD), EINVAL);
    TEST_FAILS(zmq_ctx_get(ctx, ZMQ_THREAD_AFFINITY_CPU_REMOVE), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_IO_THREADS, -1), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 0), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, -1), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_MAX_MSGSZ, -5), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_MSG_T_SIZE, 7), EINVAL);
    TEST_FAILS(zmq_ctx_set(ctx, ZMQ_THREAD_AFFINITY_CPU_ADD, -1), EINVAL);
    /* Failed sets leave the values alone. */
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 1);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS), 1023);
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_MSG_T_SIZE), 64);
    TEST_OK(zmq_ctx_term(ctx));
}

static void test_null_context(void)
{
    TEST_FAILS(zmq_ctx_term(NULL), EFAULT);
    TEST_FAILS(zmq_ctx_destroy(NULL), EFAULT);
    TEST_FAILS(zmq_term(NULL), EFAULT);
    TEST_FAILS(zmq_ctx_shutdown(NULL), EFAULT);
    TEST_FAILS(zmq_ctx_get(NULL, ZMQ_IO_THREADS), EFAULT);
    TEST_FAILS(zmq_ctx_set(NULL, ZMQ_IO_THREADS, 1), EFAULT);
    errno = 0;
    TEST_ASSERT(zmq_socket(NULL, ZMQ_PAIR) == NULL);
    TEST_ASSERT_EQ(errno, EFAULT);
}

static void test_invalid_socket_type(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    errno = 0;
    TEST_ASSERT(zmq_socket(ctx, 99) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    TEST_ASSERT(zmq_socket(ctx, -1) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    TEST_OK(zmq_ctx_term(ctx));
}

/* MAX_SOCKETS is a hard limit on live sockets. (A closed socket's slot is
 * freed asynchronously by the reference's reaper thread, so whether a socket
 * created right after a zmq_close fits is not something to assert.) */
static void test_max_sockets_enforced(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, 5));
    void *sockets[5];
    for (int i = 0; i < 5; i++)
        sockets[i] = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    errno = 0;
    TEST_ASSERT(zmq_socket(ctx, ZMQ_PAIR) == NULL);
    TEST_ASSERT_EQ(errno, EMFILE);
    for (int i = 0; i < 5; i++)
        TEST_OK(zmq_close(sockets[i]));
    TEST_OK(zmq_ctx_term(ctx));
}

/* A thread that blocks in recv (or send) on `socket`, then closes it. Its
 * result is the errno the blocked call failed with. The socket's LINGER must
 * be set beforehand: once the context is terminating, setsockopt fails. */
struct blocked_call {
    void *socket;
    int is_send;
    int rc;
    int err;
};

static void *blocked_call_thread(void *arg)
{
    struct blocked_call *call = arg;
    char buf[16] = "payload";
    errno = 0;
    if (call->is_send)
        call->rc = zmq_send(call->socket, buf, sizeof buf, 0);
    else
        call->rc = zmq_recv(call->socket, buf, sizeof buf, 0);
    call->err = errno;
    TEST_OK(zmq_close(call->socket));
    return NULL;
}

/* zmq_ctx_term in one thread wakes a recv blocked in another with ETERM; the
 * term then returns once that thread has closed its socket. */
static void test_term_unblocks_recv_in_other_thread(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    struct blocked_call call = {TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL)), 0,
                                0, 0};
    test_set_int(call.socket, ZMQ_LINGER, 0);
    char ep[128];
    TEST_OK(zmq_bind(call.socket, test_endpoint(ep, sizeof ep, "term-recv")));
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, blocked_call_thread, &call), 0);
    TEST_OK(zmq_ctx_term(ctx));
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    TEST_ASSERT_EQ(call.rc, -1);
    TEST_ASSERT_EQ(call.err, ETERM);
}

/* The same for a send blocked on a full pipe. */
static void test_term_unblocks_send_in_other_thread(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    struct blocked_call call = {TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH)), 1,
                                0, 0};
    test_set_int(call.socket, ZMQ_LINGER, 0);
    test_set_int(call.socket, ZMQ_SNDHWM, 1);
    test_set_int(pull, ZMQ_RCVHWM, 1);
    test_bind_connect(pull, call.socket, "term-send");
    /* Fill the pipe so the thread's send must block. */
    while (zmq_send(call.socket, "x", 1, ZMQ_DONTWAIT) == 1) {
    }
    TEST_ASSERT_EQ(errno, EAGAIN);
    test_close(pull);
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, blocked_call_thread, &call), 0);
    TEST_OK(zmq_ctx_term(ctx));
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    TEST_ASSERT_EQ(call.rc, -1);
    TEST_ASSERT_EQ(call.err, ETERM);
}

/* zmq_ctx_shutdown does not block: it wakes blocked calls with ETERM, makes
 * every later call on the context's sockets fail with ETERM, and leaves the
 * closing and the final zmq_ctx_term to the caller. */
static void test_shutdown(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    struct blocked_call call = {TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL)), 0,
                                0, 0};
    test_set_int(call.socket, ZMQ_LINGER, 0);
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    char ep[128];
    TEST_OK(zmq_bind(push, test_endpoint(ep, sizeof ep, "shutdown")));
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, blocked_call_thread, &call), 0);
    TEST_OK(zmq_ctx_shutdown(ctx));
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    TEST_ASSERT_EQ(call.rc, -1);
    TEST_ASSERT_EQ(call.err, ETERM);

    /* A second shutdown is harmless. */
    TEST_OK(zmq_ctx_shutdown(ctx));

    char buf[8];
    int value = 5;
    size_t size = sizeof value;
    TEST_FAILS(zmq_send(push, "abc", 3, ZMQ_DONTWAIT), ETERM);
    TEST_FAILS(zmq_send(push, "abc", 3, 0), ETERM);
    TEST_FAILS(zmq_recv(push, buf, sizeof buf, 0), ETERM);
    TEST_FAILS(zmq_bind(push, test_endpoint(ep, sizeof ep, "after")), ETERM);
    TEST_FAILS(zmq_connect(push, ep), ETERM);
    TEST_FAILS(zmq_unbind(push, ep), ETERM);
    TEST_FAILS(zmq_disconnect(push, ep), ETERM);
    TEST_FAILS(zmq_setsockopt(push, ZMQ_SNDHWM, &value, sizeof value), ETERM);
    TEST_FAILS(zmq_getsockopt(push, ZMQ_SNDHWM, &value, &size), ETERM);
    TEST_FAILS(zmq_getsockopt(push, ZMQ_EVENTS, &value, &size), ETERM);
    zmq_pollitem_t item = {push, 0, ZMQ_POLLOUT, 0};
    TEST_FAILS(zmq_poll(&item, 1, 0), ETERM);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init_size(&msg, 3));
    TEST_FAILS(zmq_msg_send(&msg, push, 0), ETERM);
    TEST_FAILS(zmq_msg_recv(&msg, push, 0), ETERM);
    TEST_OK(zmq_msg_close(&msg));

    errno = 0;
    TEST_ASSERT(zmq_socket(ctx, ZMQ_PAIR) == NULL);
    TEST_ASSERT_EQ(errno, ETERM);

    /* The context's options stay readable and writable. */
    TEST_ASSERT_EQ(zmq_ctx_get(ctx, ZMQ_IO_THREADS), 1);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_MAX_MSGSZ, 10));

    TEST_OK(zmq_close(push));
    TEST_OK(zmq_ctx_term(ctx));
}

struct term_thread {
    void *ctx;
    int rc;
    int done_pipe[2];
};

static void *term_thread(void *arg)
{
    struct term_thread *t = arg;
    t->rc = zmq_ctx_term(t->ctx);
    TEST_ASSERT_EQ(write(t->done_pipe[1], "!", 1), 1);
    return NULL;
}

/* While zmq_ctx_term waits for a socket to be closed, that socket refuses
 * work with ETERM (a blocking recv returns at once), and the term does not
 * return before the close. */
static void test_term_waits_for_close(void)
{
    struct term_thread t = {TEST_NOT_NULL(zmq_ctx_new()), -2, {-1, -1}};
    TEST_OK(pipe(t.done_pipe));
    void *pull = TEST_NOT_NULL(zmq_socket(t.ctx, ZMQ_PULL));
    pthread_t thread;
    TEST_ASSERT_EQ(pthread_create(&thread, NULL, term_thread, &t), 0);
    char buf[8];
    TEST_FAILS(zmq_recv(pull, buf, sizeof buf, 0), ETERM);
    TEST_FAILS(zmq_bind(pull, "inproc://too-late"), ETERM);
    struct pollfd done = {t.done_pipe[0], POLLIN, 0};
    TEST_ASSERT_EQ(poll(&done, 1, 0), 0); /* term still waiting for us */
    TEST_OK(zmq_close(pull));
    TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
    TEST_ASSERT_EQ(t.rc, 0);
    close(t.done_pipe[0]);
    close(t.done_pipe[1]);
}

/* With LINGER 0, messages still queued never hold up termination: unread
 * ones in a PULL, unsent ones behind a full pipe, and ones waiting for an
 * inproc peer that never binds. */
static void test_term_with_linger_zero_is_prompt(void)
{
    long long start = test_now_ms();
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    void *push = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    void *orphan = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    test_bind_connect(pull, push, "linger0");
    while (zmq_send(push, "queued", 6, ZMQ_DONTWAIT) == 6) {
    }
    TEST_ASSERT_EQ(errno, EAGAIN);
    char ep[128];
    TEST_OK(zmq_connect(orphan, test_endpoint(ep, sizeof ep, "nobody-binds")));
    test_send_str(orphan, "waiting for a peer", 0);
    test_close(pull);
    test_close(push);
    test_close(orphan);
    TEST_OK(zmq_ctx_term(ctx));
    TEST_ASSERT(test_now_ms() - start < 2000);
}

/* BLOCKY = 0 gives new sockets LINGER 0, so term never waits on them. */
static void test_blocky_zero(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());
    void *before = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    TEST_ASSERT_EQ(test_get_int(before, ZMQ_LINGER), -1);
    TEST_OK(zmq_ctx_set(ctx, ZMQ_BLOCKY, 0));
    void *after = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PUSH));
    TEST_ASSERT_EQ(test_get_int(after, ZMQ_LINGER), 0);
    char ep[128];
    TEST_OK(zmq_connect(after, test_endpoint(ep, sizeof ep, "blocky")));
    test_send_str(after, "never delivered", 0);
    TEST_OK(zmq_close(after));
    test_close(before);
    TEST_OK(zmq_ctx_term(ctx));
}

int main(void)
{
    test_setup("test_ctx");
    RUN_TEST(test_new_and_term_spellings);
    RUN_TEST(test_option_defaults);
    RUN_TEST(test_option_set_get);
    RUN_TEST(test_option_errors);
    RUN_TEST(test_null_context);
    RUN_TEST(test_invalid_socket_type);
    RUN_TEST(test_max_sockets_enforced);
    RUN_TEST(test_term_unblocks_recv_in_other_thread);
    RUN_TEST(test_term_unblocks_send_in_other_thread);
    RUN_TEST(test_shutdown);
    RUN_TEST(test_term_waits_for_close);
    RUN_TEST(test_term_with_linger_zero_is_prompt);
    RUN_TEST(test_blocky_zero);
    return 0;
}
