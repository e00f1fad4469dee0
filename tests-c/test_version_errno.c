/*
 * test_version_errno.c - zmq_version, zmq_errno, zmq_strerror and the errno
 * numbers the library reports.
 *
 * Programs compiled against either header (ours says 4.3.5, Debian's 4.3.4)
 * run against the same library, so the version check accepts 4.3.x with a
 * patch level of at least 4 rather than comparing with the header's macros.
 * The errno checks provoke each error through the API and compare with the
 * Linux numbers, because a C caller compares errno with <errno.h> values.
 */
#include "testutil.h"

static void test_version(void)
{
    int major = -1, minor = -1, patch = -1;
    zmq_version(&major, &minor, &patch);
    TEST_ASSERT_EQ(major, 4);
    TEST_ASSERT_EQ(minor, 3);
    TEST_ASSERT(patch >= 4); /* ours reports 5, Debian's reference 4 */
    TEST_ASSERT_EQ(ZMQ_VERSION_MAJOR, 4);
    TEST_ASSERT_EQ(ZMQ_MAKE_VERSION(4, 3, 5), 40305);
}

/* The numbers are Linux's own: zmq.h only invents values on platforms whose
 * <errno.h> lacks them, and the library must use the same ones. */
static void test_errno_constants(void)
{
    TEST_ASSERT_EQ(EAGAIN, 11);
    TEST_ASSERT_EQ(EINVAL, 22);
    TEST_ASSERT_EQ(EADDRINUSE, 98);
    TEST_ASSERT_EQ(ENOTSUP, 95);
    TEST_ASSERT_EQ(EPROTONOSUPPORT, 93);
    TEST_ASSERT_EQ(ZMQ_HAUSNUMERO, 156384712);
    TEST_ASSERT_EQ(EFSM, 156384763);
    TEST_ASSERT_EQ(ENOCOMPATPROTO, 156384764);
    TEST_ASSERT_EQ(ETERM, 156384765);
    TEST_ASSERT_EQ(EMTHREAD, 156384766);
}

static void test_errors_carry_linux_numbers(void)
{
    void *ctx = TEST_NOT_NULL(zmq_ctx_new());

    errno = 0;
    TEST_ASSERT(zmq_socket(ctx, 99) == NULL);
    TEST_ASSERT_EQ(errno, 22);
    TEST_ASSERT_EQ(zmq_errno(), 22);

    void *pull = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    char buf[8];
    TEST_FAILS(zmq_recv(pull, buf, sizeof buf, ZMQ_DONTWAIT), 11);

    char ep[128];
    test_endpoint(ep, sizeof ep, "errno-inuse");
    TEST_OK(zmq_bind(pull, ep));
    void *other = TEST_NOT_NULL(zmq_socket(ctx, ZMQ_PULL));
    TEST_FAILS(zmq_bind(other, ep), 98);

    /* A PULL socket cannot send: the socket type does not support it. */
    TEST_FAILS(zmq_send(pull, "x", 1, ZMQ_DONTWAIT), 95);

    TEST_FAILS(zmq_bind(other, "foo://x"), 93);
    TEST_FAILS(zmq_connect(other, "foo://x"), 93);

    test_close(other);
    test_close(pull);
    TEST_OK(zmq_ctx_term(ctx));
}

/* zmq_errno() is errno of the calling thread, also after a call that
 * succeeded later: libzmq leaves errno alone on success. */
static void test_zmq_errno_tracks_errno(void)
{
    errno = EINTR;
    TEST_ASSERT_EQ(zmq_errno(), EINTR);
    errno = ETERM;
    TEST_ASSERT_EQ(zmq_errno(), ETERM);
    errno = 0;
    TEST_ASSERT_EQ(zmq_errno(), 0);
}

static void expect_text(int err, const char *text)
{
    const char *got = zmq_strerror(err);
    TEST_ASSERT(got != NULL);
    if (strcmp(got, text) != 0) {
        fprintf(stderr, "zmq_strerror(%d) = \"%s\", expected \"%s\"\n", err,
                got, text);
        exit(1);
    }
}

static void test_strerror(void)
{
    expect_text(EFSM, "Operation cannot be accomplished in current state");
    expect_text(ENOCOMPATPROTO,
                "The protocol is not compatible with the socket type");
    expect_text(ETERM, "Context was terminated");
    expect_text(EMTHREAD, "No thread available");
    /* System errors read as the C library's strerror. */
    expect_text(EAGAIN, "Resource temporarily unavailable");
    expect_text(EINVAL, strerror(EINVAL));
    expect_text(ENOTSUP, strerror(ENOTSUP));
    expect_text(EPROTONOSUPPORT, strerror(EPROTONOSUPPORT));
    /* An unknown number still yields a readable string, never NULL. */
    const char *unknown = zmq_strerror(ZMQ_HAUSNUMERO + 999);
    TEST_ASSERT(unknown != NULL && strlen(unknown) > 0);
}

int main(void)
{
    test_setup("test_version_errno");
    RUN_TEST(test_version);
    RUN_TEST(test_errno_constants);
    RUN_TEST(test_errors_carry_linux_numbers);
    RUN_TEST(test_zmq_errno_tracks_errno);
    RUN_TEST(test_strerror);
    return 0;
}
