import { singleFileTar } from '../../../../src/adapters/haproxy/single-file-tar';

/** A tar archive (ustar) holding one regular file: enough for putArchive tests (the proxy runtime's own writer). */
export function tarFile(name: string, content: string, mode = 0o644): Buffer {
  return singleFileTar(name, content, mode, Date.UTC(2026, 0, 1) / 1000);
}
