import assert from 'node:assert/strict';

import { planProxyChange } from '../../../../src/adapters/haproxy/plan-proxy-change';
import { renderProxyConfig } from '../../../../src/adapters/haproxy/render-proxy-config';
import type { ProxyModel } from '../../../../src/domain/proxy-model';
import { freshSlots } from '../../../../src/domain/proxy-slots';
import type { RunningProxy } from '../../../../src/ports/proxy-runtime';
import { templatesDir } from '../../../fixtures/haproxy/fixture-paths';
import { group, model, renderOptions, service } from '../../../fixtures/haproxy/proxy-models';

const options = { templatesDir, ...renderOptions };
const demo = (paths: readonly string[], hosts: readonly [string, string, number][], canary?: readonly [string, string, number][]): ProxyModel =>
  model([service('demo', 'app', paths, [group('blue', canary === undefined ? 100 : 90, 'demo', 'app', hosts), ...(canary === undefined ? [] : [group('green', 10, 'demo', 'app', canary)])])]);
/** What a proxy serving `m` looks like from outside: its file, its version, its slots as rendered. */
const runningOf = (m: ProxyModel): RunningProxy => {
  const { text, version } = renderProxyConfig(m, options);
  const slots = new Map(m.services.map((s) => [s.serviceName, freshSlots(s.groups.flatMap((g) => g.servers.map((x) => ({ name: x.name, address: x.address, port: x.port, weight: 1 }))))]));
  return { text, version, slots };
};
const blue: [string, string, number][] = [['n1', '10.0.0.1', 32001]];
const green: [string, string, number][] = [['n2', '10.0.0.2', 32101]];

describe('adapters/haproxy planProxyChange', () => {
  it('nothing to do when the proxy serves exactly the model', () => {
    const m = demo(['/demo'], blue);
    assert.equal(planProxyChange(m, runningOf(m), options).kind, 'none');
  });

  it('a switch, a scale and a canary step are runtime changes; the file renders the planned slots (what a reload would serve)', () => {
    const running = runningOf(demo(['/demo'], blue));
    for (const next of [demo(['/demo'], green), demo(['/demo'], [...blue, ['n3', '10.0.0.3', 32003]]), demo(['/demo'], blue, green)]) {
      const change = planProxyChange(next, running, options);
      assert.equal(change.kind, 'runtime');
      if (change.kind !== 'runtime') continue;
      assert.ok(change.commands.length > 0);
      assert.deepEqual([...change.previous.keys()], ['demo-app']);
      assert.equal(change.text, renderProxyConfig(next, { ...options, slots: change.expected }).text);
    }
  });

  it('after a run that died between the runtime change and the file rewrite: no command, only the file and version are written', () => {
    const before = demo(['/demo'], blue);
    const after = demo(['/demo'], green);
    const switched = planProxyChange(after, runningOf(before), options);
    assert.equal(switched.kind, 'runtime');
    if (switched.kind !== 'runtime') return;
    const half: RunningProxy = { text: runningOf(before).text, version: switched.version, slots: switched.expected };
    const settled = planProxyChange(after, half, options);
    assert.equal(settled.kind, 'runtime');
    assert.deepEqual(settled.kind === 'runtime' ? [settled.commands, settled.text === switched.text] : [], [[], true]);
  });

  it('reloads with the reason for anything else', () => {
    const m = demo(['/demo'], blue);
    const running = runningOf(m);
    const why = (next: ProxyModel, from: RunningProxy | undefined): string => {
      const change = planProxyChange(next, from, options);
      return change.kind === 'reload' ? change.why : change.kind;
    };
    assert.equal(why(m, undefined), 'the proxy is not running');
    assert.equal(why(demo(['/demo', '/api'], blue), running), 'frontend http changed');
    assert.equal(why(model([...m.services, ...demo(['/other'], green).services.map((s) => ({ ...s, serviceName: 'demo-other' }))]), running), 'frontend http changed; new backend demo-other');
    assert.equal(why({ ...m, services: m.services.map((s) => ({ ...s, backendTemplate: 'backend demo-app\n    server x 10.0.0.9:80\n' })) }, running), 'backend demo-app changed (a custom backend template: its servers change only with a reload)');
    assert.equal(why(m, { ...running, adminError: 'connect ENOENT' }), 'the runtime API did not answer (connect ENOENT)');
    const nine: [string, string, number][] = Array.from({ length: 9 }, (_, i) => [`n${i + 10}`, '10.0.1.1', 33000 + i]);
    assert.equal(why(demo(['/demo'], nine), running), 'demo-app needs 10 slots at once and has 8: growing to 16');
  });
});
