/* peer.c: the interop peer's entry point: parses `peer ROLE bind|connect ENDPOINT ...`,
 * checks the library it runs on, and hands over to the role.
 *
 * Built once against the reference zmq.h (/usr/include), so the same binary runs on
 * Debian's libzmq or on oxzmq, whichever libzmq.so.5 LD_LIBRARY_PATH finds first; it
 * refuses to run unless that is the file EXPECT_LIB names. See peer.h for the exit
 * statuses and tests-interop/README.md for the scenarios.
 */
#include "peer.h"

#include <stdio.h>
#include <string.h>

/* A role: its name, its function, and its arguments after the endpoint. */
struct role {
    const char *name;
    int (*run) (struct peer_args *args);
    const char *usage;
};

static const struct role roles[] = {
  {"pair-ping", role_pair_ping, "COUNT"},
  {"pair-echo", role_pair_echo, "COUNT"},
  {"mon-ping", role_mon_ping, "COUNT"},
  {"push", role_push, "SIZE COUNT [--pause-after K]"},
  {"pull", role_pull, "SIZE COUNT [--exit-after K | --resume-from K]"},
  {"mp-send", role_mp_send, "COUNT"},
  {"mp-recv", role_mp_recv, "COUNT"},
  {"hb-quiet", role_hb_quiet, "QUIET_MS [--heartbeat IVL:TTL:TIMEOUT]"},
  {"hb-watch", role_hb_watch, "LIMIT_MS [--heartbeat IVL:TTL:TIMEOUT]"},
  {"hb-idle", role_hb_idle, "[--heartbeat IVL:TTL:TIMEOUT] [--warmup MS]"},
  {"maxmsg-recv", role_maxmsg_recv, "LIMIT"},
  {"maxmsg-send", role_maxmsg_send, "LIMIT first|second"},
};
#define ROLE_COUNT (sizeof roles / sizeof roles[0])

static int usage (void)
{
    fprintf (stderr, "usage: peer ROLE bind|connect ENDPOINT ARGS...\nroles:\n");
    for (size_t i = 0; i < ROLE_COUNT; i++)
        fprintf (stderr, "  %-12s %s\n", roles[i].name, roles[i].usage);
    fprintf (stderr, "environment: EXPECT_LIB (required: the real path of the libzmq.so.5 "
                     "to run on), PEER_TIMEOUT_MS (default 20000), PEER_HOLD_OPEN (1: senders stay until "
                     "stdin closes)\n");
    return 2;
}

/* Splits the arguments after ROLE MODE ENDPOINT into positionals and "--name value"
 * options; 0 if there are too many or an option lacks its value. */
static int split_arguments (int argc, char **argv, struct peer_args *args)
{
    const int capacity = (int) (sizeof args->positional / sizeof args->positional[0]);
    for (int i = 4; i < argc; i++) {
        if (strncmp (argv[i], "--", 2) == 0) {
            if (i + 1 >= argc || args->option_count == capacity)
                return 0;
            args->option_names[args->option_count] = argv[i];
            args->option_values[args->option_count] = argv[i + 1];
            args->option_used[args->option_count] = 0;
            args->option_count++;
            i++;
        } else {
            if (args->positional_count == capacity)
                return 0;
            args->positional[args->positional_count++] = argv[i];
        }
    }
    return 1;
}

int main (int argc, char **argv)
{
    if (argc < 4)
        return usage ();
    struct peer_args args;
    memset (&args, 0, sizeof args);
    args.role = argv[1];
    if (strcmp (argv[2], "bind") == 0)
        args.mode = PEER_BIND;
    else if (strcmp (argv[2], "connect") == 0)
        args.mode = PEER_CONNECT;
    else
        return usage ();
    args.endpoint = argv[3];
    if (!split_arguments (argc, argv, &args))
        return usage ();

    for (size_t i = 0; i < ROLE_COUNT; i++) {
        if (strcmp (roles[i].name, args.role) == 0) {
            peer_check_library ();
            return roles[i].run (&args);
        }
    }
    fprintf (stderr, "peer: unknown role '%s'\n", args.role);
    return usage ();
}
