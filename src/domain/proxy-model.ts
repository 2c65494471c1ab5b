import type { Color } from './color';

/**
 * Everything the proxy configuration is rendered from. Built (pure, sorted) by the proxy flow from
 * the route records in the state store; rendered by adapters/haproxy. Identical models render
 * identical bytes.
 */
export interface ProxyServer {
  /** Unique within the backend, e.g. `demo_app-blue_1` (the container name). */
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** HAProxy server weight 0..256 (canary splits); absent = HAProxy default (1). */
  readonly weight?: number;
  /** Catalog-style fields for custom templates ({{$e.Node}}, ID): the host name. */
  readonly node: string;
}

export interface ProxyBackendGroup {
  readonly color: Color | undefined;
  /** Share of requests for this colour, 0..100 (100 when there is no canary). */
  readonly percent: number;
  readonly servers: readonly ProxyServer[];
}

export interface ProxyService {
  /** `<project>-<target>`; the backend is named after it. */
  readonly serviceName: string;
  /** The coloured name (`<project>-<target>-<color>`) of the live colour; replaces SERVICE_NAME in custom templates. */
  readonly coloredName: string;
  /** Path prefixes routed to this service (`/demo`), sorted; already validated to start with `/`. */
  readonly paths: readonly string[];
  /** One group normally; two during a canary. Servers sorted by name. */
  readonly groups: readonly ProxyBackendGroup[];
  /** Custom per-service templates (raw text, Handlebars or Consul-template form). */
  readonly frontendTemplate?: string;
  readonly backendTemplate?: string;
  /** Most requests one server is sent at once (HAProxy `default-server maxconn` of the generated backend); absent: no limit. */
  readonly serverMaxconn?: number;
}

export interface ProxyHttps {
  readonly port: number;
  readonly certFile: string;
  readonly certDigest: string;
}

export interface ProxyModel {
  /** Port of the HTTP frontend (80 by default). */
  readonly httpPort: number;
  /** Port of docker-flow's status endpoint on the proxy (the `--proxy-reconf-port`, 8080 by default). */
  readonly statusPort: number;
  /** Address the status endpoint binds to (127.0.0.1 for a local proxy; the container's 0.0.0.0 with the port published on the proxy host's address). */
  readonly statusBind: string;
  /** HTTPS frontend (with --proxy-cert): its port, the certificate file as the proxy sees it, and a digest of it (a new certificate changes the configuration, so the proxy reloads it). */
  readonly https?: ProxyHttps;
  /** Sorted by serviceName. */
  readonly services: readonly ProxyService[];
}
