import { defaultSshPort, formatDockerEndpoint } from '../../domain/docker-endpoint';
import type { HostSpec } from '../../domain/host';
import { DockerFlowError, EngineError, InterruptedError, UnreachableError } from '../../errors';
import { classifyFailure } from './classify-failure';
import { knownHostName } from './known-hosts';
import { hostKeyRejection } from './ssh-host-keys';
import type { EngineFailure } from './classify-failure';

/** Which call failed: the operation, the host, and the container/image/network it was about. */
export interface EngineCallContext {
  readonly op: string;
  readonly host: HostSpec;
  readonly target?: string;
}

/** The one place that turns whatever an engine call threw into a DockerFlowError. */
export function translateEngineError(error: unknown, context: EngineCallContext): DockerFlowError {
  if (error instanceof DockerFlowError) return error;
  return translateFailure(classifyFailure(error), context, error);
}

export function translateFailure(failure: EngineFailure, context: EngineCallContext, cause: unknown): DockerFlowError {
  const { op, host } = context;
  const where = engineOn(host);
  const about = context.target === undefined ? '' : ` ${context.target}`;
  switch (failure.kind) {
    case 'network':
      return new UnreachableError(`${where} could not be reached for ${op}: ${failure.code} (${failure.message})`, {
        hint: networkHint(failure.code, host),
        cause,
      });
    case 'tls':
      return new UnreachableError(`${where} refused the TLS connection for ${op}: ${tlsProblem(failure.code, host)} (${failure.code})`, {
        hint: tlsHint(failure.code, host),
        cause,
      });
    case 'tls-expected':
      return new UnreachableError(`${where} expects TLS but docker-flow connected without it (${op})`, {
        hint: `give the folder with ca.pem, cert.pem and key.pem for ${host.name} (--cert-path or hosts[].cert_path)`,
        cause,
      });
    case 'ssh-auth':
      return new UnreachableError(`${where} rejected the SSH login for ${op}: ${failure.message}`, {
        hint: 'check the user in the ssh:// endpoint, that your key is loaded in ssh-agent (SSH_AUTH_SOCK) and that the user may run docker',
        cause,
      });
    case 'ssh-host-key':
      return sshHostKeyError(where, op, host, cause);
    case 'conflict':
      if (/already in use/i.test(failure.message)) {
        return new EngineError(`${op} on ${host.name}: the container name${about} is already taken (${failure.message})`, {
          hint: `remove that container (docker rm -f${about}) or run the deploy again`,
          cause,
        });
      }
      return new EngineError(`${op}${about} on ${host.name} conflicts with the engine's state: ${failure.message}`, {
        hint: `look at${about} with docker inspect on ${host.name}, then run the command again`,
        cause,
      });
    case 'not-found':
      return new EngineError(`${op} on ${host.name}:${about} was not found (${failure.message})`, {
        hint: 'it may have been removed meanwhile; run docker-flow status to see what exists',
        cause,
      });
    case 'not-modified':
      return new EngineError(`${op}${about} on ${host.name} changed nothing`, { cause });
    case 'engine':
    case 'unknown':
      return new EngineError(`${op}${about} on ${host.name} failed: ${failure.message}`, {
        hint: `see the engine's log on ${host.name} (journalctl -u docker or dockerd's log file)`,
        cause,
      });
  }
}

export function interruptedError(context: EngineCallContext): InterruptedError {
  const about = context.target === undefined ? '' : ` of ${context.target}`;
  return new InterruptedError(`${context.op}${about} on ${context.host.name} was interrupted`, {
    hint: 'nothing more was sent to the engine; run the command again to finish',
  });
}

export function timeoutError(context: EngineCallContext, timeoutMs: number): UnreachableError {
  const about = context.target === undefined ? '' : ` (${context.target})`;
  return new UnreachableError(
    `${engineOn(context.host)} did not answer ${context.op}${about} within ${formatMs(timeoutMs)}`,
    { hint: `check that ${context.host.name} and its dockerd are up and not overloaded, or raise --engine-timeout` },
  );
}

