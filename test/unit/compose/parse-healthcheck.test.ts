import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseHealthcheck } from '../../../src/compose/parse-healthcheck';
import { isConfigError } from './compose-fixtures';

describe('parseHealthcheck', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.healthcheck');
  const parse = (value: unknown) => parseHealthcheck(value, where);

  it('turns a string test into CMD-SHELL and keeps a list', () => {
    assert.deepEqual(parse({ test: 'curl -f http://localhost/ || exit 1' }), { test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] });
    assert.deepEqual(parse({ test: ['CMD', 'wget', '-q', 8080] }), { test: ['CMD', 'wget', '-q', '8080'] });
    assert.deepEqual(parse({ test: ['NONE'] }), { test: ['NONE'] });
  });

  it('converts durations to milliseconds and keeps retries and disable', () => {
    assert.deepEqual(parse({ interval: '1m30s', timeout: '500ms', start_period: '10s', retries: 3, disable: false }), {
      disable: false, intervalMs: 90_000, timeoutMs: 500, retries: 3, startPeriodMs: 10_000,
    });
    assert.deepEqual(parse({ disable: true }), { disable: true });
  });

  it('rejects a bad test, duration or retries with the key path', () => {
    assert.throws(() => parse({ test: ['curl', 'x'] }), isConfigError('docker-compose.yml: services.app.healthcheck.test', /must start with CMD, CMD-SHELL or NONE, found "curl"/));
    assert.throws(() => parse({ test: ['CMD'] }), isConfigError('docker-compose.yml: services.app.healthcheck.test', /CMD needs a command/));
    assert.throws(() => parse({ timeout: '5 seconds' }), isConfigError('docker-compose.yml: services.app.healthcheck.timeout', /"5 seconds" is not a duration/));
    assert.throws(() => parse({ retries: -1 }), isConfigError('docker-compose.yml: services.app.healthcheck.retries', /whole number of at least 0/));
    assert.throws(() => parse('curl localhost'), isConfigError('docker-compose.yml: services.app.healthcheck', /must be a map/));
  });

  it('refuses start_interval (Engine API 1.44) and a key that is not a healthcheck key, instead of dropping them', () => {
    assert.throws(() => parse({ test: 'true', start_interval: '5s' }), isConfigError('docker-compose.yml: services.app.healthcheck.start_interval', /needs Engine API 1\.44/, /remove start_interval/));
    assert.throws(() => parse({ test: 'true', intervall: '5s' }), isConfigError('docker-compose.yml: services.app.healthcheck.intervall', /is not a key of healthcheck/));
  });
});
