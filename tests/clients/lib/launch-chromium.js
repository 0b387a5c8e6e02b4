'use strict';

// Debian's Chromium, headless, as every browser test launches it: no sandbox (tests run as root in CI),
// and no background traffic that could reach beyond loopback or slow a shared two-core machine.
const { chromium } = require('playwright-core');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

// Launches within what is left before deadline (a Date.now() value).
function launchChromium(chromiumPath, deadline) {
  return chromium.launch({
    executablePath: chromiumPath || '/usr/bin/chromium',
    headless: true,
    timeout: Math.max(1000, deadline - Date.now()),
    args: ARGS
  });
}

module.exports = { launchChromium };