/** `engine on h1 (unix:///...)`: how messages name the engine of a host. */
export function engineOn(host: HostSpec): string {
  return `engine on ${host.name} (${formatDockerEndpoint(host.endpoint)})`;
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

function networkHint(code: string, host: HostSpec): string {
  if (code === 'ENOENT') return `no socket at ${host.endpoint.scheme === 'unix' ? host.endpoint.socketPath : formatDockerEndpoint(host.endpoint)}: is dockerd running on ${host.name}? check --host`;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to use the socket of ${host.name}: run as root or join the docker group`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the name in ${formatDockerEndpoint(host.endpoint)} does not resolve; check --host`;
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return host.certPath === undefined
      ? `the connection to ${host.name} was cut; is dockerd restarting, or does it expect TLS (--cert-path)?`
      : `the connection to ${host.name} was cut; did dockerd refuse the client certificate ${host.certPath}/cert.pem (signed by a CA it does not trust)?`;
  }
  return `is dockerd running on ${host.name} and listening on ${formatDockerEndpoint(host.endpoint)}? is the address reachable from here?`;
}

const wrongCaCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_SIGNATURE_FAILURE',
]);

function tlsProblem(code: string, host: HostSpec): string {
  if (wrongCaCodes.has(code)) return `the server certificate was not signed by the CA in ${host.certPath ?? '<cert path>'}/ca.pem`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the server certificate is not valid for the address in ${formatDockerEndpoint(host.endpoint)}`;
  if (code === 'CERT_HAS_EXPIRED') return 'the server certificate has expired';
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA)/.test(code)) return `the engine did not accept the client certificate ${host.certPath ?? '<cert path>'}/cert.pem`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') return 'the engine does not speak TLS on this port';
  return 'the TLS handshake failed';
}

function tlsHint(code: string, host: HostSpec): string {
  if (wrongCaCodes.has(code)) return `is the cert path right? ${host.name} needs the ca.pem that signed its dockerd certificate (--cert-path or hosts[].cert_path)`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'use the host name or IP address the certificate was made for in the endpoint';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') return 'drop --cert-path for this host or use the port where dockerd serves TLS (2376)';
  return `check the files in ${host.certPath ?? 'the cert path'} and dockerd's --tlsverify settings on ${host.name}`;
}

/** What the engine said for an error `call` translated (its cause); undefined for timeouts, interrupts and our own errors. */
export function engineFailureOf(error: unknown): EngineFailure | undefined {
  if (!(error instanceof DockerFlowError) || error.cause === undefined || error.cause instanceof DockerFlowError) return undefined;
  return classifyFailure(error.cause);
}

/** The host key was refused: say which key, why, and what to do (never "just accept it"). */
function sshHostKeyError(where: string, op: string, host: HostSpec, cause: unknown): UnreachableError {
  const endpoint = host.endpoint;
  const [hostname, port] = endpoint.scheme === 'ssh' ? [endpoint.host, endpoint.port ?? defaultSshPort] : [host.name, defaultSshPort];
  const name = knownHostName(hostname, port);
  const rejection = hostKeyRejection(hostname, port);
  const files = rejection?.files.join(' or ') ?? '~/.ssh/known_hosts';
  const key = rejection === undefined ? 'its host key' : `its host key ${rejection.fingerprint}`;
  const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${hostname} >> ~/.ssh/known_hosts`;
  switch (rejection?.verdict.kind) {
    case 'changed':
      return new UnreachableError(`${where} was not trusted for ${op}: ${key} is not the ${rejection.verdict.listed.join('/')} key ${files} lists for ${name} — the host key changed, or someone is intercepting the connection`, {
        hint: `find out why before anything else; if the host was reinstalled, remove the old key (ssh-keygen -R '${name}') and add the new one after checking its fingerprint (${scan})`,
        cause,
      });
    case 'revoked':
      return new UnreachableError(`${where} was not trusted for ${op}: ${key} is marked @revoked in ${files}`, { hint: `give ${name} a new host key and list it in known_hosts`, cause });
    default:
      return new UnreachableError(`${where} was not trusted for ${op}: ${key} is not listed for ${name} in ${files} (docker-flow does not trust a host on first use)`, {
        hint: `check the fingerprint with the host's administrator, then add it: ${scan} (or connect once with ssh ${name.startsWith('[') ? `-p ${port} ${hostname}` : hostname})`,
        cause,
      });
  }
}
