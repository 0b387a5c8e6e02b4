'use strict';

// Opens the SockJS test page in Debian's Chromium (headless, fresh profile) through playwright-core,
// waits for the page to publish window.__result and prints one JSON line with it.
//
// Input (JSON on stdin):
//   { "pageUrl": "http://127.0.0.1:PORT/echo.html",
//     "sessions": [ { "url", "transports", "messages", "connectTimeoutMs", "deadlineMs" }, ... ],
//     "deadlineMs": 30000, "chromiumPath": "/usr/bin/chromium" (optional) }
// Output (one line on stdout):
//   { "result": { "sessions": [...] } | null, "error": string | null, "progress": [...] (on failure),
//     "console": [...], "pageErrors": [...], "failedRequests": [...], "httpErrors": [...], "elapsedMs" }
// Exit code: 0 when the line carries the page's result, 2 when the page gave none (bad input,
// launch or navigation failure, deadline; the line's "error" says which).
// The browser is closed on every path; a last-resort timer ends the process if closing hangs.

const { launchChromium } = require('./lib/launch-chromium');

const began = Date.now();
const diagnostics = { console: [], pageErrors: [], failedRequests: [], httpErrors: [] };
let browser = null;
let printed = false;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function print(body) {
  if (printed) {
    return Promise.resolve();
  }
  printed = true;
  const line = JSON.stringify(Object.assign(body, diagnostics, { elapsedMs: Date.now() - began }));
  return new Promise((resolve) => process.stdout.write(line + '\n', resolve));
}

async function closeBrowser() {
  const b = browser;
  browser = null;
  if (b) {
    await b.close().catch(() => {});
  }
}

async function finish(code, body) {
  // Whatever happens while closing, the process ends within a few seconds.
  setTimeout(() => process.exit(code), 5000).unref();
  await print(body);
  await closeBrowser();
  process.exit(code);
}

function keep(list, entry) {
  if (list.length < 200) {
    list.push(entry);
  }
}

async function readProgress(page) {
  try {
    return await page.evaluate(() => window.__progress || null);
  } catch (e) {
    return 'unreadable: ' + e.message;
  }
}

async function main() {
  const spec = JSON.parse(await readStdin());
  if (typeof spec.pageUrl !== 'string' || !Array.isArray(spec.sessions) || !(spec.deadlineMs > 0)) {
    throw new Error('input needs "pageUrl", "sessions" and a positive "deadlineMs"');
  }
  const deadline = began + spec.deadlineMs;
  let page = null;
  const timer = setTimeout(async () => {
    const progress = page ? await readProgress(page) : null;
    await finish(2, { result: null, error: 'deadline of ' + spec.deadlineMs + 'ms passed before the page reported window.__result', progress });
  }, spec.deadlineMs);

  browser = await launchChromium(spec.chromiumPath, deadline);
  const context = await browser.newContext();
  page = await context.newPage();
  page.on('console', (m) => keep(diagnostics.console, m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => keep(diagnostics.pageErrors, String(e && e.stack ? e.stack : e)));
  page.on('requestfailed', (r) => keep(diagnostics.failedRequests, r.method() + ' ' + r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      keep(diagnostics.httpErrors, r.status() + ' ' + r.request().method() + ' ' + r.url());
    }
  });
  await page.addInitScript((config) => { window.__config = config; }, { sessions: spec.sessions });

  await page.goto(spec.pageUrl, { waitUntil: 'load', timeout: Math.max(1000, deadline - Date.now()) });
  const handle = await page.waitForFunction(() => window.__result, null, {
    polling: 50,
    timeout: Math.max(1000, deadline - Date.now())
  });
  const result = await handle.jsonValue();
  clearTimeout(timer);
  await finish(0, { result, error: null });
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => finish(2, { result: null, error: 'browser-run.js: got ' + signal }));
}

main().catch(async (e) => {
  await finish(2, { result: null, error: 'browser-run.js: ' + (e && e.stack ? e.stack : e) });
});
