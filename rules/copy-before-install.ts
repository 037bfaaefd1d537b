import { defineRule } from '../src/lint/rule.js';
import { stageInstructions } from '../src/dockerfile/parse.js';
import { layerFiles, ownInstructions, runCommand } from '../src/lint/rule-helpers.js';
import { formatBytes } from '../src/bytes.js';
import { simpleCommands, words } from '../src/lint/rule-helpers.js';
import { installRequest } from '../src/lint/package-commands.js';
import { at, runScript } from '../src/lint/source-helpers.js';

/** Dependency manifests and the install commands that read them. */
const ECOSYSTEMS: { manifests: RegExp; install: RegExp; example: string }[] = [
  { manifests: /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/, install: /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\b|pnpm\s+(install|i)\b)/, example: 'COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .' },
  { manifests: /^(requirements[\w.-]*\.txt|Pipfile|Pipfile\.lock|pyproject\.toml|poetry\.lock|setup\.py|uv\.lock)$/, install: /\b(pip3?\s+install|poetry\s+install|pipenv\s+install|uv\s+(sync|pip\s+install))\b/, example: 'COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .' },
  { manifests: /^(go\.mod|go\.sum)$/, install: /\bgo\s+(mod\s+download|build|install)\b/, example: 'COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .' },
  { manifests: /^(Gemfile|Gemfile\.lock)$/, install: /\bbundle(\s+install)?\b/, example: 'COPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .' },
  { manifests: /^(composer\.json|composer\.lock)$/, install: /\bcomposer\s+install\b/, example: 'COPY composer.json composer.lock ./\nRUN composer install --no-dev\nCOPY . .' },
  { manifests: /^(pom\.xml)$/, install: /\bmvn\b/, example: 'COPY pom.xml ./\nRUN mvn dependency:go-offline\nCOPY . .' },
  { manifests: /^(Cargo\.toml|Cargo\.lock)$/, install: /\bcargo\s+(build|fetch)\b/, example: 'COPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY . .' },
];

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
/** COPY sources that mean the whole build context. */
const WHOLE_CONTEXT = /^(\.\/?|\*|\.\/\*)$/;

/**
 * The first install in a script that reads nothing of the build context: it names registry packages only
 * (`apt-get install -y curl`, `pip install flask`), no requirements file, no `.`, no local path or archive.
 * Put after `COPY . /app`, it re-runs on every source change although its result cannot differ.
 */
export function contextFreeInstall(script: string): string | undefined {
  for (const command of simpleCommands(script)) {
    const request = installRequest(command);
    if (!request || request.packages.length === 0) continue;
    const ws = words(command);
    if (ws.some((w) => /^(-r|--requirement|-c|--constraint|-e|--editable)(=|$)/.test(w))) continue;
    if (request.packages.some((p) => p.includes('$') || /^(\.{0,2}\/|\.$|~|file:|git\+)/.test(p) || /\.(deb|rpm|apk|whl|tar\.gz|tgz|zip|gem)$/.test(p))) continue;
    return command;
  }
  return undefined;
}

/** `COPY . /app` and the like, as an instruction's operands (flags removed) give them. */
function copiesWholeContext(operands: string): boolean {
  return operands.replace(/^(--\S+\s+)*/, '').split(/\s+/).slice(0, -1).some((s) => WHOLE_CONTEXT.test(s));
}
// One test per file instead of one per ecosystem: a COPY of a large tree has tens of thousands of files.
const ANY_MANIFEST = new RegExp(ECOSYSTEMS.map((eco) => eco.manifests.source).join('|'));

