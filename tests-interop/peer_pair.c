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

/* What every role here starts with: its one argument, COUNT, and a socket of `type`
 * attached as the command line says. */
static void *open_counted (struct peer_args *args, int type, size_t *count)
{
    *count = peer_positional_number (args, 0, "count");
    peer_args_done (args, 1);
    return peer_open (args, type, NULL);
}

/* Makes `count` PAIR round trips of the sizes above: the pinging end sends message i
 * and checks it comes back; the echoing end checks it and sends it back. */
static void round_trips (void *pair, size_t count, int echoing)
{
    for (size_t i = 0; i < count; i++) {
        size_t size = pair_sizes[i % PAIR_SIZE_COUNT];
        if (echoing)
            peer_recv_seq (pair, i, size, 0);
        peer_send_seq (pair, i, size, 0);
        if (!echoing)
            peer_recv_seq (pair, i, size, 0);
    }
}

int role_pair_ping (struct peer_args *args)
{
    size_t count;
    void *pair = open_counted (args, ZMQ_PAIR, &count);
    round_trips (pair, count, 0);
    peer_say ("round trips: %zu", count);
    peer_finish (pair, 0);
    return 0;
}

int role_pair_echo (struct peer_args *args)
{
    size_t count;
    void *pair = open_counted (args, ZMQ_PAIR, &count);
    round_trips (pair, count, 1);
    peer_say ("echoed: %zu", count);
    /* The last echo must leave before the socket goes. */
    peer_finish_sending (pair);
    return 0;
}

/* Walks the multipart stream of `count` messages, sending it (mp-send) or receiving
 * and checking it (mp-recv): both ends follow the one layout above, part by part, so
 * it is written once. Returns the number of parts. */
static size_t walk_multipart (void *socket, size_t count, int sending)
{
    size_t total_parts = 0;
    for (size_t i = 0; i < count; i++) {
        size_t parts = 1 + i % MAX_PARTS;
        for (size_t j = 0; j < parts; j++) {
            uint64_t seq = i * 8 + j;
            size_t size = part_sizes[(i + j) % PART_SIZE_COUNT];
            int more = j + 1 < parts;
            if (sending)
                peer_send_seq (socket, seq, size, more ? ZMQ_SNDMORE : 0);
            else
                peer_recv_seq (socket, seq, size, more);
        }
        total_parts += parts;
    }
    return total_parts;
}

int role_mp_send (struct peer_args *args)
{
    size_t count;
    void *push = open_counted (args, ZMQ_PUSH, &count);
    size_t parts_sent = walk_multipart (push, count, 1);
    peer_say ("sent %zu messages, %zu parts", count, parts_sent);
    peer_finish_sending (push);
    return 0;
}

int role_mp_recv (struct peer_args *args)
{
    size_t count;
    void *pull = open_counted (args, ZMQ_PULL, &count);
    size_t parts_received = walk_multipart (pull, count, 0);
    peer_say ("received %zu messages, %zu parts", count, parts_received);
    peer_finish (pull, 0);
    return 0;
}
