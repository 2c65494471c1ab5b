import assert from 'node:assert/strict';
import { instanceLabel, LogFormatter, logTimeKey, logTimeKeyOfMs, parseLogLine, sortLogEntries, type LogEntry } from '../../../src/domain/log-entry';
import { LogInterleaver } from '../../../src/domain/log-interleaver';

const entry = (key: string, host: string, text: string, kind: LogEntry['kind'] = 'line'): LogEntry => ({ key, host, instance: 'app-blue_1', kind, text });

describe('domain/log-entry: logs of many hosts in time order', () => {
  it('pads the engine\'s fractions so text order is time order', () => {
    assert.equal(logTimeKey('2024-05-01T10:00:00.1234Z'), '2024-05-01T10:00:00.123400000Z');
    assert.equal(logTimeKey('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00.000000000Z');
    assert.ok((logTimeKey('2024-05-01T10:00:00.1234Z') ?? '') < (logTimeKey('2024-05-01T10:00:00.12345Z') ?? ''), 'the engine trims zeros: .1234 is before .12345');
    assert.equal(logTimeKey('yesterday'), undefined);
    assert.equal(logTimeKeyOfMs(Date.parse('2024-05-01T10:00:00.123Z')), '2024-05-01T10:00:00.123000000Z');
  });

  it('splits the timestamp off an engine line; a line without one keeps the previous time', () => {
    assert.deepEqual(parseLogLine('2024-05-01T10:00:00.5Z GET /demo 200', 'x'), { key: '2024-05-01T10:00:00.500000000Z', text: 'GET /demo 200' });
    assert.deepEqual(parseLogLine('no time here', 'previous'), { key: 'previous', text: 'no time here' });
  });

  it('sorts by time, keeping the given order of equal times', () => {
    const sorted = sortLogEntries([entry('b', 'h1', '2'), entry('a', 'h2', '1'), entry('b', 'h3', '3'), entry('a', 'h1', '0')]);
    assert.deepEqual(sorted.map((e) => `${e.host}:${e.text}`), ['h2:1', 'h1:0', 'h1:2', 'h3:3']);
  });

  it('prefixes each line "host instance |", padded to the widest prefix, plain when piped', () => {
    const formatter = new LogFormatter(false);
    formatter.know('h1', 'app-blue_1');
    formatter.know('node-2', 'app-blue_10');
    assert.equal(formatter.format(entry('a', 'h1', 'GET / 200')), 'h1 app-blue_1      | GET / 200');
    assert.equal(formatter.format({ key: 'a', host: 'node-2', instance: 'app-blue_10', kind: 'joined', text: '(green, release 3)' }), 'node-2 app-blue_10 | -- joined (green, release 3)');
    assert.equal(formatter.format({ key: 'a', host: 'node-2', instance: 'app-blue_10', kind: 'left', text: '' }), 'node-2 app-blue_10 | -- left');
  });

  it('colours each instance\'s prefix differently on a terminal, the text itself untouched', () => {
    const formatter = new LogFormatter(true);
    const one = formatter.format(entry('a', 'h1', 'hello'));
    const two = formatter.format({ ...entry('a', 'h2', 'hello'), instance: 'app-blue_2' });
    // eslint-disable-next-line no-control-regex -- the formatter colours the prefix with ESC sequences; matching them is the point
    assert.match(one, /^\u001b\[\d+mh1 app-blue_1 \|\u001b\[0m hello$/);
    assert.notEqual(one.slice(0, 5), two.slice(0, 5));
  });

  it('names instances without the project', () => {
    assert.equal(instanceLabel('shop_app-green_2', 'shop'), 'app-green_2');
    assert.equal(instanceLabel('other_db_1', 'shop'), 'other_db_1');
  });
});

describe('domain/log-interleaver: following several streams', () => {
  it('holds lines for the window and releases them in time order, whichever stream was first', () => {
    const interleaver = new LogInterleaver(200);
    interleaver.push(entry('t3', 'h1', 'third'), 1000);
    interleaver.push(entry('t1', 'h2', 'first'), 1050);
    interleaver.push(entry('t2', 'h3', 'second'), 1100);
    assert.deepEqual(interleaver.take(1199), []);
    assert.deepEqual(interleaver.take(1250).map((e) => e.text), ['first', 'third']);
    assert.deepEqual(interleaver.take(1300).map((e) => e.text), ['second']);
    assert.equal(interleaver.size, 0);
  });

  it('flush gives everything held, in time order', () => {
    const interleaver = new LogInterleaver(10_000);
    interleaver.push(entry('t2', 'h1', 'b'), 0);
    interleaver.push(entry('t1', 'h1', 'a'), 1);
    assert.deepEqual(interleaver.flush().map((e) => e.text), ['a', 'b']);
    assert.deepEqual(interleaver.flush(), []);
  });
});
