import assert from 'node:assert/strict';
import { ConflictError, UnhealthyError, UnreachableError } from '../../../src/errors';
import { AgentStore, agentKeys } from '../../../src/store/agent-store';
import { ServiceStore } from '../../../src/store/service-store';
import { AgentJournal } from '../../../src/watch/agent-journal';
import { pollImage, type ImagePollerDeps } from '../../../src/watch/image-poller';
import { optionsFrom } from '../config/support/resolve-from';
import { FakeFlows, MemoryKvStore, fakeTags, recordingLogger, release } from './agent-support';

const repo = '127.0.0.1:5000/app';
const signal = new AbortController().signal;

async function setup(tags: string[]) {
  const kv = new MemoryKvStore();
  const logger = recordingLogger();
  const agentStore = new AgentStore(kv);
  const services = new ServiceStore(kv);
  const flows = new FakeFlows();
  flows.outcome = () => undefined;
  const source = fakeTags(repo, tags);
  const options = { ...optionsFrom({ yml: `target: app\nproject: shop\nblue_green: true\nwatch_image: ${repo}` }), target: 'app' };
  const journal = await AgentJournal.open({ store: agentStore, project: 'shop', by: 'ops@box pid 1', logger, signal });
  let now = Date.parse('2024-06-03T10:00:00Z');
  const deps: ImagePollerDeps = { options, source, services, agentStore, journal, runFlows: flows.run, now: () => (now += 1000), logger };
  /** The deploy flow's own record of a release, as it writes it on success or failure. */
  const recordRelease = (n: number, tag: string, result: 'succeeded' | 'failed') => services.writeRelease(release('shop-app', n, `${repo}:${tag}`, result), signal);
  return { kv, lines: logger.lines, agentStore, flows, source, deps, recordRelease };
}

describe('watch/image-poller: new tags are deployed once, failed tags are remembered', () => {
  it('deploys the newest semver tag with deploy + proxy + stop-old and the image overridden to <repository>:<tag>', async () => {
    const { deps, flows } = await setup(['latest', '1.0.0', 'v0.9.0', '1.1.0-rc.1']);
    const outcome = await pollImage(deps, 'poll', signal);
    assert.equal(outcome.result, 'succeeded');
    assert.match(outcome.message, /^deployed 1\.0\.0 \(was none\)/);
    assert.equal(flows.requests.length, 1);
    assert.equal(flows.requests[0]?.imageOverride, '127.0.0.1:5000/app:1.0.0');
    assert.deepEqual(flows.requests[0]?.options.flows, ['deploy', 'proxy', 'stop-old']);
    assert.equal(flows.requests[0]?.options.blueGreen, true, 'the agent\'s options otherwise');
  });

  it('is up to date when the live release runs the newest tag, and never redeploys a tag it deployed before', async () => {
    const { deps, flows, recordRelease } = await setup(['1.0.0', '1.1.0']);
    await recordRelease(1, '1.0.0', 'succeeded');
    await recordRelease(2, '1.1.0', 'succeeded');
    assert.equal((await pollImage(deps, 'poll', signal)).result, 'up-to-date');
    await recordRelease(3, '1.0.0', 'succeeded'); // an operator rolled back to 1.0.0
    const outcome = await pollImage(deps, 'poll', signal);
    assert.equal(outcome.result, 'up-to-date', '1.1.0 was deployed before: the rollback stays');
    assert.equal(outcome.message, 'up to date (live: 1.0.0, newest tag: 1.1.0)');
    assert.equal(flows.requests.length, 0);
  });

  it('remembers a tag whose deploy failed and does not retry it at the next polls; a newer tag is deployed', async () => {
    const { deps, flows, source, kv, lines, recordRelease } = await setup(['1.0.0', '1.1.0', '1.2.0']);
    await recordRelease(1, '1.1.0', 'succeeded');
    flows.outcome = () => new UnhealthyError('shop_app-green_1 on local failed: unhealthy: HTTP 500');
    const failed = await pollImage(deps, 'poll', signal);
    assert.equal(failed.result, 'failed');
    assert.ok(failed.error instanceof UnhealthyError, 'agent --once exits with the deploy\'s own status');
    assert.match(failed.message, /^1\.2\.0 failed: shop_app-green_1 on local failed: unhealthy: HTTP 500; live stays 1\.1\.0; the tag is not retried \(push a newer tag, or retry it: docker-flow agent --retry 1\.2\.0\)$/);
    assert.deepEqual(kv.json(agentKeys.failedTags('shop-app')), {
      tags: [{ tag: '1.2.0', at: '2024-06-03T10:00:03.000Z', error: 'shop_app-green_1 on local failed: unhealthy: HTTP 500' }],
    });
    await recordRelease(2, '1.2.0', 'failed');
    for (let poll = 0; poll < 3; poll += 1) {
      const again = await pollImage(deps, 'poll', signal);
      assert.equal(again.result, 'skipped');
      assert.match(again.message, /^not retried: 1\.2\.0 \(failed 2024-06-03T10:00:03\.000Z\); live stays 1\.1\.0; push a newer tag, or retry it: docker-flow agent --retry 1\.2\.0$/);
    }
    assert.equal(flows.requests.length, 1, 'tried once');
    assert.ok(lines.some((l) => l.startsWith('warn watch 127.0.0.1:5000/app: not retried: 1.2.0')));
    source.tags.push('1.3.0');
    flows.outcome = () => undefined;
    const newer = await pollImage(deps, 'poll', signal);
    assert.equal(newer.result, 'succeeded');
    assert.equal(flows.requests[1]?.imageOverride, '127.0.0.1:5000/app:1.3.0');
  });

  it('retries a failed tag once an operator forgets it (agent --retry)', async () => {
    const { deps, flows, agentStore, recordRelease } = await setup(['1.1.0', '1.2.0']);
    await recordRelease(1, '1.1.0', 'succeeded');
    flows.outcome = () => new UnhealthyError('unhealthy');
    await pollImage(deps, 'poll', signal);
    assert.equal(await agentStore.forgetFailedTag('shop-app', '1.2.0', signal), true);
    assert.equal(await agentStore.forgetFailedTag('shop-app', '1.2.0', signal), false, 'forgotten already');
    flows.outcome = () => undefined;
    assert.equal((await pollImage(deps, 'once', signal)).result, 'succeeded');
    assert.equal(flows.requests[1]?.imageOverride, '127.0.0.1:5000/app:1.2.0');
  });

  it('does not blame the image for a held lock or an unreachable registry: the next poll tries again', async () => {
    const { deps, flows, kv, source } = await setup(['1.0.0']);
    flows.outcome = () => new ConflictError('deploy lock of shop-app is held by ci@build');
    assert.equal((await pollImage(deps, 'poll', signal)).result, 'conflict');
    assert.equal(kv.json(agentKeys.failedTags('shop-app')), undefined, 'nothing remembered');
    source.listTags = () => Promise.reject(new UnreachableError('registry 127.0.0.1:5000 did not answer'));
    const unreachable = await pollImage(deps, 'poll', signal);
    assert.equal(unreachable.result, 'failed');
    assert.equal(unreachable.error?.exitCode, 4);
    assert.equal(flows.requests.length, 1, 'nothing deployed without the tag list');
    assert.match(JSON.stringify(kv.json(agentKeys.watch('shop', 'shop-app'))), /"lastPoll":\{[^}]*"result":"failed","message":"registry 127\.0\.0\.1:5000 did not answer"/);
  });
});
