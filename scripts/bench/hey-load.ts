import { spawn } from 'node:child_process';
import { FlowFailedError } from '../../src/errors';
import { checkLoadUrl } from './load-url';
import { parseHeySummary, type HeyReport } from './parse-hey';

export interface HeyLoadOptions {
  /** http:// on 127.0.0.0/8 or 10.77.0.0/24 only (the network rule). */
  readonly url: string;
  readonly ratePerSec: number;
  /** hey stops by itself after this long... */
  readonly maxSeconds: number;
  /** ...or when this aborts (SIGINT: hey stops sending and prints its summary). */
  readonly stop?: AbortSignal;
  /** Concurrent workers (keep-alive connections); each sends at most ratePerSec / workers per second. */
  readonly workers?: number;
  readonly timeoutSec?: number;
}

/**
 * Load with `hey` (Debian package hey), a native generator, so the figures are the proxy's and not
 * a Node loop's on the same two cores. `-c W -q R/W`: W workers, each rate-limited, so at most R
 * requests per second in all; a worker waits for its answer before its next request, so a stall
 * lowers the achieved rate (reported) instead of piling requests up. Bounded by -z and `stop`.
 */
export function runHey(options: HeyLoadOptions): Promise<HeyReport & { readonly command: string }> {
  const url = checkLoadUrl(options.url).href;
  const workers = options.workers ?? 200;
  const args = ['-z', `${Math.ceil(options.maxSeconds)}s`, '-c', String(workers), '-q', String(options.ratePerSec / workers), '-t', String(options.timeoutSec ?? 5), url];
  return new Promise((resolve, reject) => {
    const child = spawn('hey', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const interrupt = (): void => void child.kill('SIGINT');
    options.stop?.addEventListener('abort', interrupt, { once: true });
    child.on('error', (error) => reject(new FlowFailedError(`hey could not start: ${error.message}`, { hint: 'install it: apt-get install hey (scripts/setup-machine.sh does)', cause: error })));
    child.on('close', (code) => {
      options.stop?.removeEventListener('abort', interrupt);
      if (code !== 0 && !output.includes('Summary:')) reject(new FlowFailedError(`hey exited with ${code ?? 'a signal'}: ${output.trim().slice(-400)}`));
      else resolve({ ...parseHeySummary(output), command: `hey ${args.join(' ')}` });
    });
  });
}
