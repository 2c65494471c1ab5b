import type { ClusterView } from './cluster-view';
import type { Color } from './color';
import type { ContainerCreateSpec } from './container';
import { buildContainerSpec, type InstanceIdentity } from './container-spec';
import type { HostSpec } from './host';
import { composeLabel } from './labels';
import type { PlanStep } from './plan';
import { hostByName } from './plan-helpers';
import type { ComposeModel, ServiceSpec } from './service-spec';

/**
 * `release_command` (migrations and the like): the arguments run in the one-off container (a
 * shell string arrives as `sh -c <text>`), and how long it may run before it is killed.
 */
export interface ReleaseCommand {
  readonly argv: readonly string[];
  readonly timeoutMs: number;
}

export interface ReleaseCommandIdentity {
  readonly project: string;
  readonly target: string;
  /** The colour being released (undefined for rolling deploys). */
  readonly color: Color | undefined;
  readonly release: number;
  readonly host: HostSpec;
}

/** A shell command line as the argv the container runs (`sh -c`, like `docker run image sh -c ...`). */
export function shellCommand(text: string): readonly string[] {
  return ['sh', '-c', text];
}

/** How a command reads in plans and messages: `"bin/migrate --all"` (shell) or `["bin/migrate","--all"]` (argv). */
export function commandText(argv: readonly string[]): string {
  const [first, second, third] = argv;
  if (argv.length === 3 && first === 'sh' && second === '-c' && third !== undefined) return JSON.stringify(third);
  return JSON.stringify(argv);
}

/** `<project>_<target>-release-<n>`: one per release, so a leftover never blocks the next one. */
export function releaseCommandContainerName(project: string, target: string, release: number): string {
  return `${project}_${target}-release-${release}`;
}

/**
 * The step that runs the release command once from the target's new image, with the target's
 * environment, volumes and networks (no network aliases, so no traffic is sent to it), no
 * published ports, no health check and no restart policy. The image's ENTRYPOINT still wraps the
 * command, as with `docker run <image> <command>`.
 */
export function releaseCommandStep(model: ComposeModel, spec: ServiceSpec, id: ReleaseCommandIdentity, command: ReleaseCommand): PlanStep {
  const container = oneOffContainerSpec(model, spec, { ...id, number: 1, role: 'release-command' }, command.argv, releaseCommandContainerName(id.project, id.target, id.release));
  return { kind: 'release-command', host: id.host.name, spec: container, timeoutMs: command.timeoutMs };
}

/**
 * A one-off container from a service's image (a release command, `docker-flow run`): the service's
 * environment, volumes and networks (no network aliases, so no traffic is sent to it), no
 * published ports, no health check and no restart policy; `argv` as its command (the image's
 * ENTRYPOINT still wraps it, as with `docker run <image> <command>`).
 */
export function oneOffContainerSpec(model: ComposeModel, spec: ServiceSpec, id: InstanceIdentity, argv: readonly string[], name: string): ContainerCreateSpec {
  const base = buildContainerSpec(model, spec, id);
  return {
    name,
    image: base.image,
    command: argv,
    ...(base.entrypoint === undefined ? {} : { entrypoint: base.entrypoint }),
    env: base.env,
    labels: { ...base.labels, [composeLabel.oneoff]: 'True' },
    exposedPorts: [],
    portBindings: [],
    ...(base.user === undefined ? {} : { user: base.user }),
    ...(base.workingDir === undefined ? {} : { workingDir: base.workingDir }),
    mounts: base.mounts,
    networks: base.networks.map((network) => ({ name: network.name, aliases: [] })),
    ...(base.networkMode === undefined ? {} : { networkMode: base.networkMode }),
    ...(base.stopSignal === undefined ? {} : { stopSignal: base.stopSignal }),
  };
}

/** The deploy planners' release-command phase: one step on the first host of the new instances, or none. */
export function releaseCommandSteps(
  input: { readonly model: ComposeModel; readonly project: string; readonly target: string; readonly view: ClusterView; readonly releaseCommand?: ReleaseCommand },
  spec: ServiceSpec,
  color: Color | undefined,
  release: number,
  host: string | undefined,
): PlanStep[] {
  if (input.releaseCommand === undefined || host === undefined) return [];
  const identity = { project: input.project, target: input.target, color, release, host: hostByName(input.view.hosts, host) };
  return [releaseCommandStep(input.model, spec, identity, input.releaseCommand)];
}
