/*
 * testutil.h - the small assertion kit shared by every C test in tests-c/.
 *
 * Each test is a standalone program that talks to libzmq through <zmq.h> only.
 * On the first failed check a macro prints file:line, the failing expression,
 * errno and zmq_strerror(errno), then exits non-zero, so the runner only needs
 * the exit status. Everything here is `static inline` so a test that uses only
 * part of the kit still compiles under -Wall -Wextra -Werror.
 *
 * test_setup() also proves which libzmq.so.5 the dynamic loader picked: the
 * whole point of running these programs is to exercise OUR library, and a stray
 * LD_LIBRARY_PATH or rpath would silently test Debian's instead.
 */
#ifndef OXZMQ_TESTUTIL_H
#define OXZMQ_TESTUTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* realpath, pipe2, pthread in -std=c99 */
#endif

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

/* Report a failed check and leave. errno is captured by the caller first,
 * because printing may clobber it. */
static inline void test_fail_(const char *file, int line, const char *what,
                              int saved_errno)
{
    fprintf(stderr, "%s:%d: FAILED: %s (errno %d: %s)\n", file, line, what,
            saved_errno, zmq_strerror(saved_errno));
    fflush(stderr);
    exit(1);
}

/* The expression must be true. */
#define TEST_ASSERT(expr)                                                      \
    do {                                                                       \
        if (!(expr)) {                                                         \
            int e_ = errno;                                                    \
            test_fail_(__FILE__, __LINE__, #expr, e_);                         \
        }                                                                      \
    } while (0)

/* Two integers must be equal; both values are printed on failure. */
#define TEST_ASSERT_EQ(actual, expected)                                       \
    do {                                                                       \
        long long a_ = (long long) (actual);                                   \
        long long x_ = (long long) (expected);                                 \
        if (a_ != x_) {                                                        \
            int e_ = errno;                                                    \
            fprintf(stderr, "%s:%d: %s is %lld, expected %s = %lld\n",         \
                    __FILE__, __LINE__, #actual, a_, #expected, x_);           \
            test_fail_(__FILE__, __LINE__, #actual " == " #expected, e_);      \
        }                                                                      \
    } while (0)

/* A zmq call returning int must succeed (anything but -1); yields its value. */
#define TEST_OK(expr) test_ok_((expr), __FILE__, __LINE__, #expr)
static inline int test_ok_(int rc, const char *file, int line, const char *what)
{
    if (rc == -1)
        test_fail_(file, line, what, errno);
    return rc;
}

/* A zmq call must fail with -1 and set errno to `expected`; zmq_errno() must
 * agree with errno, as zmq_errno(3) promises. */
#define TEST_FAILS(expr, expected)                                             \
    do {                                                                       \
        errno = 0;                                                             \
        int rc_ = (int) (expr);                                                \
        int e_ = errno;                                                        \
        if (rc_ != -1) {                                                       \
            fprintf(stderr, "%s:%d: %s returned %d, expected -1/%s\n",         \
                    __FILE__, __LINE__, #expr, rc_, #expected);                \
            test_fail_(__FILE__, __LINE__, #expr " should fail", e_);          \
        }                                                                      \
        if (e_ != (expected)) {                                                \
            fprintf(stderr, "%s:%d: errno %d (%s), expected %s = %d\n",        \
                    __FILE__, __LINE__, e_, zmq_strerror(e_), #expected,       \
                    (int) (expected));                                         \
            test_fail_(__FILE__, __LINE__, #expr " errno", e_);                \
        }                                                                      \
        TEST_ASSERT_EQ(zmq_errno(), e_);                                       \
    } while (0)

/* A pointer-returning call must not give NULL; yields the pointer. */
#define TEST_NOT_NULL(expr) test_not_null_((expr), __FILE__, __LINE__, #expr)
static inline void *test_not_null_(void *p, const char *file, int line,
                                   const char *what)
{
    if (p == NULL)
        test_fail_(file, line, what, errno);
    return p;
}

/* Print one line per test case so a failure is easy to place. */
#define RUN_TEST(fn)                                                           \
    do {                                                                       \
        fprintf(stderr, "  %s\n", #fn);                                        \
        fn();                                                                  \
    } while (0)

/* A fresh inproc endpoint name: unique per process and per call, so tests
 * never collide with each other or with a name still being torn down. */
static inline const char *test_endpoint(char *buf, size_t len, const char *what)
{
    static unsigned counter;
    snprintf(buf, len, "inproc://%s-%ld-%u", what, (long) getpid(), ++counter);
    return buf;
}

/* Monotonic milliseconds, for bounds on how long something took. */
static inline long long test_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The path of the libzmq shared object mapped into this process, or "" when
 * none is (a static link). */
static inline void test_loaded_libzmq(char *out, size_t len)
{
    out[0] = '\0';
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return;
    char line[4096];
    while (fgets(line, sizeof line, maps)) {
        char *path = strchr(line, '/');
        if (!path)
            continue;
        path[strcspn(path, "\n")] = '\0';
        const char *base = strrchr(path, '/') + 1;
        if (strncmp(base, "libzmq", 6) == 0 && strstr(base, ".so")) {
            snprintf(out, len, "%s", path);
            break;
        }
    }
    fclose(maps);
}

/* Call first in main(). When OXZMQ_EXPECT_LIB names a directory, the loaded
 * libzmq must live in that directory (after resolving symlinks), else the test
 * aborts before it can vouch for the wrong library. */
static inline void test_setup(const char *name)
{
    fprintf(stderr, "%s\n", name);
    const char *expect = getenv("OXZMQ_EXPECT_LIB");
    if (!expect || !*expect)
        return;
    char loaded[PATH_MAX];
    test_loaded_libzmq(loaded, sizeof loaded);
    char loaded_real[PATH_MAX], expect_real[PATH_MAX];
    if (!*loaded || !realpath(loaded, loaded_real)) {
        fprintf(stderr, "no libzmq shared object is mapped into this process\n");
        exit(2);
    }
    if (!realpath(expect, expect_real)) {
        fprintf(stderr, "OXZMQ_EXPECT_LIB=%s does not exist\n", expect);
        exit(2);
    }
    char *slash = strrchr(loaded_real, '/');
    *slash = '\0';
    if (strcmp(loaded_real, expect_real) != 0) {
        fprintf(stderr, "loaded %s/%s, but OXZMQ_EXPECT_LIB is %s\n",
                loaded_real, slash + 1, expect_real);
        exit(2);
    }
}

/* Bind `a` and connect `b` to a fresh inproc endpoint; the common pair setup. */
static inline void test_bind_connect(void *a, void *b, const char *what)
{
    char ep[128];
    test_endpoint(ep, sizeof ep, what);
    TEST_OK(zmq_bind(a, ep));
    TEST_OK(zmq_connect(b, ep));
}

/* Send a C string as one frame with `flags`; the byte count must match. */
static inline void test_send_str(void *s, const char *text, int flags)
{
    int len = (int) strlen(text);
    TEST_ASSERT_EQ(TEST_OK(zmq_send(s, text, (size_t) len, flags)), len);
}

/* Receive one frame and require it to equal `text` exactly. */
static inline void test_recv_str(void *s, const char *text)
{
    char buf[256];
    int n = TEST_OK(zmq_recv(s, buf, sizeof buf, 0));
    TEST_ASSERT_EQ(n, (int) strlen(text));
    TEST_ASSERT(memcmp(buf, text, (size_t) n) == 0);
}

/* Set an int socket option, which must succeed. */
static inline void test_set_int(void *s, int option, int value)
{
    TEST_OK(zmq_setsockopt(s, option, &value, sizeof value));
}

/* Read an int socket option, which must succeed and be int-sized. */
static inline int test_get_int(void *s, int option)
{
    int value = -12345;
    size_t size = sizeof value;
    TEST_OK(zmq_getsockopt(s, option, &value, &size));
    TEST_ASSERT_EQ(size, sizeof value);
    return value;
}

/* Close a socket with linger 0 so teardown never waits on queued messages. */
/* The next socket-monitor event in format 1 from `reader`: its id; its value and
 * endpoint through the pointers (either may be NULL). */
static inline int test_monitor_event(void *reader, uint32_t *value,
                                     char *endpoint, size_t len)
{
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init(&msg));
    TEST_ASSERT_EQ(TEST_OK(zmq_msg_recv(&msg, reader, 0)), 6);
    TEST_ASSERT(zmq_msg_more(&msg));
    const uint8_t *data = (const uint8_t *) zmq_msg_data(&msg);
    uint16_t id;
    memcpy(&id, data, sizeof id);
    if (value)
        memcpy(value, data + 2, sizeof *value);
    int n = TEST_OK(zmq_msg_recv(&msg, reader, 0));
    TEST_ASSERT(!zmq_msg_more(&msg));
    if (endpoint) {
        TEST_ASSERT((size_t) n < len);
        memcpy(endpoint, zmq_msg_data(&msg), (size_t) n);
        endpoint[n] = '\0';
    }
    TEST_OK(zmq_msg_close(&msg));
    return id;
}

static inline void test_close(void *s)
{
    test_set_int(s, ZMQ_LINGER, 0);
    TEST_OK(zmq_close(s));
}

#endif /* OXZMQ_TESTUTIL_H */
