/**
 * Instructions the image config alone gives: all there is for an image without history (`docker import`,
 * some build tools), and the fill-in for what a history leaves out (BuildKit writes no ONBUILD entry).
 */
import type { ImageConfig } from '../../image/model.js';
import { healthcheckArguments, jsonArray } from './parse-created-by.js';
import { formatPairs } from './syntax.js';

export interface ConfigInstruction {
  instruction: string;
  arguments: string;
}

/** The PATH BuildKit and the legacy builder put in Env when the base sets none: not worth an ENV line. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function envPair(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

export function envMap(env: string[]): Record<string, string> {
  return Object.fromEntries(env.map(envPair));
}

function port(p: string): string {
  return p.replace(/\/tcp$/i, '');
}

/** One instruction per config field that is set, in the order Dockerfiles usually put them. */
export function instructionsFromConfig(config: ImageConfig, options: { skipDefaultPath?: boolean } = {}): ConfigInstruction[] {
  const out: ConfigInstruction[] = [];
  const env = config.Env.filter((e) => !(options.skipDefaultPath && e === DEFAULT_PATH));
  if (env.length) out.push({ instruction: 'ENV', arguments: formatPairs(env.map(envPair)) });
  if (Object.keys(config.Labels).length) out.push({ instruction: 'LABEL', arguments: formatPairs(Object.entries(config.Labels)) });
  if (config.Shell?.length) out.push({ instruction: 'SHELL', arguments: jsonArray(config.Shell) });
  if (config.WorkingDir) out.push({ instruction: 'WORKDIR', arguments: config.WorkingDir });
  if (config.ExposedPorts.length) out.push({ instruction: 'EXPOSE', arguments: config.ExposedPorts.map(port).join(' ') });
  if (config.Volumes.length) out.push({ instruction: 'VOLUME', arguments: jsonArray(config.Volumes) });
  if (config.StopSignal) out.push({ instruction: 'STOPSIGNAL', arguments: config.StopSignal });
  for (const trigger of config.OnBuild) out.push({ instruction: 'ONBUILD', arguments: trigger });
  if (config.Healthcheck?.Test?.length) out.push({ instruction: 'HEALTHCHECK', arguments: healthcheckArguments(config.Healthcheck) });
  if (config.User) out.push({ instruction: 'USER', arguments: config.User });
  if (config.Entrypoint?.length) out.push({ instruction: 'ENTRYPOINT', arguments: jsonArray(config.Entrypoint) });
  if (config.Cmd?.length) out.push({ instruction: 'CMD', arguments: jsonArray(config.Cmd) });
  return out;
}

/**
 * What the config has that no instruction of the history sets (`seen`: instruction → argument texts
 * of every instruction recovered, base included; `own`: those after the base). Env/Labels/ports are
 * compared key by key, ONBUILD against the image's own instructions only (a base's triggers run and
 * are dropped in the child).
 */
export function missingFromHistory(config: ImageConfig, seen: Map<string, string[]>, own: Map<string, string[]>, setKeys: { env: Set<string>; labels: Set<string>; ports: Set<string>; volumes: Set<string> }): ConfigInstruction[] {
  const out: ConfigInstruction[] = [];
  const has = (k: string) => (seen.get(k)?.length ?? 0) > 0;
  const env = config.Env.filter((e) => e !== DEFAULT_PATH && !setKeys.env.has(envPair(e)[0]));
  if (env.length) out.push({ instruction: 'ENV', arguments: formatPairs(env.map(envPair)) });
  const labels = Object.entries(config.Labels).filter(([k]) => !setKeys.labels.has(k));
  if (labels.length) out.push({ instruction: 'LABEL', arguments: formatPairs(labels) });
  if (config.Shell?.length && !has('SHELL')) out.push({ instruction: 'SHELL', arguments: jsonArray(config.Shell) });
  if (config.WorkingDir && !has('WORKDIR')) out.push({ instruction: 'WORKDIR', arguments: config.WorkingDir });
  const ports = config.ExposedPorts.filter((p) => !setKeys.ports.has(port(p)));
  if (ports.length) out.push({ instruction: 'EXPOSE', arguments: ports.map(port).join(' ') });
  const volumes = config.Volumes.filter((v) => !setKeys.volumes.has(v));
  if (volumes.length) out.push({ instruction: 'VOLUME', arguments: jsonArray(volumes) });
  if (config.StopSignal && !has('STOPSIGNAL')) out.push({ instruction: 'STOPSIGNAL', arguments: config.StopSignal });
  const ownTriggers = new Set(own.get('ONBUILD') ?? []);
  for (const trigger of config.OnBuild) if (!ownTriggers.has(trigger)) out.push({ instruction: 'ONBUILD', arguments: trigger });
  if (config.Healthcheck?.Test?.length && !has('HEALTHCHECK')) out.push({ instruction: 'HEALTHCHECK', arguments: healthcheckArguments(config.Healthcheck) });
  if (config.User && !has('USER')) out.push({ instruction: 'USER', arguments: config.User });
  if (config.Entrypoint?.length && !has('ENTRYPOINT')) out.push({ instruction: 'ENTRYPOINT', arguments: jsonArray(config.Entrypoint) });
  if (config.Cmd?.length && !has('CMD')) out.push({ instruction: 'CMD', arguments: jsonArray(config.Cmd) });
  return out;
}
