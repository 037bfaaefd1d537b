import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { renderChangeSetJson, renderChangeSetText, type ChangeSet } from '../../runtime/change-set.js';
import { resolveEngineEndpoint } from '../../archive/engine/engine-endpoint.js';
import { runInEngine, RUN_LABEL } from '../../runtime/engine-run.js';
import { RUN_RULES } from '../../runtime/run-findings.js';
import { runWithRunc } from '../../runtime/runc-run.js';
import { parseDuration, type RunOptions, type RunOutcome } from '../../runtime/run-options.js';
import { reporters } from '../../report/index.js';
import { findSecrets, maskSecrets } from '../../analysis/secrets.js';
import type { RunArgs } from '../commands/run.js';
import { exitCodeFor } from '../exit-code.js';
import { log, writeOutput } from '../io.js';
import { imageArgument, openOptions } from './load-image.js';

export async function run(args: ArgumentsCamelCase<RunArgs>): Promise<void> {
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
    archive: imageArgument(args.archive, args.from),
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
  const commandFailed = changeSet.timedOut || changeSet.exitCode !== 0;
  if (commandFailed && !changeSet.timedOut) {
    log(`tsimage: the command failed: exit code ${changeSet.exitCode ?? 'unknown'}${args['fail-on-exit'] ? '' : ' (tsimage still exits 0: --fail-on-exit makes a failed command exit 1)'}`);
  }
  // The change report names the command, which may be the image's own; mask as every report does.
  const shownSet = args['show-secrets'] || !analysis ? changeSet : maskSecrets(changeSet, findSecrets(analysis));
  const changeReport = args.format === 'json' ? renderChangeSetJson(shownSet) : renderChangeSetText(shownSet);
  if (args.report && analysis) {
    if (args.output) await writeOutput(changeReport, args.output);
    else process.stderr.write(changeReport);
    await writeOutput(reporters[args.report](analysis, { rules: RUN_RULES, showSecrets: args['show-secrets'] }), undefined);
  } else {
    await writeOutput(changeReport, args.output);
  }
  args.setExitCode?.(exitCodeFor(changeSet.findings, [], args.failOn));
  if (commandFailed && args['fail-on-exit']) args.setExitCode?.(1);
}
