import type { HostSpec } from './host';

/**
 * One proxy of the tier: the local HAProxy process, or an HAProxy container on a Docker host (a host
 * of the cluster, or an endpoint of its own). `name` identifies it in messages, `proxy status` and
 * `proxy stop --node`: `local`, or the host's name.
 */
export type ProxyPlacement =
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'container'; readonly name: string; readonly host: HostSpec };

/** The proxy tier when nothing names one: the local HAProxy process, as before there were tiers. */
export const localProxy: ProxyPlacement = { kind: 'local', name: 'local' };
