import assert from 'node:assert/strict';

import { newBindAddresses } from '../../../../src/adapters/haproxy/new-binds';

const running = ['frontend http', '    bind *:8080', 'listen docker-flow-status', '    bind 127.0.0.1:9090', ''].join('\n');

describe('adapters/haproxy binds a reload would add', () => {
  it('lists only the TCP addresses the running configuration does not bind', () => {
    const next = `${running}    bind 127.0.0.1:7000 name extra\n    bind 0.0.0.0:8080\n`;
    assert.deepEqual(newBindAddresses(running, next), [{ host: '127.0.0.1', port: 7000 }]);
  });

  it('without a running configuration every bind is new; *: and : mean every IPv4 address', () => {
    assert.deepEqual(newBindAddresses(undefined, '  bind *:80\n  bind :81\n  bind [::1]:82 v6only\n  bind ipv4@10.0.0.1:83,ipv6@[::]:84\n'), [
      { host: '0.0.0.0', port: 80 },
      { host: '0.0.0.0', port: 81 },
      { host: '::1', port: 82 },
      { host: '10.0.0.1', port: 83 },
      { host: '::', port: 84 },
    ]);
  });

  it('leaves unix sockets, fd@, port ranges, comments and repeated binds alone', () => {
    const next = `${running}    bind /run/x.sock\n    bind unix@/run/y.sock\n    bind fd@3\n    bind :9000-9010\n    # bind :7001\n    bind :7002\n    bind *:7002\n`;
    assert.deepEqual(newBindAddresses(running, next), [{ host: '0.0.0.0', port: 7002 }]);
  });
});
