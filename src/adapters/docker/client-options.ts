import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { DockerOptions } from 'dockerode';
import { defaultSshPort } from '../../domain/docker-endpoint';
import type { HostSpec } from '../../domain/host';
import { ConfigError, errorCode, messageOf } from '../../errors';
import { hostKeyVerifier } from './ssh-host-keys';

/**
 * Dockerode options for one endpoint. Reads the TLS files (tcp with a cert path), or the SSH key
 * (ssh without an agent) and known_hosts; called on first use, never while constructing an engine.
 * Every field the modem would otherwise take from DOCKER_HOST is set explicitly.
 */
export async function loadClientOptions(host: HostSpec, signal: AbortSignal): Promise<DockerOptions> {
  const endpoint = host.endpoint;
  switch (endpoint.scheme) {
    case 'unix':
      return { socketPath: endpoint.socketPath, host: undefined, port: undefined, protocol: 'http' };
    case 'tcp':
      if (host.certPath === undefined) return { host: endpoint.host, port: endpoint.port, protocol: 'http' };
      return { host: endpoint.host, port: endpoint.port, protocol: 'https', ...(await readTlsFiles(host, host.certPath, signal)) };
    case 'ssh': {
      const port = endpoint.port ?? defaultSshPort;
      return {
        host: endpoint.host,
        port,
        protocol: 'ssh',
        username: endpoint.user,
        // the host key is checked against known_hosts, as ssh does: never trust a host on first use
        sshOptions: { ...(await sshAuth(signal)), hostVerifier: await hostKeyVerifier(endpoint.host, port, signal) },
      };
    }
  }
}

async function readTlsFiles(host: HostSpec, certPath: string, signal: AbortSignal): Promise<{ ca: Buffer; cert: Buffer; key: Buffer }> {
  const read = async (file: string): Promise<Buffer> => {
    const path = join(certPath, file);
    try {
      return await readFile(path, { signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ConfigError('--cert-path', `${path} for host ${host.name} could not be read (${describe(error)})`, {
        hint: 'the folder needs ca.pem, cert.pem and key.pem, as made for `dockerd --tlsverify`; fix --cert-path or hosts[].cert_path',
        cause: error,
      });
    }
  };
  const [ca, cert, key] = [await read('ca.pem'), await read('cert.pem'), await read('key.pem')];
  try {
    certificatesIn(ca, 'ca.pem');
    const [client] = certificatesIn(cert, 'cert.pem');
    if (client !== undefined && !client.checkPrivateKey(createPrivateKey(key))) throw new Error('key.pem is not the key of cert.pem');
    createSecureContext({ ca, cert, key });
  } catch (error) {
    throw new ConfigError('--cert-path', `the TLS files in ${certPath} for host ${host.name} are not usable (${describe(error)})`, {
      hint: 'ca.pem, cert.pem and key.pem must be PEM files and key.pem must be the key of cert.pem; fix --cert-path or hosts[].cert_path',
      cause: error,
    });
  }
  return { ca, cert, key };
}

/** Every certificate of a PEM file; throws when there is none or one does not parse. */
function certificatesIn(pem: Buffer, file: string): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${file} holds no PEM certificate`);
  return blocks.map((block) => new X509Certificate(block));
}

/** The SSH agent when SSH_AUTH_SOCK is set, else the first default key in ~/.ssh that exists. */
async function sshAuth(signal: AbortSignal): Promise<{ agent: string } | { privateKey: Buffer } | Record<string, never>> {
  const agent = process.env['SSH_AUTH_SOCK'];
  if (agent !== undefined && agent !== '') return { agent };
  for (const file of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      return { privateKey: await readFile(join(homedir(), '.ssh', file), { signal }) };
    } catch (error) {
      if (signal.aborted) throw error;
    }
  }
  return {};
}

function describe(error: unknown): string {
  const code = errorCode(error);
  return code === undefined ? messageOf(error) : `${code}: ${messageOf(error)}`;
}
