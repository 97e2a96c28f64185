// Opens an HTML report in headless Chromium (Debian's) and prints what a person would see, as JSON.
// Chromium is driven through the DevTools protocol over a pipe (--remote-debugging-pipe: requests
// on fd 3, replies on fd 4, each a JSON text ended by a NUL byte), so no npm package is needed.
//
// usage: node tests/browser/inspect.js REPORT.html [--screenshot OUT.png] [--filter-tier TIER]
//        [--search TEXT] [--brief] [--no-script]
// Prints {load_ms, timing, requests, console, exceptions, summary, sections, filtered, searched, pwned,
// dom}, or with --brief two lines of sizes and times for make bench. timing is what a person waits
// for, from the page's own clocks (milliseconds since the navigation began): first contentful
// paint (the first text on screen), DOMContentLoaded (the whole document parsed, the script run),
// the load event; and where the main thread spent its time until then (Chromium's Performance
// domain): parsing HTML, style, layout, script, and the number of DOM nodes.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const report = path.resolve(args[0]);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const browser = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-chromium-'));
const url = 'file://' + report;

const chrome = spawn(browser, [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
  '--disable-extensions', '--disable-default-apps', '--mute-audio', '--hide-scrollbars',
  '--remote-debugging-pipe', '--user-data-dir=' + profile, '--window-size=1280,900', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
chrome.stderr.on('data', (d) => { stderr += d; });

function finish(code, out) {
  try { chrome.kill('SIGKILL'); } catch (e) { /* already gone */ }
  try { fs.rmSync(profile, { recursive: true, force: true }); } catch (e) { /* best effort */ }
  if (out && args.includes('--brief')) {
    const t = out.timing, b = t.busy;
    process.stdout.write(`  ${(fs.statSync(report).size / 1e6).toFixed(1)} MB, ${t.nodes} DOM nodes; Chromium: ` +
      `first contentful paint ${t.fcp_ms} ms, DOMContentLoaded ${t.dcl_ms} ms, load event ${t.load_event_ms} ms ` +
      `(main thread: parse HTML ${b.parse_html_ms} ms, style ${b.style_ms} ms, layout ${b.layout_ms} ms, script ${b.script_ms} ms)\n`);
    process.stdout.write(`  loaded in ${out.load_ms} ms (wall clock), ` +
      `${out.sections} supplier sections; filter by tier: ${out.filter_ms} ms (${out.filtered && out.filtered.visible} shown); ` +
      `search: ${out.search_ms} ms (${out.searched && out.searched.visible} shown); ` +
      `console messages: ${out.console.length}, network requests: ${out.requests.length}\n`);
  } else if (out) {
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  }
  process.exit(code);
}
const deadline = setTimeout(() => {
  process.stderr.write('inspect.js: Chromium did not finish within 120 s\n' + stderr.slice(-2000));
  finish(3);
}, 120000);

// The protocol: numbered requests, replies matched by id, events handed to listeners.
const toChrome = chrome.stdio[3], fromChrome = chrome.stdio[4];
let nextId = 1, buffered = Buffer.alloc(0);
const pending = new Map(), listeners = [];
fromChrome.on('data', (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  let end;
  while ((end = buffered.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffered.subarray(0, end).toString('utf8'));
    buffered = buffered.subarray(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(p.method + ': ' + msg.error.message)); else p.resolve(msg.result);
    } else if (msg.method) {
      listeners.forEach((l) => l(msg));
    }
  }
});
chrome.on('exit', (code) => {
  if (pending.size) { process.stderr.write('inspect.js: Chromium exited (' + code + ')\n' + stderr.slice(-2000)); finish(3); }
});
function send(method, params, sessionId) {
  const id = nextId++;
  toChrome.write(JSON.stringify({ id, method, params: params || {}, sessionId }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}
function once(method) {
  return new Promise((resolve) => listeners.push((m) => { if (m.method === method) resolve(m.params); }));
}

// Runs in the page: the counts the summary shows, and the state of the supplier sections.
const probe = `(() => {
  const num = (el) => el ? Number(el.textContent) : null;
  const summary = { records: num(document.querySelector('[data-count=records]')),
    error: num(document.querySelector('[data-count=error]')),
    warning: num(document.querySelector('[data-count=warning]')),
    info: num(document.querySelector('[data-count=info]')),
    gate: (document.getElementById('gate') || {}).dataset?.gate, per_tier: {} };
  document.querySelectorAll('[data-count-tier]').forEach((td) => { summary.per_tier[td.dataset.countTier] = Number(td.textContent); });
  const sections = [...document.querySelectorAll('section[data-tier]')];
  const visible = sections.filter((s) => !s.hidden && s.getClientRects().length > 0);
  const onAttrs = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
  return { summary, sections: sections.length, visible: visible.length,
    findings: document.querySelectorAll('section[data-tier] > div').length,
    unreadable: [...document.querySelectorAll('section.unreadable')].filter((s) => s.getClientRects().length > 0).length,
    badge_colors: Object.fromEntries(['error', 'warning', 'info'].map((sev) => {
      const b = document.querySelector('section[data-tier] > div.' + sev + ' > :first-child');
      return [sev, b ? getComputedStyle(b).backgroundColor : null]; })),
    visible_tiers: [...new Set(visible.map((s) => s.dataset.tier))].sort(),
    shown: (document.getElementById('shown') || {}).textContent || null,
    filters_shown: !document.getElementById('filters').hidden,
    pwned: window.__pwned === undefined ? null : window.__pwned,
    dom: { scripts: document.scripts.length, on_attributes: onAttrs.length,
      javascript_links: document.querySelectorAll('a[href^="javascript" i]').length,
      iframes: document.querySelectorAll('iframe, object, embed').length,
      bidi_controls: /[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]/.test(document.body.innerText),
      text: document.body.innerText.length } };
})()`;

async function evaluate(sessionId, expression) {
  const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
  if (r.exceptionDetails) throw new Error('evaluate: ' + r.exceptionDetails.text);
  return r.result.value;
}

// The page's own clocks for first paint, parsed document and load event, and the main thread's
// time by activity. The paint entry is polled for (it can come after the load event on a page that
// paints late); asked from outside the page, since with --no-script the page runs no callback.
async function timing(sessionId) {
  let t;
  for (let i = 0; i < 100; i++) {
    t = await evaluate(sessionId, `(() => { const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { fcp_ms: paint ? Math.round(paint.startTime) : null, dcl_ms: Math.round(nav.domContentLoadedEventEnd),
        load_event_ms: Math.round(nav.loadEventStart) }; })()`);
    if (t.fcp_ms !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { metrics } = await send('Performance.getMetrics', {}, sessionId);
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const ms = (s) => Math.round((s || 0) * 1000);
  // What is left of the main thread's task time once script, style and layout are taken out is,
  // on a page that loads nothing, almost all HTML parsing (and painting).
  t.busy = { task_ms: ms(m.TaskDuration), script_ms: ms(m.ScriptDuration), style_ms: ms(m.RecalcStyleDuration),
    layout_ms: ms(m.LayoutDuration),
    parse_html_ms: ms(m.TaskDuration - m.ScriptDuration - m.RecalcStyleDuration - m.LayoutDuration) };
  t.nodes = m.Nodes;
  return t;
}

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const requests = [], consoleErrors = [], exceptions = [];
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Network.requestWillBeSent' && m.params.request.url !== url) requests.push(m.params.request.url);
    if (m.method === 'Runtime.consoleAPICalled') consoleErrors.push(m.params.type + ': ' + m.params.args.map((a) => a.value).join(' '));
    if (m.method === 'Runtime.exceptionThrown') exceptions.push(m.params.exceptionDetails.text);
    if (m.method === 'Log.entryAdded' && ['error', 'warning'].includes(m.params.entry.level)) consoleErrors.push(m.params.entry.level + ': ' + m.params.entry.text);
  });
  for (const domain of ['Page', 'Runtime', 'Network', 'Log']) await send(domain + '.enable', {}, sessionId);
  await send('Performance.enable', { timeDomain: 'threadTicks' }, sessionId);
  if (args.includes('--no-script')) await send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = once('Page.loadEventFired');
  const t0 = Date.now();
  await send('Page.navigate', { url }, sessionId);
  await loaded;
  const out = { load_ms: Date.now() - t0, url };
  out.timing = await timing(sessionId);
  Object.assign(out, await evaluate(sessionId, probe));
  const tier = opt('--filter-tier');
  if (tier) {
    // Untick every tier but one, as a person would, and time the filtering.
    // The time from the clicks to the page laid out again, measured in the page.
    out.filter_ms = await evaluate(sessionId, `(() => { const t = performance.now();
      document.querySelectorAll('#filters input[name=tier]').forEach((c) => {
        if ((c.value === ${JSON.stringify(tier)}) !== c.checked) c.click(); });
      document.body.getBoundingClientRect(); return Math.round(performance.now() - t); })()`);
    out.filtered = await evaluate(sessionId, probe);
  }
  const q = opt('--search');
  if (q) {
    await evaluate(sessionId, `(() => { document.querySelectorAll('#filters input[name=tier]').forEach((c) => { if (!c.checked) c.click(); }); })()`);
    out.search_ms = await evaluate(sessionId, `(() => { const t = performance.now();
      const s = document.querySelector('#filters input[name=q]'); s.value = ${JSON.stringify(q)};
      s.dispatchEvent(new Event('input', { bubbles: true }));
      document.body.getBoundingClientRect(); return Math.round(performance.now() - t); })()`);
    out.searched = await evaluate(sessionId, probe);
  }
  const shot = opt('--screenshot');
  if (shot) {
    await evaluate(sessionId, `(() => { document.querySelectorAll('#filters input[name=tier]').forEach((c) => { if (!c.checked) c.click(); });
      const s = document.querySelector('#filters input[name=q]'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true })); })()`);
    // The summary and the first supplier section, whatever the summary's height. Supplier sections
    // are rendered only near the viewport (content-visibility: auto), so the viewport is made as
    // tall as the picture first, and the section measured once it has been rendered.
    await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 4000, deviceScaleFactor: 1, mobile: false }, sessionId);
    const height = await evaluate(sessionId, `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const s = document.querySelector('section[data-tier]');
      resolve(Math.min(Math.max(s ? Math.ceil(s.getBoundingClientRect().bottom + window.scrollY) + 16 : 0, 1200), 4000)); })))`);
    const png = await send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: 1280, height, scale: 1 }, captureBeyondViewport: true }, sessionId);
    fs.writeFileSync(shot, Buffer.from(png.data, 'base64'));
  }
  out.requests = requests;
  out.console = consoleErrors;
  out.exceptions = exceptions;
  clearTimeout(deadline);
  await send('Browser.close').catch(() => {});
  finish(0, out);
}
main().catch((e) => { process.stderr.write('inspect.js: ' + e.message + '\n' + stderr.slice(-2000)); finish(3); });
