import assert from 'node:assert/strict';
import { describeStep } from '../../../src/domain/plan';
import { planDeploy, type DeployInput } from '../../../src/domain/plan-deploy';
import { ConfigError } from '../../../src/errors';
import type { DependencySpec } from '../../../src/domain/service-spec';
import { container, deployInput, model, service, view } from '../builders';

const dep = (name: string, condition: DependencySpec['condition'] = 'service_started'): DependencySpec => ({ service: name, condition, required: true });
const phasesOf = (input: DeployInput): string[][] => planDeploy(input).phases.filter((p) => /side targets/.test(p.title)).map((p) => [p.title, ...p.steps.map(describeStep)]);

describe('planDeploy: side targets in depends_on order, with their conditions', () => {
  const chain = model(
    service('app', { dependsOn: [dep('api', 'service_healthy'), dep('migrate', 'service_completed_successfully')] }),
    service('api', { image: 'api:v1', ports: [], dependsOn: [dep('db', 'service_healthy')] }),
    service('migrate', { image: 'app:v1', ports: [], dependsOn: [dep('db', 'service_healthy')] }),
    service('db', { image: 'db:v1', ports: [] }),
  );

  it('starts each level after the one it depends on is ready: healthy with a required health check, or exited 0', () => {
    const input = deployInput({ model: chain, sideTargets: ['migrate', 'api', 'db'], view: view({ images: { local: ['app:v1', 'api:v1', 'db:v1'] } }) });
    assert.deepEqual(phasesOf(input), [
      ['start side targets (level 1: db)', 'start demo_db_1 on local (db:v1)'],
      ['side targets ready (level 1: db)', 'wait until demo_db_1 on local is healthy (timeout 120s; api depends on it: service_healthy)'],
      ['start side targets (level 2: api, migrate)', 'start demo_api_1 on local (api:v1)', 'start demo_migrate_1 on local (app:v1)'],
      ['side targets ready (level 2: api, migrate)',
        'wait until demo_api_1 on local is healthy (timeout 120s; app depends on it: service_healthy)',
        'wait until demo_migrate_1 on local exits with code 0 (timeout 120s; app depends on it: service_completed_successfully)'],
    ]);
    const titles = planDeploy(input).phases.map((p) => p.title);
    assert.ok(titles.indexOf('side targets ready (level 2: api, migrate)') < titles.indexOf('start blue'), 'the target starts after every side target is ready');
  });

  it('waits for a side target that already runs only when a condition asks for it; a stopped one-shot job runs again', () => {
    const input = deployInput({
      model: chain,
      sideTargets: ['api', 'db', 'migrate'],
      view: view({
        containers: [container('demo_db_1', { target: 'db', role: 'side', image: 'db:v1' }), container('demo_api_1', { target: 'api', role: 'side' }), container('demo_migrate_1', { target: 'migrate', role: 'side', state: 'exited' })],
        images: { local: ['app:v1'] },
      }),
    });
    assert.deepEqual(phasesOf(input), [
      ['side targets ready (level 1: db)', 'wait until demo_db_1 on local is healthy (timeout 120s; api depends on it: service_healthy)'],
      ['start side targets (level 2: api, migrate)', 'start existing demo_migrate_1 on local'],
      ['side targets ready (level 2: api, migrate)',
        'wait until demo_api_1 on local is healthy (timeout 120s; app depends on it: service_healthy)',
        'wait until demo_migrate_1 on local exits with code 0 (timeout 120s; app depends on it: service_completed_successfully)'],
    ]);
  });

  it('a side target only optional dependents need (required: false) is waited for as optional; one any dependent requires is not', () => {
    const optional = (name: string, condition: DependencySpec['condition']): DependencySpec => ({ service: name, condition, required: false });
    const m = model(
      service('app', { dependsOn: [optional('cache', 'service_healthy'), optional('seed', 'service_completed_successfully'), optional('db', 'service_started')] }),
      service('api', { image: 'api:v1', ports: [], dependsOn: [dep('db')] }),
      service('cache', { image: 'cache:v1', ports: [] }),
      service('seed', { image: 'app:v1', ports: [] }),
      service('db', { image: 'db:v1', ports: [] }),
    );
    const waits = planDeploy(deployInput({ model: m, sideTargets: ['api', 'cache', 'db', 'seed'] })).phases.flatMap((p) => p.steps).filter((s) => s.kind === 'wait-healthy' || s.kind === 'wait-exited').map(describeStep);
    assert.deepEqual(waits, [
      'wait until demo_cache_1 on local is healthy (timeout 120s; app depends on it: service_healthy; optional: app depends on it with required: false, a failure is only a warning)',
      'wait until demo_db_1 on local is healthy (timeout 120s)',
      'wait until demo_seed_1 on local exits with code 0 (timeout 120s; app depends on it: service_completed_successfully; optional: app depends on it with required: false, a failure is only a warning)',
      'wait until demo_api_1 on local is healthy (timeout 120s)',
      'wait until demo_app-blue_1 on local is healthy (timeout 120s)',
    ]);
  });

  it('without depends_on among them, side targets keep the two phases they always had', () => {
    const input = deployInput({ sideTargets: ['db'], view: view({ images: { local: ['app:v1', 'db:v1'] } }) });
    assert.deepEqual(phasesOf(input), [['start side targets', 'start demo_db_1 on local (db:v1)'], ['side targets healthy', 'wait until demo_db_1 on local is healthy (timeout 120s)']]);
  });
});

