// How monitor starts another copy of itself (the exec shim, the detached
// daemon): the compiled binary is one file; from the sources it is Bun plus
// the entry script, which is how tests can run code newer than the last build.

/** True inside the `bun build --compile` binary. */
export function isCompiled(): boolean {
  return Bun.main.startsWith("/$bunfs/");
}

/** The program and leading arguments that run this monitor again. */
export function selfCommand(): { program: string; args: string[] } {
  if (isCompiled()) return { program: process.execPath, args: [] };
  return { program: process.execPath, args: [Bun.main] };
}
