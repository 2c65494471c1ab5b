import assert from 'node:assert/strict';

import { normaliseProxyPath, pathPrefix } from '../../../src/domain/proxy-paths';
import { ConfigError } from '../../../src/errors';

describe('adapters/haproxy service paths', () => {
  it('keeps URL path characters, drops a trailing slash, upper-cases escapes, encodes non-ASCII', () => {
    const cases: [string, string][] = [
      ['/demo', '/demo'],
      ['/demo/', '/demo'],
      ['/', '/'],
      ['//', '/'],
      ['/api/v1/books-ms_2.0~x', '/api/v1/books-ms_2.0~x'],
      ['/a:b@c!(d)*+,;=&', '/a:b@c!(d)*+,;=&'],
      ['/my%20app', '/my%20app'],
      ['/caf%c3%a9', '/caf%C3%A9'],
      ['/straße/😀', '/stra%C3%9Fe/%F0%9F%98%80'],
    ];
    for (const [raw, expected] of cases) assert.equal(normaliseProxyPath(raw, 'demo-app'), expected, raw);
  });

  it('rejects what is not a routable path, naming the path, the service and the next step', () => {
    for (const raw of ['', 'demo', '/my app', '/tab\there', '/"q"', "/it's", '/a#b', '/q?x', '/back\\slash', '/$HOME', '/{x}', '/50%', '/%g1', '/a\nb']) {
      assert.throws(
        () => normaliseProxyPath(raw, 'demo-app'),
        (error: unknown) => error instanceof ConfigError && error.key === '--service-path' && error.message.includes(`${JSON.stringify(raw)} of service demo-app cannot be routed`) && (error.hint ?? '') !== '',
        JSON.stringify(raw),
      );
    }
  });

  it('matches everything under a path through its prefix', () => {
    assert.equal(pathPrefix('/demo'), '/demo/');
    assert.equal(pathPrefix('/'), '/');
  });
});
