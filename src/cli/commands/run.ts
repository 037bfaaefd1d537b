import type { Argv, ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { renderChangeSetJson, renderChangeSetText, type ChangeSet } from '../../runtime/change-set.js';
import { resolveEngineEndpoint } from '../../archive/engine/engine-endpoint.js';
import { runInEngine, RUN_LABEL } from '../../runtime/engine-run.js';
import { RUN_RULES } from '../../runtime/run-findings.js';
import { runWithRunc } from '../../runtime/runc-run.js';
import { parseDuration, type RunOptions, type RunOutcome } from '../../runtime/run-options.js';
import { imageInputOptions, openOptions, type ImageInputArgs } from './analyze.js';
import { log, writeOutput } from '../io.js';
import { exitCodeFor } from '../exit-code.js';
import type { FailOn } from '../../lint/config.js';
import { formatNames, reporters, type FormatName } from '../../report/index.js';

interface RunArgs extends ImageInputArgs {
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
  output?: string;
  setExitCode?: (code: number) => void;
}

/**
 * `tsimage run IMAGE -- CMD...`. The container's own stdout and stderr are a log of the run and go to
 * our stderr, as they come; our stdout carries only the change report (text or JSON), so
 * `tsimage run img --format json -- cmd > changes.json` gives clean JSON whatever the command prints.
 */
export const runCommand = {
  command: 'run <image> [command..]',
  describe: 'run a command in the image (docker, podman or runc) and report the files it added, changed and deleted',
  builder: (yargs: Argv) =>
    imageInputOptions(yargs)
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
      .option('report', { choices: formatNames, describe: 'print the run\'s rule findings as this report (sarif, markdown, ...) on stdout; the change report then goes to stderr unless -o' }),
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const timeoutMs = parseDuration(args.timeout);
    if (timeoutMs === undefined || timeoutMs <= 0) throw new UsageError(`--timeout: not a duration: ${args.timeout}`);
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) {
        // A second Ctrl-C: the user will not wait for the cleanup. Say what may be left.
        log(`tsimage: ${signal} again: exiting now; a container labelled ${RUN_LABEL} or a loaded image may be left (docker ps -a --filter label=${RUN_LABEL})`);
        process.exit(130);
      }
      log(`tsimage: ${signal}: stopping the container and cleaning up`);
      controller.abort(new Error(`interrupted by ${signal}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const options: RunOptions = {
      archive: args.image,
      ...openOptions(args),
      // yargs leaves what follows `--` in `_` (after the command name), not in the positional.
      command: (args.command?.length ? args.command : args._.slice(1)).map(String),
      entrypoint: args.entrypoint,
      user: args.user,
      timeoutMs,
      network: args.network,
      exportDir: args.export,
      signal: controller.signal,
      onOutput: (_kind, payload) => process.stderr.write(payload),
      log,
    };
    let result: ChangeSet & RunOutcome;
    try {
      result = args.engine === 'runc'
        ? await runWithRunc(options)
        : await runInEngine(resolveEngineEndpoint(args.engine, args.host), args.engine, options);
    } catch (error) {
      if (controller.signal.aborted) {
        log('tsimage: interrupted; the container and any image it loaded were removed');
        args.setExitCode?.(130);
        return;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const { exportResult, analysis, ...changeSet } = result;
    if (exportResult) {
      log(`exported ${exportResult.written.length} file(s) to ${args.export}`);
      for (const refused of exportResult.refused) log(`not exported: ${refused}`);
    }
    if (changeSet.timedOut) log(`tsimage: the command ran past --timeout ${args.timeout} and was killed`);
    const changeReport = args.format === 'json' ? renderChangeSetJson(changeSet) : renderChangeSetText(changeSet);
    if (args.report && analysis) {
      if (args.output) await writeOutput(changeReport, args.output);
      else process.stderr.write(changeReport);
      await writeOutput(reporters[args.report](analysis, { rules: RUN_RULES }), undefined);
    } else {
      await writeOutput(changeReport, args.output);
    }
    args.setExitCode?.(exitCodeFor(changeSet.findings, [], args.failOn));
  },
};
