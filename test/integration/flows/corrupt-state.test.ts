import assert from 'node:assert/strict';
import { embeddedKv } from '../watch/proxy-watch-fixture';
import { uniqueName } from '../support/unique-name';
import { flowFixture, singleAppCompose, type FlowFixture } from './flow-fixture';

const compose = `${singleAppCompose}  api:
    image: docker-flow-demo:v1
    ports: ["8080"]
    stop_grace_period: 1s
`;

interface StatusJson {
  readonly services: readonly { readonly service: string; readonly liveColor?: string; readonly lastRelease?: { readonly number: number } }[];
  readonly corrupt?: readonly { readonly key: string; readonly reason: string }[];
}

describe('flows: stored records that do not parse are reported by status and left as they are', function () {
  this.timeout(180_000);
  let f: FlowFixture;
  before(async () => {
    f = await flowFixture(uniqueName('fc'), compose);
  });
  after(async () => f.cleanup());

  it('status names each corrupt key and why, still shows every service; the next deploy notes them and never overwrites them', async () => {
    for (const target of ['app', 'api']) {
      const deployed = await f.cli(['-b', `--target=${target}`]);
      assert.equal(deployed.code, 0, deployed.stderr);
    }
    const api = `${f.project}-api`;
    const kv = embeddedKv(f.stateDir);
    const signal = AbortSignal.timeout(10_000);
    await kv.put(`docker-flow/${api}/route`, '{"service": "half-writ', {}, signal);
    await kv.put(`docker-flow/${api}/releases/00000009`, JSON.stringify({ number: 9, service: api, result: 'succeeded' }), {}, signal);

    const json = await f.cli(['status', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const status = JSON.parse(json.stdout) as StatusJson;
    assert.deepEqual(status.services.map((s) => [s.service, s.liveColor, s.lastRelease?.number]), [[api, 'blue', 1], [`${f.project}-app`, 'blue', 1]]);
    assert.deepEqual(status.corrupt?.map((c) => c.key), [`docker-flow/${api}/releases/00000009`, `docker-flow/${api}/route`]);
    assert.equal(status.corrupt?.[0]?.reason, 'is not a release record: startedAt: expected a string, found nothing');
    assert.match(status.corrupt?.[1]?.reason ?? '', /^is not a route record: not JSON \(/);

    const text = await f.cli(['status']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^! docker-flow/${api}/route is not a route record: not JSON \\(.*\\); left as it is: fix or delete it$`, 'm'));
    assert.match(text.stdout, new RegExp(`^${f.project}-app  live: blue`, 'm'));

    const again = await f.cli(['-b', '--target=api']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(`${again.stdout}${again.stderr}`, new RegExp(`docker-flow/${api}/releases/00000009 in the embedded store at \\S+ is not a release record: startedAt: expected a string, found nothing; this run reads the state without it and leaves it as it is`));
    const after = JSON.parse((await f.cli(['status', '--json'])).stdout) as StatusJson;
    assert.deepEqual(after.services.find((s) => s.service === api)?.lastRelease?.number, 10, 'the next release is 10: the corrupt 9 keeps its number');
    assert.equal((await kv.get(`docker-flow/${api}/releases/00000009`, AbortSignal.timeout(10_000)))?.value, JSON.stringify({ number: 9, service: api, result: 'succeeded' }));
  });
});
