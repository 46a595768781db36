/*
 * The kernel floor for the total_run_queue_lengths measurement: the same /proc reads from C.
 *
 *   procreads THREADS MODE SECONDS
 *
 * Starts THREADS parked pthreads (waiting on a condition variable, state S, like parked Java threads),
 * then for SECONDS repeats one "poll" and prints its cost:
 *   MODE full:    list /proc/self/task, read every task's schedstat and stat.
 *   MODE sampled: what RunQueueMeasurement/TaskSampler does: up to BUDGET (256) tasks every task is read
 *                 and the list is refreshed each poll; above, BUDGET random distinct tasks are read and
 *                 the list is refreshed every RELIST (16) polls.
 *   MODE list:    only list /proc/self/task (what a relisting poll adds).
 * Each file is opened, read to end of file into a 4 KiB buffer and closed; schedstat's 2nd field and
 * stat's state (after the last ')') are parsed, as the Java code does.
 * Output, one line: threads mode polls mean_us p50_us p99_us max_us files_per_poll us_per_file
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUDGET 256
#define RELIST 16

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stopping;
static char buf[4096];
static volatile long sink;

static void *parked(void *arg) {
    (void) arg;
    pthread_mutex_lock(&mu);
    while (!stopping) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return NULL;
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int read_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int total = 0, n;
    while (total < (int) sizeof buf && (n = read(fd, buf + total, sizeof buf - total)) > 0) total += n;
    close(fd);
    return total;
}

static void read_task(int tid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
    int len = read_file(path);
    if (len > 0) {
        char *sp = memchr(buf, ' ', len);
        if (sp) sink += strtol(sp + 1, NULL, 10);
    }
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    len = read_file(path);
    for (int i = len - 1; i >= 0; i--) {
        if (buf[i] == ')') { if (i + 2 < len) sink += buf[i + 2]; break; }
    }
}

static int *tids;
static int ntids, cap;

static void list_tasks(void) {
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    ntids = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        if (ntids == cap) { cap = cap ? cap * 2 : 1024; tids = realloc(tids, cap * sizeof *tids); }
        tids[ntids++] = atoi(e->d_name);
    }
    closedir(d);
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: procreads THREADS full|sampled|list SECONDS\n"); return 2; }
    int threads = atoi(argv[1]);
    int sampled = strcmp(argv[2], "sampled") == 0;
    int list_only = strcmp(argv[2], "list") == 0;
    double seconds = atof(argv[3]);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_t *ts = malloc(threads * sizeof *ts);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&ts[i], &attr, parked, NULL) != 0) { perror("pthread_create"); return 1; }
    }
    usleep(200000);
    srand(42);
    long maxpolls = 1000000, polls = 0, files = 0;
    long *times = malloc(maxpolls * sizeof *times);
    long warm_until = now_ns() + 1000000000L; /* 1 s warm-up, not recorded */
    long end = warm_until + (long) (seconds * 1e9);
    long since_list = RELIST;
    for (;;) {
        long t0 = now_ns();
        if (t0 >= end || polls == maxpolls) break;
        int all = !sampled || ntids <= BUDGET || ntids == 0;
        if (all || ++since_list >= RELIST) { list_tasks(); since_list = 0; }
        int n = list_only ? 0 : (!sampled || ntids <= BUDGET) ? ntids : BUDGET;
        for (int i = 0; i < n; i++) {
            int j = (!sampled || ntids <= BUDGET) ? i : i + rand() % (ntids - i);
            int tid = tids[j]; tids[j] = tids[i]; tids[i] = tid;
            read_task(tid);
        }
        long t1 = now_ns();
        if (t0 >= warm_until) { times[polls++] = t1 - t0; files += list_only ? 1 : 2L * n; }
    }
    long sum = 0;
    for (long i = 0; i < polls; i++) sum += times[i];
    qsort(times, polls, sizeof *times, cmp_long);
    double mean = sum / 1e3 / polls;
    printf("%d %s %ld %.1f %.1f %.1f %.1f %.0f %.2f\n", threads, argv[2], polls, mean,
           times[polls / 2] / 1e3, times[(long) (polls * 0.99)] / 1e3, times[polls - 1] / 1e3,
           (double) files / polls, sum / 1e3 / files);
    pthread_mutex_lock(&mu);
    stopping = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < threads; i++) pthread_join(ts[i], NULL);
    return 0;
}
