// Finding what a namespec names among the active groups, with supervisord's
// faults: BAD_NAME for an unknown group or process. `group:` and `group:*`
// name the whole group.
import type { GroupStatus, ProcessStatus, SupervisorBackend } from "../backend.ts";
import { Faults, RpcFault } from "../faults.ts";
import { splitNamespec } from "../namespec.ts";

export type Target = { readonly group: GroupStatus; readonly process: ProcessStatus | null };

export function findTarget(backend: SupervisorBackend, spec: string): Target {
  const [groupName, processName] = splitNamespec(spec);
  const group = backend.groups().find((g) => g.name === groupName);
  if (!group) throw new RpcFault(Faults.BAD_NAME, spec);
  if (processName === null) return { group, process: null };
  const process = group.processes.find((p) => p.name === processName);
  if (!process) throw new RpcFault(Faults.BAD_NAME, spec);
  return { group, process };
}

/** A single process; a group namespec is BAD_NAME here (getProcessInfo, the log methods). */
export function findProcess(backend: SupervisorBackend, spec: string): ProcessStatus {
  const t = findTarget(backend, spec);
  if (!t.process) throw new RpcFault(Faults.BAD_NAME, spec);
  return t.process;
}

export function findGroup(backend: SupervisorBackend, name: string): GroupStatus {
  const group = backend.groups().find((g) => g.name === name);
  if (!group) throw new RpcFault(Faults.BAD_NAME, name);
  return group;
}

/** Every process, groups and processes sorted by name (getAllProcessInfo's order). */
export function allProcessesLexical(backend: SupervisorBackend): ProcessStatus[] {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...backend.groups()].sort(byName).flatMap((g) => [...g.processes].sort(byName));
}

/** Every process in priority order (what startAllProcesses walks). */
export function allProcessesByPriority(backend: SupervisorBackend): ProcessStatus[] {
  return backend.groups().flatMap((g) => g.processes);
}
