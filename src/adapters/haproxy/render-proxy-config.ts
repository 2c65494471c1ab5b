import { createHash } from 'node:crypto';

import type { ProxyModel } from '../../domain/proxy-model';
import type { ProxySlot } from '../../domain/proxy-slots';
import { loadProxyTemplate } from './proxy-template';
import { buildProxyView } from './proxy-view';

export interface RenderProxyOptions {
  readonly templatesDir: string;
  /** The stats socket (runtime API) path inside the proxy's file system. */
  readonly socketPath: string;
  /** The version map file path inside the proxy's file system (see ProxyRenderTarget). */
  readonly versionMap: string;
  /** A second stats socket on this TCP address (the proxy container's own loopback). */
  readonly adminBind?: string;
  /** How long old workers may finish in-flight requests; hard-stop-after is this plus a margin. */
  readonly drainMs: number;
  /** Slot tables by backend (what runs, as planned); a generated backend without one gets a fresh table. */
  readonly slots?: ReadonlyMap<string, readonly ProxySlot[]>;
}

export interface RenderedProxyConfig {
  readonly text: string;
  /** What GET /docker-flow/config answers once the proxy serves `text` (from the version map). */
  readonly version: string;
}

/**
 * Renders the whole haproxy.cfg. Deterministic: an identical model and slot tables give identical
 * bytes. The version is a hash of the text; the status endpoint reads it from the version map, so
 * a change made at runtime can change the version served without a reload. Throws ConfigError for
 * paths, names or custom templates that cannot be rendered.
 */
export function renderProxyConfig(model: ProxyModel, options: RenderProxyOptions): RenderedProxyConfig {
  const { templatesDir: _templatesDir, ...viewOptions } = options;
  const view = buildProxyView(model, viewOptions);
  const text = loadProxyTemplate(options.templatesDir)(view);
  return { text, version: configVersion(text) };
}

/** sha256 of the text, first 16 hex digits. */
export function configVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The version map file's content: one line `version <v>`. */
export function versionMapText(version: string): string {
  return `version ${version}\n`;
}
