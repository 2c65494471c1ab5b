import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseComposeDurationMs } from '../../../src/compose/parse-compose-duration';
import { isConfigError } from './compose-fixtures';

describe('parseComposeDurationMs', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.healthcheck.interval');
  const cases: readonly (readonly [unknown, number])[] = [
    ['10s', 10_000], ['1m30s', 90_000], ['500ms', 500], ['1h', 3_600_000], ['1.5s', 1500], ['2h45m', 9_900_000],
    ['1500us', 2], ['1500µs', 2], ['100ns', 0], ['0', 0], [0, 0], [' 5s ', 5000],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected} ms`, () => assert.equal(parseComposeDurationMs(input, where), expected));
  }

  for (const bad of ['10', 10, '1d', 's', '-5s', '5 s', '', true, null, ['5s']]) {
    it(`rejects ${JSON.stringify(bad)} naming the key and the accepted forms`, () => {
      assert.throws(() => parseComposeDurationMs(bad, where), isConfigError('docker-compose.yml: services.app.healthcheck.interval', /is not a duration/, /10s, 1m30s, 500ms/));
    });
  }
});
