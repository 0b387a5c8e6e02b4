// sockjs-node 0.3.24 with the services the benchmark drives: /echo and /broadcast.
// Usage: node server.js PORT   (binds 127.0.0.1 only)
'use strict';
const http = require('http');
const sockjs = require('sockjs');

const port = parseInt(process.argv[2] || '8081', 10);
const quiet = { log: () => {} };
const server = http.createServer();

const echo = sockjs.createServer(quiet);
echo.on('connection', (conn) => conn.on('data', (m) => conn.write(m)));
echo.installHandlers(server, { prefix: '/echo' });

const everyone = new Set();
const broadcast = sockjs.createServer(quiet);
broadcast.on('connection', (conn) => {
  everyone.add(conn);
  conn.on('data', (m) => { for (const c of everyone) c.write(m); });
  conn.on('close', () => everyone.delete(conn));
});
broadcast.installHandlers(server, { prefix: '/broadcast' });

server.listen(port, '127.0.0.1', () => console.log(`sockjs-node listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
