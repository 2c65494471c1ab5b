import type { HostSpec } from '../domain/host';
import type { RawSetting } from './option-row';
import { optionRowFor } from './option-table';
import { deriveHostAddress, deriveHostName, localDockerEndpoint, parseDockerEndpoint, withDefaultPort } from './parse-docker-endpoint';
import { parseHostList } from './parse-host-list';
import { parseListSetting } from './parse-setting';

export interface HostInputs {
  /** The merged `host` setting: repeated -H, FLOW_HOST / DOCKER_HOST, or `host:` in docker-flow.yml. */
  readonly setting?: RawSetting;
  /** `hosts:` from docker-flow.yml (plain data), used when no `host` setting is given. */
  readonly fileHosts?: { readonly key: string; readonly value: unknown; readonly baseDir: string };
  /** The global --cert-path (itself defaulting to $DOCKER_CERT_PATH): applies to tcp:// hosts. */
  readonly certPath?: string;
  readonly home: string;
}

/**
 * The cluster: hosts from -H / FLOW_HOST / DOCKER_HOST / yml `host:` (names and addresses derived
 * from the endpoints), else yml `hosts:`, else the local engine.
 */
export function buildHosts(inputs: HostInputs): readonly HostSpec[] {
  if (inputs.setting !== undefined) {
    const endpoints = parseListSetting(optionRowFor('hosts'), inputs.setting, inputs.home);
    return hostsFromEndpoints(endpoints, inputs.certPath);
  }
  if (inputs.fileHosts !== undefined) return parseHostList(inputs.fileHosts, inputs.certPath, inputs.home);
  return hostsFromEndpoints([localDockerEndpoint], inputs.certPath);
}

/** HostSpecs for plain endpoints; duplicate derived names get `-2`, `-3`; `tcp://host` gets the default port. */
export function hostsFromEndpoints(endpoints: readonly string[], certPath: string | undefined): readonly HostSpec[] {
  const used = new Set<string>();
  return endpoints.map((raw) => {
    const endpoint = parseDockerEndpoint(raw);
    if (endpoint === undefined) throw new Error(`endpoint ${raw} was not validated`);
    const name = uniqueName(deriveHostName(endpoint), used);
    used.add(name);
    return {
      name,
      endpoint: withDefaultPort(endpoint, certPath),
      address: deriveHostAddress(endpoint),
      labels: {},
      ...(endpoint.scheme === 'tcp' && certPath !== undefined ? { certPath } : {}),
    };
  });
}

function uniqueName(name: string, used: ReadonlySet<string>): string {
  if (!used.has(name)) return name;
  let suffix = 2;
  while (used.has(`${name}-${suffix}`)) suffix += 1;
  return `${name}-${suffix}`;
}
