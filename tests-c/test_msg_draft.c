/* run.sh: draft */
/*
 * test_msg_draft.c - the draft message API: zmq_msg_init_buffer, routing ids
 * and groups (used by SERVER/CLIENT and RADIO/DISH).
 *
 * Facts from the reference (a 4.3.4 build with drafts enabled):
 * - A fresh message has routing id 0 and group "" (an empty string, not NULL).
 * - Routing id 0 cannot be set: EINVAL.
 * - zmq_msg_set_group does not refuse a name longer than
 *   ZMQ_GROUP_MAX_LENGTH (255): it keeps the first 255 characters. (The man
 *   page promises EINVAL, but 4.3.4 and 4.3.5 measure the name with
 *   strnlen(name, 255), so the check can never fire.)
 * - zmq_msg_copy carries routing id and group along.
 */
#include "testutil.h"

static void test_init_buffer_copies(void)
{
    char source[200];
    memset(source, 'b', sizeof source);
    zmq_msg_t msg;
    TEST_OK(zmq_msg_init_buffer(&msg, source, sizeof source));
    TEST_ASSERT_EQ(zmq_msg_size(&msg), sizeof source);
    TEST_ASSERT(zmq_msg_data(&msg) != (void *) source);
    source[0] = 'x'; /* the message owns its own copy */
    TEST_ASSERT(((char *) zmq_msg_data(&msg))[0] == 'b');
    TEST_OK(zmq_msg_close(&msg));

    TEST_OK(zmq_msg_init_buffer(&msg, "abc", 3));
    TEST_ASSERT_EQ(zmq_msg_size(&msg), 3);
    TEST_ASSERT(memcmp(zmq_msg_data(&msg), "abc", 3) == 0);
    TEST_OK(zmq_msg_close(&msg));

    TEST_OK(zmq_msg_init_buffer(&msg, NULL, 0));
    TEST_ASSERT_EQ(zmq_msg_size(&msg), 0);
    TEST_OK(zmq_msg_close(&msg));
}

static void test_routing_id(void)
{
    zmq_msg_t msg, copy;
    TEST_OK(zmq_msg_init(&msg));
    TEST_ASSERT_EQ(zmq_msg_routing_id(&msg), 0);
    TEST_FAILS(zmq_msg_set_routing_id(&msg, 0), EINVAL);
    TEST_OK(zmq_msg_set_routing_id(&msg, 5));
    TEST_ASSERT_EQ(zmq_msg_routing_id(&msg), 5);
    TEST_OK(zmq_msg_set_routing_id(&msg, 0xffffffffu));
    TEST_ASSERT_EQ(zmq_msg_routing_id(&msg), 0xffffffffu);
    TEST_OK(zmq_msg_init(&copy));
    TEST_OK(zmq_msg_copy(&copy, &msg));
    TEST_ASSERT_EQ(zmq_msg_routing_id(&copy), 0xffffffffu);
    TEST_OK(zmq_msg_close(&msg));
    TEST_OK(zmq_msg_close(&copy));
}

static void test_group(void)
{
    zmq_msg_t msg, copy;
    TEST_OK(zmq_msg_init(&msg));
    const char *group = zmq_msg_group(&msg);
    TEST_ASSERT(group != NULL && group[0] == '\0');
    TEST_OK(zmq_msg_set_group(&msg, "weather"));
    TEST_ASSERT(strcmp(zmq_msg_group(&msg), "weather") == 0);

    TEST_OK(zmq_msg_close(&msg));

    /* Short (up to 14) and long names are stored differently in libzmq.
     * Each long name goes on a fresh message: the reference leaks a long
     * group that is replaced, and misreads a short one set after a long
     * one (see test_hardening.c). */
    char name[400];
    memset(name, 'g', sizeof name);
    name[20] = '\0';
    TEST_OK(zmq_msg_init(&msg));
    TEST_OK(zmq_msg_set_group(&msg, name));
    TEST_ASSERT(strcmp(zmq_msg_group(&msg), name) == 0);
    TEST_OK(zmq_msg_close(&msg));

    name[20] = 'g';
    name[ZMQ_GROUP_MAX_LENGTH] = '\0';
    TEST_OK(zmq_msg_init(&msg));
    TEST_OK(zmq_msg_set_group(&msg, name));
    TEST_ASSERT_EQ(strlen(zmq_msg_group(&msg)), ZMQ_GROUP_MAX_LENGTH);
    TEST_OK(zmq_msg_init(&copy));
    TEST_OK(zmq_msg_copy(&copy, &msg));
    TEST_ASSERT(strcmp(zmq_msg_group(&copy), name) == 0);
    TEST_OK(zmq_msg_close(&copy));
    TEST_OK(zmq_msg_close(&msg));

    /* Longer than the maximum: the reference keeps the first 255 bytes. */
    name[ZMQ_GROUP_MAX_LENGTH] = 'g';
    name[sizeof name - 1] = '\0';
    TEST_OK(zmq_msg_init(&msg));
    TEST_OK(zmq_msg_set_group(&msg, name));
    TEST_ASSERT_EQ(strlen(zmq_msg_group(&msg)), ZMQ_GROUP_MAX_LENGTH);
    TEST_ASSERT(strncmp(zmq_msg_group(&msg), name, ZMQ_GROUP_MAX_LENGTH) == 0);
    TEST_OK(zmq_msg_close(&msg));
}

int main(void)
{
    test_setup("test_msg_draft");
    RUN_TEST(test_init_buffer_copies);
    RUN_TEST(test_routing_id);
    RUN_TEST(test_group);
    return 0;
}
