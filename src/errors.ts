/**
 * An error the user can act on: bad input, bad usage or bad configuration.
 * Only src/cli turns it into exit code 2; everything else just throws it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function isUserFacingError(error: unknown): error is InputError | UsageError {
  return error instanceof InputError || error instanceof UsageError;
}
