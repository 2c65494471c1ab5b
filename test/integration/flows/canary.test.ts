import assert from 'node:assert/strict';
import { freePort } from '../support/free-port';
import { httpGet } from '../support/http-get';
import { flowFixture, running, type FlowFixture } from './flow-fixture';
import { step } from '../support/scenario';

describe('canary releases', function () {
  let f: FlowFixture;
  let proxy: string[];
  const base = ['--blue-green', '--target=app', '--service-path=/demo'];
  const count = async (n: number): Promise<Map<string, number>> => {
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i += 1) {
      const version = /version: (\S+)/.exec((await httpGet(`http://127.0.0.1:${proxy[1]}/demo/`)).body)?.[1] ?? 'other';
      seen.set(version, (seen.get(version) ?? 0) + 1);
    }
    return seen;
  };

  before(async () => {
    proxy = ['--proxy-port', String(await freePort()), '--proxy-reconf-port', String(await freePort())];
    f = await flowFixture(`cn${process.pid}`);
    const r = await f.cli([...base, '--flow=deploy', '--flow=proxy', ...proxy], { VERSION: 'v1' });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await f.cli(['proxy', 'stop', ...proxy]);
    await f.cleanup();
  });

  it('scenario: a 20 % canary, stop-old refused during it, rolled back to 0 %, then a 50 % canary promoted to 100 %', async function () {
    this.timeout(300_000);
    await step('--canary-weight=20 sends between 10 % and 30 % of 500 requests to the new version, and status shows the split', async () => {
      const r = await f.cli([...base, '--canary-weight=20', '--flow=deploy', '--flow=proxy', ...proxy], { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      const seen = await count(500);
      const v2 = seen.get('v2') ?? 0;
      assert.equal((seen.get('v1') ?? 0) + v2, 500, `only v1 and v2 answer: ${JSON.stringify([...seen])}`);
      assert.ok(v2 >= 50 && v2 <= 150, `v2 got ${v2} of 500`);
      const status = await f.cli(['status', ...proxy]);
      assert.match(status.stdout, /proxy: blue 80% \/ green 20% \(canary\)/);
    });

    await step('stop-old is refused while the old colour still takes part of the traffic', async () => {
      const r = await f.cli([...base, '--flow=stop-old', ...proxy]);
      assert.equal(r.code, 3);
    });

    await step('rollback returns to 0 %: the canary is stopped and every request answers v1', async () => {
      const r = await f.cli([...base, 'rollback', ...proxy]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...(await count(50)).keys()], ['v1']);
      assert.deepEqual(running(await f.containers()).filter((n) => n.includes('app-')), [`${f.project}_app-blue_1`]);
      assert.doesNotMatch((await f.cli(['status', ...proxy])).stdout, /canary/);
    });

    await step('a canary promoted by a later --flow=proxy gets 100 %', async () => {
      let r = await f.cli([...base, '--canary-weight=50', '--flow=deploy', '--flow=proxy', ...proxy], { VERSION: 'v2' });
      assert.equal(r.code, 0, r.stderr);
      r = await f.cli([...base, '--flow=proxy', '--flow=stop-old', ...proxy]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...(await count(50)).keys()], ['v2']);
    });
  });
});
