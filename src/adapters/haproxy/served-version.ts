import http from 'node:http';

/** The path of the status endpoint every generated configuration serves (templates/haproxy.cfg.hbs). */
export const statusPath = '/docker-flow/config';

/**
 * The version the proxy's status endpoint serves (GET /docker-flow/config), or undefined when it does
 * not answer 200 (not running yet, reloading, another program on the port).
 */
export async function fetchServedVersion(host: string, port: number, signal: AbortSignal, timeoutMs = 2000): Promise<string | undefined> {
  const answer = await httpGet(host, port, statusPath, signal, timeoutMs);
  return answer?.status === 200 ? answer.body.trim() : undefined;
}

/** True when anything answers HTTP on host:port (the proxy's workers are up, whatever their configuration). */
export async function answersHttp(host: string, port: number, signal: AbortSignal, timeoutMs = 2000): Promise<true | undefined> {
  return (await httpGet(host, port, '/', signal, timeoutMs)) === undefined ? undefined : true;
}

function httpGet(host: string, port: number, path: string, signal: AbortSignal, timeoutMs: number): Promise<{ readonly status: number; readonly body: string } | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(undefined);
      return;
    }
    const request = http.get({ host, port, path, agent: false, signal, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** 127.0.0.1 for a wildcard bind address, else the address itself. */
export function reachableAddress(bind: string): string {
  return bind === '0.0.0.0' || bind === '*' || bind === '' ? '127.0.0.1' : bind;
}
