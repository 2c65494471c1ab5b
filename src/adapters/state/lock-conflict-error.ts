import { ConflictError } from '../../errors';
import type { LockHolder } from '../../ports/lock-manager';

/** The one message both lock managers give when another holder has a service's deploy lock. */
export function lockConflictError(service: string, holder: LockHolder): ConflictError {
  return new ConflictError(`deploy lock of ${service} is held by ${holder.who} (pid ${holder.pid}) since ${holder.since} (${holder.operation})`, {
    hint: `wait for it to finish, retry with --lock-wait <seconds>, or if you are sure it is dead: docker-flow lock release ${service}`,
  });
}
