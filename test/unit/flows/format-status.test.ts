import assert from 'node:assert/strict';
import { formatStatus, type InstanceStatus, type ProjectStatus } from '../../../src/flows/status';

const instance = (name: string, color: string, state: string, health: string, routed: boolean): InstanceStatus => ({
  name, host: 'local', color, role: 'target', state, health, image: `docker-flow-demo:${color === 'blue' ? 'v1' : 'v2'}`,
  ports: state === 'running' ? ['127.0.0.1:32884->8080/tcp'] : [], routed,
});

const status = (extra: Partial<ProjectStatus['services'][number]> = {}): ProjectStatus => ({
  project: 'demo',
  store: 'embedded store at /var/lib/docker-flow',
  hosts: [{ name: 'local', endpoint: 'unix:///var/run/docker.sock', reachable: true }],
  services: [{
    service: 'demo-app', liveColor: 'green', routedColor: 'green', scale: 1, paths: ['/demo'],
    instances: [instance('demo_app-blue_1', 'blue', 'exited', 'unhealthy', false), instance('demo_app-green_1', 'green', 'running', 'healthy', true)],
    ...extra,
  }],
});

describe('formatStatus: the status table', () => {
  it('one line per service, its instances by host; a stopped instance shows no health (its last check is stale)', () => {
    assert.deepEqual(formatStatus(status()), [
      'project demo (state: embedded store at /var/lib/docker-flow)',
      '',
      'demo-app  live: green  proxy: green  scale: 1  paths: /demo',
      '  host local',
      '    demo_app-blue_1   blue   exited   -        docker-flow-demo:v1  -',
      '    demo_app-green_1  green  running  healthy  docker-flow-demo:v2  127.0.0.1:32884->8080/tcp  routed',
    ]);
  });

  it('a proxy switch left unconfirmed by a stopped docker-flow is shown on the service line', () => {
    const line = formatStatus(status({ switching: { from: 'blue', since: '2026-11-22T03:00:00.000Z' } }))[2];
    assert.equal(line, 'demo-app  live: green  proxy: green (switch from blue unconfirmed since 2026-11-22T03:00:00.000Z; the next run settles it)  scale: 1  paths: /demo');
  });

  it('names each stored record that could not be read, and still shows the services', () => {
    const lines = formatStatus({ ...status(), corrupt: [{ key: 'docker-flow/demo-app/route', reason: 'is not a route record: port: expected a whole number of at least 1, found "80"' }] });
    assert.equal(lines[1], '! docker-flow/demo-app/route is not a route record: port: expected a whole number of at least 1, found "80"; left as it is: fix or delete it');
    assert.equal(lines[3], 'demo-app  live: green  proxy: green  scale: 1  paths: /demo');
  });
});
