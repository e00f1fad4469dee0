/* peer_pair.c: PAIR round trips and multipart messages.
 *
 *   pair-ping bind|connect ENDPOINT COUNT   sends message i, waits for it to come back
 *   pair-echo bind|connect ENDPOINT COUNT   checks message i and returns it
 *   mp-send   bind|connect ENDPOINT COUNT   PUSH: COUNT multipart messages
 *   mp-recv   bind|connect ENDPOINT COUNT   PULL: checks every part and MORE flag
 *
 * Sizes cycle through the ones where the ZMTP framing changes: empty, one byte, 255 (the
 * largest short frame), 256 (the smallest long frame), and large messages that take
 * many reads and writes. Both ends check every byte, so a fault is pinned on the
 * direction that has it.
 */
#include "peer.h"

/* Round-trip message i has pair_sizes[i % PAIR_SIZE_COUNT] bytes. */
static const size_t pair_sizes[] = {0, 1, 255, 256, 1024, 65536, 300000};
#define PAIR_SIZE_COUNT (sizeof pair_sizes / sizeof pair_sizes[0])

size_t peer_pair_size (size_t i)
{
    return pair_sizes[i % PAIR_SIZE_COUNT];
}

/* Multipart message i has 1 + i % 6 parts; part j has part_sizes[(i + j) % 6] bytes
 * and carries the number i * 8 + j. */
static const size_t part_sizes[] = {0, 1, 255, 256, 4000, 70000};
#define PART_SIZE_COUNT (sizeof part_sizes / sizeof part_sizes[0])
#define MAX_PARTS 6

int role_pair_ping (struct peer_args *args)
{
    size_t count = peer_number (peer_positional (args, 0, "count"), "count");
    peer_args_done (args, 1);
    void *pair = peer_socket (ZMQ_PAIR);
    peer_attach (pair, args->mode, args->endpoint, NULL);
    for (size_t i = 0; i < count; i++) {
        size_t size = pair_sizes[i % PAIR_SIZE_COUNT];
        peer_send_seq (pair, i, size, 0);
        peer_recv_seq (pair, i, size, 0);
    }
    peer_say ("round trips: %zu", count);
    peer_finish (pair, 0);
    return 0;
}

int role_pair_echo (struct peer_args *args)
{
    size_t count = peer_number (peer_positional (args, 0, "count"), "count");
    peer_args_done (args, 1);
    void *pair = peer_socket (ZMQ_PAIR);
    peer_attach (pair, args->mode, args->endpoint, NULL);
    for (size_t i = 0; i < count; i++) {
        size_t size = pair_sizes[i % PAIR_SIZE_COUNT];
        peer_recv_seq (pair, i, size, 0);
        peer_send_seq (pair, i, size, 0);
    }
    peer_say ("echoed: %zu", count);
    /* The last echo must leave before the socket goes. */
    peer_finish_sending (pair);
    return 0;
}

int role_mp_send (struct peer_args *args)
{
    size_t count = peer_number (peer_positional (args, 0, "count"), "count");
    peer_args_done (args, 1);
    void *push = peer_socket (ZMQ_PUSH);
    peer_attach (push, args->mode, args->endpoint, NULL);
    size_t parts_sent = 0;
    for (size_t i = 0; i < count; i++) {
        size_t parts = 1 + i % MAX_PARTS;
        for (size_t j = 0; j < parts; j++) {
            int flags = j + 1 < parts ? ZMQ_SNDMORE : 0;
            peer_send_seq (push, i * 8 + j, part_sizes[(i + j) % PART_SIZE_COUNT], flags);
        }
        parts_sent += parts;
    }
    peer_say ("sent %zu messages, %zu parts", count, parts_sent);
    peer_finish_sending (push);
    return 0;
}

int role_mp_recv (struct peer_args *args)
{
    size_t count = peer_number (peer_positional (args, 0, "count"), "count");
    peer_args_done (args, 1);
    void *pull = peer_socket (ZMQ_PULL);
    peer_attach (pull, args->mode, args->endpoint, NULL);
    size_t parts_received = 0;
    for (size_t i = 0; i < count; i++) {
        size_t parts = 1 + i % MAX_PARTS;
        for (size_t j = 0; j < parts; j++)
            peer_recv_seq (pull, i * 8 + j, part_sizes[(i + j) % PART_SIZE_COUNT],
                           j + 1 < parts);
        parts_received += parts;
    }
    peer_say ("received %zu messages, %zu parts", count, parts_received);
    peer_finish (pull, 0);
    return 0;
}
