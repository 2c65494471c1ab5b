import { compareText, numberAt, stringAt, stringsAt } from '../../domain/json-fields';

export interface ImageSummary {
  readonly id: string;
  readonly tags: readonly string[];
  readonly createdSec: number;
}

/** `GET /images/json` entries → summaries, newest first (ties by id, so the order is stable). */
export function mapImageList(images: readonly unknown[]): readonly ImageSummary[] {
  return images
    .map((image) => ({
      id: stringAt(image, 'Id') ?? '',
      tags: stringsAt(image, 'RepoTags').filter((tag) => tag !== '<none>:<none>').sort(compareText),
      createdSec: numberAt(image, 'Created') ?? 0,
    }))
    .filter((image) => image.id !== '')
    .sort((a, b) => b.createdSec - a.createdSec || compareText(a.id, b.id));
}

/** `GET /images/{name}/json` → the id and repo digests kept in release records. */
export function mapImageInspect(image: unknown): { readonly id: string; readonly repoDigests: readonly string[] } {
  return { id: stringAt(image, 'Id') ?? '', repoDigests: stringsAt(image, 'RepoDigests') };
}
