/*
 * The kernel floor for the total_run_queue_lengths measurement: the same /proc reads from C.
 *
 *   procreads THREADS MODE SECONDS
 *
 * Starts THREADS parked pthreads (waiting on a condition variable, state S, like parked Java threads),
 * then for SECONDS repeats one "poll" and prints its cost:
 *   MODE sampled: the reads RunQueueMeasurement's TaskSampler makes, ported line for line (its javadoc,
 *                 Task's and KeptFiles' say why):
 *                 - each poll reads /proc/self/status ("Threads:");
 *                 - up to BUDGET (256) tasks: every task is read; the task list is read again only when
 *                   the count differs from it or a task failed to read in the previous poll;
 *                 - above: hot tasks (last seen R or D, or waiting >= 1%) all read (at most 128, random),
 *                   the rest of the 256 random cold ones; /proc/self/task listed a slice a poll,
 *                   ceil(tasks / 16) entries (1,000 at most, and 1,000 from a new listing when the count
 *                   moves by more than a sixteenth), the directory kept open between polls;
 *                 - a task's schedstat is read, its stat only on a first sighting, when its last state was
 *                   R or D, or when schedstat moved (or reads 0);
 *                 - status, a schedstat or a stat read in two polls in a row keeps its descriptor, read
 *                   again with lseek to 0 and read (RandomAccessFile's seek and read), up to 64 kept; when all are taken, it takes the place of the file read longest
 *                   ago if that was not read in the last two polls; closed when its task vanishes; every
 *                   16 polls /proc/self/limits is read and /proc/self/fd listed, and none are kept unless
 *                   open fds + 64 - kept <= soft limit / 2.
 *                 Other files are opened, read once with pread at offset 0 into a 4 KiB buffer and closed,
 *                 as Java's FileChannel does; one opened to be kept gets an fstat and a read, as from Java's
 *                 RandomAccessFile.
 *   MODE full:    list /proc/self/task, read every task's schedstat and stat (open, read to end of file,
 *                 close) each poll.
 *   MODE list:    only list /proc/self/task (what listing it at once costs).
 * Output, one line: threads mode polls mean_us p50_us p99_us max_us files_per_poll us_per_file
 * (files: /proc files read, a listing not counted).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUDGET 256
#define RELIST_POLLS 16
#define MAX_LIST_STEP 1000
#define MAX_KEPT 64
#define CHECK_POLLS 16
#define HOT_RATE 0.01

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stopping;
static char buf[4096];
static volatile long sink;
static long files_read;

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

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *) a, y = *(const int *) b;
    return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

/* ---- full and list modes: every file opened, read to end of file, closed ---- */

static int read_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int total = 0, n;
    while (total < (int) sizeof buf && (n = read(fd, buf + total, sizeof buf - total)) > 0) total += n;
    close(fd);
    files_read++;
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

static int *all_tids;
static int n_all, cap_all;

static void list_tasks(void) {
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    n_all = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        if (n_all == cap_all) { cap_all = cap_all ? cap_all * 2 : 1024; all_tids = realloc(all_tids, cap_all * sizeof *all_tids); }
        all_tids[n_all++] = atoi(e->d_name);
    }
    closedir(d);
}

static void poll_full(int list_only) {
    list_tasks();
    if (!list_only) for (int i = 0; i < n_all; i++) read_task(all_tids[i]);
}

/* ---- sampled mode: KeptFiles ---- */

struct file { char path[48]; int fd; long read_poll; };

static struct file *kept[MAX_KEPT];
static int held, allowed;
static long fpoll, next_check, all_read_lately = -1;

static void drop(int i) {
    close(kept[i]->fd);
    kept[i]->fd = -1;
    kept[i] = kept[--held];
}

static void release(struct file *f) {
    for (int i = 0; i < held; i++) if (kept[i] == f) { drop(i); return; }
}

static long parse_long(int from, int end) {
    int i = from;
    while (i < end && (buf[i] == ' ' || buf[i] == '\t')) i++;
    long v = 0;
    int start = i;
    while (i < end && buf[i] >= '0' && buf[i] <= '9') v = v * 10 + (buf[i++] - '0');
    return i == start ? -1 : v;
}

static int after_key(int end, const char *key) {
    int k = (int) strlen(key);
    for (int i = 0; i + k <= end; i++) {
        if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i, key, k) == 0) return i + k;
    }
    return -1;
}

