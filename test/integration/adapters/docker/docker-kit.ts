import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { connectEngine } from '../../../../src/adapters/docker/connect-engine';
import type { DockerEngine } from '../../../../src/ports/docker-engine';
import type { ContainerCreateSpec } from '../../../../src/domain/container';
import type { HostSpec } from '../../../../src/domain/host';
import { messageOf } from '../../../../src/errors';
import type { NetworkSettings, VolumeSettings } from '../../../../src/domain/resource-spec';
import type { Logger } from '../../../../src/logger';

/** Every container, network, volume and image these tests create carries this label. */
export const testLabel = { 'io.docker-flow.test': 'docker-adapter' } as const;
export const demoImage = 'docker-flow-demo:v1';
export const unhealthyImage = 'docker-flow-demo:unhealthy';

export const localHost: HostSpec = { name: 'local', endpoint: { scheme: 'unix', socketPath: '/var/run/docker.sock' }, address: '127.0.0.1', labels: {} };
/** Raw client for set-up and clean-up only; the code under test is DockerodeEngine. */
export const raw = new Dockerode({ socketPath: '/var/run/docker.sock' });

/** Names unique to this area and this run: `dfadapter-<run>-<what>`. */
const run = randomBytes(3).toString('hex');
export function uniqueName(what: string): string {
  return `dfadapter-${run}-${what}`;
}

export interface LogLine { readonly level: string; readonly message: string; readonly fields: Readonly<Record<string, unknown>> }
export function recordingLogger(lines: LogLine[], context: Readonly<Record<string, unknown>> = {}): Logger {
  const log = (level: string) => (message: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    lines.push({ level, message, fields: { ...context, ...fields } });
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (fields) => recordingLogger(lines, { ...context, ...fields }) };
}

export function localEngine(options: { apiTimeoutMs?: number; lines?: LogLine[]; host?: HostSpec } = {}): DockerEngine {
  return connectEngine(options.host ?? localHost, { apiTimeoutMs: options.apiTimeoutMs ?? 30_000, logger: recordingLogger(options.lines ?? []) });
}

export function spec(what: string, overrides: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec {
  return {
    name: uniqueName(what),
    image: demoImage,
    env: [],
    labels: { ...testLabel },
    exposedPorts: [],
    portBindings: [],
    mounts: [],
    networks: [],
    ...overrides,
  };
}

/** Network settings with the engine's defaults (a bridge network, nothing else set), `overrides` on top. */
export function networkSettings(name: string, overrides: Partial<NetworkSettings> = {}): NetworkSettings {
  return { name, driverOpts: {}, labels: {}, internal: false, attachable: false, enableIpv6: false, ...overrides };
}

export function volumeSettings(name: string, overrides: Partial<VolumeSettings> = {}): VolumeSettings {
  return { name, driverOpts: {}, labels: {}, ...overrides };
}

export const never = (): AbortSignal => new AbortController().signal;

/** Polls `probe` until it returns a value other than undefined; fails with `what` after the deadline. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs}ms${last === undefined ? '' : ` (last error: ${messageOf(last)})`}`);
    await delay(100);
  }
}

/** The demo images come from scripts/build-images.sh (fast when they are up to date). */
export async function ensureDemoImages(): Promise<void> {
  const present = async (): Promise<boolean> => {
    const found = await Promise.all([demoImage, unhealthyImage].map((ref) => raw.getImage(ref).inspect().then(() => true, () => false)));
    return found.every(Boolean);
  };
  if (await present()) return;
  const script = join(__dirname, '../../../../../scripts/build-images.sh');
  await access(script);
  await promisify(execFile)('bash', [script, demoImage, unhealthyImage], { timeout: 300_000 });
  if (!(await present())) throw new Error(`${script} did not build ${demoImage} and ${unhealthyImage}`);
}

/** Removes everything labelled by these tests (containers, then networks, volumes, images). */
export async function removeTestObjects(): Promise<void> {
  const filters = { label: ['io.docker-flow.test=docker-adapter'] };
  const containers = await raw.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => raw.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const networks = await raw.listNetworks({ filters });
  await Promise.all(networks.map((n) => raw.getNetwork(n.Id).remove().catch(() => undefined)));
  const volumes = await raw.listVolumes({ filters });
  await Promise.all((volumes.Volumes ?? []).map((v) => raw.getVolume(v.Name).remove().catch(() => undefined)));
  const images = await raw.listImages({ filters });
  await Promise.all(images.filter((i) => i.Labels?.['io.docker-flow.test'] === 'docker-adapter').map((i) => raw.getImage(i.Id).remove({ force: true }).catch(() => undefined)));
}
