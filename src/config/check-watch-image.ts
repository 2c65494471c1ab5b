import { imageRepositoryAccepts, parseImageRepository } from '../domain/image-repository';
import type { ValueCheck } from './option-row';

/** `watch_image`: a repository without a tag; plain HTTP only for registries on 127.0.0.0/8 and 10.77.0.0/24. */
export const checkWatchImage: ValueCheck = {
  accepts: `${imageRepositoryAccepts}; plain http:// only for 127.0.0.0/8 and 10.77.0.0/24`,
  test: (value) => parseImageRepository(value).ok,
};
