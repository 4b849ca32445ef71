// Routing one start through the exec shim. Several features may ask for it
// (--user, and --listen for LISTEN_PID); their requests merge into one shim,
// so the program is still exec'd exactly once, in the spawned pid.
import type { SpawnOptions } from "../sys/spawn.ts";
import { selfCommand } from "../sys/self-command.ts";
import { packShimArgs, SHIM_VERB, unpackShimArgs, type ShimCommand, type ShimRequest } from "./shim-args.ts";

function shimLead(): { program: string; lead: string[] } {
  const self = selfCommand();
  return { program: self.program, lead: [...self.args, SHIM_VERB] };
}

/** The shim command already in `o`, if an earlier feature routed it through the shim. */
export function shimCommandOf(o: SpawnOptions): ShimCommand | undefined {
  const { program, lead } = shimLead();
  if (o.program !== program || !lead.every((a, i) => o.args[i] === a)) return undefined;
  return unpackShimArgs(o.args.slice(lead.length));
}

/** `o` started through the shim, with `add` merged into its request. */
export function throughShim(o: SpawnOptions, add: ShimRequest): SpawnOptions {
  const { program, lead } = shimLead();
  const inner: ShimCommand = shimCommandOf(o) ?? {
    request: o.argv0 === undefined ? {} : { argv0: o.argv0 },
    program: o.program,
    args: o.args,
  };
  const pidVars = [...new Set([...(inner.request.pidVars ?? []), ...(add.pidVars ?? [])])];
  // Every descriptor handed to the program above stdio must survive the shim's runtime (shim-args.ts).
  const given = [...(o.fds?.keys() ?? [])].filter((fd) => fd >= 3);
  const keepFds = [...new Set([...(inner.request.keepFds ?? []), ...(add.keepFds ?? []), ...given])].sort((a, b) => a - b);
  const request: ShimRequest = { ...inner.request, ...add, ...(pidVars.length && { pidVars }), ...(keepFds.length && { keepFds }) };
  const command: ShimCommand = { ...inner, request };
  return { ...o, program, argv0: program, args: [...lead, ...packShimArgs(command)] };
}
