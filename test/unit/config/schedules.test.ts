import assert from 'node:assert/strict';
import { assertConfigError, optionsFrom } from './support/resolve-from';

const yml = (schedules: string, top = 'target: app\nblue_green: true\nservice_path: /demo'): string => `${top}\nschedules:\n${schedules}`;

describe('config: schedules and the watched image', () => {
  it('reads each schedule with its cron, time zone and the options of its runs, the schedule\'s keys winning', () => {
    const options = optionsFrom({
      yml: yml([
        '  - name: morning-up',
        '    cron: "0 8 * * 1-5"',
        '    timezone: Europe/Paris',
        '    flows: [scale, proxy]',
        '    scale: +2',
        '  - name: nightly',
        '    cron: "*/2 * * * * *"',
        '    flow: deploy',
        '    target: worker',
        '    health_timeout: 5m',
      ].join('\n')),
      env: { FLOW_TARGET: 'web', FLOW_SCALE: '4' },
      argv: ['--flow=stop-old', '--settle=7s'],
    });
    assert.equal(options.target, 'web', 'the agent itself: environment over docker-flow.yml');
    const [up, nightly] = options.schedules;
    assert.equal(options.schedules.length, 2);
    assert.deepEqual({ name: up?.name, cron: up?.cron, timezone: up?.timezone, key: up?.key }, {
      name: 'morning-up', cron: '0 8 * * 1-5', timezone: 'Europe/Paris', key: 'docker-flow.yml: schedules[0]',
    });
    assert.deepEqual(up?.options.flows, ['scale', 'proxy'], 'over --flow');
    assert.deepEqual(up?.options.scale, { kind: 'relative', delta: 2 }, 'over FLOW_SCALE; an unquoted +2 stays relative');
    assert.equal(up?.options.target, 'web', 'keys the schedule does not set come from the other sources');
    assert.equal(up?.options.settleMs, 7_000);
    assert.deepEqual(up?.options.servicePaths, ['/demo']);
    assert.deepEqual(up?.options.schedules, [], 'the options of a run hold no schedules');
    assert.equal(nightly?.timezone, undefined);
    assert.deepEqual(nightly?.options.flows, ['deploy']);
    assert.equal(nightly?.options.target, 'worker', 'over FLOW_TARGET');
    assert.equal(nightly?.options.healthTimeoutMs, 300_000);
    assert.deepEqual(nightly?.options.scale, { kind: 'absolute', count: 4 });
  });

  it('refuses an invalid cron expression, naming the path, node-cron\'s reason and the accepted syntax', () => {
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * 1-5"\n    flows: [scale]\n  - name: b\n    cron: "61 * * * *"\n    flows: [scale]') }), {
      key: 'docker-flow.yml: schedules[1].cron',
      includes: ['"61 * * * *" is not a valid cron expression', 'minute', 'node-cron', '6 with seconds first'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "* * *"\n    flows: [scale]') }), {
      key: 'docker-flow.yml: schedules[0].cron',
      includes: ['expected 5 or 6 fields'],
    });
  });

  it('refuses an unknown time zone, missing keys, duplicate names and bad names', () => {
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    timezone: Mars/Olympus\n    flows: [scale]') }), {
      key: 'docker-flow.yml: schedules[0].timezone',
      includes: ['"Mars/Olympus" is not a time zone', 'Europe/Paris'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    flows: [scale]') }), { key: 'docker-flow.yml: schedules[0].cron', includes: ['is missing'] });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"') }), { key: 'docker-flow.yml: schedules[0].flows', includes: ['is missing'] });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    flows: [scale]\n  - name: a\n    cron: "0 9 * * *"\n    flows: [scale]') }), {
      key: 'docker-flow.yml: schedules[1].name',
      includes: ['"a" is also the name of docker-flow.yml: schedules[0]'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: Morning Up\n    cron: "0 8 * * *"\n    flows: [scale]') }), { key: 'docker-flow.yml: schedules[0].name', includes: ['lower-case'] });
  });

  it('checks the options of a schedule like any other: unknown keys, bad values, agent-wide keys', () => {
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    flows: [scale]\n    scael: +1') }), {
      key: 'docker-flow.yml: schedules[0].scael',
      includes: ['is not a known key; did you mean "scale"?'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    flows: [scale, reload]') }), {
      key: 'docker-flow.yml: schedules[0].flows',
      includes: ['reload'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    flows: [scale]\n    scale: "+x"') }), {
      key: 'docker-flow.yml: schedules[0].scale',
      includes: ['+N'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  - name: a\n    cron: "0 8 * * *"\n    flows: [scale]\n    state_dir: /tmp/x') }), {
      key: 'docker-flow.yml: schedules[0].state_dir',
      includes: ['holds for the whole agent'],
    });
    assertConfigError(() => optionsFrom({ yml: yml('  cron: "0 8 * * *"') }), { key: 'docker-flow.yml: schedules', includes: ['a list of schedules'] });
  });

  it('reads watch_image, watch_interval and watch_prereleases from every source', () => {
    const options = optionsFrom({ yml: 'watch_image: 127.0.0.1:5000/app\nwatch_interval: 1m\nwatch_prereleases: true' });
    assert.equal(options.watchImage, '127.0.0.1:5000/app');
    assert.equal(options.watchIntervalMs, 60_000);
    assert.equal(options.watchPrereleases, true);
    assert.equal(optionsFrom({ env: { FLOW_WATCH_IMAGE: '10.77.0.1:5000/app' }, argv: ['--watch-interval=5s'] }).watchIntervalMs, 5_000);
  });

  it('refuses a watched image with a tag, plain HTTP to another network, or a too short interval', () => {
    assertConfigError(() => optionsFrom({ argv: ['--watch-image=127.0.0.1:5000/app:1.0.0'] }), { key: '--watch-image', includes: ['without a tag'] });
    assertConfigError(() => optionsFrom({ yml: 'watch_image: http://registry.example.com/app' }), {
      key: 'docker-flow.yml: watch_image',
      includes: ['plain http:// only for 127.0.0.0/8 and 10.77.0.0/24'],
    });
    assertConfigError(() => optionsFrom({ env: { FLOW_WATCH_INTERVAL: '200ms' } }), { key: 'FLOW_WATCH_INTERVAL', includes: ['too short', '1s or more'] });
  });
});
