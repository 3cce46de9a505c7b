/**
 * The page a browser gets at `/`: the classic "SSE vs WebSocket" demo side by side, with the
 * scenario list below. Plain HTML and inline script, nothing to build; JSON clients get the
 * route index instead (see server.ts).
 */
import type { ScenarioInfo } from '#shared/api';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderIndexPage(scenarios: ScenarioInfo[]): string {
  const items = scenarios
    .map(
      (s) =>
        `<li><code>${s.method}</code> <a href="${escapeHtml(s.path)}">${escapeHtml(s.path)}</a> — ${escapeHtml(s.description)}</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Streamscope demo server</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2em; }
  .panes { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
  pre { height: 16em; overflow: auto; background: #f4f4f4; padding: .5em; margin: 0; }
</style>
</head>
<body>
<h1>Streamscope demo server</h1>
<div class="panes">
  <section><h2>Server-Sent Events <small>/sse</small></h2><pre id="sse" aria-label="SSE messages"></pre></section>
  <section><h2>WebSocket <small>/ws</small></h2><pre id="ws" aria-label="WebSocket messages"></pre>
    <form id="send"><input id="text" aria-label="Message to send" value="hello"> <button>Send</button></form></section>
</div>
<p><a href="/metrics">/metrics</a> · <a href="/scenarios">/scenarios</a> (JSON)</p>
<h2>Scenarios</h2>
<ul>
${items}
</ul>
<script>
  const log = (id, text) => { const el = document.getElementById(id); el.textContent += text + '\\n'; el.scrollTop = el.scrollHeight; };
  const source = new EventSource('/sse?interval=1000&statusInterval=3000&duration=300');
  source.onmessage = (e) => log('sse', e.data);
  source.onerror = () => log('sse', '(error; readyState ' + source.readyState + ')');
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws?interval=1000&statusInterval=3000&duration=300');
  ws.onmessage = (e) => log('ws', e.data);
  ws.onclose = (e) => log('ws', '(closed ' + e.code + ')');
  document.getElementById('send').onsubmit = (e) => { e.preventDefault(); ws.send(document.getElementById('text').value); };
</script>
</body>
</html>
`;
}
