/* peer_util.c: the peer's plumbing: failure reports, the library check, the context
 * and its sockets, argument parsing, and the stdin command channel.
 *
 * Nothing here knows a scenario; the roles in the other files use these to stay short.
 */
#include "peer.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Receives and sends block at most this long unless PEER_TIMEOUT_MS says otherwise:
 * long enough for a loaded machine, short enough that a lost message fails with a
 * clear message before the driver's own timeout kills the process. */
#define DEFAULT_TIMEOUT_MS 20000

static void *the_context;

void peer_fail (const char *format, ...)
{
    va_list list;
    va_start (list, format);
    fputs ("FAIL: ", stderr);
    vfprintf (stderr, format, list);
    fputc ('\n', stderr);
    va_end (list);
    /* stdout may hold lines the driver has not seen; they help to read the failure. */
    fflush (stdout);
    exit (1);
}

void peer_check (int rc, const char *call)
{
    if (rc == -1)
        peer_fail ("%s: %s (errno %d)", call, zmq_strerror (zmq_errno ()), zmq_errno ());
}

void peer_say (const char *format, ...)
{
    va_list list;
    va_start (list, format);
    vprintf (format, list);
    va_end (list);
    putchar ('\n');
    fflush (stdout);
}

/* The path of the libzmq shared object in /proc/self/maps, into `path`; 0 if none. */
static int find_mapped_library (char *path, size_t size)
{
    FILE *maps = fopen ("/proc/self/maps", "r");
    if (maps == NULL)
        return 0;
    char line[PATH_MAX + 256];
    int found = 0;
    while (!found && fgets (line, sizeof line, maps) != NULL) {
        char *file = strchr (line, '/');
        if (file != NULL && strstr (file, "/libzmq.so") != NULL) {
            file[strcspn (file, "\n")] = '\0';
            snprintf (path, size, "%s", file);
            found = 1;
        }
    }
    fclose (maps);
    return found;
}

void peer_check_library (void)
{
    char mapped[PATH_MAX];
    if (!find_mapped_library (mapped, sizeof mapped)) {
        fprintf (stderr, "FAIL: no libzmq.so is mapped into this process\n");
        exit (3);
    }
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    peer_say ("pid: %ld", (long) getpid ());
    peer_say ("library: %s", mapped);
    peer_say ("version: %d.%d.%d", major, minor, patch);

    /* Refuse to run unchecked: a suite that silently ran the reference against itself
     * would report oxzmq as compatible without having touched it. */
    const char *expected = getenv ("EXPECT_LIB");
    if (expected == NULL || expected[0] == '\0') {
        fprintf (stderr, "FAIL: EXPECT_LIB is not set; set it to the real path of the "
                         "libzmq.so.5 this run must use\n");
        exit (3);
    }
    char expected_real[PATH_MAX], mapped_real[PATH_MAX];
    if (realpath (expected, expected_real) == NULL) {
        fprintf (stderr, "FAIL: EXPECT_LIB=%s: %s\n", expected, strerror (errno));
        exit (3);
    }
    if (realpath (mapped, mapped_real) == NULL)
        snprintf (mapped_real, sizeof mapped_real, "%s", mapped);
    if (strcmp (expected_real, mapped_real) != 0) {
        fprintf (stderr, "FAIL: wrong library: loaded %s, expected %s\n", mapped_real,
                 expected_real);
        exit (3);
    }
}

uint64_t peer_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (uint64_t) now.tv_sec * 1000u + (uint64_t) now.tv_nsec / 1000000u;
}

int peer_timeout_ms (void)
{
    const char *text = getenv ("PEER_TIMEOUT_MS");
    if (text == NULL || text[0] == '\0')
        return DEFAULT_TIMEOUT_MS;
    return (int) peer_number (text, "PEER_TIMEOUT_MS");
}

void *peer_context (void)
{
    if (the_context == NULL) {
        the_context = zmq_ctx_new ();
        if (the_context == NULL)
            peer_check (-1, "zmq_ctx_new");
    }
    return the_context;
}

void *peer_socket (int type)
{
    void *socket = zmq_socket (peer_context (), type);
    if (socket == NULL)
        peer_check (-1, "zmq_socket");
    int timeout = peer_timeout_ms ();
    peer_check (zmq_setsockopt (socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout),
                "zmq_setsockopt(ZMQ_RCVTIMEO)");
    peer_check (zmq_setsockopt (socket, ZMQ_SNDTIMEO, &timeout, sizeof timeout),
                "zmq_setsockopt(ZMQ_SNDTIMEO)");
    /* A bounded linger: closing waits for queued messages to leave, but a peer that
     * never takes them cannot hang the process for ever. */
    peer_check (zmq_setsockopt (socket, ZMQ_LINGER, &timeout, sizeof timeout),
                "zmq_setsockopt(ZMQ_LINGER)");
    return socket;
}

void peer_attach (void *socket, enum peer_mode mode, const char *endpoint,
                  struct inode_set *baseline)
{
    if (mode == PEER_CONNECT) {
        if (baseline != NULL)
            peer_socket_inodes (baseline);
        peer_connect_more (socket, endpoint);
        return;
    }
    if (zmq_bind (socket, endpoint) != 0)
        peer_fail ("zmq_bind(%s): %s", endpoint, zmq_strerror (zmq_errno ()));
    /* No peer can connect before the driver has read the endpoint line below. */
    if (baseline != NULL)
        peer_socket_inodes (baseline);
    /* The resolved endpoint: the driver binds tcp to port "*" and learns the port here. */
    char resolved[1024];
    size_t size = sizeof resolved;
    peer_check (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, resolved, &size),
                "zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
    peer_say ("endpoint: %s", resolved);
}

