import assert from 'node:assert/strict';
import { AgentStore, agentKeys } from '../../../src/store/agent-store';
import { MemoryKvStore } from '../watch/agent-support';

const signal = new AbortController().signal;

describe('store/agent-store: corrupt agent records are reported, never dropped silently', () => {
  it('reads good schedule and watch records and names the ones that do not parse', async () => {
    const kv = new MemoryKvStore();
    const store = new AgentStore(kv);
    await store.writeSchedule('shop', { name: 'nightly', cron: '0 3 * * *', agent: 'running', by: 'ops@box' }, signal);
    await kv.put(agentKeys.schedule('shop', 'hourly'), JSON.stringify({ name: 'hourly', cron: '0 * * * *', agent: 'sleeping' }), {});
    await kv.put(agentKeys.watch('shop', 'shop-app'), JSON.stringify({ service: 'shop-app', image: 'app', agent: 'running', lastPoll: { startedAt: 'x' } }), {});

    const read = await store.read('shop', signal);
    assert.deepEqual(read.schedules.map((s) => s.name), ['nightly']);
    assert.deepEqual(read.watches, []);
    assert.deepEqual(read.corrupt, [
      { key: 'docker-flow/_agent/shop/schedules/hourly', reason: 'is not a schedule record: agent: expected one of running, stopped, once, found "sleeping"' },
      { key: 'docker-flow/_agent/shop/watch/shop-app', reason: 'is not a watch record: lastPoll.finishedAt: expected a string, found nothing' },
    ]);
  });

  it('a failed-tag list that does not parse counts as empty, is reported, and is written anew by the next change', async () => {
    const kv = new MemoryKvStore();
    const store = new AgentStore(kv);
    await kv.put(agentKeys.failedTags('shop-app'), JSON.stringify({ tags: [{ tag: 'v2', at: '2024-06-03T10:00:00Z' }, { tag: 3 }] }), {});
    assert.deepEqual(await store.failedTags('shop-app', signal), {
      tags: [],
      corrupt: [{ key: 'docker-flow/shop-app/agent/failed-tags', reason: 'is not a failed-tag list: tags[1].tag: expected a string, found 3' }],
    });
    await store.rememberFailedTag('shop-app', { tag: 'v3', at: '2024-06-03T11:00:00Z', error: 'unhealthy' }, signal);
    assert.deepEqual(await store.failedTags('shop-app', signal), { tags: [{ tag: 'v3', at: '2024-06-03T11:00:00Z', error: 'unhealthy' }], corrupt: [] });
  });
});
