import assert from 'node:assert/strict';
import { decodeFlowLabels, mapContainer } from '../../../../src/adapters/docker/map-container';
import created from './fixtures/inspect-created.json';
import exited from './fixtures/inspect-exited.json';
import healthy from './fixtures/inspect-healthy.json';
import unhealthy from './fixtures/inspect-unhealthy.json';

/** Fixtures: `GET /v1.41/containers/{id}/json` recorded from dockerd 20.10 with the demo images. */
describe('adapters/docker/map-container', () => {
  it('maps a healthy running container with a published port and our labels', () => {
    const info = mapContainer(healthy, 'node-1');
    assert.equal(info.id, 'bee43c6026ac9e4f79015aac59e5d116b4bec0a43b4f9d5693efed536f4e53be');
    assert.equal(info.name, 'fixture_healthy', 'the leading slash is dropped');
    assert.equal(info.host, 'node-1');
    assert.equal(info.state, 'running');
    assert.equal(info.health, 'healthy');
    assert.equal(info.healthLog, undefined, 'a passing wget prints nothing');
    assert.equal(info.image, 'docker-flow-demo:v1');
    assert.match(info.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(info.publishedPorts, [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 32779 }]);
    assert.equal(info.restartCount, 0);
    assert.equal(info.exitCode, undefined, 'a running container has no exit code');
    assert.equal(info.startedAt, '2026-11-22T06:27:50.062066883Z');
    assert.equal(info.labels['io.docker-flow.test'], 'docker-adapter-fixture');
    assert.equal(info.project, 'shop');
    assert.equal(info.target, 'app');
    assert.equal(info.color, 'green');
    assert.equal(info.release, 7);
    assert.equal(info.number, 2);
    assert.equal(info.role, 'target');
  });

  it('keeps the output of the last health check, trimmed, for an unhealthy container', () => {
    const info = mapContainer(unhealthy, 'node-1');
    assert.equal(info.health, 'unhealthy');
    assert.equal(info.healthLog, 'wget: server returned error: HTTP/1.1 500 Internal Server Error');
    assert.equal(info.project, undefined, 'no decoded fields on a container docker-flow did not create');
    assert.equal(info.color, undefined);
  });

  it('maps a created container: no health yet, no start time, no ports', () => {
    const info = mapContainer(created, 'node-2');
    assert.equal(info.state, 'created');
    assert.equal(info.health, 'none', 'the engine adds State.Health only once the container starts');
    assert.equal('startedAt' in info, false, '0001-01-01 means never started');
    assert.deepEqual(info.publishedPorts, []);
  });

  it('maps an exited container with its exit code and the health the engine kept', () => {
    const info = mapContainer(exited, 'node-1');
    assert.equal(info.state, 'exited');
    assert.equal(info.exitCode, 1);
    assert.equal(info.health, 'unhealthy', 'dockerd marks a container that exits before its first check unhealthy');
    assert.equal(info.healthLog, undefined, 'no check ran, so there is no output');
  });

  it('survives odd engine JSON: nulls, missing sections, unknown states', () => {
    const info = mapContainer(
      { Id: 'abc', Name: '/x', State: { Status: 'frozen', Running: true, Health: null }, Config: { Labels: null }, NetworkSettings: { Ports: { '80/tcp': null, 'junk': [{}], '53/udp': [{ HostIp: '::', HostPort: '5353' }] } } },
      'h',
    );
    assert.equal(info.state, 'running', 'unknown status falls back to the Running flag');
    assert.equal(info.health, 'none');
    assert.deepEqual(info.labels, {});
    assert.deepEqual(info.publishedPorts, [{ containerPort: 53, protocol: 'udp', hostIp: '::', hostPort: 5353 }]);
    assert.deepEqual(mapContainer(null, 'h').publishedPorts, []);
  });

  it('decodes only well-formed label values', () => {
    const decoded = decodeFlowLabels({
      'io.docker-flow.project': 'shop',
      'io.docker-flow.color': 'purple',
      'io.docker-flow.release': '3a',
      'io.docker-flow.role': 'proxy',
      'com.docker.compose.container-number': '4',
    });
    assert.deepEqual(decoded, { project: 'shop', number: 4, role: 'proxy' });
  });

  it('sorts published ports so equal engine state maps to equal values', () => {
    const ports = { '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '2' }], '8080/tcp': [{ HostIp: '::', HostPort: '1' }, { HostIp: '0.0.0.0', HostPort: '1' }] };
    const info = mapContainer({ NetworkSettings: { Ports: ports } }, 'h');
    assert.deepEqual(info.publishedPorts.map((port) => `${port.containerPort}/${port.hostIp}`), ['8080/0.0.0.0', '8080/::', '9000/127.0.0.1']);
  });
});
