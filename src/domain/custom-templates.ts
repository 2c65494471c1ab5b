import type { StoredServiceState } from './cluster-view';
import { customTemplatesOf, type TemplatePart } from './plan';

/** Custom templates as an invocation gives them: a path (use this one), false (drop the stored one), or nothing (keep). */
export type GivenTemplates = Readonly<Record<TemplatePart, string | false | undefined>>;

/**
 * The stored state with the custom templates the proxy will use for the route: those given now,
 * and the stored ones that are not dropped now (--no-consul-template-*-path). Pure.
 */
export function withTemplatesInUse(state: StoredServiceState, given: GivenTemplates): StoredServiceState {
  const stored = state.customTemplates ?? [];
  const parts = (['frontend', 'backend'] as const).filter((part) => given[part] !== false && (typeof given[part] === 'string' || stored.includes(part)));
  const { customTemplates: _stored, ...rest } = state;
  return { ...rest, ...customTemplatesOf({ customTemplates: parts }) };
}
