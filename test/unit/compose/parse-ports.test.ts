import assert from 'node:assert/strict';
import { ComposeLocation } from '../../../src/compose/compose-location';
import { parseExpose, parsePorts } from '../../../src/compose/parse-ports';
import { isConfigError } from './compose-fixtures';

describe('parsePorts', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.ports');
  const one = (item: unknown) => parsePorts([item], where);

  it('reads every short form', () => {
    assert.deepEqual(one('8080'), [{ containerPort: 8080, protocol: 'tcp' }]);
    assert.deepEqual(one(8080), [{ containerPort: 8080, protocol: 'tcp' }]);
    assert.deepEqual(one('80:8080'), [{ containerPort: 8080, protocol: 'tcp', hostPort: 80 }]);
    assert.deepEqual(one('127.0.0.1:80:8080'), [{ containerPort: 8080, protocol: 'tcp', hostPort: 80, hostIp: '127.0.0.1' }]);
    assert.deepEqual(one('127.0.0.1::8080'), [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }]);
    assert.deepEqual(one('8080/udp'), [{ containerPort: 8080, protocol: 'udp' }]);
    assert.deepEqual(one('53:53/udp'), [{ containerPort: 53, protocol: 'udp', hostPort: 53 }]);
    assert.deepEqual(one('[::1]::80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '::1' }]);
  });

  it('expands ranges', () => {
    assert.deepEqual(one('8000-8001:9000-9001'), [
      { containerPort: 9000, protocol: 'tcp', hostPort: 8000 },
      { containerPort: 9001, protocol: 'tcp', hostPort: 8001 },
    ]);
    assert.deepEqual(one('127.0.0.1::7000-7002/udp').map((p) => p.containerPort), [7000, 7001, 7002]);
  });

  it('keeps a host port range for one container port as a range (the engine picks a free port of it per instance)', () => {
    assert.deepEqual(one('6005-6015:80'), [{ containerPort: 80, protocol: 'tcp', hostPort: 6005, hostPortEnd: 6015 }]);
    assert.deepEqual(one('127.0.0.1:6005-6006:80/udp'), [{ containerPort: 80, protocol: 'udp', hostPort: 6005, hostPortEnd: 6006, hostIp: '127.0.0.1' }]);
    assert.deepEqual(one({ target: 80, published: '6005-6015' }), [{ containerPort: 80, protocol: 'tcp', hostPort: 6005, hostPortEnd: 6015 }]);
  });

  it('accepts mode: host and the name and app_protocol labels of the long form', () => {
    assert.deepEqual(one({ target: 80, mode: 'host', name: 'web', app_protocol: 'http' }), [{ containerPort: 80, protocol: 'tcp' }]);
  });

  it('reads the long form', () => {
    assert.deepEqual(one({ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp', mode: 'host' }), [{ containerPort: 80, protocol: 'udp', hostPort: 8080, hostIp: '127.0.0.1' }]);
    assert.deepEqual(one({ target: '80' }), [{ containerPort: 80, protocol: 'tcp' }]);
  });

  const bad: readonly (readonly [unknown, RegExp])[] = [
    ['80:http', /"80:http" is not a port mapping: "http" is not a port/],
    ['0', /"0" is not a port/],
    ['70000', /is not a port/],
    ['1.2.3.4:1:2:3', /too many ":"/],
    ['::1:80:80', /too many ":"/],
    ['example.com:80:80', /"example\.com" is not an IP address/],
    ['8080/sctp', /protocol "sctp"/],
    ['8000-8001:9000-9002', /the host range has 2 ports but the container range has 3/],
    ['9001-9000', /is not a port/],
    [{ published: 80 }, /needs target: \(the container port\)/],
    [{ target: 80, host_ip: 'nope' }, /"nope" is not an IP address/],
    [true, /"true" is not a port/],
    [['80'], /must be a string or a number, found a list/],
  ];
  for (const [item, message] of bad) {
    it(`rejects ${JSON.stringify(item)} with the accepted forms`, () => {
      assert.throws(() => parsePorts(['8080', item], where), (error: unknown) => {
        assert.ok(error instanceof Error && 'key' in error && typeof error.key === 'string' && error.key.startsWith('docker-compose.yml: services.app.ports[1]'));
        assert.match(error.message, message);
        assert.ok('hint' in error && typeof error.hint === 'string' && error.hint.includes('"127.0.0.1::8080"'));
        return true;
      });
    });
  }

  it('refuses mode: ingress (the Swarm routing mesh) and other modes, and unknown keys of the long form', () => {
    assert.throws(() => one({ target: 80, mode: 'ingress' }), isConfigError('docker-compose.yml: services.app.ports[0].mode', /ingress, the Swarm routing mesh/, /write mode: host/));
    assert.throws(() => one({ target: 80, mode: 'global' }), isConfigError('docker-compose.yml: services.app.ports[0].mode', /must be host or ingress, found "global"/));
    assert.throws(() => one({ target: 80, publised: 8080 }), isConfigError('docker-compose.yml: services.app.ports[0].publised', /is not a key of a port mapping/, /published/));
  });

  it('rejects a ports value that is not a list', () => {
    assert.throws(() => parsePorts('8080', where), isConfigError('docker-compose.yml: services.app.ports', /must be a list/));
  });
});

describe('parseExpose', () => {
  const where = new ComposeLocation('docker-compose.yml', 'services.app.expose');

  it('reads numbers, strings, protocols and ranges', () => {
    assert.deepEqual(parseExpose([3000, '3001', '3002/udp', '4000-4002'], where), [3000, 3001, 3002, 4000, 4001, 4002]);
  });

  it('rejects a bad entry naming its index', () => {
    assert.throws(() => parseExpose([3000, 'web'], where), isConfigError('docker-compose.yml: services.app.expose[1]', /"web" is not a port/, /3000-3005/));
  });
});