void *peer_open (const struct peer_args *args, int type, struct inode_set *baseline)
{
    void *socket = peer_socket (type);
    peer_attach (socket, args->mode, args->endpoint, baseline);
    return socket;
}

void peer_connect_more (void *socket, const char *endpoint)
{
    if (zmq_connect (socket, endpoint) != 0)
        peer_fail ("zmq_connect(%s): %s", endpoint, zmq_strerror (zmq_errno ()));
    peer_say ("connecting: %s", endpoint);
}

void peer_finish (void *socket, int linger_ms)
{
    peer_check (zmq_setsockopt (socket, ZMQ_LINGER, &linger_ms, sizeof linger_ms),
                "zmq_setsockopt(ZMQ_LINGER)");
    peer_check (zmq_close (socket), "zmq_close");
    peer_check (zmq_ctx_term (peer_context ()), "zmq_ctx_term");
    the_context = NULL;
}

void peer_finish_sending (void *socket)
{
    /* Why holding exists: the reference libzmq 4.3.4, receiving over ipc, discards what
     * is still unread in the kernel once the sender closes while its own queue is full
     * (it takes the hang-up for an error before reading the rest; libzmq issue #4660).
     * Over ipc the driver therefore keeps senders open until the receiver is done. */
    const char *hold = getenv ("PEER_HOLD_OPEN");
    if (hold != NULL && strcmp (hold, "1") == 0) {
        peer_say ("holding");
        char line[256];
        while (peer_read_command (line, sizeof line))
            ;
    }
    peer_finish (socket, peer_timeout_ms ());
}

size_t peer_number (const char *text, const char *what)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull (text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value > (unsigned long long) INT_MAX) {
        fprintf (stderr, "peer: bad %s '%s'\n", what, text);
        exit (2);
    }
    return (size_t) value;
}

const char *peer_positional (const struct peer_args *args, int index, const char *what)
{
    if (index >= args->positional_count) {
        fprintf (stderr, "peer %s: missing argument <%s>\n", args->role, what);
        exit (2);
    }
    return args->positional[index];
}

size_t peer_positional_number (const struct peer_args *args, int index, const char *what)
{
    return peer_number (peer_positional (args, index, what), what);
}

const char *peer_option (struct peer_args *args, const char *name)
{
    for (int i = 0; i < args->option_count; i++) {
        if (strcmp (args->option_names[i], name) == 0) {
            args->option_used[i] = 1;
            return args->option_values[i];
        }
    }
    return NULL;
}

void peer_args_done (const struct peer_args *args, int positional_expected)
{
    if (args->positional_count != positional_expected) {
        fprintf (stderr, "peer %s: expected %d arguments after the endpoint, got %d\n",
                 args->role, positional_expected, args->positional_count);
        exit (2);
    }
    for (int i = 0; i < args->option_count; i++) {
        if (!args->option_used[i]) {
            fprintf (stderr, "peer %s: unknown option %s\n", args->role,
                     args->option_names[i]);
            exit (2);
        }
    }
}

void peer_apply_heartbeat (struct peer_args *args, void *socket)
{
    const char *spec = peer_option (args, "--heartbeat");
    if (spec == NULL)
        return;
    int interval, ttl, timeout;
    char tail;
    if (sscanf (spec, "%d:%d:%d%c", &interval, &ttl, &timeout, &tail) != 3 || interval < 0
        || ttl < 0 || timeout < 0) {
        fprintf (stderr, "peer: --heartbeat wants IVL:TTL:TIMEOUT in ms, got '%s'\n", spec);
        exit (2);
    }
    /* A 0 leaves the option alone: an explicit 0 need not mean the same as the default
     * (the timeout's default follows the interval). */
    if (interval > 0)
        peer_check (zmq_setsockopt (socket, ZMQ_HEARTBEAT_IVL, &interval, sizeof interval),
                    "zmq_setsockopt(ZMQ_HEARTBEAT_IVL)");
    if (ttl > 0)
        peer_check (zmq_setsockopt (socket, ZMQ_HEARTBEAT_TTL, &ttl, sizeof ttl),
                    "zmq_setsockopt(ZMQ_HEARTBEAT_TTL)");
    if (timeout > 0)
        peer_check (zmq_setsockopt (socket, ZMQ_HEARTBEAT_TIMEOUT, &timeout, sizeof timeout),
                    "zmq_setsockopt(ZMQ_HEARTBEAT_TIMEOUT)");
}

int peer_read_command (char *line, size_t size)
{
    if (fgets (line, (int) size, stdin) == NULL)
        return 0;
    line[strcspn (line, "\r\n")] = '\0';
    return 1;
}

void peer_expect_command (const char *expected)
{
    char line[256];
    if (!peer_read_command (line, sizeof line))
        peer_fail ("stdin closed while waiting for the command '%s'", expected);
    if (strcmp (line, expected) != 0)
        peer_fail ("got the command '%s', expected '%s'", line, expected);
}
