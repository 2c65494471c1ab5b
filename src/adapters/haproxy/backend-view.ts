import type { ProxyServer, ProxyService } from '../../domain/proxy-model';
import { ConfigError } from '../../errors';
import { canaryWeights, maxServerWeight } from './canary-weights';
import type { CustomTemplateServer } from './custom-template';
import { tidySnippet } from './tidy-snippet';

export interface ServerView {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** False: no `weight` keyword (HAProxy's default, 1). */
  readonly hasWeight: boolean;
  readonly weight: number;
}

export interface BackendView {
  readonly name: string;
  readonly hasCustom: boolean;
  /** Rendered custom backend template, '' when generated. */
  readonly custom: string;
  /** False when the custom template holds only server lines: the partial then writes `backend <name>` above it. */
  readonly customHasSection: boolean;
  readonly servers: readonly ServerView[];
  /** The same servers as custom templates see them. */
  readonly templateServers: readonly CustomTemplateServer[];
}

type RenderCustom = (source: string, file: string, servers: readonly CustomTemplateServer[]) => string;

/**
 * One backend per service: the servers of every group that takes traffic (0 % groups omitted),
 * weighted so each colour's share matches its percent, sorted by name.
 */
export function backendView(service: ProxyService, renderCustom: RenderCustom): BackendView {
  const weights = canaryWeights(service.groups.map((group) => ({ percent: group.percent, serverCount: group.servers.length })));
  const servers: ServerView[] = [];
  const templateServers: CustomTemplateServer[] = [];
  service.groups.forEach((group, index) => {
    if (group.percent <= 0) return;
    const groupWeight = weights?.[index];
    for (const server of group.servers) {
      checkServer(service.serviceName, server);
      const weight = groupWeight ?? server.weight;
      servers.push({ name: server.name, address: server.address, port: server.port, hasWeight: weight !== undefined, weight: weight ?? 1 });
      templateServers.push({
        name: server.name,
        id: server.name,
        node: server.node,
        address: server.address,
        port: server.port,
        weight: weight ?? 1,
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
  const custom = service.backendTemplate === undefined ? '' : tidySnippet(renderCustom(service.backendTemplate, `backend template of ${service.serviceName}`, templateServers));
  return {
    name: service.serviceName,
    hasCustom: service.backendTemplate !== undefined,
    custom,
    customHasSection: /^\s*backend\s/m.test(custom),
    servers,
    templateServers,
  };
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
