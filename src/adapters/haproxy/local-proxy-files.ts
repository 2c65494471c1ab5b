import path from 'node:path';

import { ConfigError } from '../../errors';

/** The local proxy's files, all in one folder (mode 700), e.g. `<stateDir>/proxy`. */
export interface LocalProxyFiles {
  readonly dir: string;
  readonly config: string;
  readonly pidFile: string;
  readonly masterSocket: string;
  readonly statsSocket: string;
  /** The map the status endpoint reads the configuration's version from. */
  readonly versionMap: string;
  /** HAProxy's own start-up and reload messages. */
  readonly log: string;
  /** The --proxy-cert PEM, copied here (mode 600) so the configuration names a stable path. */
  readonly certificate: string;
}

export function localProxyFiles(dir: string): LocalProxyFiles {
  const absolute = path.resolve(dir);
  return {
    dir: absolute,
    config: path.join(absolute, 'haproxy.cfg'),
    pidFile: path.join(absolute, 'haproxy.pid'),
    masterSocket: path.join(absolute, 'master.sock'),
    statsSocket: path.join(absolute, 'admin.sock'),
    versionMap: path.join(absolute, 'version.map'),
    log: path.join(absolute, 'haproxy.log'),
    certificate: path.join(absolute, 'proxy-cert.pem'),
  };
}

/** Unix socket paths are limited to 107 bytes on Linux; HAProxy cannot bind a longer one. */
export function checkSocketPaths(files: LocalProxyFiles): void {
  for (const socket of [files.masterSocket, files.statsSocket]) {
    if (Buffer.byteLength(socket) > 100) {
      throw new ConfigError('--state-dir', `the local proxy's socket ${socket} is longer than a unix socket path may be`, {
        hint: 'choose a shorter state folder with --state-dir, "state_dir:" in docker-flow.yml or FLOW_STATE_DIR',
      });
    }
  }
}
