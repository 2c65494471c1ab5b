import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Cert folders as users have them (ca.pem, cert.pem, key.pem), made with openssl in a temp dir. */
export interface TlsMaterial {
  readonly root: string;
  /** CA A, a client certificate of CA A: what the TLS endpoint accepts. */
  readonly good: string;
  /** CA B only: cannot verify the server, whose certificate CA A signed. */
  readonly wrongCa: string;
  /** A client certificate of CA B: the server refuses it. */
  readonly wrongClient: string;
  /** key.pem is not the key of cert.pem. */
  readonly mismatchedKey: string;
  /** ca.pem is not PEM at all. */
  readonly garbage: string;
  readonly serverKey: Buffer;
  readonly serverCert: Buffer;
  readonly caA: Buffer;
}

async function newCa(dir: string, name: string): Promise<void> {
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.pem`)]);
}

async function signed(dir: string, ca: string, name: string, extension: string): Promise<void> {
  const file = (kind: string): string => join(dir, `${name}-${kind}.pem`);
  const [key, csr, cert, ext] = [file('key'), file('csr'), file('cert'), file('ext')];
  await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', key, '-out', csr]);
  await writeFile(ext, `${extension}\n`);
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', join(dir, `${ca}.pem`), '-CAkey', join(dir, `${ca}-key.pem`), '-CAcreateserial',
    '-days', '2', '-extfile', ext, '-out', cert]);
}

async function certFolder(root: string, name: string, files: { ca: string; cert: string; key: string }): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  await copyFile(join(root, files.ca), join(dir, 'ca.pem'));
  await copyFile(join(root, files.cert), join(dir, 'cert.pem'));
  await copyFile(join(root, files.key), join(dir, 'key.pem'));
  return dir;
}

export async function makeTlsMaterial(): Promise<TlsMaterial> {
  const root = await mkdtemp(join(tmpdir(), 'dfadapter-tls-'));
  await newCa(root, 'ca-a');
  await newCa(root, 'ca-b');
  await signed(root, 'ca-a', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  await signed(root, 'ca-a', 'client-a', 'extendedKeyUsage=clientAuth');
  await signed(root, 'ca-b', 'client-b', 'extendedKeyUsage=clientAuth');
  const good = await certFolder(root, 'good', { ca: 'ca-a.pem', cert: 'client-a-cert.pem', key: 'client-a-key.pem' });
  const wrongCa = await certFolder(root, 'wrong-ca', { ca: 'ca-b.pem', cert: 'client-a-cert.pem', key: 'client-a-key.pem' });
  const wrongClient = await certFolder(root, 'wrong-client', { ca: 'ca-a.pem', cert: 'client-b-cert.pem', key: 'client-b-key.pem' });
  const mismatchedKey = await certFolder(root, 'mismatched-key', { ca: 'ca-a.pem', cert: 'client-a-cert.pem', key: 'client-b-key.pem' });
  const garbage = await certFolder(root, 'garbage', { ca: 'ca-a.pem', cert: 'client-a-cert.pem', key: 'client-a-key.pem' });
  await writeFile(join(garbage, 'ca.pem'), 'this is not a certificate\n');
  return {
    root, good, wrongCa, wrongClient, mismatchedKey, garbage,
    serverKey: await readFile(join(root, 'server-key.pem')),
    serverCert: await readFile(join(root, 'server-cert.pem')),
    caA: await readFile(join(root, 'ca-a.pem')),
  };
}

function pipeToEngine(client: Socket): void {
  const engine = connect('/var/run/docker.sock');
  client.pipe(engine).pipe(client);
  client.on('error', () => engine.destroy());
  engine.on('error', () => client.destroy());
}

/**
 * The local engine's socket published on 127.0.0.1: over TLS with client certificates verified
 * against CA A (as `dockerd --tlsverify` does), or as plain TCP (as `-H tcp://...:2375`).
 */
export async function listenTls(material: TlsMaterial): Promise<{ server: Server; port: number }> {
  const server = createTlsServer({ key: material.serverKey, cert: material.serverCert, ca: material.caA, requestCert: true, rejectUnauthorized: true }, pipeToEngine);
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

export async function listenPlain(): Promise<{ server: Server; port: number }> {
  return listen(createServer(pipeToEngine));
}

async function listen(server: Server): Promise<{ server: Server; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { server, port: address.port };
}
