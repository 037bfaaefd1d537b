import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { FailOn } from '../../lint/fail-on.js';
import { formatNames, type FormatName } from '../../report/format-names.js';
import { showSecretsOption, type ShowSecretsArgs } from '../show-secrets.js';
import { imageInputOptions, type ImageInputArgs } from '../options.js';

export interface RunArgs extends ImageInputArgs, ShowSecretsArgs {
  command?: string[];
  engine: 'docker' | 'podman' | 'runc';
  host?: string;
  timeout: string;
  network: boolean;
  export?: string;
  entrypoint?: string;
  user?: string;
  format: 'text' | 'json';
  report?: FormatName;
  failOn: FailOn;
  'fail-on-exit': boolean;
  output?: string;
  setExitCode?: (code: number) => void;
}

/**
 * `tsimage run IMAGE -- CMD...`. The container's own stdout and stderr are a log of the run and go to
 * our stderr, as they come; our stdout carries only the change report (text or JSON), so
 * `tsimage run img --format json -- cmd > changes.json` gives clean JSON whatever the command prints.
 */
export const runCommand = {
  command: 'run <archive> [command..]',
  describe: 'run a command in the image (docker, podman or runc) and report the files it added, changed and deleted',
  builder: (yargs: Argv) =>
    showSecretsOption(imageInputOptions(yargs))
      .positional('command', { type: 'string', array: true, describe: 'the command, after -- (default: the image\'s Entrypoint + Cmd)' })
      .option('engine', { choices: ['docker', 'podman', 'runc'] as const, default: 'docker' as const, describe: 'docker/podman: Engine API on a socket; runc: daemonless, unpacks an OCI bundle' })
      .option('host', { type: 'string', describe: 'engine API address (unix:///path or tcp://host:port); default DOCKER_HOST / CONTAINER_HOST, then the usual sockets' })
      .option('timeout', { type: 'string', default: '60s', describe: 'kill the container after this long (60s, 2m, 500ms)' })
      .option('network', { type: 'boolean', default: false, describe: 'give the container a network (default: none)' })
      .option('entrypoint', { type: 'string', describe: 'replace the image\'s Entrypoint ("" clears it)' })
      .option('user', { alias: 'u', type: 'string', describe: 'run as this user (name, uid, user:group) instead of the image\'s User' })
      .option('export', { type: 'string', describe: 'copy the added and changed files into this directory' })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'change report format' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the change report to this file instead of stdout' })
      .option('fail-on', { choices: ['error', 'warning', 'info', 'none'] as const, default: 'error' as const, describe: 'exit 1 when a finding of the run is at or above this severity' })
      .option('fail-on-exit', { type: 'boolean', default: false, describe: 'exit 1 when the command fails (exits non-zero or is killed at the timeout); without it the command\'s exit code is only reported' })
      .option('report', { choices: formatNames, describe: 'print the run\'s rule findings as this report (sarif, markdown, ...) on stdout; the change report then goes to stderr unless -o' }),
  handler: async (args: ArgumentsCamelCase<RunArgs>) => (await import('../handlers/run.js')).run(args),
};
