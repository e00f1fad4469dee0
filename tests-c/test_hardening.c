/* run.sh: ours-only */
/* run.sh: draft */
/*
 * test_hardening.c - calls on which the reference libzmq aborts, crashes or
 * reads freed memory, and on which oxzmq must instead fail cleanly with -1
 * (or NULL) and an honest errno. Not run against the reference (run.sh
 * --reference skips it); run it there by hand to see each case crash.
 *
 * Compiled with the draft API (oxzmq always has it) for the group case.
 * Each case runs in a forked child, so one crash is reported by name and
 * does not hide the others. The errno chosen follows libzmq's own habits
 * for the defined neighbours of each case and oxzmq's C-boundary rules:
 *   - a NULL buffer/string/array where bytes are needed: EINVAL (the
 *     reference says EINVAL for zmq_unbind(s, NULL) and (NULL, 0) options);
 *   - something that is not a live socket: ENOTSOCK;
 *   - something that is not a live context, a NULL or dead zmq_msg_t, a
 *     NULL timers set: EFAULT (as zmq_msg_recv(NULL) and zmq_ctx_term(NULL)).
 * What the reference 4.3.4 does is noted on each case (SEGV, abort() from
 * an assertion, or use-after-free that valgrind reports).
 */
#include "testutil.h"

#include <sys/uio.h>
#include <sys/wait.h>

static void *ctx, *a, *b;

/* Every case starts from a connected PAIR. */
static void open_pair(void)
{
    ctx = TEST_NOT_NULL(zmq_ctx_new());
    a = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    b = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    test_bind_connect(a, b, "hardening");
}

static void close_pair(void)
{
    test_close(a);
    test_close(b);
    TEST_OK(zmq_ctx_term(ctx));
}

/* Reference: SEGV in all three. */
static void null_option_buffers(void)
{
    int value = 5;
    size_t size = sizeof value;
    TEST_FAILS(zmq_setsockopt(a, ZMQ_SNDHWM, NULL, sizeof(int)), EINVAL);
    TEST_FAILS(zmq_getsockopt(a, ZMQ_SNDHWM, NULL, &size), EINVAL);
    TEST_FAILS(zmq_getsockopt(a, ZMQ_SNDHWM, &value, NULL), EINVAL);
    TEST_ASSERT_EQ(test_get_int(a, ZMQ_SNDHWM), 1000);
}

/* Reference: abort() (assertion data_ != NULL || size_ == 0). */
static void null_send_buffer(void)
{
    /* A NULL buffer with a length is a bad address: EFAULT. */
    TEST_FAILS(zmq_send(a, NULL, 5, 0), EFAULT);
    TEST_FAILS(zmq_send_const(a, NULL, 5, 0), EFAULT);
    /* Nothing half-sent: the peer has nothing. */
    char c;
    TEST_FAILS(zmq_recv(b, &c, 1, ZMQ_DONTWAIT), EAGAIN);
}

/* Reference: abort() while copying into NULL. */
static void null_recv_buffer(void)
{
    test_send_str(b, "hello", 0);
    TEST_FAILS(zmq_recv(a, NULL, 5, 0), EFAULT);
}

/* Reference: SEGV (memcpy from NULL). */
static void null_iovec_base(void)
{
    struct iovec iov[1] = {{NULL, 5}};
    TEST_FAILS(zmq_sendiov(a, iov, 1, 0), EINVAL);
}

/* Reference: abort() (assertion uri_ != NULL); unbind/disconnect(NULL)
 * are EINVAL there already. */
static void null_endpoint(void)
{
    TEST_FAILS(zmq_bind(a, NULL), EINVAL);
    TEST_FAILS(zmq_connect(a, NULL), EINVAL);
    TEST_FAILS(zmq_unbind(a, NULL), EINVAL);
    TEST_FAILS(zmq_disconnect(a, NULL), EINVAL);
}

/* Reference: reads the freed socket (valgrind: invalid read). */
static void socket_used_after_close(void)
{
    void *s = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PAIR));
    TEST_OK(zmq_close(s));
    TEST_FAILS(zmq_send(s, "x", 1, ZMQ_DONTWAIT), ENOTSOCK);
    TEST_FAILS(zmq_close(s), ENOTSOCK);
    int value;
    size_t size = sizeof value;
    TEST_FAILS(zmq_getsockopt(s, ZMQ_TYPE, &value, &size), ENOTSOCK);
}

/* Reference: reads the freed context. */
static void context_used_after_term(void)
{
    void *dead = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_term(dead));
    errno = 0;
    TEST_ASSERT(zmq_socket(dead, ZMQ_PAIR) == NULL);
    TEST_ASSERT_EQ(errno, EFAULT);
    TEST_FAILS(zmq_ctx_set(dead, ZMQ_IO_THREADS, 1), EFAULT);
    TEST_FAILS(zmq_ctx_get(dead, ZMQ_IO_THREADS), EFAULT);
    TEST_FAILS(zmq_ctx_term(dead), EFAULT);
}

