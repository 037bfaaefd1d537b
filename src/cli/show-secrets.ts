import type { Argv } from 'yargs';

export interface ShowSecretsArgs {
  'show-secrets'?: boolean;
}

/** `--show-secrets`: every command that prints ENV, LABEL or build-arg values masks the secret ones unless given this. */
export function showSecretsOption<T>(yargs: Argv<T>) {
  return yargs.option('show-secrets', { type: 'boolean', default: false, describe: 'print secret values (ENV, LABEL, build args that look like tokens or passwords) in clear; by default they are masked' });
}
