import assert from 'node:assert/strict';

import { checkFailure } from '../../../../src/adapters/haproxy/validate-config';
import { ProxyError } from '../../../../src/errors';

const candidate = ['global', '    master-worker', '', 'frontend http', '    bind *:80', '    bogus directive', '    use_backend nothere if TRUE', '    default_backend demo', '', 'backend demo', '    server s1 10.0.0.1:80 check'].join('\n');

describe('adapters/haproxy checkFailure (haproxy -c output → ProxyError)', () => {
  it('quotes the line HAProxy names in "parsing [file:LINE]"', () => {
    const output = [
      '[NOTICE]   (27190) : haproxy version is 2.6.12-1+deb12u4',
      "[ALERT]    (27190) : config : parsing [/tmp/p/.haproxy.cfg.1a2b:6] : unknown keyword 'bogus' in 'frontend' section",
      '[ALERT]    (27190) : config : Error(s) found in configuration file : /tmp/p/.haproxy.cfg.1a2b',
      '[ALERT]    (27190) : config : Fatal errors found in configuration.',
    ].join('\n');
    const error = checkFailure(output, candidate, 'on /tmp/p/.haproxy.cfg.1a2b');
    assert.ok(error instanceof ProxyError);
    assert.equal(error.message, "HAProxy rejected the new configuration on /tmp/p/.haproxy.cfg.1a2b: config : parsing [/tmp/p/.haproxy.cfg.1a2b:6] : unknown keyword 'bogus' in 'frontend' section; line 6: \"bogus directive\"");
    assert.match(error.hint ?? '', /keeps its last good configuration/);
  });

  it('finds the line of a name HAProxy quotes without a line number', () => {
    const output = "[ALERT]    (27213) : config : Proxy 'http': unable to find required use_backend: 'nothere'.\n[ALERT]    (27213) : config : Fatal errors found in configuration.";
    assert.match(checkFailure(output, candidate, 'x').message, /unable to find required use_backend: 'nothere'\.; line 7: "use_backend nothere if TRUE"$/);
  });

  it('still reports HAProxy output without alerts', () => {
    assert.match(checkFailure('something odd\nhappened', candidate, 'x').message, /: something odd \| happened$/);
  });
});
