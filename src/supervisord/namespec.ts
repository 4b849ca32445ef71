// supervisor's namespecs (options.py make_namespec / split_namespec): a process
// is `group:name`, or plain `name` when it is alone in a group of its own name;
// `group:` and `group:*` mean the whole group.

/** `name` when group and name are equal, else `group:name`. */
export function makeNamespec(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

/** [group, process]; process is null for `group:` and `group:*`; a bare `x` is [x, x]. */
export function splitNamespec(spec: string): [group: string, name: string | null] {
  const colon = spec.indexOf(":");
  if (colon === -1) return [spec, spec];
  const name = spec.slice(colon + 1);
  return [spec.slice(0, colon), name === "" || name === "*" ? null : name];
}
