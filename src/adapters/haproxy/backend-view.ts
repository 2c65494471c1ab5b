import type { ProxyServer, ProxyService } from '../../domain/proxy-model';
import { freshSlots, holdsServer, type ProxySlot, type SlotServer } from '../../domain/proxy-slots';
import { ConfigError } from '../../errors';
import { canaryWeights, maxServerWeight } from '../../domain/canary-weights';
import type { CustomTemplateServer } from '../../domain/custom-template';
import { tidySnippet } from './tidy-snippet';

/** One server slot line: `server s3 10.0.0.1:8080 weight 1 ...`, or a free one (`disabled`, address 0.0.0.0:0). */
export interface SlotView {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly weight: number;
  readonly free: boolean;
}

export interface BackendView {
  readonly name: string;
  readonly hasCustom: boolean;
  /** Rendered custom backend template, '' when generated. */
  readonly custom: string;
  /** False when the custom template holds only server lines: the partial then writes `backend <name>` above it. */
  readonly customHasSection: boolean;
  /** The slot table (generated backends); empty with a custom backend template. */
  readonly slots: readonly SlotView[];
  /** `default-server maxconn` of a generated backend (--proxy-server-maxconn); absent: no limit. */
  readonly serverMaxconn?: number;
  /** The same servers as custom templates see them. */
  readonly templateServers: readonly CustomTemplateServer[];
}

type RenderCustom = (source: string, file: string, servers: readonly CustomTemplateServer[]) => string;

/**
 * One backend per service. A generated backend renders its slot table (`slots`, or a fresh one for
 * a backend the proxy does not run yet); a custom backend template renders the servers itself.
 */
export function backendView(service: ProxyService, renderCustom: RenderCustom, slots?: readonly ProxySlot[]): BackendView {
  const { servers, templateServers } = backendServers(service);
  const custom = service.backendTemplate === undefined ? '' : tidySnippet(renderCustom(service.backendTemplate, `backend template of ${service.serviceName}`, templateServers));
  const table = service.backendTemplate === undefined ? (slots ?? freshSlots(servers)) : [];
  return {
    name: service.serviceName,
    hasCustom: service.backendTemplate !== undefined,
    custom,
    customHasSection: /^\s*backend\s/m.test(custom),
    slots: table.map((slot) => (holdsServer(slot) ? { name: slot.name, address: slot.address, port: slot.port, weight: slot.weight, free: false } : { name: slot.name, address: '0.0.0.0', port: 0, weight: 1, free: true })),
    ...(service.serverMaxconn === undefined || service.backendTemplate !== undefined ? {} : { serverMaxconn: service.serverMaxconn }),
    templateServers,
  };
}

/**
 * The servers of every group that takes traffic (0 % groups omitted), weighted so each colour's
 * share matches its percent (1 each outside a canary), sorted by name, checked.
 */
export function backendServers(service: ProxyService): { readonly servers: readonly SlotServer[]; readonly templateServers: readonly CustomTemplateServer[] } {
  const weights = canaryWeights(service.groups.map((group) => ({ percent: group.percent, serverCount: group.servers.length })));
  const servers: SlotServer[] = [];
  const templateServers: CustomTemplateServer[] = [];
  service.groups.forEach((group, index) => {
    if (group.percent <= 0) return;
    const groupWeight = weights?.[index];
    for (const server of group.servers) {
      checkServer(service.serviceName, server);
      const weight = groupWeight ?? server.weight ?? 1;
      servers.push({ name: server.name, address: server.address, port: server.port, weight });
      templateServers.push({
        name: server.name,
        id: server.name,
        node: server.node,
        address: server.address,
        port: server.port,
        weight,
        service: group.color === undefined ? service.serviceName : `${service.serviceName}-${group.color}`,
      });
    }
  });
  const byName = (a: { readonly name: string }, b: { readonly name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  servers.sort(byName);
  templateServers.sort(byName);
  servers.forEach((server, index) => {
    if (servers[index + 1]?.name === server.name) {
      throw new ConfigError('proxy service', `${service.serviceName} has two servers named ${server.name}`, { hint: 'server names must be unique within a service (they are container names)' });
    }
  });
  return { servers, templateServers };
}

function checkServer(serviceName: string, server: ProxyServer): void {
  const where = `server ${server.name} of ${serviceName}`;
  if (!/^[A-Za-z0-9._:-]+$/.test(server.name)) throw new ConfigError('proxy service', `${where}: the name cannot be written into haproxy.cfg`, { hint: 'server names are made of letters, digits, ".", "_", ":" and "-"' });
  if (!/^[A-Za-z0-9._:-]+$/.test(server.address)) throw new ConfigError('proxy service', `${where}: "${server.address}" is not an address`, { hint: 'use an IP address or a host name' });
  if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) throw new ConfigError('proxy service', `${where}: ${server.port} is not a TCP port`, { hint: 'use a number from 1 to 65535' });
  if (server.weight !== undefined && (!Number.isInteger(server.weight) || server.weight < 0 || server.weight > maxServerWeight)) {
    throw new ConfigError('proxy service', `${where}: weight ${server.weight} is out of range`, { hint: `HAProxy weights are whole numbers from 0 to ${maxServerWeight}` });
  }
}
