/* peer_data.c: what the peer checks: message contents, and the kernel sockets that
 * show whether a connection stayed up or was dropped.
 *
 * Message contents: message `seq` carries `seq` in its first bytes and a pattern keyed
 * by `seq` after them, so the receiver proves order (seq after seq), completeness (no
 * gap) and integrity (every byte) without any side channel.
 *
 * Connections: libzmq's API does not say when a connection drops and comes back (the
 * socket monitor does, but oxzmq may not have it when these tests first run). The
 * kernel does: every TCP or IPC connection is a socket in /proc/self/fd, and a
 * reconnection is always a new socket with a new inode. So a role records the socket
 * inodes before it attaches, and the new ones after the first message are its
 * connection; it stayed up while those inodes stay open, and it was dropped once they
 * are closed.
 */
#include "peer.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The pattern byte at `offset` of message `seq`: depends on both, so a message swapped
 * with another or shifted by a byte does not match. 131 is odd, so consecutive
 * one-byte messages differ. */
static unsigned char pattern_byte (uint64_t seq, size_t offset)
{
    return (unsigned char) (seq * 131u + offset * 7u + (offset >> 9));
}

void peer_fill (unsigned char *data, size_t size, uint64_t seq)
{
    size_t offset = 0;
    for (; offset < size && offset < 8; offset++)
        data[offset] = (unsigned char) (seq >> (8 * offset));
    for (; offset < size; offset++)
        data[offset] = pattern_byte (seq, offset);
}

uint64_t peer_seq_of (const zmq_msg_t *msg)
{
    const unsigned char *data = zmq_msg_data ((zmq_msg_t *) msg);
    uint64_t seq = 0;
    for (size_t offset = 0; offset < 8 && offset < zmq_msg_size ((zmq_msg_t *) msg); offset++)
        seq |= (uint64_t) data[offset] << (8 * offset);
    return seq;
}

/* The first offset where `data` differs from message `seq`, or `size` if none does. */
static size_t first_mismatch (const unsigned char *data, size_t size, uint64_t seq)
{
    size_t offset = 0;
    for (; offset < size && offset < 8; offset++)
        if (data[offset] != (unsigned char) (seq >> (8 * offset)))
            return offset;
    for (; offset < size; offset++)
        if (data[offset] != pattern_byte (seq, offset))
            return offset;
    return size;
}

void peer_send_seq (void *socket, uint64_t seq, size_t size, int flags)
{
    zmq_msg_t msg;
    peer_check (zmq_msg_init_size (&msg, size), "zmq_msg_init_size");
    peer_fill (zmq_msg_data (&msg), size, seq);
    if (zmq_msg_send (&msg, socket, flags) < 0)
        peer_fail ("zmq_msg_send(message %llu, %zu bytes): %s", (unsigned long long) seq, size,
                   zmq_strerror (zmq_errno ()));
}

void peer_recv_seq (void *socket, uint64_t seq, size_t size, int more)
{
    zmq_msg_t msg;
    peer_check (zmq_msg_init (&msg), "zmq_msg_init");
    if (zmq_msg_recv (&msg, socket, 0) < 0)
        peer_fail ("zmq_msg_recv(waiting for message %llu of %zu bytes): %s",
                   (unsigned long long) seq, size, zmq_strerror (zmq_errno ()));
    size_t got = zmq_msg_size (&msg);
    /* Name the message that came, if it carries a number, to tell loss from corruption. */
    if (got != size) {
        if (got >= 8)
            peer_fail ("expected message %llu of %zu bytes, got %zu bytes carrying %llu",
                       (unsigned long long) seq, size, got,
                       (unsigned long long) peer_seq_of (&msg));
        peer_fail ("expected message %llu of %zu bytes, got %zu bytes",
                   (unsigned long long) seq, size, got);
    }
    size_t bad = first_mismatch (zmq_msg_data (&msg), got, seq);
    if (bad != got) {
        if (got >= 8 && bad < 8)
            peer_fail ("expected message %llu, got message %llu (%zu bytes)",
                       (unsigned long long) seq, (unsigned long long) peer_seq_of (&msg), got);
        peer_fail ("message %llu (%zu bytes) is corrupt from byte %zu on",
                   (unsigned long long) seq, got, bad);
    }
    if (zmq_msg_more (&msg) != (more != 0))
        peer_fail ("message %llu: MORE flag is %d, expected %d", (unsigned long long) seq,
                   zmq_msg_more (&msg), more != 0);
    peer_check (zmq_msg_close (&msg), "zmq_msg_close");
}

void peer_socket_inodes (struct inode_set *out)
{
    out->count = 0;
    DIR *fds = opendir ("/proc/self/fd");
    if (fds == NULL)
        peer_fail ("cannot list /proc/self/fd");
    struct dirent *entry;
    while ((entry = readdir (fds)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        char target[128];
        ssize_t length = readlinkat (dirfd (fds), entry->d_name, target, sizeof target - 1);
        if (length <= 0)
            continue; /* the directory's own fd, closed by now */
        target[length] = '\0';
        unsigned long inode;
        if (sscanf (target, "socket:[%lu]", &inode) != 1)
            continue;
        if (out->count == sizeof out->inodes / sizeof out->inodes[0])
            peer_fail ("more than %zu sockets open", out->count);
        out->inodes[out->count++] = inode;
    }
    closedir (fds);
}

/* Whether `set` holds `inode`. */
static int inode_set_has (const struct inode_set *set, unsigned long inode)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->inodes[i] == inode)
            return 1;
    return 0;
}

void peer_inode_difference (const struct inode_set *now, const struct inode_set *before,
                            struct inode_set *out)
{
    out->count = 0;
    for (size_t i = 0; i < now->count; i++)
        if (!inode_set_has (before, now->inodes[i]))
            out->inodes[out->count++] = now->inodes[i];
}

int peer_inode_sets_equal (const struct inode_set *a, const struct inode_set *b)
{
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (!inode_set_has (b, a->inodes[i]))
            return 0;
    return 1;
}

size_t peer_inodes_still_open (const struct inode_set *watched)
{
    struct inode_set now;
    peer_socket_inodes (&now);
    size_t open = 0;
    for (size_t i = 0; i < watched->count; i++)
        open += (size_t) inode_set_has (&now, watched->inodes[i]);
    return open;
}

long peer_wait_closed (const struct inode_set *watched, long limit_ms)
{
    uint64_t start = peer_now_ms ();
    /* There is no event to wait on (the library closes its fd when it drops the
     * connection, and says nothing): look every 5 ms, up to the limit. */
    const struct timespec step = {0, 5 * 1000 * 1000};
    for (;;) {
        long elapsed = (long) (peer_now_ms () - start);
        if (peer_inodes_still_open (watched) == 0)
            return elapsed;
        if (elapsed > limit_ms)
            return -1;
        nanosleep (&step, NULL);
    }
}