static int headroom_allows(int more) {
    int fd = open("/proc/self/limits", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int len = (int) pread(fd, buf, sizeof buf, 0);
    close(fd);
    files_read++;
    int at = len <= 0 ? -1 : after_key(len, "Max open files");
    long limit = at < 0 ? -1 : parse_long(at, len);
    if (limit < 0) return 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d) return 0;
    long open_fds = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) open_fds++;
    closedir(d);
    return open_fds + more <= limit / 2;
}

static void start_poll(void) {
    fpoll++;
    if (fpoll >= next_check) {
        next_check = fpoll + CHECK_POLLS;
        allowed = headroom_allows(MAX_KEPT - held);
        if (!allowed) while (held > 0) drop(held - 1);
    }
}

static int drop_read_longest_ago(void) {
    if (all_read_lately == fpoll) return 0;
    int oldest = 0;
    for (int i = 1; i < held; i++) if (kept[i]->read_poll < kept[oldest]->read_poll) oldest = i;
    if (kept[oldest]->read_poll >= fpoll - 1) { all_read_lately = fpoll; return 0; }
    drop(oldest);
    return 1;
}

static int kept_read(struct file *f) {
    int again = f->read_poll == fpoll - 1;
    f->read_poll = fpoll;
    files_read++;
    if (f->fd >= 0) {
        int n = lseek(f->fd, 0, SEEK_SET) < 0 ? -1 : (int) read(f->fd, buf, sizeof buf);
        if (n <= 0) { release(f); return -1; }
        return n;
    }
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (again && allowed && (held < MAX_KEPT || drop_read_longest_ago())) {
        /* opened to be kept: Java's RandomAccessFile, whose open makes an fstat */
        struct stat st;
        int n = fstat(fd, &st) < 0 ? -1 : (int) read(fd, buf, sizeof buf);
        if (n > 0) { f->fd = fd; kept[held++] = f; } else close(fd);
        return n <= 0 ? -1 : n;
    }
    int n = (int) pread(fd, buf, sizeof buf, 0);
    close(fd);
    return n <= 0 ? -1 : n;
}

/* ---- sampled mode: Task ---- */

struct task {
    int tid, index, hot_index; /* in seen, in hot_set (-1: not hot) */
    struct file schedstat, stat;
    long run, delay, slices, read_at, read_poll;
    double rate;
    char state;
    int hot;
};

static struct task **by_tid;   /* indexed by tid: the sampler's map */
static int pid_max;
static struct task **seen;
static int n_seen, cap_seen;
static struct task **hot_set; /* of seen, those whose last reading was hot */
static int n_hot_set, cap_hot_set;

static void hot_add(struct task *t) {
    if (n_hot_set == cap_hot_set) { cap_hot_set = cap_hot_set ? cap_hot_set * 2 : 256; hot_set = realloc(hot_set, cap_hot_set * sizeof *hot_set); }
    t->hot_index = n_hot_set;
    hot_set[n_hot_set++] = t;
}

static void hot_remove(struct task *t) {
    hot_set[t->hot_index] = hot_set[--n_hot_set];
    hot_set[t->hot_index]->hot_index = t->hot_index;
    t->hot_index = -1;
}

static int field(int end, int n) {
    int i = 0;
    while (i < end && (buf[i] == ' ' || buf[i] == '\t')) i++;
    for (int f = 0; f < n; f++) {
        while (i < end && buf[i] != ' ' && buf[i] != '\t') i++;
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) i++;
    }
    return i < end ? i : -1;
}

static int task_read(struct task *t, long now) {
    int len = kept_read(&t->schedstat);
    long run = len < 0 ? -1 : parse_long(0, len);
    int at = run < 0 ? -1 : field(len, 1);
    long delay = at < 0 ? -1 : parse_long(at, len);
    at = delay < 0 ? -1 : field(len, 2);
    long count = at < 0 ? -1 : parse_long(at, len);
    if (count < 0) return 0;
    int idle = run > 0 && run == t->run && delay == t->delay && count == t->slices
            && t->state != 'R' && t->state != 'D';
    if (!idle) {
        len = kept_read(&t->stat);
        int close_at = -1;
        for (int i = len - 1; i >= 0; i--) if (buf[i] == ')') { close_at = i; break; }
        if (close_at < 0 || close_at + 2 >= len) return 0;
        t->state = buf[close_at + 2];
    }
    long prev_delay = t->delay, prev_at = t->read_at;
    t->run = run;
    t->delay = delay;
    t->slices = count;
    t->read_at = now;
    t->rate = prev_delay < 0 || delay < prev_delay || now <= prev_at
            ? 0 : (double) (delay - prev_delay) / (now - prev_at);
    t->hot = t->rate >= HOT_RATE || t->state == 'R' || t->state == 'D';
    return 1;
}

