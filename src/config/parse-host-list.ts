import { formatDockerEndpoint } from '../domain/docker-endpoint';
import type { HostSpec } from '../domain/host';
import { ConfigError } from '../errors';
import { deriveHostAddress, dockerEndpointAccepts, isHostName, parseDockerEndpoint, withDefaultPort } from './parse-docker-endpoint';
import { resolveUserPath } from './resolve-user-path';
import { suggestClosest } from './suggest-closest';

const entryKeys = ['name', 'endpoint', 'cert_path', 'address', 'labels'] as const;
const example = 'hosts:\n  - name: node-1\n    endpoint: tcp://10.0.0.11:2376\n    labels: { zone: a }';

/**
 * The `hosts:` list of docker-flow.yml: entries `{name, endpoint, cert_path, address, labels}`;
 * name and endpoint required. Errors name the path, e.g. `docker-flow.yml: hosts[1].adress`.
 */
export function parseHostList(
  list: { readonly key: string; readonly value: unknown; readonly baseDir: string },
  certPath: string | undefined,
  home: string,
): readonly HostSpec[] {
  if (!Array.isArray(list.value) || list.value.length === 0) {
    throw new ConfigError(list.key, 'expected a non-empty list of hosts', { hint: `for example:\n${example}` });
  }
  const hosts: HostSpec[] = [];
  list.value.forEach((entry: unknown, index: number) => {
    const key = `${list.key}[${index}]`;
    const host = parseHostEntry(entry, key, certPath, list.baseDir, home);
    const clash = hosts.findIndex((other) => other.name === host.name);
    if (clash >= 0) {
      throw new ConfigError(`${key}.name`, `"${host.name}" is already the name of ${list.key}[${clash}]; names must be unique`, { hint: 'give each host its own name' });
    }
    const same = hosts.findIndex((other) => formatDockerEndpoint(other.endpoint) === formatDockerEndpoint(host.endpoint));
    if (same >= 0) {
      throw new ConfigError(`${key}.endpoint`, `"${formatDockerEndpoint(host.endpoint)}" is already the endpoint of ${list.key}[${same}]`, { hint: 'list each Docker engine once: remove one of the two entries' });
    }
    hosts.push(host);
  });
  return hosts;
}

/** One entry `{name, endpoint, cert_path, address, labels}` of a host list (`hosts:`, or a mapping in `proxies:`); `key` names it in errors. */
export function parseHostEntry(entry: unknown, key: string, certPath: string | undefined, baseDir: string, home: string): HostSpec {
  if (!isRecord(entry)) throw new ConfigError(key, 'expected a mapping with name and endpoint', { hint: `for example:\n${example}` });
  for (const name of Object.keys(entry)) {
    if (!entryKeys.some((known) => known === name)) {
      const closest = suggestClosest(name, entryKeys);
      throw new ConfigError(`${key}.${name}`, `is not a known key${closest === undefined ? '' : `; did you mean "${closest}"?`}`, {
        hint: `accepted keys: ${entryKeys.join(', ')}`,
      });
    }
  }
  const name = requiredText(entry, 'name', key);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
    throw new ConfigError(`${key}.name`, `"${name}" is not accepted; accepted: letters, digits, ., - and _, starting with a letter or digit`, {
      hint: 'rename the host, e.g. name: node-1',
    });
  }
  const endpointText = requiredText(entry, 'endpoint', key);
  const endpoint = parseDockerEndpoint(endpointText);
  if (endpoint === undefined) {
    throw new ConfigError(`${key}.endpoint`, `"${endpointText}" is not a Docker endpoint; accepted: ${dockerEndpointAccepts}`, {
      hint: 'write the address of the host\'s Docker engine, e.g. endpoint: tcp://10.0.0.11:2376',
    });
  }
  const ownCertPath = optionalText(entry, 'cert_path', key);
  const hostCertPath = ownCertPath === undefined ? (endpoint.scheme === 'tcp' ? certPath : undefined) : resolveUserPath(ownCertPath, baseDir, home);
  if (ownCertPath !== undefined && endpoint.scheme !== 'tcp') {
    throw new ConfigError(`${key}.cert_path`, `applies only to tcp:// endpoints, and "${endpointText}" is ${endpoint.scheme}://`, {
      hint: 'remove cert_path from this host (sockets and ssh need no certificates), or use a tcp:// endpoint',
    });
  }
  const address = optionalText(entry, 'address', key) ?? deriveHostAddress(endpoint);
  if (!isHostName(address)) {
    throw new ConfigError(`${key}.address`, `"${address}" is not accepted; accepted: a host name or IP address (e.g. 10.0.0.11)`, {
      hint: 'give the address clients use to reach ports published on this host, or leave address out to use the endpoint\'s host',
    });
  }
  return {
    name, endpoint: withDefaultPort(endpoint, hostCertPath), address, labels: readLabels(entry['labels'], `${key}.labels`),
    ...(hostCertPath === undefined ? {} : { certPath: hostCertPath }),
  };
}

function readLabels(value: unknown, key: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new ConfigError(key, `found ${describeType(value)}; expected a mapping of label names to values (e.g. { zone: a, disk: ssd })`, { hint: 'write labels: { zone: a }' });
  }
  const labels: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(value)) {
    if (typeof labelValue !== 'string' && typeof labelValue !== 'number' && typeof labelValue !== 'boolean') {
      throw new ConfigError(`${key}.${name}`, `found ${describeType(labelValue)}; accepted: a string, number or boolean`, { hint: `write the label as ${name}: <value>` });
    }
    labels[name] = String(labelValue);
  }
  return labels;
}

function requiredText(entry: Readonly<Record<string, unknown>>, name: string, key: string): string {
  const value = optionalText(entry, name, key);
  if (value === undefined) throw new ConfigError(`${key}.${name}`, 'is required', { hint: `for example:\n${example}` });
  return value;
}

function optionalText(entry: Readonly<Record<string, unknown>>, name: string, key: string): string | undefined {
  const value = entry[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${key}.${name}`, `found ${describeType(value)}; accepted: a string`, { hint: `write ${name} as text; quote values YAML would read as numbers or booleans` });
  if (value.trim() === '') throw new ConfigError(`${key}.${name}`, 'the value is empty', { hint: `give ${name} a value, or remove it` });
  return value;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}
