// supervisor's `environment=KEY="val",KEY2=val2` (datatypes.dict_of_key_value_pairs):
// shlex tokens taken as KEY = VALUE triples, quotes stripped from both ends of
// the value. supervisor skips whatever token sits between two triples, so
// `A=x y` silently becomes A=x and `A=a@b` becomes A=a; here that token must be
// a ',' (or the ';' supervisor also happens to accept) and anything else is an
// error that says to quote the value.
import { UsageError } from "../../errors.ts";
import { tokenizeShlex } from "./shlex.ts";

export type Environment = Readonly<Record<string, string>>;

export function parseEnvironment(value: string, option: string): Environment {
  const tokens = tokenizeShlex(value, option);
  const pairs: [string, string][] = [];
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, val] = tokens.slice(i, i + 3);
    if (key === undefined || eq !== "=" || val === undefined) {
      throw new UsageError(`${option}: '${value}' is not KEY=value pairs separated by commas (stuck at '${tokens.slice(i).join(" ")}')`);
    }
    const sep = tokens[i + 3];
    if (sep !== undefined && sep !== "," && sep !== ";") {
      throw new UsageError(
        `${option}: '${value}': the value of ${key} runs into '${sep}'; quote values that contain spaces or characters other than letters, digits and _/.+-():`,
      );
    }
    pairs.push([key, val.replace(/^['"]+|['"]+$/g, "")]);
  }
  return Object.fromEntries(pairs);
}

/** Later layers win: supervisord's environment, then a program's own. */
export function mergeEnvironments(...layers: Environment[]): Environment {
  return Object.fromEntries(layers.flatMap((layer) => Object.entries(layer)));
}
