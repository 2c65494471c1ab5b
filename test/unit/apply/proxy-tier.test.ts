import assert from 'node:assert/strict';

import { renderProxyConfig } from '../../../src/adapters/haproxy/render-proxy-config';
import { readTierStanding } from '../../../src/apply/proxy-standing';
import { catchUpTier, serveTier, type ProxyMember, type TierResult } from '../../../src/apply/proxy-tier';
import { renderOptionsOf } from '../../../src/apply/serve-proxy';
import { buildProxyModel } from '../../../src/domain/build-proxy-model';
import type { RouteRecord } from '../../../src/domain/records';
import { DockerFlowError, ProxyError, UnreachableError } from '../../../src/errors';
import type { Logger } from '../../../src/logger';
import { templatesDir } from '../../fixtures/haproxy/fixture-paths';
import { FakeProxyRuntime } from './fake-proxy-runtime';

const route = (color: 'blue' | 'green', host: string): RouteRecord => ({
  service: 'shop-app', project: 'shop', target: 'app', color, paths: ['/app'], port: 8080, updatedAt: '2026-01-01T00:00:00.000Z',
  servers: [{ name: `shop_app-${color}_1`, host, address: `10.0.0.${color === 'blue' ? 11 : 12}`, port: 32000 }],
});
const blue = [route('blue', 'h1')];
const green = [route('green', 'h2')];
const clock = { now: () => 0, sleep: () => Promise.resolve() };

function warnings(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => lines.push(m), error: (m) => lines.push(m), child: () => logger };
  return { logger, lines };
}

function tier(names: readonly string[]): { readonly members: readonly ProxyMember[]; readonly proxies: readonly FakeProxyRuntime[] } {
  const proxies = names.map((n) => new FakeProxyRuntime(n));
  return { proxies, members: proxies.map((runtime) => ({ name: runtime.name, kind: 'container' as const, runtime })) };
}

const o = { templatesDir, drainMs: 1000, clock };
const versionOf = (routes: readonly RouteRecord[], p: FakeProxyRuntime): string => renderProxyConfig(buildProxyModel(routes, p.renderTarget), renderOptionsOf(p, o)).version;
const serving = (p: FakeProxyRuntime, routes: readonly RouteRecord[]): void => {
  const { text, version } = renderProxyConfig(buildProxyModel(routes, p.renderTarget), renderOptionsOf(p, o));
  p.served = { text, version };
};
const failed = (r: TierResult): DockerFlowError => {
  assert.equal(r.ok, false, 'the change fails');
  const error = r.ok ? undefined : r.error;
  assert.ok(error instanceof DockerFlowError, String(error));
  return error;
};

