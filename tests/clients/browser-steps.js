'use strict';

// Drives pages the way a person would: one Debian Chromium (headless, through playwright-core), one
// browser context per user (own cookies and sessionStorage, like separate profiles), and steps run in
// order. Used for app pages such as the chat sample, where browser-run.js's self-running test page does
// not fit.
//
// Input (JSON on stdin):
//   { "users": ["alice", "bob"], "deadlineMs": 60000, "stepTimeoutMs": 15000, "chromiumPath": "/usr/bin/chromium",
//     "steps": [ { "name", "user", "action", ... }, ... ] }
// Actions (selectors are CSS):
//   goto      { url }                 opens the URL and waits for "load"
//   reload    {}                      reloads the page and waits for "load"
//   fill      { selector, value }     types into an input
//   press     { selector, key }       presses a key in an element ("Enter")
//   click     { selector }
//   waitFor   { selector, text? }     waits until an element matching selector (and containing text) exists
//   waitCount { selector, count }     waits until exactly count elements match
//   read      { selector, attribute? } the text (or the attribute) of every matching element, as "values"
// Output (one line on stdout):
//   { "steps": [{ "name", "values"?, "error"?, "ms" }], "error": string | null, "pages": { <user>: text } (on failure),
//     "users": { <user>: { "console", "pageErrors", "failedRequests", "httpErrors" } }, "elapsedMs" }
// The first step that fails (or passes stepTimeoutMs) stops the run. Exit code 0 when every step ran,
// 2 otherwise. The browser is closed on every path; a last-resort timer ends the process if closing hangs.

const { launchChromium } = require('./lib/launch-chromium');

const began = Date.now();
const report = { steps: [], error: null, users: {} };
const pages = {};
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

function keep(list, entry) {
  if (list.length < 200) {
    list.push(entry);
  }
}

async function snapshots() {
  const texts = {};
  for (const [user, page] of Object.entries(pages)) {
    try {
      texts[user] = (await page.evaluate(() => document.body ? document.body.innerText : '(no body)')).slice(0, 4000);
    } catch (e) {
      texts[user] = 'unreadable: ' + e.message;
    }
  }
  return texts;
}

async function finish(code) {
  // Whatever happens while closing, the process ends within a few seconds.
  setTimeout(() => process.exit(code), 5000).unref();
  if (!printed) {
    printed = true;
    if (code !== 0) {
      report.pages = await Promise.race([snapshots(), new Promise((r) => setTimeout(() => r({}), 2000))]);
    }
    report.elapsedMs = Date.now() - began;
    await new Promise((resolve) => process.stdout.write(JSON.stringify(report) + '\n', resolve));
  }
  const b = browser;
  browser = null;
  if (b) {
    await b.close().catch(() => {});
  }
  process.exit(code);
}

async function run(step, page, timeout) {
  switch (step.action) {
    case 'goto':
      await page.goto(step.url, { waitUntil: 'load', timeout });
      return undefined;
    case 'reload':
      await page.reload({ waitUntil: 'load', timeout });
      return undefined;
    case 'fill':
      await page.locator(step.selector).fill(step.value, { timeout });
      return undefined;
    case 'press':
      await page.locator(step.selector).press(step.key, { timeout });
      return undefined;
    case 'click':
      await page.locator(step.selector).click({ timeout });
      return undefined;
    case 'waitFor': {
      let locator = page.locator(step.selector);
      if (typeof step.text === 'string') {
        locator = locator.filter({ hasText: step.text });
      }
      await locator.first().waitFor({ state: 'attached', timeout });
      return undefined;
    }
    case 'waitCount':
      await page.waitForFunction(
        (a) => document.querySelectorAll(a.selector).length === a.count,
        { selector: step.selector, count: step.count },
        { polling: 50, timeout });
      return undefined;
    case 'read':
      return page.locator(step.selector).evaluateAll(
        (elements, attribute) => elements.map((e) => (attribute ? e.getAttribute(attribute) : e.textContent)),
        step.attribute || null);
    default:
      throw new Error('unknown action "' + step.action + '"');
  }
}

async function main() {
  const spec = JSON.parse(await readStdin());
  if (!Array.isArray(spec.users) || !Array.isArray(spec.steps) || !(spec.deadlineMs > 0) || !(spec.stepTimeoutMs > 0)) {
    throw new Error('input needs "users", "steps", a positive "deadlineMs" and a positive "stepTimeoutMs"');
  }
  const deadline = began + spec.deadlineMs;
  let current = null;
  setTimeout(() => {
    report.error = 'deadline of ' + spec.deadlineMs + 'ms passed during step "' + (current ? current.name : '(launch)') + '"';
    finish(2);
  }, spec.deadlineMs);

  browser = await launchChromium(spec.chromiumPath, deadline);
  for (const user of spec.users) {
    const diagnostics = { console: [], pageErrors: [], failedRequests: [], httpErrors: [] };
    report.users[user] = diagnostics;
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => keep(diagnostics.console, m.type() + ': ' + m.text()));
    page.on('pageerror', (e) => keep(diagnostics.pageErrors, String(e && e.stack ? e.stack : e)));
    page.on('requestfailed', (r) => keep(diagnostics.failedRequests, r.method() + ' ' + r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
    page.on('response', (r) => {
      if (r.status() >= 400) {
        keep(diagnostics.httpErrors, r.status() + ' ' + r.request().method() + ' ' + r.url());
      }
    });
    pages[user] = page;
  }

  for (const step of spec.steps) {
    current = step;
    const stepBegan = Date.now();
    const entry = { name: step.name };
    report.steps.push(entry);
    const page = pages[step.user];
    try {
      if (!page) {
        throw new Error('no user "' + step.user + '"');
      }
      const values = await run(step, page, Math.max(1, Math.min(spec.stepTimeoutMs, deadline - Date.now())));
      if (values !== undefined) {
        entry.values = values;
      }
    } catch (e) {
      entry.error = String(e && e.message ? e.message : e);
      entry.ms = Date.now() - stepBegan;
      report.error = 'step "' + step.name + '" failed: ' + entry.error;
      await finish(2);
      return;
    }
    entry.ms = Date.now() - stepBegan;
  }
  await finish(0);
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    report.error = 'browser-steps.js: got ' + signal;
    finish(2);
  });
}

main().catch(async (e) => {
  report.error = 'browser-steps.js: ' + (e && e.stack ? e.stack : e);
  await finish(2);
});
