/* The bench's stopwatch: starts a supervisor command and times it from C, so
 * the sender's and the child's clocks are the same CLOCK_MONOTONIC and no
 * runtime's scheduling sits between a stamp and the event it marks.
 *
 *   harness launch RUNS -- CMD...     CMD ends in `probe stamp`: one line per
 *                                     run, ns from just before fork to the
 *                                     child's first instruction
 *   harness forward N GAP_US -- CMD...  CMD ends in `probe signals`: SIGUSR1 to
 *                                     the supervisor N times, one line per
 *                                     signal, ns until the child's handler ran
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* fork + exec CMD with its stdout on a pipe; returns the read end. */
static int start(char **cmd, pid_t *pid) {
  int p[2];
  if (pipe(p)) return -1;
  *pid = fork();
  if (*pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execvp(cmd[0], cmd);
    perror("harness: exec");
    _exit(127);
  }
  close(p[1]);
  return p[0];
}

static int read_full(int fd, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, (char *)buf + got, n - got);
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

static int finish(pid_t pid, int fd) {
  close(fd);
  int status;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return status;
}

static int launch(int runs, char **cmd) {
  for (int i = 0; i < runs; i++) {
    pid_t pid;
    int64_t t0 = now_ns();
    int fd = start(cmd, &pid);
    char buf[64] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int status = finish(pid, fd);
    if (n <= 0 || status != 0) {
      fprintf(stderr, "harness: launch run %d: no stamp (wait status %d)\n", i, status);
      return 1;
    }
    printf("%lld\n", (long long)(strtoll(buf, NULL, 10) - t0));
    fflush(stdout);
    usleep(20000); /* let the previous supervisor's exit settle */
  }
  return 0;
}

static int forward(int n, int gap_us, char **cmd) {
  pid_t pid;
  int fd = start(cmd, &pid);
  int64_t ready, seen;
  if (read_full(fd, &ready, sizeof ready)) {
    fprintf(stderr, "harness: forward: the child never became ready\n");
    return 1;
  }
  usleep(100000); /* the supervisor's own start-up tail (log lines, timers) */
  for (int i = 0; i < n; i++) {
    int64_t t0 = now_ns();
    kill(pid, SIGUSR1);
    if (read_full(fd, &seen, sizeof seen)) {
      fprintf(stderr, "harness: forward: signal %d never reached the child\n", i);
      kill(pid, SIGKILL);
      finish(pid, fd);
      return 1;
    }
    printf("%lld\n", (long long)(seen - t0));
    usleep((useconds_t)gap_us);
  }
  kill(pid, SIGTERM);
  int status = finish(pid, fd);
  fflush(stdout);
  return status < 0 ? 1 : 0;
}

static int usage(void) {
  fprintf(stderr, "usage: harness launch RUNS -- CMD... | harness forward N GAP_US -- CMD...\n");
  return 2;
}

int main(int argc, char **argv) {
  alarm(300); /* never outlive a broken bench */
  if (argc >= 5 && strcmp(argv[1], "launch") == 0 && strcmp(argv[3], "--") == 0)
    return launch(atoi(argv[2]), argv + 4);
  if (argc >= 6 && strcmp(argv[1], "forward") == 0 && strcmp(argv[4], "--") == 0)
    return forward(atoi(argv[2]), atoi(argv[3]), argv + 5);
  return usage();
}
