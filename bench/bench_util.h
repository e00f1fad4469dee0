/* bench_util.h: what the two inproc benchmarks share.
 *
 * Argument parsing, a monotonic clock, error exits, and the line that names the
 * libzmq.so.5 this process actually mapped. The benchmarks are compiled once, against
 * the reference zmq.h, and run on both libraries; that line is how bench/run.sh proves
 * each run measured the library it meant to.
 */
#ifndef OXZMQ_BENCH_UTIL_H
#define OXZMQ_BENCH_UTIL_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/* Exits with the failing call and zmq_strerror's reason; a benchmark that lost a
 * message has no result worth printing. */
static void bench_fail (const char *call)
{
    fprintf (stderr, "benchmark: %s failed: %s\n", call, zmq_strerror (zmq_errno ()));
    exit (1);
}

/* Parses a positive decimal argument, or exits with usage help. */
static size_t bench_parse_count (const char *text, const char *what, const char *usage)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull (text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value == 0 || value > SIZE_MAX / 2) {
        fprintf (stderr, "benchmark: bad %s '%s'\nusage: %s\n", what, text, usage);
        exit (2);
    }
    return (size_t) value;
}

/* Nanoseconds on the monotonic clock. */
static uint64_t bench_now_ns (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (uint64_t) now.tv_sec * 1000000000u + (uint64_t) now.tv_nsec;
}

/* Prints "library: <path>" for the libzmq shared object mapped into this process, read
 * from /proc/self/maps (the loader's actual choice, after LD_LIBRARY_PATH and symlinks). */
static void bench_print_loaded_library (void)
{
    FILE *maps = fopen ("/proc/self/maps", "r");
    char line[4096];
    const char *found = NULL;
    while (maps != NULL && fgets (line, sizeof line, maps) != NULL) {
        char *path = strchr (line, '/');
        if (path != NULL && strstr (path, "/libzmq.so") != NULL) {
            path[strcspn (path, "\n")] = '\0';
            found = path;
            break;
        }
    }
    printf ("library: %s\n", found != NULL ? found : "(no libzmq mapped?)");
    if (maps != NULL)
        fclose (maps);
}

/* Prints the runtime version, which may differ from the header's. */
static void bench_print_version (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    printf ("version: %d.%d.%d\n", major, minor, patch);
}

#endif
