/*
 * test_utils.c - the helpers libzmq exports beside sockets: Z85, atomic
 * counters, the stopwatch, threads, timers and zmq_has.
 *
 * Facts from the reference (4.3.4 and 4.3.5 agree):
 * - zmq_z85_encode needs a size that is a multiple of 4 (else NULL/EINVAL);
 *   size 0 gives "". zmq_z85_decode needs a length that is a non-zero
 *   multiple of 5: "" is NULL/EINVAL. A character outside the alphabet, or a
 *   group worth more than 0xffffffff ("%nSc1"), is NULL/EINVAL. Both return
 *   the caller's buffer.
 * - zmq_atomic_counter_inc returns the value BEFORE the increment;
 *   zmq_atomic_counter_dec returns 0 if the counter is now 0, else 1 (also
 *   when it went negative). destroy sets the caller's pointer to NULL.
 * - zmq_timers: timeout is -1 with no timers; ids start at 1; NULL handler
 *   is EFAULT; an unknown id (cancel, set_interval, reset) is EINVAL, also a
 *   second cancel; a NULL timers set is EFAULT, as is destroy of a pointer
 *   to NULL. (Destroy(NULL) itself crashes the reference: test_hardening.c.
 *   A 0 ms interval makes the reference's zmq_timers_execute loop forever:
 *   not tested.)
 * - zmq_has("draft") is 0 on Debian's build; unknown names are 0.
 */
#include "testutil.h"

static void test_z85_rfc32_vector(void)
{
    /* The test vector of ZeroMQ RFC 32 (Z85). */
    const uint8_t data[8] = {0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B};
    char text[11];
    TEST_ASSERT(zmq_z85_encode(text, data, 8) == text);
    TEST_ASSERT(strcmp(text, "HelloWorld") == 0);
    uint8_t back[8];
    TEST_ASSERT(zmq_z85_decode(back, "HelloWorld") == back);
    TEST_ASSERT(memcmp(back, data, 8) == 0);
}

static void test_z85_round_trip(void)
{
    uint8_t data[32], back[32];
    char text[41];
    for (int i = 0; i < 32; i++)
        data[i] = (uint8_t) (i * 37 + 11);
    TEST_ASSERT(zmq_z85_encode(text, data, 32) == text);
    TEST_ASSERT_EQ(strlen(text), 40);
    TEST_ASSERT(zmq_z85_decode(back, text) == back);
    TEST_ASSERT(memcmp(back, data, 32) == 0);
    const uint8_t ones[4] = {0xff, 0xff, 0xff, 0xff};
    TEST_ASSERT(zmq_z85_encode(text, ones, 4) == text);
    TEST_ASSERT(strcmp(text, "%nSc0") == 0);
    const uint8_t zeros[4] = {0, 0, 0, 0};
    TEST_ASSERT(zmq_z85_encode(text, zeros, 4) == text);
    TEST_ASSERT(strcmp(text, "00000") == 0);
    TEST_ASSERT(zmq_z85_encode(text, data, 0) == text);
    TEST_ASSERT_EQ(text[0], '\0');
}

static void test_z85_bad_input(void)
{
    uint8_t data[8] = {0};
    char text[16];
    uint8_t out[16];
    errno = 0;
    TEST_ASSERT(zmq_z85_encode(text, data, 7) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    TEST_ASSERT(zmq_z85_encode(text, data, 1) == NULL);
    TEST_ASSERT_EQ(errno, EINVAL);
    const char *bad[] = {"HelloWorl", "Hell", "", "Hell\"World", "#####",
                         "%nSc1", "hello worl"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        errno = 0;
        if (zmq_z85_decode(out, bad[i]) != NULL || errno != EINVAL) {
            fprintf(stderr, "z85 decode of \"%s\" was not refused\n", bad[i]);
            exit(1);
        }
    }
}

static void test_atomic_counter(void)
{
    void *counter = TEST_NOT_NULL(zmq_atomic_counter_new());
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter), 0);
    TEST_ASSERT_EQ(zmq_atomic_counter_inc(counter), 0);
    TEST_ASSERT_EQ(zmq_atomic_counter_inc(counter), 1);
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter), 2);
    TEST_ASSERT_EQ(zmq_atomic_counter_dec(counter), 1);
    TEST_ASSERT_EQ(zmq_atomic_counter_dec(counter), 0);
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter), 0);
    TEST_ASSERT_EQ(zmq_atomic_counter_dec(counter), 1);
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter), -1);
    zmq_atomic_counter_set(counter, 5);
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter), 5);
    zmq_atomic_counter_destroy(&counter);
    TEST_ASSERT(counter == NULL);
}

static void *counter_for_threads;

static void bump_many(void *arg)
{
    (void) arg;
    for (int i = 0; i < 10000; i++)
        zmq_atomic_counter_inc(counter_for_threads);
}

/* Threads from zmq_threadstart run the function; zmq_threadclose joins. The
 * counter stays exact under contention from four of them. */
static void test_threads_and_atomicity(void)
{
    counter_for_threads = TEST_NOT_NULL(zmq_atomic_counter_new());
    void *threads[4];
    for (int i = 0; i < 4; i++)
        threads[i] = TEST_NOT_NULL(zmq_threadstart(bump_many, NULL));
    for (int i = 0; i < 4; i++)
        zmq_threadclose(threads[i]);
    TEST_ASSERT_EQ(zmq_atomic_counter_value(counter_for_threads), 40000);
    zmq_atomic_counter_destroy(&counter_for_threads);
}

