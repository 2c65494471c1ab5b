import { ProxyError } from '../../errors';
import type { DockerEngine } from '../../ports/docker-engine';
import { parseServersState } from './runtime-api';
import type { AdminChannel } from './runtime-switch';
import { batches } from './unix-socket-command';

/**
 * How docker-flow reaches the runtime API of the proxy container: an Engine API exec of BusyBox `nc`
 * inside the container, against a stats socket HAProxy binds on the container's own loopback
 * (127.0.0.1:9999). That address exists only in the container's network namespace: it is not
 * published, and nothing outside the container can reach it. One exec carries every command of a
 * change (`;`-separated, in batches HAProxy's line buffer takes) and the read-back.
 */
export const containerAdminHost = '127.0.0.1';
export const containerAdminPort = 9999;

const marker = (name: string): string => `@@docker-flow:${name}@@`;
const sendEach = `for b in "$@"; do printf '%s\\n' "$b" | nc ${containerAdminHost} ${containerAdminPort} || { echo '${marker('admin-failed')}'; exit 7; }; done`;

/** The runtime API through `exec nc` in the container. */
export function containerAdminChannel(engine: DockerEngine, containerId: () => Promise<string>, describe: string): AdminChannel {
  return {
    async send(lines, signal) {
      const result = await engine.exec(await containerId(), ['sh', '-c', sendEach, 'sh', ...batches(lines)], signal);
      if (result.exitCode !== 0) throw adminFailure(describe, result.output);
      return result.output;
    },
  };
}

export function adminFailure(describe: string, output: string): ProxyError {
  return new ProxyError(`the runtime API of ${describe} did not answer: ${output.replace(marker('admin-failed'), '').trim() || 'no output'}`, {
    hint: `the proxy image needs /bin/sh and BusyBox nc (docker-flow-haproxy has both); see docker logs of the proxy container`,
  });
}

/** One exec: the configuration file, then `show servers state` (or why the runtime API did not answer). */
export function inspectCommand(configPath: string): readonly string[] {
  return ['sh', '-c', `cat "$1" 2>/dev/null; printf '\\n${marker('servers')}\\n'; printf 'show servers state\\n' | nc ${containerAdminHost} ${containerAdminPort} 2>&1 || echo '${marker('admin-failed')}'`, 'sh', configPath];
}

export function parseInspectOutput(output: string): { readonly text: string | undefined; readonly slots: ReturnType<typeof parseServersState>; readonly adminError?: string } {
  const at = output.lastIndexOf(`\n${marker('servers')}\n`);
  const text = at <= 0 ? undefined : output.slice(0, at);
  const servers = at < 0 ? output : output.slice(at + marker('servers').length + 2);
  if (servers.includes(marker('admin-failed'))) return { text, slots: new Map(), adminError: servers.replace(marker('admin-failed'), '').trim() || 'no answer' };
  return { text, slots: parseServersState(servers) };
}

export interface RuntimeApplyFiles {
  readonly haproxy: string;
  readonly candidate: string;
  readonly config: string;
  readonly versionMap: string;
  readonly version: string;
}

/**
 * One exec for a runtime change: `haproxy -c` of the candidate file starts in the background, the
 * commands and the read-back go to the runtime API meanwhile; once the check passed, the candidate
 * and the version map replace the files (the previous ones kept as `.last-good`). The output is the
 * API's answer, then a marker: `written`, or `check-failed` and HAProxy's messages.
 */
export function runtimeApplyCommand(files: RuntimeApplyFiles, lines: readonly string[]): readonly string[] {
  const script = [
    'h=$1 c=$2 f=$3 m=$4 v=$5; shift 5',
    '"$h" -c -q -f "$c" >"$c.check" 2>&1 & k=$!',
    sendEach.replace('exit 7', 'true'),
    `if wait $k; then cp -p "$f" "$f.last-good"; cp -p "$m" "$m.last-good" 2>/dev/null; printf 'version %s\\n' "$v" >"$m.next" && mv "$m.next" "$m" && mv "$c" "$f" && echo '${marker('written')}'; else echo '${marker('check-failed')}'; cat "$c.check"; rm -f "$c"; fi`,
    'rm -f "$c.check"',
  ].join('\n');
  return ['sh', '-c', script, 'sh', files.haproxy, files.candidate, files.config, files.versionMap, files.version, ...batches(lines)];
}

/** Splits the output of runtimeApplyCommand: the API's answer, whether the files were written, and the check's messages. */
export function parseRuntimeApplyOutput(output: string): { readonly answer: string; readonly written: boolean; readonly checkOutput?: string; readonly adminError?: string } {
  const failedAt = output.indexOf(`${marker('check-failed')}\n`);
  const writtenAt = output.lastIndexOf(marker('written'));
  const end = failedAt >= 0 ? failedAt : writtenAt >= 0 ? writtenAt : output.length;
  const answer = output.slice(0, end);
  const adminError = answer.includes(marker('admin-failed')) ? answer.replace(marker('admin-failed'), '').trim() : undefined;
  return {
    answer,
    written: failedAt < 0 && writtenAt >= 0,
    ...(failedAt >= 0 ? { checkOutput: output.slice(failedAt + marker('check-failed').length + 1) } : {}),
    ...(adminError === undefined ? {} : { adminError }),
  };
}

/** Puts the `.last-good` files of a runtime change back (the change was reverted after they were written). */
export function restoreFilesCommand(config: string, versionMap: string): readonly string[] {
  return ['sh', '-c', 'mv "$1.last-good" "$1"; [ -e "$2.last-good" ] && mv "$2.last-good" "$2"; true', 'sh', config, versionMap];
}
