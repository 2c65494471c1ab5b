import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowFixture, type FlowFixture } from '../flows/flow-fixture';
import { freePort } from '../support/free-port';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';
import { startWebhookReceiver, type WebhookReceiver } from './safety-kit';
import { step } from '../support/scenario';

const secret = 'T0KEN-s3cr3t';

describe('deploy notifications to a webhook on 127.0.0.1', function () {
  let f: FlowFixture;
  let receiver: WebhookReceiver;
  before(async () => {
    f = await flowFixture(uniqueName('sf-notify'));
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await receiver.close();
    await f.cleanup();
  });

  const deploy = (args: readonly string[] = [], version = 'v1') => f.cli(['--blue-green', '--target=app', '--flow=deploy', ...args], { VERSION: version, FLOW_KEEP_IMAGES: '0' });
  const events = (path: string) => receiver.received.filter((e) => e.path === path).map((e) => e.body);
  const waitForEvents = (path: string, count: number) => waitFor(() => Promise.resolve(events(path).length >= count), { timeoutMs: 15_000, what: `${count} events at ${path}` });

  it('scenario: a successful deploy, a failed one, one whose webhook answers 503 twice, then a rollback, each notified in order', async () => {
    await step('a successful deploy posts start then success, as JSON with the release facts', async () => {
      const path = `/hooks/success/${secret}`;
      await writeFile(join(f.dir, 'docker-flow.yml'), `notify:\n  webhook: ${receiver.url(path)}\n`);
      const r = await deploy();
      assert.equal(r.code, 0, r.stderr);
      await waitForEvents(path, 2);
      const [start, success] = events(path);
      assert.deepEqual([start?.['event'], success?.['event']], ['deploy.started', 'deploy.succeeded']);
      assert.deepEqual({ ...success, time: undefined }, {
        event: 'deploy.succeeded', service: `${f.project}-app`, project: f.project, target: 'app', release: 1, color: 'blue', previousColor: null,
        image: 'docker-flow-demo:v1', hosts: ['local'], result: 'succeeded', error: null, time: undefined,
      });
      assert.ok(!Number.isNaN(Date.parse(String(success?.['time']))));
      assert.equal(receiver.received.find((e) => e.path === path)?.contentType, 'application/json');
      assert.ok(!r.stderr.includes(secret), 'the webhook URL is never logged whole');
    });

    await step('a failed deploy posts start then failure with the error', async () => {
      const path = `/hooks/failure/${secret}`;
      const r = await deploy([`--notify-webhook=${receiver.url(path)}`, '--release-command=exit 7'], 'v2');
      assert.equal(r.code, 1, r.stderr);
      await waitForEvents(path, 2);
      const [start, failure] = events(path);
      assert.deepEqual([start?.['event'], failure?.['event'], failure?.['result']], ['deploy.started', 'deploy.failed', 'failed']);
      assert.deepEqual([failure?.['release'], failure?.['color'], failure?.['previousColor']], [2, 'green', 'blue']);
      assert.match(String(failure?.['error']), /exited with code 7/);
    });

    await step('retries a webhook that answers 503, in order, and the deploy does not wait for it to fail', async () => {
      const path = `/hooks/retry/${secret}`;
      receiver.failNext(2);
      const before = receiver.attempts();
      const r = await deploy([`--notify-webhook=${receiver.url(path)}`], 'v2');
      assert.equal(r.code, 0, r.stderr);
      await waitForEvents(path, 2);
      assert.deepEqual(events(path).map((e) => e['event']), ['deploy.started', 'deploy.succeeded']);
      assert.ok(receiver.attempts() - before >= 4, 'two failed attempts, then both events');
    });

    await step('a rollback posts rollback.started then rollback.succeeded, naming the release it went back to', async () => {
      const path = `/hooks/rollback/${secret}`;
      const history = JSON.parse((await f.cli(['--target=app', 'releases', '--json'])).stdout) as { number: number; result: string }[];
      const back = history.filter((r) => r.result === 'succeeded')[1];
      assert.ok(back !== undefined, JSON.stringify(history));
      const r = await f.cli(['--blue-green', '--target=app', `--notify-webhook=${receiver.url(path)}`, 'rollback'], { FLOW_KEEP_IMAGES: '0' });
      assert.equal(r.code, 0, r.stderr);
      await waitForEvents(path, 2);
      const [start, done] = events(path);
      assert.deepEqual([start?.['event'], done?.['event'], done?.['result']], ['rollback.started', 'rollback.succeeded', 'succeeded']);
      assert.deepEqual([done?.['service'], done?.['release']], [`${f.project}-app`, back.number]);
    });
  });

  it('an unreachable or silent webhook never fails the release: a warning names only scheme and host', async () => {
    const deadPort = await freePort();
    const dead = `http://127.0.0.1:${deadPort}/hooks/${secret}`;
    const hang = receiver.url(`/hang/${secret}`);
    const own = await flowFixture(uniqueName('sf-notify-dead')); // a project of its own: the scenario's release numbers stay its own
    try {
      const started = Date.now();
      const r = await own.cli(['--blue-green', '--target=app', '--flow=deploy', `--notify-webhook=${dead}`, `--notify-webhook=${hang}`, '--notify-retries=0', '--notify-timeout=1s'], { VERSION: 'v1', FLOW_KEEP_IMAGES: '0' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`webhook http://127\\.0\\.0\\.1:${deadPort} did not get deploy\\.started after 1 attempt: .*could not be reached: ECONNREFUSED`));
      assert.match(r.stderr, /webhook http:\/\/127\.0\.0\.1:\d+ did not get deploy\.started after 1 attempt: .*did not answer within 1000 ms/);
      assert.ok(!r.stderr.includes(secret), 'no webhook path in the output');
      assert.ok(Date.now() - started < 90_000);
      assert.equal((await own.cli(['status', '--json'])).code, 0);
    } finally {
      await own.cleanup();
    }
  });
});