/* Reference: reads one object as the other (valgrind: uninitialised). */
static void handles_of_the_wrong_kind(void)
{
    TEST_FAILS(zmq_send(ctx, "x", 1, ZMQ_DONTWAIT), ENOTSOCK);
    TEST_FAILS(zmq_ctx_term(a), EFAULT);
    TEST_FAILS(zmq_ctx_get(a, ZMQ_IO_THREADS), EFAULT);
    zmq_pollitem_t item = {ctx, 0, ZMQ_POLLIN, 0};
    TEST_FAILS(zmq_poll(&item, 1, 0), ENOTSOCK);
    errno = 0;
    TEST_ASSERT(zmq_socket(a, ZMQ_PAIR) == NULL);
    TEST_ASSERT_EQ(errno, EFAULT);
}

/* Reference: SEGV on every one but zmq_msg_recv(NULL) (EFAULT there). */
static void null_messages(void)
{
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_FAILS(zmq_msg_init(NULL), EFAULT);
    TEST_FAILS(zmq_msg_init_size(NULL, 5), EFAULT);
    TEST_FAILS(zmq_msg_close(NULL), EFAULT);
    TEST_FAILS(zmq_msg_send(NULL, a, 0), EFAULT);
    TEST_FAILS(zmq_msg_recv(NULL, a, ZMQ_DONTWAIT), EFAULT);
    TEST_FAILS(zmq_msg_copy(NULL, &msg), EFAULT);
    TEST_FAILS(zmq_msg_copy(&msg, NULL), EFAULT);
    TEST_FAILS(zmq_msg_move(NULL, &msg), EFAULT);
    TEST_FAILS(zmq_msg_get(NULL, ZMQ_MORE), EFAULT);
    TEST_ASSERT_EQ(zmq_msg_size(NULL), 0);
    TEST_ASSERT(zmq_msg_data(NULL) == NULL);
    TEST_OK(zmq_msg_close(&msg));
}

/* Reference: abort() (assertion check ()) on sending a closed message, and
 * abort() on a NULL buffer with a size. */
static void dead_or_bad_messages(void)
{
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init_size(&msg, 3));
    TEST_OK(zmq_msg_close(&msg));
    TEST_FAILS(zmq_msg_send(&msg, a, 0), EFAULT);
    TEST_FAILS(zmq_msg_init_data(&msg, NULL, 5, NULL, NULL), EINVAL);
}

/* Reference: SEGV. */
static void null_utility_arguments(void)
{
    uint8_t out[8];
    char text[16];
    errno = 0;
    TEST_ASSERT(zmq_z85_decode(out, NULL) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    TEST_ASSERT(zmq_z85_encode(text, NULL, 4) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    TEST_FAILS(zmq_timers_destroy(NULL), EFAULT);
    TEST_ASSERT_EQ(zmq_has(NULL), 0);
    TEST_ASSERT_EQ(zmq_stopwatch_stop(NULL), 0);
    zmq_threadclose(NULL); /* must simply return */
    zmq_atomic_counter_destroy(NULL);
}

/* Reference: replacing a long (> 14 bytes) group leaks the old one;
 * visible under run.sh --valgrind. */
static void group_replaced(void)
{
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_OK(zmq_msg_set_group(&msg, "a-first-group-name-that-is-long"));
    TEST_OK(zmq_msg_set_group(&msg, "a-second-group-name-also-long"));
    TEST_ASSERT(strcmp(zmq_msg_group(&msg), "a-second-group-name-also-long") == 0);
    TEST_OK(zmq_msg_set_group(&msg, "short"));
    TEST_ASSERT(strcmp(zmq_msg_group(&msg), "short") == 0);
    TEST_OK(zmq_msg_close(&msg));
}

/* Reference: double zmq_ctx_term reads the freed context. */
static void context_terminated_twice(void)
{
    void *twice = TEST_NOT_NULL(zmq_ctx_new());
    TEST_OK(zmq_ctx_term(twice));
    TEST_FAILS(zmq_ctx_term(twice), EFAULT);
    TEST_FAILS(zmq_ctx_shutdown(twice), EFAULT);
}

struct hardening_case {
    const char *name;
    void (*run)(void);
};

static const struct hardening_case cases[] = {
    {"null_option_buffers", null_option_buffers},
    {"null_send_buffer", null_send_buffer},
    {"null_recv_buffer", null_recv_buffer},
    {"null_iovec_base", null_iovec_base},
    {"null_endpoint", null_endpoint},
    {"socket_used_after_close", socket_used_after_close},
    {"context_used_after_term", context_used_after_term},
    {"handles_of_the_wrong_kind", handles_of_the_wrong_kind},
    {"null_messages", null_messages},
    {"dead_or_bad_messages", dead_or_bad_messages},
    {"null_utility_arguments", null_utility_arguments},
    {"context_terminated_twice", context_terminated_twice},
    {"group_replaced", group_replaced},
};

int main(void)
{
    test_setup("test_hardening");
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fflush(stderr);
        pid_t child = fork();
        TEST_ASSERT(child != -1);
        if (child == 0) {
            open_pair();
            cases[i].run();
            close_pair();
            exit(0);
        }
        int status;
        TEST_ASSERT_EQ(waitpid(child, &status, 0), child);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            fprintf(stderr, "  %s: ok\n", cases[i].name);
        } else {
            failures++;
            if (WIFSIGNALED(status))
                fprintf(stderr, "  %s: CRASHED (signal %d)\n", cases[i].name,
                        WTERMSIG(status));
            else
                fprintf(stderr, "  %s: FAILED (exit %d)\n", cases[i].name,
                        WEXITSTATUS(status));
        }
    }
    return failures == 0 ? 0 : 1;
}
