import { createHash } from 'node:crypto';

import type { ProxyModel } from '../../domain/proxy-model';
import { loadProxyTemplate } from './proxy-template';
import { buildProxyView } from './proxy-view';

export interface RenderProxyOptions {
  readonly templatesDir: string;
  /** The stats socket (runtime API) path inside the proxy's file system. */
  readonly socketPath: string;
  /** How long old workers may finish in-flight requests; hard-stop-after is this plus a margin. */
  readonly drainMs: number;
}

export interface RenderedProxyConfig {
  readonly text: string;
  /** What GET /docker-flow/config answers once the proxy serves `text`. */
  readonly version: string;
}

const versionPlaceholder = '@@DOCKER_FLOW_CONFIG_VERSION@@';

/**
 * Renders the whole haproxy.cfg. Deterministic: an identical model gives identical bytes. The version
 * is a hash of the configuration without the lines that carry the version, so docker-flow can poll
 * the status endpoint until the reloaded proxy serves exactly this text. Throws ConfigError for paths,
 * names or custom templates that cannot be rendered.
 */
export function renderProxyConfig(model: ProxyModel, options: RenderProxyOptions): RenderedProxyConfig {
  const view = buildProxyView(model, { version: versionPlaceholder, socketPath: options.socketPath, drainMs: options.drainMs });
  const draft = loadProxyTemplate(options.templatesDir)(view);
  const version = configVersion(draft, versionPlaceholder);
  return { text: draft.replaceAll(versionPlaceholder, version), version };
}

/** sha256 (first 16 hex digits) of the text without the lines holding `placeholder`. */
export function configVersion(draft: string, placeholder: string): string {
  const body = draft
    .split('\n')
    .filter((line) => !line.includes(placeholder))
    .join('\n');
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}
