// The status page at `/` of the inet server, as a pure function of
// supervisor.getAllProcessInfo's structs: one row per process with its
// state, pid, uptime, last exit and description, and start / stop /
// restart / clear / tail buttons. Each button is a plain form POSTed to
// `action`, so the page works without its script too.
import type { ProcessInfo } from "../backend.ts";
import { formatStopTime, formatUptime } from "../process-info.ts";
import { makeNamespec } from "../namespec.ts";
import { PAGE_SCRIPT, PAGE_STYLE } from "./page-assets.ts";

export interface PageContext {
  /** [supervisord] identifier. */
  readonly identification: string;
  /** The server's state (RUNNING, SHUTDOWN, ...). */
  readonly state: string;
  readonly version: string;
  /** A line to show once (the result of a form sent without the script). */
  readonly message?: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const RUNNING_LIKE = new Set(["RUNNING", "STARTING", "BACKOFF", "STOPPING"]);

function lastExit(p: ProcessInfo): string {
  if (!p.stop) return "—";
  // supervisord reports -1 (no code) for a death by signal and for a start that failed too quickly.
  const code = p.exitstatus === -1 ? "no exit code" : `exit ${p.exitstatus}`;
  return `${code}, ${formatStopTime(p.stop)}`;
}

function button(namespec: string, action: string, enabled: boolean): string {
  const off = enabled ? "" : " disabled";
  return `<form method="post" action="action"><input type="hidden" name="processname" value="${escapeHtml(namespec)}"><button type="submit" name="action" value="${action}" data-action="${action}"${off}>${action}</button></form>`;
}

export function renderRow(p: ProcessInfo): string {
  const spec = makeNamespec(p.group, p.name);
  const running = RUNNING_LIKE.has(p.statename);
  const uptime = p.statename === "RUNNING" && p.start ? formatUptime(p.now - p.start) : "—";
  const detail = p.statename === "RUNNING" ? "" : p.description;
  return (
    `<tr data-name="${escapeHtml(spec)}">` +
    `<td class="state ${escapeHtml(p.statename)}">${escapeHtml(p.statename)}</td>` +
    `<td class="name">${escapeHtml(spec)}</td>` +
    `<td class="pid">${p.pid || "—"}</td>` +
    `<td class="uptime">${uptime}</td>` +
    `<td class="exit">${escapeHtml(lastExit(p))}</td>` +
    `<td class="description">${escapeHtml(detail)}</td>` +
    `<td class="actions">${button(spec, "start", !running)}${button(spec, "stop", running)}${button(spec, "restart", true)}${button(spec, "clear", true)}${button(spec, "tail", true)}</td>` +
    `</tr>`
  );
}

export function renderRows(infos: readonly ProcessInfo[]): string {
  if (infos.length === 0) return `<tr><td colspan="7">No programs are configured.</td></tr>`;
  return infos.map(renderRow).join("\n");
}

export function renderStatusPage(infos: readonly ProcessInfo[], ctx: PageContext): string {
  const title = `${escapeHtml(ctx.identification)} status`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<div class="meta">monitor ${escapeHtml(ctx.version)} · server ${escapeHtml(ctx.state)} · ${infos.length} process${infos.length === 1 ? "" : "es"}</div>
<div id="message" role="status">${escapeHtml(ctx.message ?? "")}</div>
<table>
<thead><tr><th>State</th><th>Name</th><th>PID</th><th>Uptime</th><th>Last exit</th><th>Description</th><th>Actions</th></tr></thead>
<tbody id="rows">
${renderRows(infos)}
</tbody>
</table>
<section id="tail"><h2>tail <span id="tail-name"></span> <a id="tail-follow" href="#">follow</a> <button type="button" id="tail-close">close</button></h2><pre></pre></section>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
