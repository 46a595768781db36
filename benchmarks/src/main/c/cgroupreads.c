/*
 * The container measurement's reads from C, for ContainerBenchmark's comparison (docs/performance.md):
 * each file named on the command line opened once and read from offset 0 with pread every poll, as the
 * measurement reads its kept descriptors, and parsed as little (the first number of the buffer).
 *
 *   cgroupreads SECONDS FILE...
 *
 * Prints the mean time a poll (every file once) in nanoseconds.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: cgroupreads SECONDS FILE...\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    int n = argc - 2;
    int *fds = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) {
        fds[i] = open(argv[i + 2], O_RDONLY);
        if (fds[i] < 0) {
            perror(argv[i + 2]);
            return 1;
        }
    }
    char buf[4096];
    long long sum = 0, polls = 0;
    long long end = now_ns() + (long long) (seconds * 1e9);
    long long start = now_ns();
    while (now_ns() < end) {
        for (int i = 0; i < n; i++) {
            ssize_t len = pread(fds[i], buf, sizeof buf, 0);
            long long v = 0;
            for (ssize_t k = 0; k < len && buf[k] >= '0' && buf[k] <= '9'; k++) {
                v = v * 10 + (buf[k] - '0');
            }
            sum += v;
        }
        polls++;
    }
    long long elapsed = now_ns() - start;
    printf("cgroupreads: %d files, %lld polls, %.0f ns a poll (checksum %lld)\n", n, polls,
           (double) elapsed / polls, sum & 1);
    return 0;
}
