import assert from 'node:assert/strict';
import { mapCreateSpec } from '../../../../src/adapters/docker/map-create-spec';
import type { ContainerCreateSpec } from '../../../../src/domain/container';

const minimal: ContainerCreateSpec = {
  name: 'shop_app-blue_1',
  image: 'docker-flow-demo:v1',
  env: ['SERVICE_NAME=shop-app-blue'],
  labels: { 'io.docker-flow.color': 'blue' },
  exposedPorts: [],
  portBindings: [],
  mounts: [],
  networks: [],
};

describe('adapters/docker/map-create-spec', () => {
  it('maps every field of a full spec into the Engine API body', () => {
    const body = mapCreateSpec({
      ...minimal,
      command: ['/bin/demo-server', '--port', '8080'],
      entrypoint: ['/bin/sh', '-c'],
      exposedPorts: [{ containerPort: 9000, protocol: 'tcp' }],
      portBindings: [
        { containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' },
        { containerPort: 8080, protocol: 'tcp', hostIp: '10.77.0.11', hostPort: 18080 },
        { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
      ],
      healthcheck: { test: ['CMD', 'wget', '-q', 'http://127.0.0.1:8080/health'], intervalMs: 1500, timeoutMs: 1000, retries: 3, startPeriodMs: 250 },
      restartPolicy: { name: 'on-failure', maximumRetryCount: 5 },
      user: '1000:1000',
      workingDir: '/srv',
      mounts: [
        { type: 'bind', source: '/etc/shop', target: '/config', readOnly: true },
        { type: 'volume', source: 'shop_data', target: '/data', readOnly: false },
        { type: 'volume', target: '/cache', readOnly: false },
        { type: 'tmpfs', target: '/tmp', readOnly: false },
      ],
      networks: [
        { name: 'shop_default', aliases: ['app', 'app-blue'] },
        { name: 'shop_backend', aliases: ['app'] },
      ],
      stopSignal: 'SIGQUIT',
      stopTimeoutSec: 20,
    });
    assert.deepEqual(body, {
      name: 'shop_app-blue_1',
      Image: 'docker-flow-demo:v1',
      Env: ['SERVICE_NAME=shop-app-blue'],
      Labels: { 'io.docker-flow.color': 'blue' },
      Cmd: ['/bin/demo-server', '--port', '8080'],
      Entrypoint: ['/bin/sh', '-c'],
      ExposedPorts: { '9000/tcp': {}, '8080/tcp': {}, '53/udp': {} },
      Healthcheck: { Test: ['CMD', 'wget', '-q', 'http://127.0.0.1:8080/health'], Interval: 1_500_000_000, Timeout: 1_000_000_000, Retries: 3, StartPeriod: 250_000_000 },
      User: '1000:1000',
      WorkingDir: '/srv',
      StopSignal: 'SIGQUIT',
      StopTimeout: 20,
      HostConfig: {
        PortBindings: {
          '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }, { HostIp: '10.77.0.11', HostPort: '18080' }],
          '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
        },
        Mounts: [
          { Type: 'bind', Source: '/etc/shop', Target: '/config', ReadOnly: true },
          { Type: 'volume', Source: 'shop_data', Target: '/data', ReadOnly: false },
          { Type: 'volume', Source: '', Target: '/cache', ReadOnly: false },
          { Type: 'tmpfs', Source: '', Target: '/tmp', ReadOnly: false },
        ],
        AutoRemove: false,
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
        NetworkMode: 'shop_default',
      },
      NetworkingConfig: { EndpointsConfig: { shop_default: { Aliases: ['app', 'app-blue'] } } },
    });
  });

  it('leaves out what the spec does not set (the image defaults apply)', () => {
    const body = mapCreateSpec(minimal);
    assert.deepEqual(Object.keys(body).sort(), ['Env', 'ExposedPorts', 'HostConfig', 'Image', 'Labels', 'name']);
    assert.deepEqual(body.HostConfig, { PortBindings: {}, Mounts: [], AutoRemove: false });
  });

  it('does not share arrays with the spec (the engine call must not alter domain values)', () => {
    const spec: ContainerCreateSpec = { ...minimal, command: ['a'] };
    const body = mapCreateSpec(spec);
    assert.notEqual(body.Cmd, spec.command);
    assert.notEqual(body.Env, spec.env);
  });
});
