import type Docker from 'dockerode';
import { testLabel } from './test-label';

export interface TestContainerSpec {
  /** A local image; nothing is pulled. */
  readonly image: string;
  readonly name: string;
  /** Value of the `io.docker-flow.test` label (removeLabelled(testLabel, label) removes it). */
  readonly label: string;
  /** Container ports (tcp) to publish on ephemeral host ports. */
  readonly ports?: readonly number[];
  /** Host address ports are published on; 127.0.0.1 unless given ("" for every address). */
  readonly hostIp?: string;
  readonly cmd?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface StartedTestContainer {
  readonly id: string;
  readonly name: string;
  /** Container port -> published host port. */
  readonly hostPorts: Readonly<Record<number, number>>;
}

/** Creates and starts a labelled container, and reads back the host ports it was given. */
export async function runTestContainer(docker: Docker, spec: TestContainerSpec): Promise<StartedTestContainer> {
  const ports = spec.ports ?? [];
  const hostIp = spec.hostIp ?? '127.0.0.1';
  const container = await docker.createContainer({
    name: spec.name,
    Image: spec.image,
    Labels: { [testLabel]: spec.label },
    ...(spec.cmd === undefined ? {} : { Cmd: [...spec.cmd] }),
    ...(spec.env === undefined ? {} : { Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`) }),
    ExposedPorts: Object.fromEntries(ports.map((port) => [`${port}/tcp`, {}])),
    HostConfig: { PortBindings: Object.fromEntries(ports.map((port) => [`${port}/tcp`, [{ HostIp: hostIp, HostPort: '' }]])) },
  });
  await container.start();
  const info = await container.inspect();
  const hostPorts: Record<number, number> = {};
  for (const port of ports) {
    const binding = info.NetworkSettings.Ports[`${port}/tcp`]?.[0];
    if (binding === undefined) throw new Error(`container ${spec.name} (${spec.image}): port ${port}/tcp was not published`);
    hostPorts[port] = Number(binding.HostPort);
  }
  return { id: container.id, name: spec.name, hostPorts };
}

/** Health status ("starting", "healthy", "unhealthy", or "none" without a health check) and state. */
export async function containerState(docker: Docker, id: string): Promise<{ readonly status: string; readonly health: string; readonly exitCode: number }> {
  const info = await docker.getContainer(id).inspect();
  return { status: info.State.Status, health: info.State.Health?.Status ?? 'none', exitCode: info.State.ExitCode };
}
