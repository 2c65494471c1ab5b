import type { ComposeLocation } from './compose-location';
import { parseComposeDurationMs } from './parse-compose-duration';
import { expectBoolean, expectInteger, expectList, expectMap, expectScalar } from './raw-value';

/** A healthcheck as one file states it; several files merge key by key before it is finished. */
export interface HealthcheckLayer {
  readonly test?: readonly string[];
  readonly disable?: boolean;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
}

const acceptedTest = 'write test as a shell command string ("curl -f http://localhost/health") or a list starting with CMD, CMD-SHELL or NONE';
const acceptedMap = 'write healthcheck as a map with test, interval, timeout, retries, start_period or disable';

/** `healthcheck:` of a service: test string → ["CMD-SHELL", s], list kept, durations → ms. */
export function parseHealthcheck(value: unknown, where: ComposeLocation): HealthcheckLayer {
  const map = expectMap(value, where, acceptedMap);
  if (map['start_interval'] !== undefined && map['start_interval'] !== null) {
    throw where.child('start_interval').error('needs Engine API 1.44 (docker-flow speaks 1.41)', 'remove start_interval: the check then runs every interval from the start (start_period still holds)');
  }
  const unknown = Object.keys(map).find((key) => !['test', 'disable', 'interval', 'timeout', 'start_period', 'retries', 'start_interval'].includes(key) && !key.startsWith('x-'));
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of healthcheck', acceptedMap);
  const test = map['test'] === undefined ? undefined : parseTest(map['test'], where.child('test'));
  const disable = map['disable'] === undefined ? undefined : expectBoolean(map['disable'], where.child('disable'));
  const intervalMs = optionalDuration(map['interval'], where.child('interval'));
  const timeoutMs = optionalDuration(map['timeout'], where.child('timeout'));
  const startPeriodMs = optionalDuration(map['start_period'], where.child('start_period'));
  const retries = map['retries'] === undefined ? undefined : expectInteger(map['retries'], where.child('retries'), 0);
  return {
    ...(test === undefined ? {} : { test }),
    ...(disable === undefined ? {} : { disable }),
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retries === undefined ? {} : { retries }),
    ...(startPeriodMs === undefined ? {} : { startPeriodMs }),
  };
}

function parseTest(value: unknown, where: ComposeLocation): readonly string[] {
  if (typeof value === 'string') return value.trim() === '' ? ['NONE'] : ['CMD-SHELL', value];
  const words = expectList(value, where, acceptedTest).map((item, index) => expectScalar(item, where.item(index), acceptedTest));
  const [kind] = words;
  if (kind !== 'CMD' && kind !== 'CMD-SHELL' && kind !== 'NONE') {
    throw where.error(`a test list must start with CMD, CMD-SHELL or NONE, found ${JSON.stringify(kind ?? null)}`, acceptedTest);
  }
  if (kind !== 'NONE' && words.length < 2) throw where.error(`${kind} needs a command after it`, acceptedTest);
  return words;
}

function optionalDuration(value: unknown, where: ComposeLocation): number | undefined {
  return value === undefined || value === null ? undefined : parseComposeDurationMs(value, where);
}
