import type { ContainerCreateSpec } from '../../domain/container';
import { flowLabel } from '../../domain/labels';
import { ProxyError } from '../../errors';
import type { DockerEngine } from '../../ports/docker-engine';

export const proxyContainerName = 'docker-flow-proxy';
export const defaultProxyImage = 'docker-flow-haproxy:2.6';
/** Inside the image (scripts/build-images.sh): the config folder, the port the HTTP frontend listens on. */
export const containerConfigDir = '/usr/local/etc/haproxy';
export const containerHttpPort = 80;
/** The HTTPS frontend's port inside the container (published as --proxy-https-port). */
export const containerHttpsPort = 443;

export interface ProxyContainerSettings {
  readonly name: string;
  readonly image: string;
  readonly httpPort: number;
  readonly statusPort: number;
  /** Published HTTPS port, when a certificate is configured. */
  readonly httpsPort?: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** How the proxy container is created: both ports published on the host's address, restarted unless stopped. */
export function proxyContainerSpec(settings: ProxyContainerSettings, hostAddress: string): ContainerCreateSpec {
  return {
    name: settings.name,
    image: settings.image,
    env: [],
    labels: { ...settings.labels, [flowLabel.role]: 'proxy' },
    exposedPorts: [
      { containerPort: containerHttpPort, protocol: 'tcp' },
      { containerPort: settings.statusPort, protocol: 'tcp' },
      ...(settings.httpsPort === undefined ? [] : [{ containerPort: containerHttpsPort, protocol: 'tcp' as const }]),
    ],
    portBindings: [
      { containerPort: containerHttpPort, protocol: 'tcp', hostIp: hostAddress, hostPort: settings.httpPort },
      { containerPort: settings.statusPort, protocol: 'tcp', hostIp: hostAddress, hostPort: settings.statusPort },
      ...(settings.httpsPort === undefined ? [] : [{ containerPort: containerHttpsPort, protocol: 'tcp' as const, hostIp: hostAddress, hostPort: settings.httpsPort }]),
    ],
    restartPolicy: { name: 'unless-stopped' },
    mounts: [],
    networks: [],
  };
}

/**
 * The proxy container, running: created (and the image pulled only when it names a registry) when
 * missing, started when it exists but is not running. `state` tells what was done.
 */
export async function ensureProxyContainer(
  engine: DockerEngine,
  settings: ProxyContainerSettings,
  signal: AbortSignal,
): Promise<{ readonly id: string; readonly state: 'running' | 'started' | 'created' }> {
  const existing = await engine.inspectContainer(settings.name, signal);
  if (existing !== undefined) {
    if (existing.labels[flowLabel.role] !== 'proxy') {
      throw new ProxyError(`container ${settings.name} on ${engine.host.name} is not a docker-flow proxy (no ${flowLabel.role}=proxy label)`, {
        hint: `rename or remove that container (docker rm -f ${settings.name}) and run the flow again`,
      });
    }
    const state = existing.state === 'running' ? 'running' : 'started';
    if (state === 'started') await startProxy(engine, existing.id, settings, signal);
    if (settings.httpsPort !== undefined) await requireHttpsPublished(engine, settings, signal);
    return { id: existing.id, state };
  }
  if (!(await engine.hasImage(settings.image, signal))) {
    if (!namesRegistry(settings.image)) {
      throw new ProxyError(`the proxy image ${settings.image} is not on ${engine.host.name}`, {
        hint: 'build it there with scripts/build-images.sh docker-flow-haproxy:2.6, or name an image in a registry',
      });
    }
    await engine.pullImage(settings.image, signal);
  }
  const id = await engine.createContainer(proxyContainerSpec(settings, engine.host.address), signal);
  await startProxy(engine, id, settings, signal);
  return { id, state: 'created' };
}

/** Starts the container; a published port already taken on the host becomes a ProxyError naming it. */
async function startProxy(engine: DockerEngine, id: string, settings: ProxyContainerSettings, signal: AbortSignal): Promise<void> {
  try {
    await engine.startContainer(id, signal);
  } catch (error: unknown) {
    if (!(error instanceof Error) || !/port is already allocated|address already in use/i.test(error.message)) throw error;
    throw new ProxyError(`the proxy container ${settings.name} cannot publish port ${settings.httpPort} or ${settings.statusPort} on ${engine.host.name} (${engine.host.address}): ${error.message}`, {
      cause: error,
      hint: 'stop what uses the port on that host, or choose other ports with --proxy-port and --proxy-reconf-port',
    });
  }
}

/** `registry.example.com/haproxy:2.6`, `localhost:5000/x`: pulling goes to that registry, never to Docker Hub by accident. */
function namesRegistry(image: string): boolean {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** A proxy container made before --proxy-cert was given does not publish HTTPS; ports are fixed at creation. */
async function requireHttpsPublished(engine: DockerEngine, settings: ProxyContainerSettings, signal: AbortSignal): Promise<void> {
  const running = await engine.inspectContainer(settings.name, signal);
  if (running === undefined || running.publishedPorts.some((p) => p.containerPort === containerHttpsPort && p.hostPort === settings.httpsPort)) return;
  throw new ProxyError(`the proxy container ${settings.name} on ${engine.host.name} was created without HTTPS port ${settings.httpsPort ?? ''} (published ports are fixed when a container is created)`, {
    hint: `remove it (docker rm -f ${settings.name} on ${engine.host.name}; the proxy is down until the next run) and run the proxy flow again: docker-flow creates it with the HTTPS port`,
  });
}
