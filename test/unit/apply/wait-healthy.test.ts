import assert from 'node:assert/strict';
import { judgeHealth } from '../../../src/apply/wait-healthy';
import { container } from '../builders';

describe('judgeHealth', () => {
  const c = container('x');
  it('healthy when Docker says healthy', () => assert.deepEqual(judgeHealth({ ...c, health: 'healthy' }, undefined, 0, 3000), { ok: true }));
  it('keeps waiting while starting', () => assert.equal(judgeHealth({ ...c, health: 'starting' }, undefined, 0, 3000), undefined));
  it('fails at once when unhealthy, with the check output', () => {
    assert.deepEqual(judgeHealth({ ...c, health: 'unhealthy', healthLog: 'HTTP 500' }, undefined, 0, 3000), { ok: false, reason: 'unhealthy: HTTP 500' });
  });
  it('fails when the container exited, with its exit code', () => {
    assert.deepEqual(judgeHealth({ ...c, state: 'exited', exitCode: 1 }, undefined, 0, 3000), { ok: false, reason: 'exited with code 1' });
  });
  it('fails when it restarts', () => assert.equal(judgeHealth({ ...c, restartCount: 1 }, undefined, 0, 3000)?.ok, false));
  it('without a health check: healthy only after running for the settle period', () => {
    const none = { ...c, health: 'none' as const };
    assert.equal(judgeHealth(none, 1000, 3999, 3000), undefined);
    assert.deepEqual(judgeHealth(none, 1000, 4000, 3000), { ok: true });
  });
  it('a vanished container fails', () => assert.deepEqual(judgeHealth(undefined, undefined, 0, 1), { ok: false, reason: 'the container is gone' }));
});
