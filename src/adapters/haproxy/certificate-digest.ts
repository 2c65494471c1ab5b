import { createHash } from 'node:crypto';

/** sha256 (16 hex digits) of a certificate, written into the configuration so a new certificate reloads the proxy. */
export function certificateDigest(pem: string): string {
  return createHash('sha256').update(pem).digest('hex').slice(0, 16);
}
