import type { RouteSpec } from '../domain/plan';

/** What the executor needs of the proxy: route a service to its instances, and drain old servers. */
export interface ProxyGateway {
  /** Routes the service's paths to its running instances of `route.color` (minus `exclude`) and waits until the proxy serves that. */
  route(route: RouteSpec, signal: AbortSignal): Promise<void>;
  /** Waits until requests in flight to servers taken out of the proxy have finished (or the timeout). */
  drain(service: string, timeoutMs: number, signal: AbortSignal): Promise<void>;
}
