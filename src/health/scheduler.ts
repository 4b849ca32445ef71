// When probes run: `interval` after the program reaches RUNNING, then
// `interval` after each probe ends (Docker's rhythm), so two probes never
// overlap. Nothing is armed outside RUNNING. A failure within the start
// period after the child's spawn does not count, unless a probe already
// passed since that spawn (Docker's start-period rule).
import type { HealthConfig } from "./options.ts";
import type { ProbeResult, RunningProbe } from "./probe.ts";

export interface ProbeReport {
  readonly result: ProbeResult;
  /** A failure inside the start period: logged, not counted. */
  readonly inStartPeriod: boolean;
}

export class ProbeScheduler {
  private timer: Timer | undefined;
  private running: RunningProbe | undefined;
  /** Bumped by every stop: a probe that ends after it reports nothing. */
  private generation = 0;
  private spawnedAt = 0;
  private passedSinceSpawn = false;

  constructor(
    private readonly config: Pick<HealthConfig, "intervalMs" | "startPeriodMs">,
    private readonly startProbe: () => RunningProbe,
    private readonly report: (r: ProbeReport) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new child was spawned: its start period begins. */
  childSpawned(): void {
    this.spawnedAt = this.now();
    this.passedSinceSpawn = false;
  }

  /** The program reached RUNNING: the first probe comes one interval later. */
  resume(): void {
    this.stop();
    this.arm();
  }

  /** The program left RUNNING (or monitor is exiting): no timer, no probe left. */
  stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running?.cancel();
    this.running = undefined;
  }

  /** A probe is out or one is armed. */
  get active(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  private arm(): void {
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe(generation);
    }, this.config.intervalMs);
  }

  private async probe(generation: number): Promise<void> {
    const probe = this.startProbe();
    this.running = probe;
    const result = await probe.result;
    if (generation !== this.generation) return; // stopped meanwhile
    this.running = undefined;
    const inStartPeriod = !result.ok && !this.passedSinceSpawn && this.now() - this.spawnedAt < this.config.startPeriodMs;
    if (result.ok) this.passedSinceSpawn = true;
    this.report({ result, inStartPeriod });
    // The report may have stopped the program (and so this scheduler).
    if (generation === this.generation) this.arm();
  }
}
