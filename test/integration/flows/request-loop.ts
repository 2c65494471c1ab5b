import { httpGet } from '../support/http-get';
import { messageOf } from '../../../src/errors';

/** A bounded request loop through the proxy, counting failures while something else happens. */
export interface RequestLoop {
  stop(): Promise<{ readonly ok: number; readonly failed: readonly string[]; readonly bodies: ReadonlyMap<string, number> }>;
}

export function startRequestLoop(url: string, options: { readonly maxRequests: number; readonly classify: (body: string) => string }): RequestLoop {
  let running = true;
  let ok = 0;
  const failed: string[] = [];
  const bodies = new Map<string, number>();
  const loop = (async () => {
    for (let i = 0; running && i < options.maxRequests; i += 1) {
      try {
        const r = await httpGet(url, { timeoutMs: 5000 });
        if (r.status >= 200 && r.status < 300) {
          ok += 1;
          const kind = options.classify(r.body);
          bodies.set(kind, (bodies.get(kind) ?? 0) + 1);
        } else failed.push(`HTTP ${r.status}`);
      } catch (error) {
        failed.push(messageOf(error));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ok, failed, bodies };
    },
  };
}

export const versionOf = (body: string): string => /version: (\S+)/.exec(body)?.[1] ?? 'other';