static void test_stopwatch(void)
{
    void *watch = TEST_NOT_NULL(zmq_stopwatch_start());
    unsigned long first = zmq_stopwatch_intermediate(watch);
    /* Wait ~20 ms by the only clock-free means at hand: a poll timeout. */
    TEST_OK(zmq_poll(NULL, 0, 20));
    unsigned long second = zmq_stopwatch_intermediate(watch);
    TEST_ASSERT(second >= first);
    TEST_ASSERT(second >= 15000); /* microseconds */
    unsigned long total = zmq_stopwatch_stop(watch);
    TEST_ASSERT(total >= second);
    TEST_ASSERT(total < 10000000);
}

struct timer_log {
    int calls;
    int last_id;
};

static void on_timer(int timer_id, void *arg)
{
    struct timer_log *log = arg;
    log->calls++;
    log->last_id = timer_id;
}

/* Sleep until the next timer is due, as the zmq_timers man page shows. */
static void wait_for_timers(void *timers)
{
    long timeout = zmq_timers_timeout(timers);
    TEST_ASSERT(timeout >= 0);
    TEST_OK(zmq_poll(NULL, 0, timeout));
}

static void test_timers(void)
{
    void *timers = TEST_NOT_NULL(zmq_timers_new());
    TEST_ASSERT_EQ(zmq_timers_timeout(timers), -1);
    TEST_ASSERT_EQ(TEST_OK(zmq_timers_execute(timers)), 0);

    struct timer_log fast = {0, 0}, slow = {0, 0};
    long long start = test_now_ms(); /* before add: the clock starts there */
    int fast_id = TEST_OK(zmq_timers_add(timers, 30, on_timer, &fast));
    int slow_id = TEST_OK(zmq_timers_add(timers, 100000, on_timer, &slow));
    TEST_ASSERT_EQ(fast_id, 1);
    TEST_ASSERT_EQ(slow_id, 2);
    long timeout = zmq_timers_timeout(timers);
    TEST_ASSERT(timeout >= 0 && timeout <= 30);

    /* Run until the fast timer fired twice: it re-arms itself. */
    while (fast.calls < 2) {
        wait_for_timers(timers);
        TEST_OK(zmq_timers_execute(timers));
        TEST_ASSERT(test_now_ms() - start < 5000);
    }
    TEST_ASSERT(test_now_ms() - start >= 55);
    TEST_ASSERT_EQ(fast.last_id, fast_id);
    TEST_ASSERT_EQ(slow.calls, 0);

    /* reset restarts the countdown; set_interval changes it. */
    TEST_OK(zmq_timers_reset(timers, slow_id));
    TEST_OK(zmq_timers_set_interval(timers, slow_id, 10));
    TEST_OK(zmq_timers_cancel(timers, fast_id));
    TEST_FAILS(zmq_timers_cancel(timers, fast_id), EINVAL);
    while (slow.calls < 1) {
        wait_for_timers(timers);
        TEST_OK(zmq_timers_execute(timers));
        TEST_ASSERT(test_now_ms() - start < 5000);
    }
    TEST_ASSERT_EQ(fast.calls, 2);
    TEST_ASSERT_EQ(slow.last_id, slow_id);
    TEST_OK(zmq_timers_cancel(timers, slow_id));
    TEST_ASSERT_EQ(zmq_timers_timeout(timers), -1);

    TEST_FAILS(zmq_timers_add(timers, 10, NULL, NULL), EFAULT);
    TEST_FAILS(zmq_timers_cancel(timers, 999), EINVAL);
    TEST_FAILS(zmq_timers_set_interval(timers, 999, 5), EINVAL);
    TEST_FAILS(zmq_timers_reset(timers, 999), EINVAL);
    TEST_FAILS(zmq_timers_timeout(NULL), EFAULT);
    TEST_FAILS(zmq_timers_execute(NULL), EFAULT);
    TEST_FAILS(zmq_timers_add(NULL, 1, on_timer, NULL), EFAULT);
    void *no_timers = NULL;
    TEST_FAILS(zmq_timers_destroy(&no_timers), EFAULT);
    TEST_OK(zmq_timers_destroy(&timers));
    TEST_ASSERT(timers == NULL);
}

static void test_has(void)
{
    /* Capabilities vary by build; the answer is always 0 or 1. */
    const char *names[] = {"ipc", "pgm", "tipc", "norm", "curve", "gssapi",
                           "draft", "ws", "wss", "vmci"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int has = zmq_has(names[i]);
        TEST_ASSERT(has == 0 || has == 1);
    }
    TEST_ASSERT_EQ(zmq_has("nonsense"), 0);
    TEST_ASSERT_EQ(zmq_has(""), 0);
    TEST_ASSERT_EQ(zmq_has("tcp"), 0); /* not a capability name */
}

int main(void)
{
    test_setup("test_utils");
    RUN_TEST(test_z85_rfc32_vector);
    RUN_TEST(test_z85_round_trip);
    RUN_TEST(test_z85_bad_input);
    RUN_TEST(test_atomic_counter);
    RUN_TEST(test_threads_and_atomicity);
    RUN_TEST(test_stopwatch);
    RUN_TEST(test_timers);
    RUN_TEST(test_has);
    return 0;
}
