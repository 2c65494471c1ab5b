import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every entry under `root` (files with a hash of their bytes, folders, links, modes), sorted:
 * two snapshots are equal exactly when nothing was created, changed or removed.
 */
export async function snapshotTree(root: string): Promise<readonly string[]> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(root, path);
      const mode = ((await lstat(path)).mode & 0o7777).toString(8);
      if (entry.isDirectory()) {
        lines.push(`dir ${name} ${mode}`);
        await walk(path);
      } else if (entry.isSymbolicLink()) {
        lines.push(`link ${name} -> ${await readlink(path)}`);
      } else if (entry.isFile()) {
        lines.push(`file ${name} ${mode} ${createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 16)}`);
      } else {
        lines.push(`other ${name} ${mode}`);
      }
    }
  };
  await walk(root);
  return lines.sort();
}
