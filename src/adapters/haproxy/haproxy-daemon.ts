import { spawn } from 'node:child_process';
import { open, readFile, rm } from 'node:fs/promises';
import net from 'node:net';

import { errorCode, messageOf, ProxyError } from '../../errors';
import type { LocalProxyFiles } from './local-proxy-files';
import { pollUntil } from './poll-until';
import { readLiveProcess } from './proc-stat';

/**
 * The master pid of the HAProxy that owns these files: from the pid file, alive (not a zombie), named
 * haproxy and started with this pid file. A stale pid file and sockets are removed.
 */
export async function findMaster(files: LocalProxyFiles): Promise<number | undefined> {
  const pid = Number.parseInt((await readFile(files.pidFile, 'utf8').catch(() => '')).trim(), 10);
  if (Number.isInteger(pid) && pid > 0 && (await isOurMaster(pid, files))) return pid;
  await removeRuntimeFiles(files);
  return undefined;
}

export async function isOurMaster(pid: number, files: LocalProxyFiles): Promise<boolean> {
  const live = await readLiveProcess(pid);
  return live !== undefined && live.stat.comm === 'haproxy' && live.args.includes(files.pidFile);
}

export async function removeRuntimeFiles(files: LocalProxyFiles): Promise<void> {
  await Promise.all([files.pidFile, files.masterSocket, files.statsSocket].map((file) => rm(file, { force: true })));
}

/**
 * Starts `haproxy -W -D -p <pid> -S <master.sock>,mode,600 -f <cfg>`: a daemonised master that outlives
 * docker-flow. Resolves once the launcher exited successfully (listeners are bound by then).
 */
export async function startDaemon(haproxyPath: string, files: LocalProxyFiles, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const log = await open(files.log, 'w', 0o600);
  const args = ['-W', '-D', '-p', files.pidFile, '-S', `${files.masterSocket},mode,600`, '-f', files.config];
  let outcome: { readonly code: number | null; readonly error?: Error };
  try {
    outcome = await new Promise((resolve) => {
      const child = spawn(haproxyPath, args, { cwd: files.dir, stdio: ['ignore', log.fd, log.fd], detached: true, signal, timeout: timeoutMs });
      child.on('error', (error) => resolve({ code: null, error }));
      child.on('exit', (code) => resolve({ code }));
    });
  } finally {
    await log.close();
  }
  if (outcome.code === 0) return;
  const output = await readFile(files.log, 'utf8').catch(() => '');
  const alerts = output.split('\n').filter((line) => line.includes('[ALERT]'));
  const busy = /cannot bind socket \(Address already in use\) for \[([^\]]*)\]/.exec(output);
  if (busy !== null) {
    throw new ProxyError(`the local HAProxy could not listen on ${busy[1] ?? 'its port'}: the port is already in use`, {
      hint: `stop what listens there, or choose another port with --proxy-port (status endpoint: --proxy-reconf-port)`,
    });
  }
  throw new ProxyError(`the local HAProxy did not start (${haproxyPath} ${args.join(' ')}): ${outcome.error?.message ?? (alerts.join(' | ') || `exit code ${outcome.code ?? 'none'}`)}`, {
    ...(outcome.error === undefined ? {} : { cause: outcome.error }),
    hint: `see ${files.log}; install HAProxy 2.x (apt-get install haproxy) if it is missing`,
  });
}

/** Throws ProxyError naming the port when something already listens on it (HAProxy's SO_REUSEPORT would silently share it). */
export async function ensurePortFree(host: string, port: number, option: string): Promise<void> {
  const error = await new Promise<Error | undefined>((resolve) => {
    const server = net.createServer();
    server.once('error', (failure: Error) => resolve(failure));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (error === undefined) return;
  const busy = errorCode(error) === 'EADDRINUSE';
  throw new ProxyError(`the local HAProxy cannot listen on ${host}:${port}: ${busy ? 'the port is already in use' : error.message}`, {
    cause: error,
    hint: busy ? `stop what listens on port ${port} (ss -ltnp 'sport = :${port}'), or choose another port with ${option}` : `choose another address or port with ${option}`,
  });
}

/** SIGUSR1 (finish in-flight requests, then exit), then SIGTERM after `graceMs`. */
export async function stopMaster(pid: number, files: LocalProxyFiles, graceMs: number, signal: AbortSignal): Promise<void> {
  const gone = async (): Promise<true | undefined> => ((await isOurMaster(pid, files)) ? undefined : true);
  sendSignal(pid, 'SIGUSR1');
  if ((await pollUntil('stopping the local HAProxy', gone, { timeoutMs: graceMs, intervalMs: 50, signal })) === undefined) {
    sendSignal(pid, 'SIGTERM');
    if ((await pollUntil('stopping the local HAProxy', gone, { timeoutMs: 5000, intervalMs: 50, signal })) === undefined) {
      throw new ProxyError(`the local HAProxy (pid ${pid}) did not stop after SIGUSR1 and SIGTERM`, { hint: `kill it by hand: kill -KILL ${pid}` });
    }
  }
  await removeRuntimeFiles(files);
}

/** Sends a signal to the master; a process that is already gone is not an error. */
export function sendSignal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error: unknown) {
    if (errorCode(error) === 'ESRCH') return;
    throw new ProxyError(`could not send ${name} to the local HAProxy (pid ${pid}): ${messageOf(error)}`, {
      cause: error,
      hint: 'run docker-flow as the user that started the proxy',
    });
  }
}
