// SUB's stdout reaches SUB/log's stdin through one pipe that outlives both
// sides. The service prints numbered batches; between batches the log
// service is taken down, the service is killed with svc -k, and its next
// start writes a whole batch while no log service runs; then the log comes
// back up. The log's output must hold every number once, in order: the pipe
// kept the batch (a pipe made again would lose it) and its reading end was
// held while no log ran (else the service dies of SIGPIPE and never finishes
// the batch). Run against Debian's svscan too, which shows the scenario is sound.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { debian, FIXTURES, makeServiceRoot, startScan, waitFor } from "../helpers/daemontools.ts";

const ROUNDS = 5;
const BATCH = 300;

const pidOf = (dir: string): number | undefined => {
  const m = /: up \(pid (\d+)\)/.exec(debian("svstat", dir).stdout);
  return m ? Number(m[1]) : undefined;
};

for (const which of ["monitor", "svscan"] as const) {
  describe(`the log pipe under ${which === "monitor" ? "monitor scan" : "Debian's svscan"}`, () => {
    test("loses no line while the service and its log service are killed again and again", async () => {
      using svc = makeServiceRoot();
      const counter = `${svc.root}/counter`;
      const out = `${svc.root}/out`;
      const dir = svc.service("numbers", "numbered-batch.sh", `${counter} ${BATCH}`);
      svc.script("numbers/log", `. ${FIXTURES}/lib.sh\nsay_ready\nexec cat >> ${out}`);
      await using scan = startScan(svc.root, which);
      const numbersLogged = () => (existsSync(out) ? readFileSync(out, "utf8").split("\n").filter((l) => /^\d+$/.test(l)) : []);
      const batchDone = (round: number) =>
        existsSync(counter) && readFileSync(counter, "utf8").trim() === String(round * BATCH) && numbersLogged().length >= round * BATCH;

      for (let round = 1; round <= ROUNDS; round++) {
        await waitFor(() => batchDone(round), `batch ${round} written and logged`, 10_000);
        const main = await waitFor(() => pidOf(dir), "the service's pid");
        debian("svc", "-d", `${dir}/log`);
        await waitFor(() => debian("svstat", `${dir}/log`).stdout.includes(": down "), "the log service to be down");
        debian("svc", "-k", dir);
        await waitFor(() => existsSync(counter) && readFileSync(counter, "utf8").trim() === String((round + 1) * BATCH), `batch ${round + 1} written with no log running`, 10_000);
        expect(pidOf(dir)).not.toBe(main);
        debian("svc", "-u", `${dir}/log`);
      }
      await waitFor(() => batchDone(ROUNDS + 1), "the last batch written and logged", 10_000);

      const numbers = numbersLogged().map(Number);
      expect(numbers).toEqual(Array.from({ length: (ROUNDS + 1) * BATCH }, (_, i) => i + 1));
      // Every start of the service printed its ready line into the same log.
      expect(readFileSync(out, "utf8").split("\n").filter((l) => l.startsWith("ready ")).length).toBe(ROUNDS + 1);
      expect(scan.lines.filter((l) => l.startsWith("ready ")).length).toBeGreaterThanOrEqual(ROUNDS + 1);
    });
  });
}