describe('planDeploy: network_mode', () => {
  const refused = (input: DeployInput, key: string, message: RegExp, hint: RegExp): void => {
    assert.throws(() => planDeploy(input), (e: unknown) => e instanceof ConfigError && e.key === key && message.test(e.message) && hint.test(e.hint ?? ''));
  };

  it('refuses a target in the host stack or a shared namespace that listens on a port: two instances would bind it', () => {
    for (const networkMode of [{ kind: 'host' } as const, { kind: 'container', container: 'vpn' } as const]) {
      const m = model(service('app', { ports: [], expose: [8080], networks: [], networkMode }), service('db', { ports: [] }));
      refused(deployInput({ model: m }), 'compose: services.app.network_mode', /for the deploy target, which listens on 8080: .*blue and green, or the new and the old one in a rolling replace\) would both bind 8080/, /publish the container port \(ports: \["8080"\]\)/);
      refused(deployInput({ model: m, blueGreen: false }), 'compose: services.app.network_mode', /would both bind 8080/, /ports: \["8080"\]/);
    }
  });

  it('a worker target (no port) may use the host network, blue-green; its container gets NetworkMode host and no published port', () => {
    const m = model(service('app', { ports: [], networks: [], networkMode: { kind: 'host' } }), service('db', { ports: [] }));
    const plan = planDeploy(deployInput({ model: m, view: view({ images: { local: ['app:v1'] } }) }));
    const create = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create');
    assert.ok(create?.kind === 'create');
    assert.equal(create.spec.networkMode, 'host');
    assert.deepEqual([create.spec.networks, create.spec.portBindings], [[], []]);
    assert.ok(!plan.phases.flatMap((p) => p.steps).some((s) => s.kind === 'ensure-network'), 'no project network for a host-network service');
  });

  it('service:<side target> joins that side target\'s container, which must start first or already run', () => {
    const m = model(service('app', { ports: [], networks: [], networkMode: { kind: 'service', service: 'vpn' }, dependsOn: [dep('vpn')] }), service('vpn', { image: 'vpn:v1', ports: [] }));
    refused(deployInput({ model: m }), 'compose: services.app.network_mode', /vpn is not a side target of this deploy and does not run on any host/, /--side-target=vpn/);
    const plan = planDeploy(deployInput({ model: m, sideTargets: ['vpn'] }));
    const creates = plan.phases.flatMap((p) => p.steps).flatMap((s) => (s.kind === 'create' ? [[s.spec.name, s.spec.networkMode ?? '']] : []));
    assert.deepEqual(creates, [['demo_vpn_1', ''], ['demo_app-blue_1', 'container:demo_vpn_1']]);
    assert.doesNotThrow(() => planDeploy(deployInput({ model: m, view: view({ containers: [container('demo_vpn_1', { target: 'vpn', role: 'side' })] }) })));
  });

  it('a side target cannot share the namespace of the target, whose containers change colour', () => {
    const m = model(service('app'), service('probe', { ports: [], networks: [], networkMode: { kind: 'service', service: 'app' } }));
    refused(deployInput({ model: m, sideTargets: ['probe'] }), 'compose: services.probe.network_mode', /is service:app, the deploy target, whose containers change colour/, /networks: to reach app by name/);
  });

  it('a host-network side target runs beside a target on the project network', () => {
    const m = model(service('app'), service('agent', { image: 'agent:v1', ports: [], expose: [9100], networks: [], networkMode: { kind: 'host' } }));
    const plan = planDeploy(deployInput({ model: m, sideTargets: ['agent'] }));
    const side = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create' && s.spec.name === 'demo_agent_1');
    assert.ok(side?.kind === 'create');
    assert.deepEqual([side.spec.networkMode, side.spec.portBindings], ['host', []]);
  });
});

describe('planDeploy: a host port range for one container port', () => {
  const ranged = (end: number) => model(service('app', { ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 6005, hostPortEnd: end }] }), service('db', { ports: [] }));

  it('accepts as many instances as the range has ports (both colours in blue-green), and passes the range to the engine', () => {
    const plan = planDeploy(deployInput({ model: ranged(6008), scale: { kind: 'absolute', count: 2 } }));
    const create = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'create');
    assert.ok(create?.kind === 'create');
    assert.deepEqual(create.spec.portBindings, [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 6005, hostPortEnd: 6008 }]);
  });

  it('refuses more instances than the range holds, saying how wide it must be', () => {
    assert.throws(() => planDeploy(deployInput({ model: ranged(6007), scale: { kind: 'absolute', count: 2 } })),
      (e: unknown) => e instanceof ConfigError && /6005-6007 \(3 ports\); blue and green \(2 × scale 2\) needs up to 4 instances on one host/.test(e.message) && /6005-6008:80/.test(e.hint ?? ''));
    assert.doesNotThrow(() => planDeploy(deployInput({ model: ranged(6007), blueGreen: false, scale: { kind: 'absolute', count: 2 } })));
    assert.throws(() => planDeploy(deployInput({ model: ranged(6007), blueGreen: false, scale: { kind: 'absolute', count: 3 } })),
      (e: unknown) => e instanceof ConfigError && /a rolling deploy of scale 3 .*so scale \+ 1 run at once\) needs up to 4 instances/.test(e.message) && /6005-6008:80/.test(e.hint ?? ''));
  });
});
