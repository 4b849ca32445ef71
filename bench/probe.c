/* The child every supervisor runs in the benchmarks; the same binary for
 * tini, dumb-init and monitor (PID 1) and for the restart peers. Compiled by
 * bench/lib/build-probes.ts.
 * Times are CLOCK_MONOTONIC in ns, the clock Bun's process.hrtime reads, so
 * the bench and the probe compare stamps directly.
 *
 *   probe stamp          write the time it started running, as text, and exit
 *   probe signals        write an 8-byte stamp when ready, then one per SIGUSR1
 *   probe orphans N      hand N exited children to PID 1 at once, time the reaping
 *   probe restart FILE   append the time it started running to FILE and exit 0
 *                        (the restart benchmark); named `run`, it does the same
 *                        with ./stamps, so a service directory's run can be a
 *                        copy of this binary and every supervisor execs the same code
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
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

static int stamp(void) {
  int64_t t = now_ns();
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld\n", (long long)t);
  return write(1, buf, (size_t)n) == n ? 0 : 1;
}

/* write(2) and clock_gettime(2) are async-signal-safe: the handler stamps the
 * moment the signal reached this process and nothing else. */
static void on_usr1(int sig) {
  (void)sig;
  int64_t t = now_ns();
  (void)!write(1, &t, sizeof t);
}

static int signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  int64_t ready = 0;
  if (write(1, &ready, sizeof ready) != sizeof ready) return 1;
  for (;;) pause(); /* ends by the signal the bench sends the supervisor to stop */
}

/* Processes in this pid namespace, from its /proc (zombies are still listed). */
static int count_processes(void) {
  DIR *d = opendir("/proc");
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] >= '1' && e->d_name[0] <= '9') n++;
  closedir(d);
  return n;
}

/* A spawner forks N children that exit at once; when the last one has exited
 * (the pipe they all hold reaches EOF: their files close before they become
 * zombies) the spawner exits too, and the N zombies are reparented to PID 1
 * in one go. Reap time = spawner's exit until only PID 1 and this probe are
 * left in the namespace. */
static int orphans(int n) {
  int hold[2], report[2];
  if (pipe(hold) || pipe(report)) return 1;
  pid_t spawner = fork();
  if (spawner == 0) {
    close(report[0]);
    int64_t t[2];
    t[0] = now_ns();
    for (int i = 0; i < n; i++) {
      pid_t p = fork();
      if (p == 0) _exit(0);
      if (p < 0) { perror("probe: fork"); _exit(1); }
    }
    close(hold[1]);
    char c;
    while (read(hold[0], &c, 1) > 0) {}
    t[1] = now_ns();
    (void)!write(report[1], t, sizeof t);
    _exit(0);
  }
  close(hold[0]);
  close(hold[1]);
  close(report[1]);
  int64_t t[2];
  if (read(report[0], t, sizeof t) != sizeof t) return 1;
  int status;
  waitpid(spawner, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  int peak = count_processes(), left = peak, polls = 0;
  struct timespec gap = {0, 200000};
  while (left > 2) { /* PID 1 and this probe */
    nanosleep(&gap, NULL);
    left = count_processes();
    polls++;
  }
  int64_t done = now_ns();
  printf("orphans n=%d peak=%d polls=%d forked_ns=%lld reap_ns=%lld\n", n, peak, polls,
         (long long)(t[1] - t[0]), (long long)(done - t[1]));
  return 0;
}

/* O_APPEND makes each short write land whole at the end, whoever wrote last. */
static int restart(const char *file) {
  int64_t t = now_ns();
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld\n", (long long)t);
  int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return 1;
  int ok = write(fd, buf, (size_t)n) == n;
  close(fd);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  const char *base = strrchr(argv[0], '/');
  if (strcmp(base ? base + 1 : argv[0], "run") == 0) return restart("stamps");
  if (argc >= 3 && strcmp(argv[1], "restart") == 0) return restart(argv[2]);
  if (argc >= 2 && strcmp(argv[1], "stamp") == 0) return stamp();
  alarm(300); /* never outlive a broken bench */
  if (argc >= 2 && strcmp(argv[1], "signals") == 0) return signals();
  if (argc >= 3 && strcmp(argv[1], "orphans") == 0) return orphans(atoi(argv[2]));
  fprintf(stderr, "usage: probe stamp | probe signals | probe orphans N | probe restart FILE\n");
  return 2;
}
