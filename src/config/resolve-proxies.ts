import { formatDockerEndpoint } from '../domain/docker-endpoint';
import type { HostSpec } from '../domain/host';
import { localProxy, type ProxyPlacement } from '../domain/proxy-placement';
import { ConfigError } from '../errors';
import { hostsFromEndpoints } from './hosts';
import { parseDockerEndpoint } from './parse-docker-endpoint';
import { parseHostEntry } from './parse-host-list';

export interface ProxyInputs {
  /** The cluster's hosts: an entry may name one. */
  readonly hosts: readonly HostSpec[];
  /** --proxy-docker-host values (repeated flag, FLOW_PROXY_DOCKER_HOST, yml proxy_docker_host) and the key they came from. */
  readonly dockerHosts?: { readonly key: string; readonly values: readonly string[] };
  /** `proxies:` of docker-flow.yml, as plain data. */
  readonly fileProxies?: { readonly key: string; readonly value: unknown; readonly baseDir: string };
  /** --proxy-docker-cert-path: TLS files for proxy endpoints (and for hosts of the cluster named as proxies). */
  readonly certPath?: string;
  readonly home: string;
}

const example = 'proxies:\n  - h1            # a host of the cluster, by name\n  - h2\n  - local         # the local HAProxy process\n  - { name: edge-1, endpoint: tcp://10.0.0.21:2376, cert_path: ~/.docker/edge-1 }';

/**
 * The proxy tier: --proxy-docker-host (each value one proxy) wins over `proxies:` in docker-flow.yml,
 * as -H wins over `hosts:`; without either, the local HAProxy process. An entry is `local`, the name
 * of a host of the cluster, a Docker endpoint, or (in the file) a mapping like a `hosts:` entry. Each
 * host at most once. Errors name the entry (`docker-flow.yml: proxies[1]`), nothing is touched.
 */
export function resolveProxies(inputs: ProxyInputs): readonly ProxyPlacement[] {
  const fromFile = inputs.fileProxies === undefined ? undefined : fileProxies(inputs.fileProxies, inputs);
  if (inputs.dockerHosts !== undefined && inputs.dockerHosts.values.length > 0) {
    const { key, values } = inputs.dockerHosts;
    return unique(values.map((value, index) => ({ key: values.length === 1 ? key : `${key}[${index}]`, placement: placementOf(value, key, inputs) })));
  }
  return fromFile ?? [localProxy];
}

function fileProxies(list: NonNullable<ProxyInputs['fileProxies']>, inputs: ProxyInputs): readonly ProxyPlacement[] {
  if (!Array.isArray(list.value) || list.value.length === 0) throw new ConfigError(list.key, 'expected a non-empty list of proxies', { hint: `for example:\n${example}` });
  return unique(
    list.value.map((entry: unknown, index: number) => {
      const key = `${list.key}[${index}]`;
      if (typeof entry === 'string') return { key, placement: placementOf(entry, key, inputs) };
      const host = parseHostEntry(entry, key, inputs.certPath, list.baseDir, inputs.home);
      return { key, placement: { kind: 'container' as const, name: host.name, host } };
    }),
  );
}

function placementOf(value: string, key: string, inputs: ProxyInputs): ProxyPlacement {
  if (value === 'local') return localProxy;
  const certPath = inputs.certPath;
  const known = inputs.hosts.find((h) => h.name === value) ?? inputs.hosts.find((h) => parseDockerEndpoint(value) !== undefined && formatDockerEndpoint(h.endpoint) === value);
  if (known !== undefined) return { kind: 'container', name: known.name, host: certPath === undefined ? known : { ...known, certPath } };
  if (parseDockerEndpoint(value) === undefined) {
    throw new ConfigError(key, `"${value}" is not a host of the cluster (hosts: ${inputs.hosts.map((h) => h.name).join(', ')}), not "local" and not a Docker endpoint`, {
      hint: `name a host of the "hosts:" list or -H, write local for the local HAProxy process, or give a Docker endpoint such as tcp://10.0.0.5:2376; for example:\n${example}`,
    });
  }
  const [host] = hostsFromEndpoints([value], certPath);
  if (host === undefined) throw new Error(`endpoint ${value} was not validated`);
  return { kind: 'container', name: host.name, host };
}

/** Each host (by name and by Docker endpoint) and `local` at most once: two proxies on one host would fight over its ports. */
function unique(entries: readonly { readonly key: string; readonly placement: ProxyPlacement }[]): readonly ProxyPlacement[] {
  const seen: { readonly key: string; readonly placement: ProxyPlacement }[] = [];
  for (const entry of entries) {
    const same = seen.find((s) => s.placement.name === entry.placement.name || endpointOf(s.placement) === endpointOf(entry.placement));
    if (same !== undefined) {
      throw new ConfigError(entry.key, `"${entry.placement.name}" is already the proxy of ${same.key}: one proxy per host`, {
        hint: 'list each host once (a proxy binds the same ports on its host); remove one of the two entries',
      });
    }
    seen.push(entry);
  }
  return entries.map((e) => e.placement);
}

const endpointOf = (p: ProxyPlacement): string => (p.kind === 'local' ? 'local' : formatDockerEndpoint(p.host.endpoint));
