import assert from 'node:assert/strict';

import { haproxyWorkers } from '../../../../src/adapters/haproxy/container-workers';
import { parseShowProc } from '../../../../src/adapters/haproxy/master-cli';
import { parseProcStat, parseProcStats } from '../../../../src/adapters/haproxy/proc-stat';

describe('adapters/haproxy process views', () => {
  it('parses show proc: master, reload counters, current and old workers', () => {
    const output = [
      '#<PID>          <type>          <reloads>       <uptime>        <version>      ',
      '7207            master          2 [failed: 1]   0d00h10m14s     2.6.12-1+deb12u4',
      '# workers',
      '25277           worker          0               0d00h00m01s     2.6.12-1+deb12u4',
      '# old workers',
      '7208            worker          1               0d00h10m14s     2.6.12-1+deb12u4',
      '# programs',
      '',
    ].join('\n');
    assert.deepEqual(parseShowProc(output), { masterPid: 7207, reloads: 2, failedReloads: 1, workers: [{ pid: 25277, old: false }, { pid: 7208, old: true }] });
    assert.equal(parseShowProc(''), undefined);
  });

  it('parses /proc/<pid>/stat, comm with spaces and parentheses included', () => {
    const line = '42 (my (odd) name) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10';
    assert.deepEqual(parseProcStat(line), { pid: 42, comm: 'my (odd) name', state: 'S', ppid: 1, startTime: 98765 });
    assert.equal(parseProcStat('garbage'), undefined);
  });

  it('finds the workers in a container: children of the haproxy master, all but the newest old', () => {
    const stat = (pid: number, comm: string, ppid: number, start: number, state = 'S') => `${pid} (${comm}) ${state} ${ppid} 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 0 0`;
    const processes = parseProcStats([stat(1, 'haproxy', 0, 100), stat(8, 'haproxy', 1, 120), stat(30, 'haproxy', 1, 300), stat(31, 'sh', 0, 310), stat(32, 'cat', 31, 311), stat(9, 'haproxy', 1, 130, 'Z')].join('\n'));
    assert.deepEqual(haproxyWorkers(processes), [{ pid: 8, old: true }, { pid: 30, old: false }]);
    assert.deepEqual(haproxyWorkers(parseProcStats(stat(1, 'haproxy', 0, 100))), []);
  });
});
