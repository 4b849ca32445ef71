// The verbs monitor answers to besides single-program mode, as data. Each
// verb module exports `run(argv)`, resolving to monitor's exit status.
// Loaded lazily so `monitor PROGRAM` pays for none of them at start-up.

export type VerbRun = (argv: string[]) => Promise<number>;

export const verbs: Record<string, { summary: string; load: () => Promise<{ run: VerbRun }> }> = {
};

/** Names that are verbs, so `monitor supervise DIR` is not PROGRAM=supervise. */
export function isVerb(word: string | undefined): word is string {
  return word !== undefined && Object.hasOwn(verbs, word);
}
