import assert from 'node:assert/strict';
import { describeEnv } from '../../../src/domain/describe-env';
import { describePlan, describeStep } from '../../../src/domain/plan';
import { planDeploy, type DeployInput } from '../../../src/domain/plan-deploy';
import { planScale } from '../../../src/domain/plan-scale';
import { container, deployInput, model, service, stored, view } from '../builders';

const secret = 'planted-secret-9876';

describe('describeEnv', () => {
  it('shows every name, sorted, with values only for safe names', () => {
    assert.equal(describeEnv(['LOG_LEVEL=debug', 'DB_PASSWORD=s3cret', 'API_TOKEN=t0ken'], ['LOG_LEVEL']), 'API_TOKEN=<redacted> DB_PASSWORD=<redacted> LOG_LEVEL=debug');
  });

  it('redacts everything when nothing is marked safe, except docker-flow\'s own SERVICE_NAME', () => {
    assert.equal(describeEnv(['SERVICE_NAME=demo-app-blue', 'PORT=8080'], []), 'PORT=<redacted> SERVICE_NAME=demo-app-blue');
  });

  it('quotes safe values that are empty or hold spaces, quotes or newlines, so the line stays one line', () => {
    assert.equal(describeEnv(['A=', 'B=hello world', 'C=say "hi"\nbye', 'D=<redacted>', 'E=http://h:80/p?x=1'], ['A', 'B', 'C', 'D', 'E']),
      'A="" B="hello world" C="say \\"hi\\"\\nbye" D="<redacted>" E="http://h:80/p?x=1"');
    assert.equal(describeEnv(['URL=postgres://db:5432/app', 'RATIO=0.5', 'FLAGS=-v,+x@a%b'], ['URL', 'RATIO', 'FLAGS']), 'FLAGS=-v,+x@a%b RATIO=0.5 URL=postgres://db:5432/app');
  });

  it('is deterministic whatever the order of the input', () => {
    assert.equal(describeEnv(['B=2', 'A=1'], ['A', 'B']), describeEnv(['A=1', 'B=2'], ['B', 'A']));
  });
});

describe('describePlan: the environment of created containers', () => {
  const app = service('app', { environment: { DB_PASSWORD: secret, LOG_LEVEL: 'debug' }, safeEnv: ['LOG_LEVEL'] });
  const db = service('db', { image: 'db:v1', ports: [], environment: { POSTGRES_PASSWORD: secret } });
  const input = (o: Partial<DeployInput> = {}): DeployInput => deployInput({ model: model(app, db), ...o });

  it('adds one env line under each create step (blue-green), values redacted unless marked safe', () => {
    const lines = describePlan(planDeploy(input()));
    const at = lines.indexOf('    - start demo_app-blue_1 on local (app:v1)');
    assert.ok(at > 0, lines.join('\n'));
    assert.equal(lines[at + 1], '      env: DB_PASSWORD=<redacted> LOG_LEVEL=debug SERVICE_NAME=demo-app-blue');
    assert.ok(!lines.join('\n').includes(secret));
  });

  it('covers side targets with their own safe names, and rolling deploys', () => {
    const side = describePlan(planDeploy(input({ sideTargets: ['db'] })));
    assert.ok(side.includes('      env: POSTGRES_PASSWORD=<redacted> SERVICE_NAME=demo-db'), side.join('\n'));
    const rolling = describePlan(planDeploy(input({ blueGreen: false })));
    assert.ok(rolling.includes('      env: DB_PASSWORD=<redacted> LOG_LEVEL=debug SERVICE_NAME=demo-app'), rolling.join('\n'));
    for (const lines of [side, rolling]) assert.ok(!lines.join('\n').includes(secret));
  });

  it('covers instances added by scale', () => {
    const plan = planScale({
      project: 'demo', target: 'app', model: model(app), view: view({ containers: [container('demo_app-blue_1', { color: 'blue', release: 1 })] }),
      stored: stored({ color: 'blue', scale: 1, nextRelease: 2 }), scale: { kind: 'absolute', count: 2 }, blueGreen: true, healthTimeoutMs: 120_000, settleMs: 3000, drainMs: 10_000,
    });
    const lines = describePlan(plan);
    assert.ok(lines.includes('      env: DB_PASSWORD=<redacted> LOG_LEVEL=debug SERVICE_NAME=demo-app-blue'), lines.join('\n'));
  });

  it('the one-line step description (timeline, logs) never shows the environment', () => {
    const all = planDeploy(input({ sideTargets: ['db'] })).phases.flatMap((p) => p.steps).map(describeStep).join('\n');
    assert.ok(!all.includes('env:') && !all.includes('LOG_LEVEL') && !all.includes(secret), all);
  });
});
