import { instancesOf, isUp, type ClusterView } from './cluster-view';
import { buildContainerSpec } from './container-spec';
import type { HostSpec } from './host';
import { placeOnReachable } from './plan-helpers';
import type { PlanStep } from './plan';
import type { ComposeModel, ServiceSpec } from './service-spec';

export interface SideTargetInput {
  readonly project: string;
  readonly sideTargets: readonly string[];
  readonly model: ComposeModel;
  readonly view: ClusterView;
  readonly pullSideTargets: boolean;
  readonly healthTimeoutMs: number;
  readonly settleMs: number;
}

export interface SideTargetSteps {
  readonly specs: readonly ServiceSpec[];
  readonly hosts: readonly string[];
  readonly pulls: readonly PlanStep[];
  readonly starts: readonly PlanStep[];
  readonly waits: readonly PlanStep[];
}

/**
 * Side targets (a database the target needs) start once, on one host chosen by their own
 * placement, only when they are not running. Stopped containers are started again (their data
 * stays); with --pull-side-targets their images are pulled even when present.
 */
export function sideTargetSteps(input: SideTargetInput, release: number): SideTargetSteps {
  const specs: ServiceSpec[] = [];
  const hosts: string[] = [];
  const pulls: PlanStep[] = [];
  const starts: PlanStep[] = [];
  const waits: PlanStep[] = [];
  for (const name of [...input.sideTargets].sort()) {
    const spec = input.model.services[name];
    if (spec === undefined) continue; // validated by the flow before planning
    const existing = instancesOf(input.view, input.project, name, undefined, 'side');
    if (existing.some(isUp)) continue;
    specs.push(spec);
    const wait = (host: string, container: string): PlanStep => ({ kind: 'wait-healthy', host, container, timeoutMs: input.healthTimeoutMs, settleMs: input.settleMs });
    const stopped = existing[0];
    if (stopped !== undefined) {
      hosts.push(stopped.host);
      starts.push({ kind: 'start', host: stopped.host, container: stopped.name });
      waits.push(wait(stopped.host, stopped.name));
      continue;
    }
    const [host = ''] = placeOnReachable(input.view, spec.placement, new Map(), 1, `compose: services.${name}.deploy.placement`);
    const hostSpec: HostSpec | undefined = input.view.hosts.find((h) => h.name === host);
    if (hostSpec === undefined) continue;
    hosts.push(host);
    if (input.pullSideTargets || !(input.view.images.get(host)?.has(spec.image) ?? false)) pulls.push({ kind: 'pull', host, image: spec.image });
    const container = buildContainerSpec(input.model, spec, { project: input.project, target: name, color: undefined, number: 1, release, role: 'side', host: hostSpec });
    starts.push({ kind: 'create', host, spec: container, safeEnv: spec.safeEnv });
    waits.push(wait(host, container.name));
  }
  return { specs, hosts, pulls, starts, waits };
}
