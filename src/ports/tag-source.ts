import type { ImageRepository } from '../domain/image-repository';

/** The tags of one repository, through the Registry HTTP API v2 (`GET /v2/<name>/tags/list`). */
export interface TagSource {
  readonly repository: ImageRepository;
  listTags(signal: AbortSignal): Promise<readonly string[]>;
}
