import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { renderProxyConfig } from '../../../../src/adapters/haproxy/render-proxy-config';
import { ConfigError } from '../../../../src/errors';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';
import { renderGoldenFiles } from '../../../fixtures/haproxy/golden-files';
import { goldenModels, group, model, renderOptions, service } from '../../../fixtures/haproxy/proxy-models';

/** `npm run golden` rewrites the golden files after an intended change; this test only compares. */
const render = (m: Parameters<typeof renderProxyConfig>[0]) => renderProxyConfig(m, { templatesDir, ...renderOptions });
const lines = (text: string): string[] => text.split('\n').map((line) => line.trim());

describe('adapters/haproxy renderProxyConfig', () => {
  describe('golden files', () => {
    for (const golden of renderGoldenFiles()) {
      it(`${golden.name} renders test/fixtures/haproxy/${golden.name}.cfg byte for byte`, () => {
        assert.ok(existsSync(golden.path), `${golden.path} is missing: run npm run golden to write it, and review the file before committing it`);
        assert.equal(golden.rendered, readFileSync(golden.path, 'utf8'), 'the rendering changed: if intended, run npm run golden and review the diff of test/fixtures/haproxy/');
      });
    }
  });

  it('with a certificate: an HTTPS bind beside the HTTP one, X-Forwarded-Proto for it, and a new certificate changes the version', () => {
    const base = model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])])]);
    const plain = render(base);
    const secure = render({ ...base, https: { port: 8443, certFile: '/var/lib/docker-flow/proxy/proxy-cert.pem', certDigest: 'aaaaaaaaaaaaaaaa' } });
    const renewed = render({ ...base, https: { port: 8443, certFile: '/var/lib/docker-flow/proxy/proxy-cert.pem', certDigest: 'bbbbbbbbbbbbbbbb' } });
    assert.ok(!plain.text.includes('ssl crt'), 'no HTTPS without a certificate');
    const frontend = lines(secure.text.slice(secure.text.indexOf('frontend http'), secure.text.indexOf('backend ')));
    assert.deepEqual(frontend.slice(0, 5), [
      'frontend http',
      'bind *:80',
      '# HTTPS with the certificate of --proxy-cert (sha256 aaaaaaaaaaaaaaaa)',
      'bind *:8443 ssl crt /var/lib/docker-flow/proxy/proxy-cert.pem',
      'http-request set-header X-Forwarded-Proto https if { ssl_fc }',
    ]);
    assert.notEqual(secure.version, renewed.version, 'a renewed certificate reloads the proxy');
    assert.throws(() => render({ ...base, https: { port: 8443, certFile: '/my certs/x.pem', certDigest: 'a' } }), (e: unknown) => e instanceof ConfigError && /cannot be written into haproxy.cfg/.test(e.message));
  });

  it('renders identical bytes and version for an identical model, whatever order services and paths come in', () => {
    const m = goldenModels['several-projects'];
    assert.ok(m !== undefined);
    const shuffled = { ...m, services: [...m.services].reverse().map((s) => ({ ...s, paths: [...s.paths].reverse() })) };
    const first = render(m);
    assert.deepEqual(render(m), first);
    assert.deepEqual(render(shuffled), first);
  });

  it('serves the version from the version map on the status endpoint; the version is the hash of the text', () => {
    const one = render(model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])])]));
    const other = render(model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8081]])])]));
    assert.match(one.version, /^[0-9a-f]{16}$/);
    assert.notEqual(one.version, other.version);
    assert.ok(!one.text.includes(one.version), 'the version is not in the file: a runtime change sets it in the map');
    assert.ok(lines(one.text).includes('http-request return status 200 content-type text/plain lf-string "%[str(version),map(/run/docker-flow/version.map,none)]" if { path /docker-flow/config } METH_GET'));
    assert.ok(lines(one.text).includes('bind 127.0.0.1:8080'));
  });

  it('routes /demo with an exact and a prefix ACL (so /demox is not routed), longest paths first', () => {
    const { text } = render(model([service('demo', 'app', ['/demo/', '/'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])]), service('demo', 'api', ['/demo/api'], [group('blue', 100, 'demo', 'api', [['n1', '10.0.0.1', 8090]])])]));
    const all = lines(text);
    assert.ok(all.includes('acl route_demo-app_2 path /demo'));
    assert.ok(all.includes('acl route_demo-app_2 path_beg /demo/'));
    assert.ok(all.includes('acl route_demo-app_1 path_beg /'));
    const order = all.filter((line) => line.startsWith('use_backend'));
    assert.deepEqual(order, ['use_backend demo-api if route_demo-api_1', 'use_backend demo-app if route_demo-app_2', 'use_backend demo-app if route_demo-app_1']);
  });

  it('weights a 10/90 canary so each colour gets its share, and leaves a 0 % colour out', () => {
    const canary = render(goldenModels['canary-10-90'] ?? model([])).text;
    assert.match(canary, /server s1 10\.77\.0\.11:32768 weight 9 check inter 1s fall 2 rise 1\n/);
    assert.match(canary, /server s3 10\.77\.0\.13:32790 weight 2 check inter 1s fall 2 rise 1\n/);
    const zero = render(model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]]), group('green', 0, 'demo', 'app', [['n2', '10.0.0.2', 8080]])])])).text;
    assert.doesNotMatch(zero, /10\.0\.0\.2/);
    assert.match(zero, /server s1 10\.0\.0\.1:8080 weight 1 check/);
  });

  it('sets hard-stop-after to the drain time plus a margin and writes the stats socket for reloads', () => {
    const { text } = renderProxyConfig(model([]), { templatesDir, socketPath: '/var/lib/df/proxy/admin.sock', versionMap: '/var/lib/df/proxy/version.map', drainMs: 45_000 });
    assert.ok(lines(text).includes('hard-stop-after 55s'));
    assert.ok(lines(text).includes('stats socket /var/lib/df/proxy/admin.sock mode 600 level admin expose-fd listeners'));
  });

  it('percent-encodes non-ASCII paths and rejects paths HAProxy would misread, naming the path', () => {
    const withPath = (p: string) => render(model([service('demo', 'app', [p], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])])]));
    assert.ok(lines(withPath('/café').text).includes('acl route_demo-app_1 path /caf%C3%A9'));
    for (const bad of ['/my app', '/say"hi"', "/it's", '/a#b', '/q?x=1', 'demo', '/bad%zz']) {
      assert.throws(() => withPath(bad), (error: unknown) => error instanceof ConfigError && error.key === '--service-path' && error.message.includes(JSON.stringify(bad)) && error.hint !== undefined, bad);
    }
  });

  it('rejects one path routed to two services, naming both', () => {
    const twice = model([service('a', 'x', ['/same'], [group('blue', 100, 'a', 'x', [['n', '10.0.0.1', 1]])]), service('b', 'y', ['/same/'], [group('blue', 100, 'b', 'y', [['n', '10.0.0.1', 2]])])]);
    assert.throws(() => render(twice), /"\/same" is routed to both a-x and b-y/);
  });

  it('names the template and line of a custom template error', () => {
    const broken = (backendTemplate: string) => render(model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])], { backendTemplate })]));
    assert.throws(() => broken('backend x\n{{#each servers}}\n  server {{nme}} {{address}}:{{port}}\n{{/each}}\n'), (error: unknown) => error instanceof ConfigError && error.key === 'backend template of demo-app' && /line 3: "nme" not defined/.test(error.message));
    assert.throws(() => broken('backend x\n\n{{#each servers}\n'), (error: unknown) => error instanceof ConfigError && /^backend template of demo-app: line 3: cannot parse/.test(error.message));
    assert.throws(() => broken('backend x\n{{if .Healthy}}\n'), (error: unknown) => error instanceof ConfigError && /line 2: unsupported Go-template construct "\{\{if \.Healthy\}\}"/.test(error.message));
  });

  it('does not HTML-escape anything (custom templates included)', () => {
    const { text } = render(model([service('demo', 'app', ['/demo'], [group('blue', 100, 'demo', 'app', [['n1', '10.0.0.1', 8080]])], { frontendTemplate: '    http-request set-header X-Origin "<{{coloredName}}> & co"' })]));
    assert.ok(lines(text).includes('http-request set-header X-Origin "<demo-app-blue> & co"'));
  });
});
