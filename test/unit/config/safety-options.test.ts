import assert from 'node:assert/strict';
import { testCwd } from './support/option-samples';
import { assertConfigError, optionsFrom } from './support/resolve-from';

describe('config: release safety options (release_command, hooks, notify, keep_images)', () => {
  describe('release_command', () => {
    it('runs a string with sh -c and a YAML list as the argv, from every source', () => {
      assert.deepEqual(optionsFrom({ yml: 'release_command: bin/migrate --all' }).releaseCommand, ['sh', '-c', 'bin/migrate --all']);
      assert.deepEqual(optionsFrom({ yml: 'release_command: [bin/migrate, --step, 5]' }).releaseCommand, ['bin/migrate', '--step', '5']);
      assert.deepEqual(optionsFrom({ env: { FLOW_RELEASE_COMMAND: 'rake db:migrate' } }).releaseCommand, ['sh', '-c', 'rake db:migrate']);
      assert.deepEqual(optionsFrom({ yml: 'release_command: [a]', argv: ['--release-command=echo hi'] }).releaseCommand, ['sh', '-c', 'echo hi']);
      assert.equal(optionsFrom({}).releaseCommand, undefined);
      assert.equal(optionsFrom({ yml: 'release_command_timeout: 2m' }).releaseCommandTimeoutMs, 120_000);
    });

    it('refuses empty commands, lists without a program and values of the wrong type', () => {
      assertConfigError(() => optionsFrom({ argv: ['--release-command='] }), { key: '--release-command', includes: ['empty', 'sh -c'] });
      assertConfigError(() => optionsFrom({ yml: 'release_command: []' }), { key: 'docker-flow.yml: release_command', includes: ['no program to run'] });
      assertConfigError(() => optionsFrom({ yml: 'release_command: true' }), { key: 'docker-flow.yml: release_command', includes: ['found a boolean'] });
      assertConfigError(() => optionsFrom({ yml: 'release_command: [migrate, {a: 1}]' }), { key: 'docker-flow.yml: release_command[1]', includes: ['found a mapping'] });
      assertConfigError(() => optionsFrom({ argv: ['--release-command-timeout=0'] }), { key: '--release-command-timeout', includes: ['too short'] });
    });
  });

  describe('hooks', () => {
    it('reads before_deploy, after_deploy, on_failure (a command or a list) and timeout; they run in the folder of docker-flow.yml', () => {
      const yml = 'hooks:\n  before_deploy: ./check.sh\n  after_deploy: [./smoke.sh, "echo done: $DOCKER_FLOW_RELEASE"]\n  canary_aborted: ./page.sh\n  timeout: 90';
      assert.deepEqual(optionsFrom({ yml }).hooks, {
        beforeDeploy: ['./check.sh'],
        afterDeploy: ['./smoke.sh', 'echo done: $DOCKER_FLOW_RELEASE'],
        onFailure: [],
        canaryStep: [],
        canaryPromoted: [],
        canaryAborted: ['./page.sh'],
        timeoutMs: 90_000,
        workingDir: testCwd,
      });
      assert.deepEqual(optionsFrom({ yml: 'hooks:\n  on_failure: page-me\n  timeout: 1m30s' }).hooks.onFailure, ['page-me']);
      assert.equal(optionsFrom({ yml: 'hooks:\n  on_failure: page-me\n  timeout: 1m30s' }).hooks.timeoutMs, 90_000);
    });

    it('names the key path in every error', () => {
      assertConfigError(() => optionsFrom({ yml: 'hooks: ./check.sh' }), { key: 'docker-flow.yml: hooks', includes: ['found "./check.sh"', 'before_deploy, after_deploy, on_failure'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  before_deploy: 5' }), { key: 'docker-flow.yml: hooks.before_deploy', includes: ['found a number', 'shell command'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  before_deploy: { a: b }' }), { key: 'docker-flow.yml: hooks.before_deploy', includes: ['found a mapping'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  after_deploy: [ok, ""]' }), { key: 'docker-flow.yml: hooks.after_deploy[1]', includes: ['empty command'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  after_deploy: []' }), { key: 'docker-flow.yml: hooks.after_deploy', includes: ['empty'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  after_deplyo: x' }), { key: 'docker-flow.yml: hooks.after_deplyo', includes: ['did you mean "after_deploy"'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:\n  timeout: soon' }), { key: 'docker-flow.yml: hooks.timeout', includes: ['"soon"', '30s'] });
      assertConfigError(() => optionsFrom({ yml: 'hooks:' }), { key: 'docker-flow.yml: hooks', includes: ['has no value'] });
    });

    it('has no flag or environment variable (only docker-flow.yml)', () => {
      assert.deepEqual(optionsFrom({ env: { FLOW_HOOKS: 'x' } }).hooks.beforeDeploy, []);
    });
  });

  describe('notify', () => {
    it('reads webhook (one or a list), timeout and retries from the nested mapping; flags and the environment override', () => {
      const yml = 'notify:\n  webhook: https://hooks.example.com/a\n  timeout: 2s\n  retries: 1';
      const options = optionsFrom({ yml });
      assert.deepEqual([options.notifyWebhooks, options.notifyTimeoutMs, options.notifyRetries], [['https://hooks.example.com/a'], 2000, 1]);
      assert.deepEqual(optionsFrom({ yml: 'notify:\n  webhook: [http://127.0.0.1:9/a, https://b.example.com]' }).notifyWebhooks, ['http://127.0.0.1:9/a', 'https://b.example.com']);
      assert.deepEqual(optionsFrom({ yml, env: { FLOW_NOTIFY_WEBHOOK: 'https://e.example.com/1,https://e.example.com/2' } }).notifyWebhooks, ['https://e.example.com/1', 'https://e.example.com/2']);
      assert.deepEqual(optionsFrom({ yml, argv: ['--notify-webhook=https://f.example.com', '--notify-webhook=https://g.example.com'] }).notifyWebhooks, ['https://f.example.com', 'https://g.example.com']);
    });

    it('names the key path in errors and never shows a URL beyond its scheme and host', () => {
      assertConfigError(() => optionsFrom({ yml: 'notify: https://hooks.example.com/x' }), { key: 'docker-flow.yml: notify', includes: ['found a string', 'webhook, timeout, retries'] });
      assertConfigError(() => optionsFrom({ yml: 'notify:\n  webhok: https://a.example.com' }), { key: 'docker-flow.yml: notify.webhok', includes: ['did you mean "webhook"'] });
      assertConfigError(() => optionsFrom({ yml: 'notify:\n  retries: 11' }), { key: 'docker-flow.yml: notify.retries', includes: ['0 to 10'] });
      assertConfigError(() => optionsFrom({ yml: 'notify:\n  timeout:' }), { key: 'docker-flow.yml: notify.timeout', includes: ['has no value'] });
      const error = assertConfigError(() => optionsFrom({ argv: ['--notify-webhook=ftp://hooks.example.com/T0/SECRET'] }), { key: '--notify-webhook', includes: ['ftp://hooks.example.com/…', 'http:// or https://'] });
      assert.ok(!`${error.message} ${error.hint ?? ''}`.includes('SECRET'), error.message);
      const twice = assertConfigError(() => optionsFrom({ env: { FLOW_NOTIFY_WEBHOOK: 'https://a.example.com/SECRET,https://a.example.com/SECRET' } }), { key: 'FLOW_NOTIFY_WEBHOOK', includes: ['given twice'] });
      assert.ok(!twice.message.includes('SECRET'));
    });
  });

  describe('keep_images', () => {
    it('defaults to 5; 0 keeps every image', () => {
      assert.equal(optionsFrom({}).keepImages, 5);
      assert.equal(optionsFrom({ yml: 'keep_images: 0' }).keepImages, 0);
      assert.equal(optionsFrom({ argv: ['--keep-images=12'] }).keepImages, 12);
    });

    it('refuses anything but a whole number from 0', () => {
      assertConfigError(() => optionsFrom({ yml: 'keep_images: -1' }), { key: 'docker-flow.yml: keep_images', includes: ['0 to 1000'] });
      assertConfigError(() => optionsFrom({ env: { FLOW_KEEP_IMAGES: 'all' } }), { key: 'FLOW_KEEP_IMAGES', includes: ['"all"', '0 to 1000'] });
    });
  });
});