export default defineRule({
  id: 'copy-before-install',
  category: 'layering',
  severity: 'warning',
  description: 'the whole build context is copied before the dependency install, so any source change reinstalls every dependency',
  docs: {
    why: 'The build cache reuses a step only while everything before it is unchanged. When `COPY . .` comes before `npm ci` (or pip, go, bundle, composer...), editing any source file invalidates the install and every later step. Copy the dependency manifests first, install, then copy the rest. An install that reads none of the copied files (`apt-get install -y curl`, `pip install flask`) belongs above the COPY.',
    bad: 'COPY . .\nRUN npm ci',
    good: 'COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .',
  },
  check(ctx, report) {
    const own = ownInstructions(ctx).sort((a, b) => a.historyIndex - b.historyIndex);
    const copiedManifests = new Set<string>();
    for (const [i, copy] of own.entries()) {
      if ((copy.instruction !== 'COPY' && copy.instruction !== 'ADD') || copy.layerIndex === undefined) continue;
      // Judge from the layer: what the COPY really brought, not its (often hidden) source text.
      const files = layerFiles(ctx, copy.layerIndex).map((e) => e.path);
      const candidates = files.filter((p) => ANY_MANIFEST.test(basename(p)));
      let flagged = false;
      for (const eco of ECOSYSTEMS) {
        const manifests = candidates.filter((p) => eco.manifests.test(basename(p)));
        const others = files.length - manifests.length;
        const fresh = manifests.filter((p) => !copiedManifests.has(p));
        if (fresh.length === 0 || others === 0) continue;
        const install = own.slice(i + 1).find((ins) => eco.install.test(runCommand(ins)));
        if (!install) continue;
        report({
          message: `layer ${copy.layerIndex} (${copy.text}) copies ${files.length} files including ${fresh.map((p) => '/' + p).join(', ')} before ${install.text.slice(0, 80)}: any source change reinstalls the dependencies${install.layerIndex !== undefined ? ` (a ${formatBytes(ctx.image.layers[install.layerIndex].bytes)} layer)` : ''}`,
          layerIndex: copy.layerIndex,
          instruction: copy.text,
          paths: fresh,
          fix: eco.example,
        });
        flagged = true;
      }
      for (const p of candidates) copiedManifests.add(p);
      if (!flagged && copiesWholeContext(copy.arguments)) {
        const install = own.slice(i + 1).find((ins) => ins.instruction === 'RUN' && contextFreeInstall(runCommand(ins)));
        if (install) {
          const command = contextFreeInstall(runCommand(install))!.slice(0, 80);
          report({
            message: `layer ${copy.layerIndex} (${copy.text}) copies the whole build context before layer ${install.layerIndex ?? '?'} runs \`${command}\`, which reads none of those files: any source change re-runs the install${install.layerIndex !== undefined ? ` (a ${formatBytes(ctx.image.layers[install.layerIndex].bytes)} layer)` : ''}`,
            layerIndex: copy.layerIndex,
            instruction: copy.text,
            fix: `move the RUN with \`${command}\` above \`${copy.text}\``,
          });
        }
      }
    }
  },
  checkSource(dockerfile, report) {
    for (const copy of dockerfile.instructions) {
      if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || copy.flags.some((f) => f.name === 'from') || copy.form === 'exec') continue;
      const sources = copy.argumentsWithoutFlags.split(/\s+/).slice(0, -1);
      if (!sources.some((s) => WHOLE_CONTEXT.test(s))) continue;
      const stage = stageInstructions(dockerfile, copy.stageIndex);
      const before = stage.filter((ins) => ins.startLine < copy.startLine && (ins.keyword === 'COPY' || ins.keyword === 'ADD'));
      const after = stage.filter((ins) => ins.startLine > copy.startLine && ins.keyword === 'RUN');
      let reported = false;
      for (const eco of ECOSYSTEMS) {
        // A manifest copied on its own before is the cache-friendly order already.
        if (before.some((ins) => ins.argumentsWithoutFlags.split(/\s+/).slice(0, -1).some((s) => eco.manifests.test(basename(s.replace(/\/$/, '')))))) continue;
        const install = after.find((ins) => simpleCommands(runScript(ins)).some((c) => eco.install.test(c)));
        if (!install) continue;
        report({
          message: `COPY of the whole build context (line ${copy.startLine}) before the dependency install on line ${install.startLine}: any source change reinstalls the dependencies`,
          ...at(copy),
          fix: eco.example,
        });
        reported = true;
        break;
      }
      if (reported) continue;
      const install = after.find((ins) => contextFreeInstall(runScript(ins)));
      if (!install) continue;
      report({
        message: `COPY of the whole build context (line ${copy.startLine}) before \`${contextFreeInstall(runScript(install))!.slice(0, 80)}\` on line ${install.startLine}, which reads none of those files: any source change re-runs the install`,
        ...at(copy),
        fix: `move the RUN on line ${install.startLine} above the COPY on line ${copy.startLine}`,
      });
    }
  },
});
