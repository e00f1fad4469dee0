/* hello.c: the smallest complete ZeroMQ program.
 *
 * Two PAIR sockets in one context, joined over the in-process transport: one binds,
 * the other connects, "Hello" goes across. It then prints the library version and
 * which optional capabilities zmq_has() reports. It uses only the stable API, so it
 * builds against any libzmq 4.x header and runs on any libzmq.so.5.
 *
 * Build: cc hello.c $(pkg-config --cflags --libs libzmq) -o hello
 * Exit status: 0 when the message arrived intact, 1 otherwise (with the reason on stderr).
 */
#include <stdio.h>
#include <string.h>
#include <zmq.h>

/* The endpoint both sockets use; inproc needs no network and no I/O thread. */
#define HELLO_ENDPOINT "inproc://hello"

/* Reports which ZeroMQ call failed and why, as zmq_strerror() words it. */
static int report_failure (const char *call)
{
    fprintf (stderr, "hello: %s failed: %s\n", call, zmq_strerror (zmq_errno ()));
    return 1;
}

/* Sends "Hello" from one PAIR socket to the other and checks what arrives. */
static int exchange_hello (void *ctx)
{
    static const char greeting[] = "Hello";
    const size_t greeting_size = sizeof greeting - 1; /* the text, without its NUL */
    char received[32];
    int status = 1;

    void *receiver = zmq_socket (ctx, ZMQ_PAIR);
    void *sender = zmq_socket (ctx, ZMQ_PAIR);
    if (receiver == NULL || sender == NULL) {
        report_failure ("zmq_socket");
        goto done;
    }
    /* Since libzmq 4.0 an inproc connect may come before the bind; binding first is
     * just the order that reads naturally. */
    if (zmq_bind (receiver, HELLO_ENDPOINT) != 0) {
        report_failure ("zmq_bind");
        goto done;
    }
    if (zmq_connect (sender, HELLO_ENDPOINT) != 0) {
        report_failure ("zmq_connect");
        goto done;
    }
    if (zmq_send (sender, greeting, greeting_size, 0) != (int) greeting_size) {
        report_failure ("zmq_send");
        goto done;
    }
    /* zmq_recv returns the full message size even when it had to truncate. */
    int size = zmq_recv (receiver, received, sizeof received - 1, 0);
    if (size < 0) {
        report_failure ("zmq_recv");
        goto done;
    }
    if ((size_t) size != greeting_size || memcmp (received, greeting, greeting_size) != 0) {
        fprintf (stderr, "hello: received %d bytes that are not \"%s\"\n", size, greeting);
        goto done;
    }
    received[size] = '\0';
    printf ("Received: %s\n", received);
    status = 0;

done:
    /* Only sockets that were created are closed; a NULL is not a socket. */
    if (sender != NULL)
        zmq_close (sender);
    if (receiver != NULL)
        zmq_close (receiver);
    return status;
}

/* Prints the optional features zmq_has() knows about; none is required here. */
static int print_capabilities (void)
{
    static const char *const capabilities[] = {"ipc", "pgm", "tipc", "norm",
                                               "curve", "gssapi", "draft"};
    printf ("Capabilities:");
    for (size_t i = 0; i < sizeof capabilities / sizeof capabilities[0]; i++)
        printf (" %s=%s", capabilities[i], zmq_has (capabilities[i]) ? "yes" : "no");
    printf ("\n");
    /* The documented answer for a name the library does not know is 0 ("no"). */
    if (zmq_has ("no-such-capability") != 0) {
        fprintf (stderr, "hello: zmq_has claims an unknown capability\n");
        return 1;
    }
    return 0;
}

int main (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    printf ("libzmq version %d.%d.%d (header %d.%d.%d)\n", major, minor, patch,
            ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH);

    void *ctx = zmq_ctx_new ();
    if (ctx == NULL)
        return report_failure ("zmq_ctx_new");

    int status = exchange_hello (ctx);
    if (status == 0)
        status = print_capabilities ();

    if (zmq_ctx_term (ctx) != 0)
        return report_failure ("zmq_ctx_term");
    return status;
}
