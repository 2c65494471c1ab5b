import assert from 'node:assert/strict';
import { isWebhookUrl, notificationPayload, redactUrl, retryDelayMs } from '../../../src/domain/notification';
import { hookEnvironment, type ReleaseFacts } from '../../../src/domain/release-facts';

const facts: ReleaseFacts = { service: 'shop-app', project: 'shop', target: 'app', release: 12, color: 'green', previousColor: 'blue', image: 'shop/app:v7', hosts: ['node-1', 'node-2'] };

describe('notification payloads', () => {
  it('carries every field a receiver reads, with the result taken from the event', () => {
    assert.deepEqual(notificationPayload('deploy.failed', facts, '2026-01-02T03:04:05.000Z', 'green was not healthy'), {
      event: 'deploy.failed',
      service: 'shop-app',
      project: 'shop',
      target: 'app',
      release: 12,
      color: 'green',
      previousColor: 'blue',
      image: 'shop/app:v7',
      hosts: ['node-1', 'node-2'],
      result: 'failed',
      error: 'green was not healthy',
      time: '2026-01-02T03:04:05.000Z',
    });
    assert.equal(notificationPayload('deploy.started', facts, 't').result, 'started');
    assert.equal(notificationPayload('rollback.succeeded', facts, 't').result, 'succeeded');
  });

  it('writes unknown fields as null, so the JSON always has the same keys', () => {
    const { color: _c, previousColor: _p, ...rolling } = facts;
    const body = JSON.parse(JSON.stringify(notificationPayload('deploy.succeeded', rolling, 't'))) as Record<string, unknown>;
    assert.equal(body['color'], null);
    assert.equal(body['previousColor'], null);
    assert.equal(body['error'], null);
    assert.deepEqual(Object.keys(body).sort(), ['color', 'error', 'event', 'hosts', 'image', 'previousColor', 'project', 'release', 'result', 'service', 'target', 'time']);
  });

  it('retries back off from 500 ms, doubling, to at most 8 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('shows only the scheme and host of a webhook URL (paths, queries and users hold tokens)', () => {
    assert.equal(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET'), 'https://hooks.slack.com');
    assert.equal(redactUrl('http://user:pw@127.0.0.1:9000/x?token=abc'), 'http://127.0.0.1:9000');
    assert.ok(!redactUrl('not a url with secret').includes('secret'));
    assert.ok(isWebhookUrl('https://a.example.com/x') && isWebhookUrl('http://127.0.0.1:1/'));
    assert.ok(!isWebhookUrl('ftp://a.example.com') && !isWebhookUrl('hooks.example.com/x') && !isWebhookUrl('http://'));
  });
});

describe('hook environment', () => {
  it('names the service, colours, release, hosts, result and image', () => {
    assert.deepEqual(hookEnvironment(facts, 'succeeded'), {
      DOCKER_FLOW_SERVICE: 'shop-app',
      DOCKER_FLOW_PROJECT: 'shop',
      DOCKER_FLOW_TARGET: 'app',
      DOCKER_FLOW_COLOR: 'green',
      DOCKER_FLOW_PREVIOUS_COLOR: 'blue',
      DOCKER_FLOW_RELEASE: '12',
      DOCKER_FLOW_HOSTS: 'node-1,node-2',
      DOCKER_FLOW_RESULT: 'succeeded',
      DOCKER_FLOW_IMAGE: 'shop/app:v7',
      DOCKER_FLOW_ERROR: '',
    });
  });

  it('sets every variable, empty when unknown (rolling deploys, first deploys), and the error after a failure', () => {
    const { color: _c, previousColor: _p, ...rolling } = facts;
    const env = hookEnvironment(rolling, 'failed', 'boom');
    assert.equal(env['DOCKER_FLOW_COLOR'], '');
    assert.equal(env['DOCKER_FLOW_PREVIOUS_COLOR'], '');
    assert.equal(env['DOCKER_FLOW_RESULT'], 'failed');
    assert.equal(env['DOCKER_FLOW_ERROR'], 'boom');
  });
});
