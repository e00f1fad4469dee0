/* peer.h: what the files of the interop peer share.
 *
 * The peer is one program with many roles (pair-ping, push, pull, hb-watch...). It is
 * built once against the reference zmq.h and run on either library; the driver
 * (tests-interop/run.sh) picks the library with LD_LIBRARY_PATH and names the file the
 * peer must have mapped in EXPECT_LIB. Every role talks to the driver in lines: it
 * prints what it reached on stdout ("endpoint: ...", "up", "paused at 100") and reads
 * commands from stdin when a scenario needs it to wait for the other side.
 *
 * Exit status: 0 passed, 1 the scenario failed, 2 bad arguments, 3 wrong library.
 */
#ifndef OXZMQ_INTEROP_PEER_H
#define OXZMQ_INTEROP_PEER_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <zmq.h>

/* How a role attaches its socket to the endpoint. */
enum peer_mode { PEER_BIND, PEER_CONNECT };

/* The command line of one role: `peer ROLE bind|connect ENDPOINT POSITIONAL... --opt V`. */
struct peer_args {
    const char *role;
    enum peer_mode mode;
    const char *endpoint;
    int positional_count;
    const char *positional[8];
    int option_count;
    const char *option_names[8];
    const char *option_values[8];
    int option_used[8];
};

/* A set of socket inodes, as listed under /proc/self/fd ("socket:[N]"). The peer
 * tells whether a connection stayed up, or was dropped, by watching the kernel socket
 * behind it: a reconnection always makes a new one. */
struct inode_set {
    size_t count;
    unsigned long inodes[256];
};

/* ---- peer_util.c ---- */

/* Prints "FAIL: ..." on stderr and exits with status 1. */
void peer_fail (const char *format, ...) __attribute__ ((noreturn, format (printf, 1, 2)));
/* Exits through peer_fail with zmq_strerror when a libzmq call returned -1. */
void peer_check (int rc, const char *call);
/* Prints one line on stdout and flushes it at once: the driver waits for these lines. */
void peer_say (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
/* Prints pid, mapped library and version; exits 3 unless the library is EXPECT_LIB. */
void peer_check_library (void);
/* Milliseconds on the monotonic clock. */
uint64_t peer_now_ms (void);
/* How long a receive or send may block before the scenario counts as failed. */
int peer_timeout_ms (void);

/* The process's one context. */
void *peer_context (void);
/* A socket of `type` with bounded receive, send and linger times. */
void *peer_socket (int type);
/* Binds (printing "endpoint: <resolved endpoint>") or connects (printing "connecting: ...").
 * If `baseline` is not NULL it receives the socket inodes held just before a connection
 * could exist: after the bind (so the listener is not counted as a connection), before
 * the connect. */
void peer_attach (void *socket, enum peer_mode mode, const char *endpoint,
                  struct inode_set *baseline);
/* A socket of `type` (peer_socket) attached as the command line says (peer_attach). */
void *peer_open (const struct peer_args *args, int type, struct inode_set *baseline);
/* Connects to another endpoint, printing "connecting: ...". */
void peer_connect_more (void *socket, const char *endpoint);
/* Closes the socket with the given linger and terminates the context. */
void peer_finish (void *socket, int linger_ms);
/* Ends a role whose last act was sending: with PEER_HOLD_OPEN=1 it first prints
 * "holding" and keeps the socket open until stdin closes (the driver closes it once the
 * receiver has everything); then closes with a linger long enough for delivery. */
void peer_finish_sending (void *socket);

/* Parses a decimal count; exits 2 on anything else. */
size_t peer_number (const char *text, const char *what);
/* The positional argument `index`, or usage exit if missing. */
const char *peer_positional (const struct peer_args *args, int index, const char *what);
/* The positional argument `index` parsed as a decimal count (peer_number). */
size_t peer_positional_number (const struct peer_args *args, int index, const char *what);
/* The value of option `name`, or NULL; marks it used. */
const char *peer_option (struct peer_args *args, const char *name);
/* Exits 2 if the command line had positional or option arguments the role ignored. */
void peer_args_done (const struct peer_args *args, int positional_expected);
/* Applies "--heartbeat IVL:TTL:TIMEOUT" (milliseconds; 0 leaves one unset) if given. */
void peer_apply_heartbeat (struct peer_args *args, void *socket);

/* ---- peer_data.c ---- */

/* Fills a message body: the first 8 bytes carry `seq` (little-endian, as many as fit),
 * the rest a pattern keyed by `seq`, so a swapped, shifted or torn message shows. */
void peer_fill (unsigned char *data, size_t size, uint64_t seq);
/* Sends message `seq` of `size` bytes with `flags`. */
void peer_send_seq (void *socket, uint64_t seq, size_t size, int flags);
/* Receives one part and checks it is message `seq` of `size` bytes, with the MORE flag
 * set exactly when `more` is nonzero; fails with a description of what came instead. */
void peer_recv_seq (void *socket, uint64_t seq, size_t size, int more);
/* The sequence number a message of at least 8 bytes carries. */
uint64_t peer_seq_of (const zmq_msg_t *msg);

/* Reads one command line from stdin into `line` (newline stripped); 0 at end of input. */
int peer_read_command (char *line, size_t size);
/* Reads a command and fails unless it is exactly `expected`. */
void peer_expect_command (const char *expected);

/* The socket inodes this process holds now. */
void peer_socket_inodes (struct inode_set *out);
/* The inodes in `now` that are not in `before`. */
void peer_inode_difference (const struct inode_set *now, const struct inode_set *before,
                            struct inode_set *out);
/* Whether the two sets hold the same inodes. */
int peer_inode_sets_equal (const struct inode_set *a, const struct inode_set *b);
/* How many of `watched` this process still holds. */
size_t peer_inodes_still_open (const struct inode_set *watched);
/* Waits until none of `watched` is open any more, checking every few milliseconds for
 * at most `limit_ms`; returns the milliseconds it took, or -1 if they outlived it. */
long peer_wait_closed (const struct inode_set *watched, long limit_ms);

/* ---- roles: peer_stream.c, peer_pair.c, peer_conn.c ---- */

/* The size of PAIR round-trip message i (peer_pair.c): what pair-echo expects. */
size_t peer_pair_size (size_t i);
int role_pair_ping (struct peer_args *args);
int role_pair_echo (struct peer_args *args);
int role_mon_ping (struct peer_args *args);
int role_push (struct peer_args *args);
int role_pull (struct peer_args *args);
int role_mp_send (struct peer_args *args);
int role_mp_recv (struct peer_args *args);
int role_hb_quiet (struct peer_args *args);
int role_hb_watch (struct peer_args *args);
int role_hb_idle (struct peer_args *args);
int role_maxmsg_recv (struct peer_args *args);
int role_maxmsg_send (struct peer_args *args);

#endif
