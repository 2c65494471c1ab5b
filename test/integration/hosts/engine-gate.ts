import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketRelay } from '../support/socket-relay';

/**
 * A unix socket in front of one simulated host's Docker engine socket that the test closes and
 * opens again. Closed, the socket file is gone and open connections are reset: to docker-flow the
 * engine behind it is stopped, exactly as when its dockerd stops, while the shared host (and the
 * other helpers' containers on it) keep running.
 */
export class EngineGate {
  private readonly relay: SocketRelay;

  private constructor(
    upstreamPath: string,
    private readonly dir: string,
  ) {
    this.relay = new SocketRelay(() => connect(upstreamPath));
  }

  static async open(upstreamPath: string): Promise<EngineGate> {
    const gate = new EngineGate(upstreamPath, await mkdtemp(join(tmpdir(), 'df-engine-gate-')));
    await gate.reopen();
    return gate;
  }

  get path(): string {
    return join(this.dir, 'docker.sock');
  }

  /** `unix://<path>`, for an endpoint in docker-flow.yml. */
  get endpoint(): string {
    return `unix://${this.path}`;
  }

  async reopen(): Promise<void> {
    await this.relay.open((server, ready) => server.listen(this.path, ready));
  }

  /** The engine "stops": the socket file goes away, open connections are reset. */
  async close(): Promise<void> {
    await this.relay.cut();
  }

  async remove(): Promise<void> {
    await this.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