describe('apply/serveTier: several proxies switched together, all or nothing', () => {
  it('switches every proxy, writes the switch intent once, before the first change', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3']);
    for (const p of proxies) serving(p, blue);
    let intents = 0;
    const r = await serveTier(members, { routes: green, stored: blue }, { ...o, logger: warnings().logger, tolerateDown: 0 }, AbortSignal.timeout(5000), () => {
      intents += 1;
      assert.ok(proxies.every((p) => p.changes.length === 0), 'the intent comes before any proxy changes');
      return Promise.resolve();
    });
    assert.deepEqual(r, { ok: true, changed: true, down: [] });
    assert.equal(intents, 1);
    for (const p of proxies) assert.equal(p.served?.version, versionOf(green, p), p.name);
  });

  it('a proxy that refuses: those that switched are switched back, the error names it (exit 5)', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3']);
    for (const p of proxies) serving(p, blue);
    const h2 = proxies[1] as FakeProxyRuntime;
    h2.refuseExcept = new Set([versionOf(blue, h2)]);
    const r = await serveTier(members, { routes: green, stored: blue }, { ...o, logger: warnings().logger, tolerateDown: 0 }, AbortSignal.timeout(5000));
    const error = failed(r);
    assert.ok(error instanceof ProxyError);
    assert.match(error.message, /proxy h2 \(haproxy -c refused the configuration in fake proxy h2\) refused the change or could not be reached; switched back: h1, h3/);
    assert.equal(r.ok ? undefined : r.putBack, true);
    for (const p of proxies) assert.equal(p.served?.version, versionOf(blue, p), `${p.name} serves the stored routes`);
    assert.deepEqual((proxies[0] as FakeProxyRuntime).changes, [versionOf(green, h2), versionOf(blue, h2)], 'h1 switched, then switched back');
  });

  it('a proxy that does not answer: nothing is switched anywhere by default; the error names it and why', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3']);
    for (const p of proxies) serving(p, blue);
    (proxies[2] as FakeProxyRuntime).unreachable = true;
    let intents = 0;
    const r = await serveTier(members, { routes: green, stored: blue }, { ...o, logger: warnings().logger, tolerateDown: 0 }, AbortSignal.timeout(5000), () => {
      intents += 1;
      return Promise.resolve();
    });
    const error = failed(r);
    assert.ok(error instanceof ProxyError);
    assert.match(error.message, /1 of 3 proxies do not answer: h3 does not answer \(fake proxy h3: the Docker engine of h3 does not answer\); nothing was switched on any proxy/);
    assert.match(error.hint ?? '', /--proxy-tolerate-down/);
    assert.equal(intents, 0);
    for (const p of proxies) assert.deepEqual(p.changes, [], `${p.name} untouched`);
  });

  it('with --proxy-tolerate-down=1 the others switch and the one down is named loudly', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3']);
    for (const p of proxies) serving(p, blue);
    (proxies[2] as FakeProxyRuntime).unreachable = true;
    const { logger, lines } = warnings();
    const r = await serveTier(members, { routes: green, stored: blue }, { ...o, logger, tolerateDown: 1 }, AbortSignal.timeout(5000));
    assert.equal(r.ok, true);
    assert.deepEqual(r.ok ? r.down.map((d) => d.name) : [], ['h3']);
    assert.match(lines.join('\n'), /PROXY DOWN, LEFT BEHIND: h3 does not answer .*the other 2 switch \(--proxy-tolerate-down=1\)/);
    assert.deepEqual(proxies.map((p) => p.served?.version === versionOf(green, p)), [true, true, false]);
  });

  it('a proxy that missed changes is brought up to the stored routes before anything else is switched', async () => {
    const { members, proxies } = tier(['h1', 'h2']);
    const [h1, h2] = proxies as [FakeProxyRuntime, FakeProxyRuntime];
    const old: RouteRecord[] = [{ ...route('blue', 'h1'), servers: [{ name: 'shop_app-blue_1', host: 'h1', address: '10.0.0.11', port: 32999 }] }];
    serving(h1, blue);
    serving(h2, old);
    const { logger, lines } = warnings();
    const r = await serveTier(members, { routes: green, stored: blue }, { ...o, logger, tolerateDown: 0 }, AbortSignal.timeout(5000));
    assert.equal(r.ok, true);
    assert.deepEqual(h2.changes, [versionOf(blue, h2), versionOf(green, h2)], 'h2: first the stored routes, then the switch');
    assert.deepEqual(h1.changes, [versionOf(green, h1)]);
    assert.match(lines.join('\n'), /proxy h2 was behind \(it missed changes\): brought up to the stored routes before the switch/);
  });

  it('before old instances stop (drain): a proxy behind is brought up to the stored routes, one down is named', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3']);
    const [h1, h2, h3] = proxies as [FakeProxyRuntime, FakeProxyRuntime, FakeProxyRuntime];
    serving(h1, green);
    serving(h2, blue);
    h3.unreachable = true;
    const r = await catchUpTier(members, green, { ...o, logger: warnings().logger, tolerateDown: 0 }, AbortSignal.timeout(5000));
    assert.deepEqual(r.ok ? r.down.map((d) => d.name) : r, ['h3']);
    assert.deepEqual(h2.changes, [versionOf(green, h2)], 'h2 now serves the stored routes');
    assert.deepEqual(h1.changes, [], 'h1 was up to date');
  });

  it('one proxy: its own error, as before there were tiers', async () => {
    const { members, proxies } = tier(['local']);
    serving(proxies[0] as FakeProxyRuntime, blue);
    (proxies[0] as FakeProxyRuntime).unreachable = true;
    const error = failed(await serveTier(members, { routes: green, stored: blue }, { ...o, logger: warnings().logger, tolerateDown: 0 }, AbortSignal.timeout(5000)));
    assert.ok(error instanceof UnreachableError);
    assert.equal(error.message, 'the Docker engine of local does not answer');
  });
});

describe('apply/readTierStanding: where each proxy of the tier stands against the stored routes', () => {
  it('up, behind, stopped and unreachable, each with the version it serves and the one the stored routes give it', async () => {
    const { members, proxies } = tier(['h1', 'h2', 'h3', 'h4']);
    const [h1, h2, , h4] = proxies as [FakeProxyRuntime, FakeProxyRuntime, FakeProxyRuntime, FakeProxyRuntime];
    serving(h1, green);
    serving(h2, blue);
    h4.unreachable = true;
    const standing = await readTierStanding(members, green, { templatesDir, drainMs: 1000, concurrency: 8 }, AbortSignal.timeout(5000));
    assert.deepEqual(standing.map((p) => [p.name, p.state, p.servedVersion, p.storedVersion]), [
      ['h1', 'up', versionOf(green, h1), versionOf(green, h1)],
      ['h2', 'behind', versionOf(blue, h2), versionOf(green, h2)],
      ['h3', 'stopped', undefined, versionOf(green, h1)],
      ['h4', 'unreachable', undefined, undefined],
    ]);
    assert.equal(standing[3]?.why, 'the Docker engine of h4 does not answer');
  });
});