static struct task *task_get(int tid) {
    struct task *t = by_tid[tid];
    if (t) return t;
    t = calloc(1, sizeof *t);
    t->tid = tid;
    t->hot_index = -1;
    t->run = t->delay = t->slices = -1;
    snprintf(t->schedstat.path, sizeof t->schedstat.path, "/proc/self/task/%d/schedstat", tid);
    snprintf(t->stat.path, sizeof t->stat.path, "/proc/self/task/%d/stat", tid);
    t->schedstat.fd = t->stat.fd = -1;
    t->schedstat.read_poll = t->stat.read_poll = -1;
    if (n_seen == cap_seen) { cap_seen = cap_seen ? cap_seen * 2 : 1024; seen = realloc(seen, cap_seen * sizeof *seen); }
    t->index = n_seen;
    seen[n_seen++] = t;
    by_tid[tid] = t;
    return t;
}

static void task_forget(struct task *t) {
    release(&t->schedstat);
    release(&t->stat);
    if (t->hot_index >= 0) hot_remove(t);
    by_tid[t->tid] = NULL;
    seen[t->index] = seen[--n_seen];
    seen[t->index]->index = t->index;
    free(t);
}

/* ---- sampled mode: TaskList ---- */

static int *pop, *nxt;
static int pop_size = -1, found, cap_pop, cap_nxt;
static DIR *listing;

static void abandon(void) {
    if (listing) { closedir(listing); listing = NULL; }
}

static int finish(void) {
    abandon();
    qsort(nxt, found, sizeof *nxt, cmp_int);
    int n = 0;
    for (int i = 0; i < found; i++) if (n == 0 || nxt[i] != nxt[n - 1]) nxt[n++] = nxt[i];
    int *old = pop; int old_cap = cap_pop;
    pop = nxt; cap_pop = cap_nxt; pop_size = n;
    nxt = old; cap_nxt = old_cap;
    return 1;
}

