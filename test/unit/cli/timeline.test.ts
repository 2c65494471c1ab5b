import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { createLogger, timelineSink } from '../../../src/cli/create-logger';

/** The lines a logger writes, through a stream transport in place of the console. */
function capture(format: 'text' | 'json', level: 'info' | 'debug'): { readonly logger: winston.Logger; readonly lines: () => Promise<string[]> } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createLogger(format, level, new winston.transports.Stream({ stream }));
  return {
    logger,
    lines: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return text.split('\n').filter((line) => line !== '');
    },
  };
}

describe('cli/create-logger: the terminal timeline and JSON lines', () => {
  it('text: [HH:MM:SS], ▸ phases, ✓ steps with their duration, ✗ failures with the error, ! notes; step starts only at debug', async () => {
    const { logger, lines } = capture('text', 'info');
    const sink = timelineSink(logger);
    sink({ type: 'plan', title: 'deploy demo-app: blue → green' });
    sink({ type: 'phase', title: 'new instances healthy' });
    sink({ type: 'step-start', step: 'wait until demo_app-green_1 on local is healthy' });
    sink({ type: 'step-done', step: 'wait until demo_app-green_1 on local is healthy', durationMs: 6_240 });
    sink({ type: 'step-failed', step: 'pull app:v2 on h2', durationMs: 150, error: 'registry 10.77.0.1:5000 could not be reached' });
    sink({ type: 'note', message: 'host h3 did not answer; placed on h1, h2' });
    const out = await lines();
    assert.equal(out.length, 5, out.join('\n'));
    for (const line of out) assert.match(line, /^\[\d\d:\d\d:\d\d\] /);
    assert.deepEqual(out.map((line) => line.slice(11)), [
      'deploy demo-app: blue → green',
      '▸ new instances healthy',
      '  ✓ wait until demo_app-green_1 on local is healthy (6.2s)',
      '  ✗ pull app:v2 on h2 (0.1s): registry 10.77.0.1:5000 could not be reached',
      '! host h3 did not answer; placed on h1, h2',
    ]);
  });

  it('json: one JSON object per event with its fields and level, without the terminal rendering', async () => {
    const { logger, lines } = capture('json', 'debug');
    timelineSink(logger)({ type: 'step-done', step: 'start demo_app-green_1 on local', durationMs: 600 });
    const [line] = await lines();
    const event: unknown = JSON.parse(line ?? '');
    assert.ok(typeof event === 'object' && event !== null);
    assert.equal(Reflect.get(event, 'level'), 'info');
    assert.equal(Reflect.get(event, 'type'), 'step-done');
    assert.equal(Reflect.get(event, 'durationMs'), 600);
    assert.equal(Reflect.get(event, 'message'), 'start demo_app-green_1 on local');
    assert.match(String(Reflect.get(event, 'timestamp')), /^\d{4}-\d\d-\d\dT/);
    assert.equal(Reflect.get(event, 'line'), undefined);
  });
});
