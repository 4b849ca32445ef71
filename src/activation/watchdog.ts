// systemd's WatchdogSec for one child: once it is ready (systemd resets the
// watchdog when the start finishes), a WATCHDOG=1 must arrive within `ms` of
// the previous one. One timer, re-armed only when it fires, so a child that
// pings often costs no timer churn and an idle one wakes monitor once per
// period at most. A silent child is reported once per period until stopped.

export class Watchdog {
  private last = 0;
  private timer: Timer | undefined;
  private running = false;

  constructor(
    readonly ms: number,
    private readonly onExpire: (silentForMs: number) => void,
  ) {}

  /** The child is ready: the first period starts now. */
  start(): void {
    this.running = true;
    this.last = Date.now();
    this.arm(this.ms);
  }

  ping(): void {
    this.last = Date.now();
  }

  /** WATCHDOG=trigger: expire now. */
  trigger(): void {
    if (!this.running) return;
    this.arm(this.ms);
    this.onExpire(Date.now() - this.last);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.running) return;
      const silent = Date.now() - this.last;
      if (silent < this.ms) return this.arm(this.ms - silent);
      // Keep judging: a verdict the machine ignored (the child was paused) is given again next period.
      this.arm(this.ms);
      this.onExpire(silent);
    }, ms);
  }
}
