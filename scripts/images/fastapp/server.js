'use strict';
// docker-flow-fastapp: a fast HTTP app for benchmarks and zero-downtime tests.
// Every path answers "version: <v>" and the instance (hostname); /health answers 200.
// ?delayMs=N (at most 30000) holds the answer N ms, to test draining.
// On SIGTERM it stops accepting, finishes in-flight requests (closing keep-alive connections
// after their current response) and exits 0.
const http = require('node:http');
const os = require('node:os');
const fs = require('node:fs');

const version = fs.readFileSync('/app/version', 'utf8').trim();
const port = Number(process.env.PORT || 8080);
let closing = false;

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://app');
  const health = url.pathname === '/health';
  const body = health ? 'ok\n' : `version: ${version}\ninstance: ${os.hostname()}\n`;
  const delayMs = Math.min(Number(url.searchParams.get('delayMs')) || 0, 30000);
  const answer = () => {
    const headers = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) };
    if (closing) headers.connection = 'close';
    res.writeHead(200, headers);
    res.end(body);
  };
  if (delayMs > 0) {
    console.log(`holding ${req.url} for ${delayMs} ms`);
    setTimeout(answer, delayMs);
  } else {
    answer();
  }
});
server.keepAliveTimeout = 5000;

function stop(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: no new connections; finishing in-flight requests`);
  server.close(() => {
    console.log('all connections closed; exiting');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 35000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

server.listen(port, '0.0.0.0', () => console.log(`version ${version} listening on :${port}`));
