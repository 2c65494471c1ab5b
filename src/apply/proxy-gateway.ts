import type { RouteSpec } from '../domain/plan';
import type { ProxyStanding } from './proxy-standing';
import type { ServerStats } from './serve-proxy';
import type { ResponseSample } from '../adapters/haproxy/response-log';

/** One answered request and the proxy that logged it. */
export interface ProxyResponseSample extends ResponseSample {
  readonly proxy: string;
}

/** What the executor needs of the proxy: route a service to its instances, and drain old servers. */
export interface ProxyGateway {
  /**
   * Does ahead of time the first-time work of a fresh process that the first route would otherwise
   * pay inside the switch: loading the proxy adapter and its templates, and V8 compiling the render
   * and plan code (one render of the stored routes, thrown away). Reads only; a failure here is
   * left for the route or drain that follows to report.
   */
  prepare(signal: AbortSignal): Promise<void>;
  /** Routes the service's paths to its running instances of `route.color` (minus `exclude`) and waits until the proxy serves that. */
  route(route: RouteSpec, signal: AbortSignal): Promise<void>;
  /** Waits until requests in flight to servers taken out of the proxy have finished (or the timeout). */
  drain(service: string, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Settles a switch of the service that a stopped docker-flow left half-done (undefined: none was). */
  settleSwitch(service: string, signal: AbortSignal): Promise<SettledSwitch | undefined>;
  /** Takes the service's route out of the proxy (the others keep theirs) and deletes its route record; nothing when it has none. */
  unroute(service: string, signal: AbortSignal): Promise<void>;
  /** Every proxy of the tier: up, behind (serves other routes than the stored ones), stopped or unreachable. */
  standing(signal: AbortSignal): Promise<readonly ProxyStanding[]>;
  /**
   * HAProxy's counters for every server of the service's backend on every proxy of the tier, each
   * with the proxy it was read from and the instance and colour the slot holds (from the stored
   * route); stepped canaries judge from them. Proxies that do not answer are left out when
   * --proxy-tolerate-down allows it, else the error names them.
   */
  serverStats(service: string, signal: AbortSignal): Promise<readonly ServerStats[]>;
  /** The service's recent answered requests on every proxy of the tier (slot and time to the response headers), from each proxy's log ring. */
  responseSamples(service: string, signal: AbortSignal): Promise<readonly ProxyResponseSample[]>;
}

/** A switch that a stopped docker-flow left half-done, and how it was settled. */
export interface SettledSwitch {
  readonly service: string;
  /** finished: the proxy now serves the new route; reverted: the previous one again (the new colour no longer runs, or the proxy refuses the new route); dropped: the new colour no longer runs and there was no previous route. */
  readonly outcome: 'finished' | 'reverted' | 'dropped';
  /** What the switch was going to: "green, /demo". */
  readonly to: string;
  /** When the switch started (ISO). */
  readonly since: string;
}

/** One line for operators: what a stopped docker-flow left half-done, and what the proxy serves now. */
export function describeSettledSwitch(s: SettledSwitch): string {
  const now =
    s.outcome === 'finished' ? 'finished now; the proxy serves it'
    : s.outcome === 'reverted' ? 'the proxy serves the previous route again (the new colour no longer runs, or the proxy refused the new route)'
    : 'its new colour no longer runs and there was no previous route; the proxy no longer routes the service';
  return `the proxy switch of ${s.service} to ${s.to}, started ${s.since} by a docker-flow that stopped before it finished: ${now}`;
}
