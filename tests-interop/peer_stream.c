/* peer_stream.c: the PUSH and PULL roles: a numbered stream of messages, checked in
 * order and byte for byte, and the restart scenario built on it.
 *
 *   push bind|connect ENDPOINT SIZE COUNT [--pause-after K]
 *   pull bind|connect ENDPOINT SIZE COUNT [--exit-after K | --resume-from K]
 *
 * The restart scenario (driven by run.sh) is a sender with --pause-after K, a first
 * receiver with --exit-after K and, once that one is gone, a second receiver with
 * --resume-from K at the same endpoint:
 *
 *   sender                          first receiver             second receiver
 *   sends 0..K-1, "paused at K"     receives 0..K-1, "received K"
 *   <- "watch": notes its connection
 *                                   <- "crash": _exit, no close
 *   sees the connection closed,
 *   "peer gone"                                                starts, binds or connects
 *   <- "go": sends K..COUNT-1                                  receives K..COUNT-1
 *
 * Every message the sender hands to the library after the first receiver died must
 * reach the second one, in order, none missing: a connecting PUSH keeps its queue
 * across the reconnection, and a binding PUSH waits for the new peer.
 */
#include "peer.h"

#include <stdlib.h>
#include <unistd.h>

/* The sender's pause: waits until the receiver it was talking to is gone (its
 * connection socket closed), then for the driver's "go". `baseline` holds the
 * sockets from before any connection, so the new ones are the connection. */
static void pause_for_restart (const struct inode_set *baseline, size_t sent)
{
    peer_say ("paused at %zu", sent);
    /* The driver says "watch" once the receiver has all K messages, so the connection
     * certainly exists now; the sender records it before the receiver dies. */
    peer_expect_command ("watch");
    struct inode_set now, connection;
    peer_socket_inodes (&now);
    peer_inode_difference (&now, baseline, &connection);
    if (connection.count == 0)
        peer_fail ("after %zu messages delivered there is no connection socket to watch",
                   sent);
    peer_say ("watching %zu connection socket(s)", connection.count);
    long waited = peer_wait_closed (&connection, peer_timeout_ms ());
    if (waited < 0)
        peer_fail ("the receiver died but its connection was still open after %d ms",
                   peer_timeout_ms ());
    peer_say ("peer gone after %ld ms", waited);
    peer_expect_command ("go");
}

int role_push (struct peer_args *args)
{
    size_t size = peer_positional_number (args, 0, "size");
    size_t count = peer_positional_number (args, 1, "count");
    const char *pause_text = peer_option (args, "--pause-after");
    peer_args_done (args, 2);
    size_t pause_after = count;
    if (pause_text != NULL) {
        pause_after = peer_number (pause_text, "--pause-after");
        if (pause_after == 0 || pause_after >= count)
            peer_fail ("--pause-after must be between 1 and COUNT-1");
    }

    struct inode_set baseline;
    void *push = peer_open (args, ZMQ_PUSH, &baseline);
    for (size_t seq = 0; seq < count; seq++) {
        if (seq == pause_after)
            pause_for_restart (&baseline, seq);
        peer_send_seq (push, seq, size, 0);
    }
    peer_say ("sent %zu", count);
    /* Closing with a linger waits until the queue has left for the receiver. */
    peer_finish_sending (push);
    return 0;
}

int role_pull (struct peer_args *args)
{
    size_t size = peer_positional_number (args, 0, "size");
    size_t count = peer_positional_number (args, 1, "count");
    const char *exit_text = peer_option (args, "--exit-after");
    const char *resume_text = peer_option (args, "--resume-from");
    peer_args_done (args, 2);
    if (exit_text != NULL && resume_text != NULL)
        peer_fail ("--exit-after and --resume-from exclude each other");
    size_t first = 0, end = count;
    if (exit_text != NULL)
        end = peer_number (exit_text, "--exit-after");
    if (resume_text != NULL)
        first = peer_number (resume_text, "--resume-from");
    if (end == 0 || end > count || first >= count)
        peer_fail ("--exit-after and --resume-from must lie between 1 and COUNT-1");

    void *pull = peer_open (args, ZMQ_PULL, NULL);
    for (size_t seq = first; seq < end; seq++)
        peer_recv_seq (pull, seq, size, 0);
    peer_say ("received %zu..%zu", first, end - 1);

    if (exit_text != NULL) {
        /* The crash: no zmq_close, no zmq_ctx_term; the kernel closes the sockets (an
         * ipc socket file stays behind, as after a real crash). Waiting for the command
         * lets the sender note its connection first. */
        peer_expect_command ("crash");
        _exit (0);
    }
    peer_finish (pull, 0);
    return 0;
}
