import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseDeploy } from '../../../src/compose/parse-deploy';
import { isConfigError } from './compose-fixtures';

describe('parseDeploy', () => {
  const where = new ComposeLocation('c.yml', 'services.app.deploy');

  it('reads replicas and placement and ignores the rest', () => {
    assert.deepEqual(parseDeploy({ replicas: 2, mode: 'replicated', resources: { limits: { cpus: '1' } }, placement: { constraints: [' node.role == worker '], max_replicas_per_node: 1, preferences: [] } }, where), {
      replicas: 2, constraints: ['node.role == worker'], maxReplicasPerNode: 1,
    });
    assert.deepEqual(parseDeploy({ labels: { a: 'b' } }, where), { constraints: [] });
  });

  it('rejects bad replicas, constraints and max_replicas_per_node', () => {
    assert.throws(() => parseDeploy({ replicas: 'many' }, where), isConfigError('c.yml: services.app.deploy.replicas', /whole number of at least 0, found "many"/));
    assert.throws(() => parseDeploy({ placement: { constraints: ['zone=a'] } }, where), isConfigError('c.yml: services.app.deploy.placement.constraints[0]', /"zone=a" is not a placement constraint/, /node\.hostname == h2/));
    assert.throws(() => parseDeploy({ placement: { max_replicas_per_node: 0 } }, where), isConfigError('c.yml: services.app.deploy.placement.max_replicas_per_node', /at least 1/));
  });
});
