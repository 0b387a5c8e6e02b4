'use strict';

// Runs sockjs-client in Node against a SockJS service and prints one JSON line with the outcome.
//
// Input (JSON on stdin):
//   { "url": "http://127.0.0.1:PORT/echo", "transports": ["websocket"] | null,
//     "messages": ["<UTF-16 hex>", ...], "connectTimeoutMs": 10000, "deadlineMs": 20000 }
// Output (one line on stdout): the session result of lib/echo-session.js, received messages in hex.
// Exit code: 0 once a result is printed (whatever it says), 1 on bad input or an internal error.
// The process exits by itself: when the socket closes, or at the deadline.

const SockJS = require('sockjs-client');
const session = require('./lib/echo-session');

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function exitWith(code, line) {
  process.stdout.write(line + '\n', () => process.exit(code));
}

async function main() {
  const spec = JSON.parse(await readStdin());
  if (typeof spec.url !== 'string' || !(spec.deadlineMs > 0)) {
    throw new Error('input needs "url" and a positive "deadlineMs"');
  }
  // A guard beyond the session's own deadline, in case the client library itself hangs.
  setTimeout(() => exitWith(1, JSON.stringify({ error: 'node-echo.js: hard deadline passed' })), spec.deadlineMs + 5000);
  const { done } = session.start(SockJS, spec);
  const result = await done;
  exitWith(0, JSON.stringify(result));
}

main().catch((e) => exitWith(1, JSON.stringify({ error: 'node-echo.js: ' + (e && e.stack ? e.stack : e) })));
