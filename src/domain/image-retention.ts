/** An image on one host as the engine lists it (the tags of every repository it carries). */
export interface HostImage {
  readonly id: string;
  readonly tags: readonly string[];
  readonly createdSec: number;
}

/** The image a container (running or stopped, of any project) was created from. */
export interface ContainerImageUse {
  /** The reference the container was created with (`app:v3`). */
  readonly image: string;
  readonly imageId: string;
}

export interface RetentionInput {
  /** Any reference of the target's image; its repository is the one pruned (`registry:5000/shop/app`). */
  readonly image: string;
  /** How many of the newest tags to keep; 0 turns retention off. */
  readonly keep: number;
  readonly images: readonly HostImage[];
  readonly containers: readonly ContainerImageUse[];
  /** References never removed (the release just deployed, the previous release). */
  readonly protect: readonly string[];
  /**
   * What docker-flow released of this service (the images of its release history, the one just
   * deployed among them): only these are ever removed. An image pulled or built outside docker-flow
   * (ahead of the next deploy, for another tool) is not docker-flow's to prune.
   */
  readonly released: readonly string[];
}

export type KeptReason = 'newest' | 'protected' | 'used by a container';

export interface RetentionChoice {
  readonly kept: readonly { readonly ref: string; readonly reason: KeptReason }[];
  /** Tags to remove, newest first. Removing a tag deletes the image only when no other tag names it. */
  readonly remove: readonly string[];
}

/**
 * Which tags of the target's repository to remove on one host: of the tags docker-flow released,
 * all but the newest `keep` (by the image's creation time, then by tag, compared with numbers as
 * numbers), never one that a container was created from or that is protected, and never the last
 * tag of an image a container uses. Tags docker-flow never released, and other repositories, are
 * never touched.
 */
export function chooseImagesToRemove(input: RetentionInput): RetentionChoice {
  if (input.keep <= 0) return { kept: [], remove: [] };
  const repository = repositoryOf(input.image);
  const released = new Set(input.released.map(normaliseRef));
  const candidates = uniqueBy(
    input.images.flatMap((image) =>
      image.tags.map((tag) => ({ ref: normaliseRef(tag), image })).filter((c) => repositoryOf(c.ref) === repository && released.has(c.ref)),
    ),
    (c) => c.ref,
  ).sort((a, b) => b.image.createdSec - a.image.createdSec || compareNatural(tagOf(b.ref), tagOf(a.ref)));
  const protectedRefs = new Set(input.protect.map(normaliseRef));
  const usedRefs = new Set(input.containers.map((c) => normaliseRef(c.image)));
  const usedIds = new Set(input.containers.map((c) => c.imageId));
  const kept: { ref: string; reason: KeptReason }[] = [];
  const remove: { ref: string; image: HostImage }[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (index < input.keep) kept.push({ ref: candidate.ref, reason: 'newest' });
    else if (protectedRefs.has(candidate.ref)) kept.push({ ref: candidate.ref, reason: 'protected' });
    else if (usedRefs.has(candidate.ref)) kept.push({ ref: candidate.ref, reason: 'used by a container' });
    else remove.push(candidate);
  }
  // An image a container uses keeps at least one tag: removing its last tag would delete it.
  const removed = new Set(remove.map((r) => r.ref));
  const lastTags = new Set<string>();
  for (const image of input.images.filter((i) => usedIds.has(i.id))) {
    const tags = image.tags.map(normaliseRef);
    const newest = remove.find((r) => r.image.id === image.id);
    if (newest !== undefined && tags.every((tag) => removed.has(tag))) lastTags.add(newest.ref);
  }
  for (const ref of lastTags) kept.push({ ref, reason: 'used by a container' });
  return { kept, remove: remove.map((r) => r.ref).filter((ref) => !lastTags.has(ref)) };
}

/** `nginx` → `nginx:latest`; `docker.io/library/nginx:1` → `nginx:1`; a digest is dropped (`app@sha256:…` → `app:latest`). */
export function normaliseRef(ref: string): string {
  const withoutDigest = ref.split('@')[0] ?? ref;
  const familiar = withoutDigest.replace(/^(?:index\.)?docker\.io\/(?:library\/)?/, '');
  const lastSlash = familiar.lastIndexOf('/');
  return familiar.slice(lastSlash + 1).includes(':') ? familiar : `${familiar}:latest`;
}

/** The repository of a reference: `127.0.0.1:5000/shop/app:v2` → `127.0.0.1:5000/shop/app`. */
export function repositoryOf(ref: string): string {
  const normal = normaliseRef(ref);
  return normal.slice(0, normal.lastIndexOf(':'));
}

function tagOf(ref: string): string {
  return ref.slice(ref.lastIndexOf(':') + 1);
}

/** `v10` after `v9`, `2` before `10`: runs of digits compare as numbers. */
export function compareNatural(a: string, b: string): number {
  const parts = (text: string): string[] => text.match(/\d+|\D+/g) ?? [];
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const [x = '', y = ''] = [left[i], right[i]];
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    const order = numeric ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return Math.sign(left.length - right.length);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}
