import { execFile } from 'node:child_process';

import { ProxyError } from '../../errors';
import { throwIfInterrupted } from './poll-until';

export interface ConfigCheck {
  /** HAProxy's [WARNING] lines: the configuration is valid but worth a look. */
  readonly warnings: readonly string[];
}

const keptHint = 'the running proxy keeps its last good configuration; fix the template or option named above and run the flow again';

/**
 * Runs `haproxy -c -f <candidatePath>` (no shell). `text` is the candidate's content, quoted in the
 * error. Throws ProxyError with HAProxy's error lines and the offending configuration line.
 */
export async function validateConfig(
  candidatePath: string,
  text: string,
  options: { readonly haproxyPath: string; readonly timeoutMs: number },
  signal: AbortSignal,
): Promise<ConfigCheck> {
  throwIfInterrupted('checking the proxy configuration', signal);
  const result = await new Promise<{ readonly code: number | string | null; readonly output: string; readonly failure?: Error }>((resolve) => {
    execFile(options.haproxyPath, ['-c', '-f', candidatePath], { signal, timeout: options.timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error === null) resolve({ code: 0, output });
      else resolve({ code: typeof error.code === 'number' || typeof error.code === 'string' ? error.code : null, output, failure: error });
    });
  });
  throwIfInterrupted('checking the proxy configuration', signal);
  if (result.code === 0) return { warnings: warningLines(result.output) };
  if (result.failure !== undefined && typeof result.code !== 'number') {
    throw new ProxyError(`could not run ${options.haproxyPath} -c -f ${candidatePath}: ${result.failure.message}`, {
      cause: result.failure,
      hint: `install HAProxy 2.x (apt-get install haproxy) or check that ${options.haproxyPath} is executable; ${keptHint}`,
    });
  }
  throw checkFailure(result.output, text, `on ${candidatePath}`);
}

/**
 * The error for a failed `haproxy -c`: every [ALERT] line, and the candidate line they point at
 * (`parsing [file:LINE]`, or the line of the named proxy that holds the quoted name).
 */
export function checkFailure(output: string, text: string, where: string): ProxyError {
  const alerts = output
    .split('\n')
    .filter((line) => line.includes('[ALERT]'))
    .map((line) => line.replace(/^\[ALERT\]\s*\(\d+\)\s*:\s*/, '').trim())
    .filter((line) => !/^config\s*:\s*(Fatal errors found|Error\(s\) found)/.test(line));
  const lines = text.split('\n');
  const lineNumber = offendingLine(alerts, lines);
  const quoted = lineNumber === undefined ? '' : `; line ${lineNumber}: ${JSON.stringify((lines[lineNumber - 1] ?? '').trim())}`;
  const seen = alerts.length > 0 ? alerts.join(' | ') : output.trim().split('\n').slice(-3).join(' | ') || 'no output';
  return new ProxyError(`HAProxy rejected the new configuration ${where}: ${seen}${quoted}`, { hint: keptHint });
}

function offendingLine(alerts: readonly string[], lines: readonly string[]): number | undefined {
  for (const alert of alerts) {
    const located = /\[[^\]]*:(\d+)\]/.exec(alert);
    if (located !== null) return Number(located[1]);
  }
  for (const alert of alerts) {
    const names = [...alert.matchAll(/'([^']+)'/g)].map((match) => match[1] ?? '');
    const proxy = /[Pp]roxy '([^']+)'/.exec(alert)?.[1];
    const token = names.filter((name) => name !== proxy).at(-1);
    if (token === undefined) continue;
    let inProxy = proxy === undefined;
    for (let index = 0; index < lines.length; index += 1) {
      const words = (lines[index] ?? '').trim().split(/\s+/);
      if (proxy !== undefined && /^(frontend|backend|listen|defaults|global)$/.test(words[0] ?? '')) inProxy = words[1] === proxy;
      if (inProxy && words.slice(1).includes(token)) return index + 1;
    }
  }
  return undefined;
}

function warningLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('[WARNING]'))
    .map((line) => line.replace(/^\[WARNING\]\s*\(\d+\)\s*:\s*/, '').trim());
}
