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

  it('keeps network_mode, endpoint driver options, mount options and a host port range', () => {
    const body = mapCreateSpec({
      ...minimal,
      portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 6005, hostPortEnd: 6015 }],
      mounts: [
        { type: 'bind', source: '/srv', target: '/srv', readOnly: true, propagation: 'rslave' },
        { type: 'volume', source: 'shop_data', target: '/data', readOnly: false, noCopy: true },
        { type: 'tmpfs', target: '/run', readOnly: false, tmpfsSizeBytes: 67108864, tmpfsMode: 0o1777 },
        { type: 'tmpfs', target: '/tmp', readOnly: false, tmpfsMode: 0o700 },
      ],
      networks: [{ name: 'shop_default', aliases: ['app'], driverOpts: { mtu: '1400' } }],
    });
    assert.deepEqual(body.HostConfig?.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '6005-6015' }] });
    assert.deepEqual(body.HostConfig?.Mounts, [
      { Type: 'bind', Source: '/srv', Target: '/srv', ReadOnly: true, BindOptions: { Propagation: 'rslave' } },
      { Type: 'volume', Source: 'shop_data', Target: '/data', ReadOnly: false, VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: '', Options: {} } } },
      { Type: 'tmpfs', Source: '', Target: '/run', ReadOnly: false, TmpfsOptions: { SizeBytes: 67108864, Mode: 0o1777 } },
      { Type: 'tmpfs', Source: '', Target: '/tmp', ReadOnly: false, TmpfsOptions: { SizeBytes: 0, Mode: 0o700 } },
    ]);
    assert.deepEqual(body.NetworkingConfig, { EndpointsConfig: { shop_default: { Aliases: ['app'], DriverOpts: { mtu: '1400' } } } });
    const hostNetwork = mapCreateSpec({ ...minimal, networkMode: 'container:shop_vpn_1' });
    assert.equal(hostNetwork.HostConfig?.NetworkMode, 'container:shop_vpn_1');
    assert.equal(hostNetwork.NetworkingConfig, undefined);
  });

  it('gives binds that create their host path to HostConfig.Binds (the engine creates a missing directory; Mounts refuse it), with ro/rw, SELinux and propagation', () => {
    const body = mapCreateSpec({
      ...minimal,
      mounts: [
        { type: 'bind', source: '/srv/shop/conf', target: '/config', readOnly: true, createHostPath: true },
        { type: 'bind', source: '/srv/shop/data', target: '/data', readOnly: false, createHostPath: true, selinux: 'Z', propagation: 'rslave' },
        { type: 'bind', source: '/srv/shop/logs', target: '/logs', readOnly: false, createHostPath: false },
        { type: 'volume', source: 'shop_data', target: '/var/lib/shop', readOnly: false },
      ],
    });
    assert.deepEqual(body.HostConfig?.Binds, ['/srv/shop/conf:/config:ro', '/srv/shop/data:/data:rw,Z,rslave']);
    assert.deepEqual(body.HostConfig?.Mounts, [
      { Type: 'bind', Source: '/srv/shop/logs', Target: '/logs', ReadOnly: false },
      { Type: 'volume', Source: 'shop_data', Target: '/var/lib/shop', ReadOnly: false },
    ]);
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
