// Real sockjs-client sessions speaking the realtime protocol, for the cluster tests.
// stdin: {"publishUrl", "subscribeUrl", "subscriberTransports": [...], "publishTransport", "channel", "count", "timeoutMs"}
// stdout: one JSON line {"subscribers": [{"transport", "actual", "offsets": [...], "data": [...], "subscribed": {...}}], "published", "errors": [...]}
// Every subscriber subscribes first; then the publisher publishes `count` messages (pipelined) and the
// script waits until every subscriber has them all, or the deadline passes. It always exits by itself.
'use strict';
const SockJS = require('sockjs-client');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => { main(JSON.parse(input)).catch((e) => finish({ fatal: String(e && e.stack || e) })); });

const errors = [];
const sessions = [];

function open(url, transport) {
  return new Promise((resolve, reject) => {
    const sock = new SockJS(url, null, { transports: [transport], timeout: 10000 });
    const session = { transport, sock, nextId: 1, pending: new Map(), pushes: [] };
    sessions.push(session);
    sock.onopen = () => resolve(session);
    sock.onclose = (e) => {
      if (!session.opened) reject(new Error(`${transport}: closed before open ${e.code} ${e.reason}`));
      session.closed = `${e.code} ${e.reason}`;
    };
    sock.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.id !== undefined && session.pending.has(m.id)) {
        session.pending.get(m.id)(m);
        session.pending.delete(m.id);
      } else if (m.push) {
        session.pushes.push(m);
      } else {
        errors.push({ transport, message: m });
      }
    };
    sock.addEventListener('open', () => { session.opened = true; });
  });
}

function request(session, op, fields) {
  const id = session.nextId++;
  return new Promise((resolve) => {
    session.pending.set(id, resolve);
    session.sock.send(JSON.stringify(Object.assign({ id, op }, fields || {})));
  });
}

async function main(o) {
  const deadline = setTimeout(() => finish({ timedOut: true }, o), o.timeoutMs || 60000);
  const subscribers = [];
  for (const t of o.subscriberTransports) {
    const s = await open(o.subscribeUrl, t);
    await request(s, 'connect');
    s.subscribed = await request(s, 'subscribe', { channel: o.channel });
    subscribers.push(s);
  }
  const publisher = await open(o.publishUrl, o.publishTransport);
  await request(publisher, 'connect');
  const replies = [];
  for (let i = 1; i <= o.count; i++) replies.push(request(publisher, 'publish', { channel: o.channel, data: i }));
  for (const r of await Promise.all(replies)) if (!r.ok) errors.push({ publish: r });
  const done = () => subscribers.every((s) => s.pushes.filter((p) => p.push === 'message').length >= o.count);
  await new Promise((resolve) => { const t = setInterval(() => { if (done()) { clearInterval(t); resolve(); } }, 20); });
  clearTimeout(deadline);
  finish({}, o);
}

function finish(extra, o) {
  const out = Object.assign({
    published: o ? o.count : 0,
    errors,
    subscribers: sessions.filter((s) => s.subscribed).map((s) => ({
      transport: s.transport,
      actual: s.sock.transport,
      subscribed: s.subscribed,
      closed: s.closed || null,
      offsets: s.pushes.filter((p) => p.push === 'message').map((p) => p.offset),
      data: s.pushes.filter((p) => p.push === 'message').map((p) => p.data),
      other: s.pushes.filter((p) => p.push !== 'message'),
    })),
  }, extra);
  process.stdout.write(JSON.stringify(out) + '\n');
  for (const s of sessions) { try { s.sock.close(); } catch (e) { /* closing anyway */ } }
  setTimeout(() => process.exit(0), 50);
}
