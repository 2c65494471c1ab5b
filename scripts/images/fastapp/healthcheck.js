'use strict';
// HEALTHCHECK of docker-flow-fastapp: exit 0 when GET /health answers 200 within 900 ms.
const http = require('node:http');

const req = http.get({ host: '127.0.0.1', port: Number(process.env.PORT || 8080), path: '/health', timeout: 900 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (err) => {
  console.error(`health check failed: ${err.message}`);
  process.exit(1);
});
