import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseDeploy } from '../../../src/compose/parse-deploy';
import { isConfigError } from './compose-fixtures';

describe('parseDeploy', () => {
  const where = new ComposeLocation('c.yml', 'services.app.deploy');

  it('reads replicas, placement and resources; the Swarm-only keys become notes (warned or refused at deploy)', () => {
    const parsed = parseDeploy({ replicas: 2, mode: 'replicated', resources: { limits: { cpus: '1' } }, placement: { constraints: [' node.role == worker '], max_replicas_per_node: 1, preferences: [] } }, where);
    assert.deepEqual({ ...parsed, notes: parsed.notes.map((n) => `${n.action} ${n.at}`) }, {
      replicas: 2, constraints: ['node.role == worker'], maxReplicasPerNode: 1, resources: { nanoCpus: 1_000_000_000 },
      notes: ['warn c.yml: services.app.deploy.placement.preferences'],
    });
    const swarm = parseDeploy({ labels: { a: 'b' }, mode: 'global', restart_policy: { condition: 'any' }, update_config: {}, rollback_config: {}, endpoint_mode: 'vip' }, where);
    assert.deepEqual(swarm.notes.map((n) => `${n.action} ${n.key}`), [
      'refuse deploy.mode', 'refuse deploy.restart_policy', 'warn deploy.update_config', 'warn deploy.rollback_config', 'warn deploy.endpoint_mode', 'warn deploy.labels',
    ]);
    assert.match(swarm.notes[0]?.reason ?? '', /"global" is not supported/);
  });

  it('resources: limits (cpus, memory, pids) and reservations.memory become container settings as docker compose sets them', () => {
    const parsed = parseDeploy({ resources: { limits: { cpus: 0.25, memory: '512m', pids: 64 }, reservations: { memory: '1g', cpus: '0.1', devices: [{ capabilities: ['gpu'] }] } } }, where);
    assert.deepEqual(parsed.resources, { nanoCpus: 250_000_000, memLimitBytes: 512 * 1024 ** 2, pidsLimit: 64, memReservationBytes: 1024 ** 3 });
    assert.deepEqual(parsed.notes.map((n) => `${n.action} ${n.key}`), ['warn deploy.resources.reservations.cpus', 'refuse deploy.resources.reservations.devices']);
    assert.throws(() => parseDeploy({ resources: { limits: { memory: 'lots' } } }, where), isConfigError('c.yml: services.app.deploy.resources.limits.memory', /"lots" is not a size/));
    assert.throws(() => parseDeploy({ resources: { limits: { gpus: 1 } } }, where), isConfigError('c.yml: services.app.deploy.resources.limits.gpus', /is not a key of resources.limits/));
    assert.throws(() => parseDeploy({ replica: 2 }, where), isConfigError('c.yml: services.app.deploy.replica', /is not a key of deploy/));
  });

  it('rejects bad replicas, constraints and max_replicas_per_node', () => {
    assert.throws(() => parseDeploy({ replicas: 'many' }, where), isConfigError('c.yml: services.app.deploy.replicas', /whole number of at least 0, found "many"/));
    assert.throws(() => parseDeploy({ placement: { constraints: ['zone=a'] } }, where), isConfigError('c.yml: services.app.deploy.placement.constraints[0]', /"zone=a" is not a placement constraint/, /node\.hostname == h2/));
    assert.throws(() => parseDeploy({ placement: { max_replicas_per_node: 0 } }, where), isConfigError('c.yml: services.app.deploy.placement.max_replicas_per_node', /at least 1/));
  });
});
