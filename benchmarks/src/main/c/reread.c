/*
 * What one /proc/self/task/TID file costs the kernel, read the ways a measurement could read it:
 * open+read+read(EOF)+close, open+read+close, and pread at offset 0 of a descriptor kept open (procfs
 * renders the file again on each read from offset 0). The calling thread's own files, 200,000 times each.
 *
 *   gcc -O2 -o /tmp/reread benchmarks/src/main/c/reread.c && /tmp/reread
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static long now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000L+t.tv_nsec;}
int main(void){ char path[64], buf[4096]; int tid = (int) syscall(SYS_gettid); long n = 200000, t0, t1;
  snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
  t0 = now(); for (long i = 0; i < n; i++) { int fd = open(path, O_RDONLY); int r = read(fd, buf, sizeof buf); r += read(fd, buf, sizeof buf); close(fd); }
  t1 = now(); printf("open+read+read+close: %.2f us\n", (t1 - t0) / 1e3 / n);
  t0 = now(); for (long i = 0; i < n; i++) { int fd = open(path, O_RDONLY); int r = read(fd, buf, sizeof buf); close(fd); (void) r; }
  t1 = now(); printf("open+read+close: %.2f us\n", (t1 - t0) / 1e3 / n);
  int fd = open(path, O_RDONLY);
  t0 = now(); for (long i = 0; i < n; i++) { int r = pread(fd, buf, sizeof buf, 0); (void) r; }
  t1 = now(); printf("pread on an open fd: %.2f us (%.40s)\n", (t1 - t0) / 1e3 / n, buf);
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid); int fd2 = open(path, O_RDONLY);
  t0 = now(); for (long i = 0; i < n; i++) { int r = pread(fd2, buf, sizeof buf, 0); (void) r; }
  t1 = now(); printf("pread stat on an open fd: %.2f us\n", (t1 - t0) / 1e3 / n);
  t0 = now(); for (long i = 0; i < n; i++) { int fd = open(path, O_RDONLY); int r = read(fd, buf, sizeof buf); close(fd); (void) r; }
  t1 = now(); printf("stat open+read+close: %.2f us\n", (t1 - t0) / 1e3 / n);
}
