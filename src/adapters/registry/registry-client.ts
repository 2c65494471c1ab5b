import { allowsPlainHttp, plainHttpRanges, type ImageRepository } from '../../domain/image-repository';
import { arrayAt, numberAt, stringAt } from '../../domain/json-fields';
import { UnreachableError } from '../../errors';
import type { Logger } from '../../logger';
import type { TagSource } from '../../ports/tag-source';
import type { RegistryAuth } from '../docker/registry-auth';
import { answerRefused, requestFailed } from './registry-errors';
import { parseAuthChallenge, type AuthChallenge } from './www-authenticate';

/** What the client needs from `fetch` (tests pass a function answering Responses without a network). */
export type FetchLike = (url: string, init: { readonly headers: Readonly<Record<string, string>>; readonly signal: AbortSignal }) => Promise<Response>;

export interface RegistryClientOptions {
  readonly repository: ImageRepository;
  /** From Docker's config.json for the registry, when there are any. */
  readonly credentials?: RegistryAuth;
  readonly logger: Logger;
  readonly requestTimeoutMs?: number;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
}

const pageSize = 1000;
const maxPages = 100;

/**
 * Lists tags page by page (the `Link: <...>; rel="next"` header), answering the registry's
 * `WWW-Authenticate` challenge: Bearer (a token from the realm, asked with the config.json
 * credentials when there are some; cached until it expires) or Basic.
 */
export class RegistryClient implements TagSource {
  readonly repository: ImageRepository;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private authorization: { readonly header: string; readonly expiresAt: number } | undefined;

  constructor(private readonly options: RegistryClientOptions) {
    this.repository = options.repository;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, { headers: { ...init.headers }, signal: init.signal }));
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async listTags(signal: AbortSignal): Promise<readonly string[]> {
    const { apiBase, name } = this.repository;
    const tags: string[] = [];
    let url: string | undefined = `${apiBase}/v2/${name}/tags/list?n=${pageSize}`;
    for (let page = 0; url !== undefined && page < maxPages; page += 1) {
      const response = await this.get(url, signal);
      const body = await response.text();
      tags.push(...arrayAt(parseJson(body), 'tags').filter((tag): tag is string => typeof tag === 'string'));
      url = nextPage(response.headers.get('link'), apiBase);
    }
    this.options.logger.debug('registry tags listed', { repository: this.repository.reference, tags: tags.length });
    return tags;
  }

  /** A GET that answers one authentication challenge; anything but 200 is an error. */
  private async get(url: string, signal: AbortSignal): Promise<Response> {
    const cached = this.authorization !== undefined && this.authorization.expiresAt > this.now() ? this.authorization.header : undefined;
    let response = await this.send(url, cached, signal);
    if (response.status === 401) {
      const challenge = parseAuthChallenge(response.headers.get('www-authenticate'));
      await response.body?.cancel();
      this.authorization = await this.answer(challenge, url, signal);
      response = await this.send(url, this.authorization.header, signal);
    }
    if (response.status !== 200) {
      throw answerRefused(this.repository, url, response.status, await response.text(), this.options.credentials?.serveraddress);
    }
    return response;
  }

  private async answer(challenge: AuthChallenge | undefined, url: string, signal: AbortSignal): Promise<{ readonly header: string; readonly expiresAt: number }> {
    const basic = this.basicHeader();
    if (challenge?.scheme === 'basic' && basic !== undefined) return { header: basic, expiresAt: Number.POSITIVE_INFINITY };
    if (challenge?.scheme === 'bearer') return this.bearer(challenge, signal);
    throw answerRefused(this.repository, url, 401, '', this.options.credentials?.serveraddress);
  }

  /** Docker's token protocol: GET <realm>?service=..&scope=.. (with Basic credentials when known) → {token | access_token, expires_in}. */
  private async bearer(challenge: AuthChallenge, signal: AbortSignal): Promise<{ readonly header: string; readonly expiresAt: number }> {
    const realm = challenge.params['realm'];
    const realmUrl = realm === undefined ? undefined : safeUrl(realm);
    if (realmUrl === undefined || (realmUrl.protocol !== 'https:' && !(realmUrl.protocol === 'http:' && allowsPlainHttp(realmUrl.hostname)))) {
      throw new UnreachableError(`registry ${this.repository.registry} sent a token realm docker-flow does not follow: "${realm ?? '(none)'}"`, {
        hint: `the token service must be https:// (plain http only on ${plainHttpRanges}); check the registry's auth configuration`,
      });
    }
    const service = challenge.params['service'];
    if (service !== undefined) realmUrl.searchParams.set('service', service);
    realmUrl.searchParams.set('scope', challenge.params['scope'] ?? `repository:${this.repository.name}:pull`);
    const basic = this.basicHeader();
    const response = await this.send(realmUrl.toString(), basic, signal);
    const text = await response.text();
    if (response.status !== 200) throw answerRefused(this.repository, realmUrl.toString(), response.status, text, this.options.credentials?.serveraddress);
    const json = parseJson(text);
    const token = stringAt(json, 'token') ?? stringAt(json, 'access_token');
    if (token === undefined) {
      throw new UnreachableError(`the token service of ${this.repository.registry} (${realmUrl.origin}) answered without a token`, { hint: "see the token service's log" });
    }
    const lifetimeSec = numberAt(json, 'expires_in') ?? 60;
    return { header: `Bearer ${token}`, expiresAt: this.now() + Math.max(0, lifetimeSec - 10) * 1000 };
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    return c === undefined ? undefined : `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
  }

  private async send(url: string, authorization: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(authorization === undefined ? {} : { authorization }) };
    try {
      return await this.fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) });
    } catch (error) {
      throw requestFailed(this.repository, url, error, signal);
    }
  }
}

/** The next page of a listing from `Link: </v2/app/tags/list?last=x&n=1000>; rel="next"`, resolved against the API base. */
export function nextPage(link: string | null, apiBase: string): string | undefined {
  const target = link === null ? undefined : /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];
  if (target === undefined) return undefined;
  const url = safeUrl(target, apiBase);
  return url !== undefined && url.origin === new URL(apiBase).origin ? url.toString() : undefined;
}

function safeUrl(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
