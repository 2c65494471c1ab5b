import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A self-signed certificate for `ip`, made with openssl: `<name>.pem` (certificate + key, as
 * HAProxy's crt and --proxy-cert take it) and `<name>.crt` (the certificate alone, for clients).
 */
export async function makeSiteCertificate(dir: string, name: string, ip: string): Promise<{ readonly pem: string; readonly crt: string }> {
  const key = join(dir, `${name}.key`);
  const crt = join(dir, `${name}.crt`);
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=IP:${ip}`, '-keyout', key, '-out', crt]);
  const pem = join(dir, `${name}.pem`);
  await writeFile(pem, `${await readFile(crt, 'utf8')}${await readFile(key, 'utf8')}`, { mode: 0o600 });
  return { pem, crt };
}

/** GET over HTTPS trusting only `ca`: status, body and the fingerprint of the certificate the server presented. */
export function httpsGet(url: string, ca: string): Promise<{ readonly status: number; readonly body: string; readonly fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, agent: false, timeout: 10_000 }, (response) => {
      const fingerprint = (response.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, fingerprint }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
  });
}