static int list_step(long max) {
    if (!listing) { listing = opendir("/proc/self/task"); found = 0; if (!listing) return -1; }
    for (long n = 0; n < max; n++) {
        struct dirent *e;
        do e = readdir(listing); while (e && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")));
        if (!e) return finish();
        char *end;
        long tid = strtol(e->d_name, &end, 10);
        if (*end || end == e->d_name || tid >= pid_max) continue;
        if (found == cap_nxt) { cap_nxt = cap_nxt ? cap_nxt * 2 : 1024; nxt = realloc(nxt, cap_nxt * sizeof *nxt); }
        nxt[found++] = (int) tid;
    }
    return 0;
}

static void forget_unlisted(void) {
    for (int i = n_seen - 1; i >= 0; i--) {
        struct task *t = seen[i];
        if (!bsearch(&t->tid, pop, pop_size, sizeof *pop, cmp_int)) task_forget(t);
    }
}

/* ---- sampled mode: TaskSampler ---- */

static struct file status = { "/proc/self/status", -1, -1 };
static long spoll;
static int vanished, fast_listing;
static struct task **hot;
static int cap_hot;
struct stratum { int ok, failed, blocked; double waiting; };

static long num_threads(void) {
    int len = kept_read(&status);
    int at = len < 0 ? -1 : after_key(len, "Threads:");
    return at < 0 ? -1 : parse_long(at, len);
}

static int refresh(void) {
    long threads = num_threads();
    int size = pop_size;
    if (size <= BUDGET) {
        if (size < 0 || threads != size || vanished) {
            abandon();
            if (list_step(LONG_MAX) > 0) forget_unlisted();
        }
    } else {
        int moved = threads < 0 || labs(threads - size) * 16 > size;
        if (moved && !fast_listing) { abandon(); fast_listing = 1; }
        int step = fast_listing ? MAX_LIST_STEP
                : (size + RELIST_POLLS - 1) / RELIST_POLLS < MAX_LIST_STEP ? (size + RELIST_POLLS - 1) / RELIST_POLLS
                : MAX_LIST_STEP;
        if (list_step(step) > 0) { forget_unlisted(); fast_listing = 0; }
    }
    vanished = 0;
    return threads >= 0 && pop_size > BUDGET ? (int) threads : pop_size;
}

static void stratum_read(struct stratum *s, struct task *t, long now) {
    t->read_poll = spoll;
    if (!task_read(t, now)) { s->failed++; task_forget(t); vanished = 1; return; }
    if (t->hot && t->hot_index < 0) hot_add(t);
    else if (!t->hot && t->hot_index >= 0) hot_remove(t);
    s->ok++;
    s->waiting += t->rate;
    if (t->state == 'D') s->blocked++;
}

static void poll_sampled(void) {
    spoll++;
    start_poll();
    long now = now_ns();
    int live = refresh();
    double waiting = 0, blocked = 0;
    if (live < 0) return;
    int listed = pop_size;
    if (listed <= BUDGET) {
        struct stratum all = {0};
        for (int i = 0; i < listed; i++) stratum_read(&all, task_get(pop[i]), now);
        waiting = all.waiting;
        blocked = all.blocked;
    } else {
        int n_hot = n_hot_set; /* this poll's copy, to draw from */
        if (cap_hot < n_hot) { cap_hot = n_hot * 2; hot = realloc(hot, cap_hot * sizeof *hot); }
        memcpy(hot, hot_set, n_hot * sizeof *hot);
        int hot_to_read = n_hot < BUDGET / 2 ? n_hot : BUDGET / 2;
        struct stratum hr = {0};
        for (int i = 0; i < hot_to_read; i++) {
            int j = hot_to_read == n_hot ? i : i + rand() % (n_hot - i);
            struct task *t = hot[j]; hot[j] = hot[i]; hot[i] = t;
            stratum_read(&hr, t, now);
        }
        int hot_left = n_hot - hr.failed;
        double scale = hr.ok == 0 ? 0 : (double) hot_left / hr.ok;
        waiting += hr.waiting * scale;
        blocked += hr.blocked * scale;
        struct stratum cr = {0};
        int cold_to_read = BUDGET - hot_to_read;
        for (int i = 0; i < listed && cr.ok + cr.failed < cold_to_read; i++) {
            int j = i + rand() % (listed - i);
            int tid = pop[j]; pop[j] = pop[i]; pop[i] = tid;
            struct task *t = by_tid[tid];
            if (t == NULL || (!t->hot && t->read_poll != spoll)) stratum_read(&cr, t == NULL ? task_get(tid) : t, now);
        }
        scale = cr.ok == 0 ? 0 : (double) (live - hot_left > 0 ? live - hot_left : 0) / cr.ok;
        waiting += cr.waiting * scale;
        blocked += cr.blocked * scale;
    }
    sink += (long) (waiting * 1000) + (long) blocked;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: procreads THREADS full|sampled|list SECONDS\n"); return 2; }
    int threads = atoi(argv[1]);
    int sampled = strcmp(argv[2], "sampled") == 0;
    int list_only = strcmp(argv[2], "list") == 0;
    double seconds = atof(argv[3]);
    FILE *pm = fopen("/proc/sys/kernel/pid_max", "r");
    if (!pm || fscanf(pm, "%d", &pid_max) != 1) pid_max = 4194304;
    if (pm) fclose(pm);
    by_tid = calloc(pid_max, sizeof *by_tid); /* untouched pages cost nothing */
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
    for (;;) {
        long t0 = now_ns();
        if (t0 >= end || polls == maxpolls) break;
        long before = files_read;
        if (sampled) poll_sampled(); else poll_full(list_only);
        long t1 = now_ns();
        if (t0 >= warm_until) { times[polls++] = t1 - t0; files += files_read - before; }
    }
    long sum = 0;
    for (long i = 0; i < polls; i++) sum += times[i];
    qsort(times, polls, sizeof *times, cmp_long);
    double mean = sum / 1e3 / polls;
    printf("%d %s %ld %.1f %.1f %.1f %.1f %.0f %.2f\n", threads, argv[2], polls, mean,
           times[polls / 2] / 1e3, times[(long) (polls * 0.99)] / 1e3, times[polls - 1] / 1e3,
           (double) files / polls, files ? sum / 1e3 / files : 0.0);
    pthread_mutex_lock(&mu);
    stopping = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < threads; i++) pthread_join(ts[i], NULL);
    return 0;
}
