/*
 * The container measurement's poll from C, for ContainerBenchmark's comparison (docs/performance.md): each
 * file named on the command line opened once and read from offset 0 with pread every poll, as the
 * measurement reads its kept descriptors, and parsed as the measurement parses it (the keyed lines of
 * cpu.stat, memory.oom_control and memory.events, cpu.max's two numbers, else the first number).
 *
 *   cgroupreads THREADS SECONDS FILE...
 *
 * Starts THREADS parked pthreads first, as procreads.c does: the measurement always runs in a process of
 * many threads, and there the kernel takes a reference on the file at every read (fdget/fput), which it
 * skips in a process of one thread. THREADS 0 is the single-threaded floor.
 *
 * Prints the mean time a poll (every file once) in nanoseconds.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *parked(void *arg) {
    (void) arg;
    pthread_mutex_lock(&mu);
    for (;;) pthread_cond_wait(&cv, &mu);
    return NULL;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The digits from buf[at] on, or -1 (ProcFiles.parseLong). */
static long long number(const char *buf, ssize_t at, ssize_t len) {
    if (at < 0 || at >= len || buf[at] < '0' || buf[at] > '9') return -1;
    long long v = 0;
    for (ssize_t k = at; k < len && buf[k] >= '0' && buf[k] <= '9'; k++) v = v * 10 + (buf[k] - '0');
    return v;
}

/* The index after KEY at a line's start, or -1 (ProcFiles.afterKey). */
static ssize_t after_key(const char *buf, ssize_t len, const char *key) {
    size_t n = strlen(key);
    for (ssize_t i = 0; i + (ssize_t) n <= len; i++) {
        if (i > 0 && buf[i - 1] != '\n') continue;
        if (memcmp(buf + i, key, n) == 0) return i + (ssize_t) n;
    }
    return -1;
}

static const char *const CPU_STAT[] = {"nr_periods ", "nr_throttled ", "throttled_time ", "throttled_usec ",
                                       "usage_usec ", NULL};
static const char *const OOM_CONTROL[] = {"oom_kill ", NULL};
static const char *const MEMORY_EVENTS[] = {"max ", "oom_kill ", NULL};

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: cgroupreads THREADS SECONDS FILE...\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    double seconds = atof(argv[2]);
    int n = argc - 3;
    int *fds = malloc(sizeof(int) * n);
    const char *const **keys = malloc(sizeof(*keys) * n);
    for (int i = 0; i < n; i++) {
        const char *path = argv[i + 3];
        fds[i] = open(path, O_RDONLY);
        if (fds[i] < 0) {
            perror(path);
            return 1;
        }
        keys[i] = ends_with(path, "/cpu.stat") ? CPU_STAT
                : ends_with(path, "/memory.oom_control") ? OOM_CONTROL
                : ends_with(path, "/memory.events") ? MEMORY_EVENTS : NULL;
    }
    for (int i = 0; i < threads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, parked, NULL) != 0) {
            perror("pthread_create");
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
            if (keys[i] != NULL) {
                for (const char *const *k = keys[i]; *k != NULL; k++) sum += number(buf, after_key(buf, len, *k), len);
            } else {
                sum += number(buf, 0, len);
                const char *space = len > 0 ? memchr(buf, ' ', (size_t) len) : NULL; /* cpu.max: "quota period" */
                if (space != NULL) sum += number(buf, space - buf + 1, len);
            }
        }
        polls++;
    }
    long long elapsed = now_ns() - start;
    printf("cgroupreads: %d files, %d parked threads, %lld polls, %.0f ns a poll (checksum %lld)\n", n, threads,
           polls, (double) elapsed / polls, sum & 1);
    return 0;
}
