import assert from 'node:assert/strict';
import { buildContainerSpec } from '../../../src/domain/container-spec';
import { host, model, service } from '../builders';

describe('buildContainerSpec: the service restart: policy reaches the engine', () => {
  const policyOf = (restart: string | undefined) => {
    const spec = service('app', restart === undefined ? {} : { restart });
    return buildContainerSpec(model(spec), spec, { project: 'demo', target: 'app', color: 'blue', number: 1, release: 1, role: 'target', host: host('local') }).restartPolicy;
  };

  it('maps each Compose policy to the Engine API RestartPolicy, with the retry count of on-failure:N', () => {
    assert.deepEqual(policyOf('always'), { name: 'always' });
    assert.deepEqual(policyOf('unless-stopped'), { name: 'unless-stopped' });
    assert.deepEqual(policyOf('no'), { name: 'no' });
    assert.deepEqual(policyOf('on-failure'), { name: 'on-failure' });
    assert.deepEqual(policyOf('on-failure:3'), { name: 'on-failure', maximumRetryCount: 3 });
  });

  it('no restart: key → no policy (the engine default, no)', () => {
    assert.equal(policyOf(undefined), undefined);
  });
});
