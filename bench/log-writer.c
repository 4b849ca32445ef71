/* The child of the log-throughput benchmark: LINES lines of exactly 100
 * bytes on stdout, as fast as a pipe takes them, the same binary under every
 * logger. Line i is its number in 12 decimal digits, 87 'x', a newline, so a
 * reader can check that every line arrived once, whole and in order.
 *
 *   log-writer LINES STAMPFILE    writes CLOCK_REALTIME ns at its first write
 *                                 and at its end into STAMPFILE ("start end")
 *
 * The number is counted up in place (no printf per line), and lines go out
 * 655 at a time (65500 bytes, under the 64 KiB a default pipe holds).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { LINE = 100, DIGITS = 12, PER_WRITE = 655 };

static int64_t realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void count_up(char *digits) {
  for (int i = DIGITS - 1; i >= 0; i--) {
    if (digits[i] != '9') { digits[i]++; return; }
    digits[i] = '0';
  }
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: log-writer LINES STAMPFILE\n"); return 2; }
  long long total = atoll(argv[1]);
  FILE *stamp = fopen(argv[2], "w");
  if (!stamp) { perror(argv[2]); return 1; }
  static char buf[LINE * PER_WRITE];
  char number[DIGITS];
  memset(number, '0', DIGITS);
  for (int i = 0; i < PER_WRITE; i++) {
    memset(buf + i * LINE, 'x', LINE - 1);
    buf[i * LINE + LINE - 1] = '\n';
  }
  int64_t start = realtime_ns();
  for (long long done = 0; done < total;) {
    int n = total - done < PER_WRITE ? (int)(total - done) : PER_WRITE;
    for (int i = 0; i < n; i++) {
      memcpy(buf + i * LINE, number, DIGITS);
      count_up(number);
    }
    size_t len = (size_t)n * LINE, off = 0;
    while (off < len) {
      ssize_t w = write(1, buf + off, len - off);
      if (w < 0) { perror("log-writer: write"); return 1; }
      off += (size_t)w;
    }
    done += n;
  }
  fprintf(stamp, "%lld %lld\n", (long long)start, (long long)realtime_ns());
  fclose(stamp);
  return 0;
}
