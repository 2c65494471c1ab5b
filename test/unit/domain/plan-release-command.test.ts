import assert from 'node:assert/strict';
import { describePlan, describeStep, type PlanStep } from '../../../src/domain/plan';
import { planDeploy, type DeployInput } from '../../../src/domain/plan-deploy';
import { commandText, shellCommand } from '../../../src/domain/release-command';
import { container, deployInput, host, model, service, stored, view } from '../builders';

const migrate = { argv: shellCommand('bin/migrate --all'), timeoutMs: 300_000 };

const base = (o: Partial<DeployInput> = {}): DeployInput =>
  deployInput({
    model: model(service('app', { environment: { DB_URL: 'postgres://db/shop' }, healthcheck: { test: ['CMD', 'true'] }, restart: 'always' }), service('db', { image: 'db:v1', ports: [] })),
    releaseCommand: migrate,
    ...o,
  });

const phaseTitles = (input: DeployInput): string[] => planDeploy(input).phases.map((p) => p.title);
const steps = (input: DeployInput): string[] => planDeploy(input).phases.flatMap((p) => p.steps.map(describeStep));
const releaseStep = (input: DeployInput): Extract<PlanStep, { kind: 'release-command' }> => {
  const step = planDeploy(input).phases.flatMap((p) => p.steps).find((s) => s.kind === 'release-command');
  assert.ok(step !== undefined && step.kind === 'release-command', 'the plan has a release-command step');
  return step;
};

describe('release command in the deploy plans', () => {
  it('blue-green: runs once after the pulls and side targets, before any new instance starts, in its own phase', () => {
    const input = base({ sideTargets: ['db'] });
    assert.deepEqual(phaseTitles(input), [
      'prepare networks and volumes',
      'pull images',
      'start side targets',
      'side targets healthy',
      'release command',
      'start blue',
      'blue healthy',
      'record the release',
    ]);
    const all = steps(input);
    const at = all.indexOf('run the release command "bin/migrate --all" once on local (app:v1, timeout 300s)');
    assert.ok(at > all.indexOf('pull app:v1 on local'), all.join('\n'));
    assert.ok(at > all.indexOf('wait until demo_db_1 on local is healthy (timeout 120s)'));
    assert.ok(at < all.indexOf('start demo_app-blue_1 on local (app:v1)'));
    assert.equal(all.filter((s) => s.startsWith('run the release command')).length, 1, 'once, whatever the scale');
  });

  it('blue-green: runs before the stopped containers of the colour it replaces are removed', () => {
    const input = base({
      stored: stored({ color: 'blue', scale: 3, nextRelease: 5 }),
      view: view({ containers: [container('demo_app-blue_1', { color: 'blue' }), container('demo_app-green_1', { color: 'green', state: 'exited' })], images: { local: ['app:v1'] } }),
    });
    const all = steps(input);
    assert.equal(all.filter((s) => s.startsWith('run the release command')).length, 1);
    assert.ok(all.indexOf('run the release command "bin/migrate --all" once on local (app:v1, timeout 300s)') < all.indexOf('remove demo_app-green_1 on local'));
    assert.deepEqual(describePlan(planDeploy(input)).filter((l) => l.includes('release command')), ['  release command', '    - run the release command "bin/migrate --all" once on local (app:v1, timeout 300s)']);
  });

  it('rolling: runs before the first instance is replaced', () => {
    const input = base({ blueGreen: false, stored: stored({ scale: 1 }), view: view({ containers: [container('demo_app_1')], images: { local: ['app:v1'] } }) });
    assert.deepEqual(steps(input).slice(0, 3), [
      'ensure network demo_default on local',
      'run the release command "bin/migrate --all" once on local (app:v1, timeout 300s)',
      'start demo_app_2 on local (app:v1)',
    ]);
  });

  it('runs on the host of the first new instance', () => {
    const input = base({ view: view({ hosts: [host('node-1', { role: 'db' }), host('node-2', { role: 'web' })] }), model: model(service('app', { placement: { constraints: ['node.labels.role == web'] } })) });
    assert.equal(releaseStep(input).host, 'node-2');
  });

  it('is left out without a release command', () => {
    const { releaseCommand: _unused, ...without } = base();
    assert.ok(!steps(without).some((s) => s.includes('release command')));
    assert.ok(!phaseTitles(without).includes('release command'));
  });

  it('the one-off container has the new image, the command, the target environment and networks, and no ports, health check, restart or aliases', () => {
    const step = releaseStep(base({ stored: stored({ color: 'blue', nextRelease: 7 }) }));
    const spec = step.spec;
    assert.equal(spec.name, 'demo_app-release-7');
    assert.equal(spec.image, 'app:v1');
    assert.deepEqual(spec.command, ['sh', '-c', 'bin/migrate --all']);
    assert.ok(spec.env.includes('DB_URL=postgres://db/shop'), spec.env.join(' '));
    assert.ok(spec.env.includes('SERVICE_NAME=demo-app-green'));
    assert.deepEqual(spec.networks, [{ name: 'demo_default', aliases: [] }]);
    assert.deepEqual(spec.portBindings, []);
    assert.deepEqual(spec.exposedPorts, []);
    assert.equal(spec.healthcheck, undefined);
    assert.equal(spec.restartPolicy, undefined);
    assert.equal(spec.labels['io.docker-flow.role'], 'release-command');
    assert.equal(spec.labels['io.docker-flow.release'], '7');
    assert.equal(spec.labels['com.docker.compose.oneoff'], 'True');
    assert.equal(step.timeoutMs, 300_000);
  });

  it('describes a shell command as its text and an argv list as a list', () => {
    assert.equal(commandText(['sh', '-c', 'rake db:migrate']), '"rake db:migrate"');
    assert.equal(commandText(['bin/migrate', '--step', '5']), '["bin/migrate","--step","5"]');
    const step = releaseStep(base({ releaseCommand: { argv: ['bin/migrate', '--all'], timeoutMs: 90_000 } }));
    assert.equal(describeStep(step), 'run the release command ["bin/migrate","--all"] once on local (app:v1, timeout 90s)');
  });
});
