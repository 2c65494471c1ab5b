import assert from 'node:assert/strict';
import { classifyConsulFailure, consulRetryDelayMs, retryNote } from '../../../../src/adapters/consul/consul-retry';

/** An error as the `consul` client (papi) rejects with: an HTTP answer, or a socket failure. */
const answered = (status: number, body: string): Error => Object.assign(new Error(`consul: ${body}`), { isResponse: true, response: { statusCode: status, body } });
const socket = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:8500`), { code });

describe('adapters/consul/consul-retry', () => {
  const agent = 'http://127.0.0.1:8500';

  it('retries what an election answers (no leader, rpc errors, a follower 5xx) and an agent that does not answer', () => {
    assert.deepEqual(classifyConsulFailure(answered(500, 'No cluster leader'), agent), { transient: true, agentDown: false, reason: 'Consul has no leader' });
    assert.equal(classifyConsulFailure(answered(500, 'rpc error making call: stream closed'), agent).transient, true);
    assert.equal(classifyConsulFailure(answered(503, 'service unavailable'), agent).transient, true);
    assert.deepEqual(classifyConsulFailure(socket('ECONNREFUSED'), agent), { transient: true, agentDown: true, reason: `Consul at ${agent} did not answer (ECONNREFUSED)` });
    assert.equal(classifyConsulFailure(Object.assign(new Error('timeout'), { isTimeout: true }), agent).agentDown, true);
  });

  it('does not retry what Consul will answer again: refused tokens, bad requests, invalid sessions', () => {
    for (const [status, body] of [[403, 'Permission denied'], [403, 'ACL not found'], [400, 'Missing key name'], [500, 'raft apply failed: invalid session "x"'], [500, 'apply failed: Missing node registration'], [500, 'Must provide node']] as const) {
      assert.equal(classifyConsulFailure(answered(status, body), agent).transient, false, `${status} ${body}`);
    }
  });

  it('backs off from 250 ms, doubling to 2 s, and says how long it has retried', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 9].map(consulRetryDelayMs), [250, 500, 1000, 2000, 2000, 2000]);
    assert.equal(retryNote('Consul has no leader', 8_200, 30_000), 'Consul has no leader; retrying (8 s of 30 s)');
  });
});
