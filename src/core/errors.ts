// Typed errors with stable codes: what a member did wrong, shown to them as-is.

/**
 * A mistake the member can fix (unknown topic, empty answer...). The runtime shows `message` as-is,
 * ephemerally, and nothing is written.
 *
 * @example throw new UserError('no_open_question', 'There is no open question here. Type `question` first.')
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
