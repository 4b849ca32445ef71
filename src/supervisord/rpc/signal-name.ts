// supervisord's signal_number(): an int, or a name with or without SIG in
// any case; it must be a signal this system has. null when it is not.
import { constants } from "node:os";

const BY_NAME = constants.signals as Record<string, number>;
const NUMBERS = new Set(Object.values(BY_NAME));

export function rpcSignalNumber(value: unknown): number | null {
  let n: number | undefined;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) n = Number(value);
  else if (typeof value === "string") {
    const name = value.trim().toUpperCase();
    n = BY_NAME[name.startsWith("SIG") ? name : `SIG${name}`];
  }
  return n !== undefined && Number.isInteger(n) && NUMBERS.has(n) ? n : null;
}
