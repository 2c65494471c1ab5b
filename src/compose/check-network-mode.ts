import { describeNetworkMode as describeMode } from '../domain/network-mode-rules';
import type { ServiceLayer } from './service-layer';

/**
 * What `network_mode:` rules out in the file itself, as Compose and the engine do: it excludes
 * `networks:`; published ports mean nothing on the host's own stack (Docker discards them), on no
 * network, or in another container's namespace (the engine refuses them); `service:` names a
 * service of the files other than itself.
 */
export function checkNetworkMode(name: string, layer: ServiceLayer, services: ReadonlySet<string>): void {
  const mode = layer.networkMode;
  if (mode === undefined || mode.mode.kind === 'bridge') return;
  const [network] = layer.networks;
  if (network !== undefined) {
    throw network.where.error(`is given together with network_mode: ${describeMode(mode.mode)}; the two exclude each other`,
      `remove networks: from services.${name}, or remove network_mode: to join the project's networks`);
  }
  const [port] = layer.ports;
  if (port !== undefined) {
    const why = mode.mode.kind === 'host'
      ? `with network_mode: host the container uses the host's own ports: it listens on ${port.containerPort} of the host directly, and Docker discards published ports`
      : mode.mode.kind === 'none'
        ? 'with network_mode: none the container has no network, so nothing can be published'
        : `with network_mode: ${describeMode(mode.mode)} the container shares another container's network namespace, whose own ports are the ones published`;
    throw layer.where.child('ports').error(`cannot be used: ${why}`,
      mode.mode.kind === 'host' ? `remove ports: from services.${name} (write expose: [${port.containerPort}] to name the port it listens on)` : `remove ports: from services.${name}, or remove network_mode:`);
  }
  if (mode.mode.kind !== 'service') return;
  const other = mode.mode.service;
  if (other === name) throw mode.where.error(`names the service ${name} itself`, 'name another service, or write host, none or container:<name>');
  if (!services.has(other)) {
    throw mode.where.error(`names service "${other}", which is not defined in the compose files`, `define services.${other}, or use one of: ${[...services].sort().join(', ')}`);
  }
}
