// The status page's inline style and script: no external assets, so the
// page works on a machine without network and behind any proxy. The script
// refreshes the table by fetching `?fragment=rows` (the same server-side
// renderer, so there is one way to draw a row), sends the buttons' forms
// with fetch, and fills the tail panel from `tail?processname=...`.

export const REFRESH_MS = 2000;

export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .2em}
.meta{color:#666;margin-bottom:1em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e4e4e4;vertical-align:top}
th{background:#f0f0f0;font-weight:600}
td.state{font-weight:600}
.RUNNING{color:#17803d}.STARTING,.BACKOFF,.STOPPING{color:#b36b00}
.STOPPED,.EXITED{color:#666}.FATAL,.UNKNOWN{color:#c0182c}
form{display:inline;margin:0}
button{font:inherit;padding:.1em .6em;margin-right:.2em;cursor:pointer}
#message{min-height:1.4em;margin:.6em 0;color:#0b5394}
#tail{display:none;margin-top:1em}
#tail h2{font-size:1em;margin:0 0 .4em}
#tail h2 button,#tail h2 a{font-weight:400}
#tail pre{background:#111;color:#ddd;padding:.8em;max-height:24em;overflow:auto;white-space:pre-wrap}
`;

export const PAGE_SCRIPT = `
(function () {
  var rows = document.getElementById("rows");
  var message = document.getElementById("message");
  var tail = document.getElementById("tail");
  var tailName = null;
  function refresh() {
    fetch("?fragment=rows", { headers: { Accept: "text/html" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(function (html) { rows.innerHTML = html; document.body.dataset.refreshed = String(Date.now()); })
      .catch(function (e) { message.textContent = "refresh failed: " + e.message; });
    if (tailName) showTail(tailName);
  }
  function showTail(name) {
    tailName = name;
    fetch("tail?processname=" + encodeURIComponent(name), { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        tail.style.display = "block";
        document.getElementById("tail-name").textContent = name;
        document.getElementById("tail-follow").href = "logtail/" + encodeURIComponent(name);
        var pre = tail.querySelector("pre");
        pre.textContent = text;
        pre.scrollTop = pre.scrollHeight;
      });
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var data = new URLSearchParams(new FormData(form, ev.submitter));
    ev.preventDefault();
    if (data.get("action") === "tail") return showTail(data.get("processname"));
    message.textContent = data.get("action") + " " + data.get("processname") + " ...";
    // form.action would be the button named "action" (DOM named access): read the attribute.
    fetch(form.getAttribute("action"), { method: "POST", body: data, headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (j) { message.textContent = j.message; refresh(); })
      .catch(function (e) { message.textContent = "failed: " + e.message; });
  });
  document.getElementById("tail-close").addEventListener("click", function () { tailName = null; tail.style.display = "none"; });
  setInterval(refresh, ${REFRESH_MS});
})();
`;
