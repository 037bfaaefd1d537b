import { defineRule } from '../src/lint/rule.js';
import { maskSecretValue, REFERENCE_NAME, SECRET_NAME, secretReason } from '../src/analysis/secrets.js';
import { historyParses } from '../src/analysis/dockerfile/history-parses.js';
import { at, keyValuePairs, runScript } from '../src/lint/source-helpers.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../src/dockerfile/parse.js';

/** `$NAME` and `${NAME...}` in a shell script. */
const VARIABLE_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** Per stage and variable name, the RUNs that expand it, in file order: built once per Dockerfile. */
let referenceIndex: { dockerfile: ParsedDockerfile; runs: Map<string, DockerfileInstruction[]> } | undefined;

/** The first RUN of the ARG's stage, after it, that expands `name` (a lookup, not a scan of every RUN per ARG). */
function firstRunUsing(dockerfile: ParsedDockerfile, arg: DockerfileInstruction, name: string): DockerfileInstruction | undefined {
  if (referenceIndex?.dockerfile !== dockerfile) {
    const runs = new Map<string, DockerfileInstruction[]>();
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const match of new Set(Array.from(runScript(ins).matchAll(VARIABLE_REFERENCE), (m) => m[1]))) {
        const key = `${ins.stageIndex}\0${match}`;
        let list = runs.get(key);
        if (!list) runs.set(key, (list = []));
        list.push(ins);
      }
    }
    referenceIndex = { dockerfile, runs };
  }
  const list = referenceIndex.runs.get(`${arg.stageIndex}\0${name}`) ?? [];
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].startLine > arg.startLine) high = mid;
    else low = mid + 1;
  }
  return list[low];
}

// What is a secret and how it is masked live in src/analysis/secrets.ts: every output masks by the same test.
export { secretReason };
const mask = maskSecretValue;

export default defineRule({
  id: 'secret-in-env-or-arg',
  category: 'security',
  severity: 'error',
  description: 'a token, password or key is stored in ENV, a LABEL, or a build ARG kept in the image history',
  buildkit: ['SecretsUsedInArgOrEnv'],
  docs: {
    why: 'ENV values and LABELs are in the image config, and every ARG a RUN used is written into the history (`|1 TOKEN=... /bin/sh -c ...`): anyone who can pull the image can read them with `docker inspect` or `docker history`. Pass secrets with BuildKit secret mounts at build time and with the orchestrator\'s secrets at run time.',
    bad: 'ARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc',
    good: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  },
  check(ctx, report) {
    const seen = new Set<string>();
    const found = (where: string, name: string, value: string, extra: { layerIndex?: number; historyIndex?: number; instruction?: string }, fix: string) => {
      const reason = secretReason(name, value);
      const key = `${where}\0${name}\0${value}`;
      if (!reason || seen.has(key)) return;
      seen.add(key);
      report({ message: `${where} ${name}=${mask(value)} looks like a secret (${reason}); anyone who pulls the image can read it`, paths: [], ...extra, fix });
    };
    for (const env of ctx.image.config.Env) {
      const eq = env.indexOf('=');
      found('ENV', env.slice(0, eq), env.slice(eq + 1), { instruction: `ENV ${env.slice(0, eq)}=...` }, 'remove the ENV; pass the secret at run time (docker run --env-file, orchestrator secrets)');
    }
    for (const [name, value] of Object.entries(ctx.image.config.Labels)) {
      found('LABEL', name, value, { instruction: `LABEL ${name}=...` }, 'remove the secret from the LABEL');
    }
    // Looked up once per history pair: as lists, 100,000 ENV entries against as many Env values was quadratic.
    const configEnv = new Set(ctx.image.config.Env);
    const buildArgPairs = new Set(ctx.instructions.flatMap((i) => Object.entries(i.buildArgs ?? {}).map(([name, value]) => `${name}\0${value}`)));
    for (const ins of ctx.instructions) {
      // Build args of RUNs, and ENV values an image set and later overwrote: both stay in the history.
      for (const [name, value] of Object.entries(ins.buildArgs ?? {})) {
        found('build ARG', name, value, { layerIndex: ins.layerIndex, historyIndex: ins.historyIndex, instruction: ins.text }, 'use RUN --mount=type=secret instead of ARG for secrets: build args are recorded in the history');
      }
      if (ins.instruction === 'ENV' || ins.instruction === 'LABEL' || ins.instruction === 'ARG') {
        for (const [name, value] of historyParses(ctx.image.history)[ins.historyIndex]?.pairs ?? []) {
          if (ins.instruction === 'ENV' && configEnv.has(`${name}=${value}`)) continue;
          if (ins.instruction === 'LABEL' && ctx.image.config.Labels[name] === value) continue;
          // An ARG default a RUN saw is reported once, as that RUN's build arg.
          if (ins.instruction === 'ARG' && buildArgPairs.has(`${name}\0${value}`)) continue;
          const fix = ins.instruction === 'ARG'
            ? 'an ARG default is recorded in the history: give no default and use RUN --mount=type=secret'
            : 'a value overwritten later still stays in the history: never put secrets in ENV or LABEL';
          found(`${ins.instruction} (in the history)`, name, value ?? '', { historyIndex: ins.historyIndex, instruction: `${ins.instruction} ${name}=...` }, fix);
        }
      }
    }
  },
  checkSource(dockerfile, report) {
    referenceIndex = undefined;
    for (const ins of dockerfile.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'LABEL' && ins.keyword !== 'ARG') continue;
      for (const [name, value] of keyValuePairs(ins.argumentsWithoutFlags)) {
        const reason = secretReason(name, value);
        if (reason) {
          const fix = ins.keyword === 'ARG' ? 'use RUN --mount=type=secret instead of ARG for secrets: build args are recorded in the history' : `remove the secret from the ${ins.keyword}; pass it at run time (docker run --env-file, orchestrator secrets)`;
          report({ message: `${ins.keyword} ${name}=${mask(value!)} looks like a secret (${reason}); anyone who pulls the image can read it`, ...at(ins), instruction: `${ins.keyword} ${name}=...`, fix });
          continue;
        }
        // ARG TOKEN with no default, used by a later RUN of its stage: the value passed with --build-arg lands in the history.
        if (ins.keyword !== 'ARG' || value !== undefined || !SECRET_NAME.test(name) || REFERENCE_NAME.test(name)) continue;
        const user = firstRunUsing(dockerfile, ins, name);
        if (!user) continue;
        report({
          message: `build ARG ${name} is used by the RUN on line ${user.startLine}: the value given with --build-arg is written into the image history`,
          ...at(ins),
          fix: 'use RUN --mount=type=secret instead of ARG for secrets: build args are recorded in the history',
        });
      }
    }
  },
});
