/**
 * Round trip on real builds: build a Dockerfile with the legacy builder and with BuildKit, save the image,
 * reconstruct its Dockerfile, compare it instruction for instruction with the original's final stage,
 * then build the reconstruction and compare the two configs. Needs a Docker engine; skips (saying why)
 * without one. Images are named tsimage-i3-rt-*:<this run's id> and removed afterwards; they build FROM
 * this run's busybox base (busybox-base.ts), the samples' Dockerfiles too (their FROM names the shared base).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { reconstructDockerfile } from '../../../src/analysis/dockerfile/reconstruct.js';
import { renderDockerfile } from '../../../src/analysis/dockerfile/render.js';
import { parseDockerfile, type DockerfileInstruction } from '../../../src/dockerfile/parse.js';
import { openImage } from '../../../src/image/open.js';
import { dockerEngineUnavailable, repoRoot, RUN_ID } from '../../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../../busybox-base.js';

const DOCKER = '/usr/bin/docker';
const run = RUN_ID;

// Every instruction the issue names, a multi-stage COPY --from, a dir COPY (legacy: dir:<sha>), a
// multi-source COPY (multi:<sha>), --chown, values with spaces, quotes and `$`, a long RUN.
const SOURCE = `FROM ${BUSYBOX_BASE} AS builder
LABEL tsimage-i3-stage=${run}
ARG GREETING=hello
RUN mkdir -p /out && echo "$GREETING from the builder" > /out/greeting.txt

FROM ${BUSYBOX_BASE}
ARG VERSION=0.0.0
ARG FLAVOR=default
ENV APP_HOME=/opt/app APP_VERSION=\${VERSION} GREETING="hello round trip"
WORKDIR /opt/app
SHELL ["/bin/sh", "-ec"]
RUN echo "version=\${VERSION} flavor=\${FLAVOR}" > build-info.txt && mkdir -p data/cache && echo one > data/one.txt; echo two > data/two.txt && ls -la data > /dev/null
RUN ["touch", "/opt/app/exec-form"]
RUN ["/bin/sh", "-c", "echo other shell > /opt/app/other-shell.txt"]
COPY app.conf ./app.conf
ADD notes.txt /opt/app/notes.txt
COPY conf.d/ /etc/app/
COPY a.txt b.txt /srv/
COPY --from=builder /out/greeting.txt /opt/app/greeting.txt
COPY --chown=1000:1000 start.sh /opt/app/start.sh
LABEL org.opencontainers.image.title="tsimage round trip" com.example.price="a \\$5 thing" com.example.quoted="say \\"hi\\""
EXPOSE 8080 53/udp
VOLUME ["/opt/app/data"]
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]
ONBUILD RUN echo "child build"
USER 1000:1000
ENTRYPOINT ["/opt/app/start.sh"]
CMD ["--serve", "--port=8080"]
`;

const CONTEXT: Record<string, string> = {
  'app.conf': 'mode=round-trip\n',
  'notes.txt': 'notes\n',
  'conf.d/one.conf': 'one\n',
  'conf.d/two.conf': 'two\n',
  'a.txt': 'a\n',
  'b.txt': 'b\n',
  'start.sh': '#!/bin/sh\nexec sleep 3600\n',
};

function docker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER, args, { env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function writeContext(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    if (path.endsWith('.sh')) chmodSync(join(dir, path), 0o755);
  }
}

/** `k="a b" k2=c` → ['k=a b', 'k2=c'], quotes and escapes read as the Dockerfile parser reads them. */
function readPairs(text: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    let word = '';
    let quote: string | undefined;
    for (; i < text.length && (quote || text[i] !== ' '); i++) {
      const c = text[i]!;
      if (c === '\\' && quote !== "'") { word += text[++i] ?? ''; continue; }
      if (quote && c === quote) { quote = undefined; continue; }
      if (!quote && (c === '"' || c === "'")) { quote = c; continue; }
      if (c === '$' && quote !== "'") {
        const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(i));
        if (m) { word += vars[m[1] ?? m[2]!] ?? ''; i += m[0].length - 1; continue; }
      }
      word += c;
    }
    out.push(word);
  }
  return out;
}

/** What must match between the source and the reconstruction, per keyword. */
/** How COPY/ADD sources compare: as written (BuildKit keeps them), by file name (legacy: named from the layer), not at all (a directory's name). */
type SourceMode = 'exact' | 'name' | 'none';

function comparable(ins: DockerfileInstruction, vars: Record<string, string>, sourceMode: SourceMode, users: Record<string, string> = {}): string {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  switch (ins.keyword) {
    case 'ENV':
    case 'LABEL':
      return `${ins.keyword} ${readPairs(ins.arguments, vars).join(' | ')}`;
    case 'RUN':
      return `RUN ${collapse(ins.argumentsWithoutFlags)}`;
    case 'EXPOSE':
      return `EXPOSE ${ins.arguments.split(/\s+/).map((p) => p.replace(/\/tcp$/, '')).sort().join(' ')}`;
    case 'VOLUME':
    case 'SHELL':
    case 'CMD':
    case 'ENTRYPOINT':
      return `${ins.keyword} ${JSON.stringify(JSON.parse(ins.arguments))}`;
    case 'COPY':
    case 'ADD': {
      const words = ins.argumentsWithoutFlags.split(/\s+/);
      const chown = ins.flags.filter((f) => f.name === 'chown').map((f) => `--chown=${users[f.value ?? ''] ?? f.value}`);
      const dest = words.pop();
      const shown = sourceMode === 'exact' ? words : sourceMode === 'name' ? words.map((w) => w.replace(/^.*\//, '')) : ['<sources>'];
      return `${ins.keyword} ${[...chown, ...shown, dest].join(' ')}`;
    }
    default:
      return `${ins.keyword} ${collapse(ins.arguments)}`;
  }
}

function finalStage(text: string): DockerfileInstruction[] {
  const parsed = parseDockerfile(text);
  assert.deepEqual(parsed.problems, [], 'the Dockerfile parses');
  const last = parsed.stages.length - 1;
  return parsed.instructions.filter((i) => i.stageIndex === last && i.keyword !== 'FROM');
}

const CONFIG_FIELDS = ['Env', 'Cmd', 'Entrypoint', 'User', 'WorkingDir', 'ExposedPorts', 'Labels', 'Healthcheck', 'StopSignal', 'Volumes', 'OnBuild', 'Shell'] as const;

async function configOf(tag: string): Promise<Record<string, unknown>> {
  return JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', tag])) as Record<string, unknown>;
}

async function removeImages(tags: string[]): Promise<void> {
  const stageImages = (await docker(['images', '-q', '--filter', `label=tsimage-i3-stage=${run}`]).catch(() => '')).split('\n').filter(Boolean);
  await docker(['rmi', '-f', ...tags, ...new Set(stageImages)]).catch(() => undefined);
}

const skip = await busyboxBaseUnavailable();
if (skip) console.log(`# skipping Dockerfile round-trip tests: ${skip}`);
const noEngine = await dockerEngineUnavailable();

interface RoundTrip {
  name: string;
  builder: 'legacy' | 'buildkit';
  source: string;
  context: Record<string, string>;
  buildArgs: Record<string, string>;
  /** ARG values in force in the final stage, to expand ENV/LABEL of the source. */
  vars: Record<string, string>;
  /** `--chown` user names as the numbers the layer shows. */
  users?: Record<string, string>;
  /** Source / reconstruction COPY argument patterns whose sources are directories (legacy: name not recorded). */
  dirCopy?: [RegExp, RegExp];
  extra?: (text: string) => void;
}

/** The committed samples' Dockerfiles and context (copied.bin is made by build.sh, so made here too). */
function sampleCase(name: string, builder: RoundTrip['builder'], extra: Partial<RoundTrip> = {}): RoundTrip {
  const dir = `${repoRoot}samples/dockerfiles`;
  const context: Record<string, string> = { 'copied.bin': 'x'.repeat(102400) };
  for (const file of readdirSync(`${dir}/context`)) context[file] = readFileSync(`${dir}/context/${file}`, 'utf8');
  // Label builder stages so the legacy builder's intermediate images can be found and removed.
  const source = readFileSync(`${dir}/${name}.Dockerfile`, 'utf8')
    .replace(/^FROM tsimage-busybox:base\b/gim, `FROM ${BUSYBOX_BASE}`)
    .replace(/^(FROM \S+ AS \w+)$/gim, `$1\nLABEL tsimage-i3-stage=${run}`);
  return { name: `sample ${name}`, builder, source, context, buildArgs: { VERSION: '1.2.3' }, vars: { VERSION: '1.2.3', FLAVOR: 'default' }, ...extra };
}

const CASES: RoundTrip[] = (['legacy', 'buildkit'] as const).map((builder) => ({
  name: `every instruction, ${builder} builder`,
  builder,
  source: SOURCE,
  context: CONTEXT,
  buildArgs: { VERSION: '1.2.3' },
  vars: { VERSION: '1.2.3', FLAVOR: 'default' },
  dirCopy: [/^conf\.d\//, /^app\/ /],
  extra: (text) => {
    if (builder === 'buildkit') assert.match(text, /^# an absolute source: likely COPY --from/m);
    assert.match(text, /^RUN echo "version=\$\{VERSION\} flavor=\$\{FLAVOR\}" > build-info\.txt \\\n {4}&& mkdir -p data\/cache \\\n/m, 'long RUN broken at && and ;');
  },
}));
CASES.push(
  sampleCase('legacy', 'legacy'),
  sampleCase('waste', 'legacy'),
  sampleCase('buildkit', 'buildkit', { extra: (text) => assert.match(text, /^RUN --mount=type=cache,target=\/var\/cache\/sample echo cached/m) }),
  sampleCase('good', 'buildkit', { users: { 'app:app': '10001:10001' } }),
);

for (const c of CASES) {
  test(`round trip (${c.name}): same instructions, and the rebuilt config is identical`, { skip, timeout: 600_000 }, async () => {
    const { builder } = c;
    const env = { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' };
    const work = mkdtempSync(join(tmpdir(), `tsimage-i3-rt-${builder}-`));
    const slug = c.name.replace(/\W+/g, '-');
    const tag = `tsimage-i3-rt-${slug}:${run}`;
    const rebuiltTag = `tsimage-i3-rt-${slug}-rebuilt:${run}`;
    try {
      const original = join(work, 'original');
      writeContext(original, { ...c.context, Dockerfile: c.source });
      const args = Object.entries(c.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
      await docker(['build', '-q', ...args, '-t', tag, original], env);
      await docker(['save', '-o', join(work, 'image.tar'), tag]);

      const image = await openImage(join(work, 'image.tar'));
      const rec = reconstructDockerfile(image);
      const text = renderDockerfile(rec, { name: tag });
      writeFileSync(join(work, 'reconstructed.Dockerfile'), text);

      // Instruction for instruction. BuildKit writes no history entry for ONBUILD: it comes from the
      // config, at the end; the legacy builder hides COPY sources, which are named from the layer.
      const sourceIns = finalStage(c.source);
      const rebuiltIns = finalStage(text);
      const sameOrder = (list: DockerfileInstruction[]) => (builder === 'buildkit' ? list.filter((i) => i.keyword !== 'ONBUILD') : list);
      const mode = (isDirCopy: boolean): SourceMode => (builder === 'buildkit' ? 'exact' : isDirCopy ? 'none' : 'name');
      const expected = sameOrder(sourceIns).map((i) => comparable(i, c.vars, mode(!!c.dirCopy?.[0].test(i.argumentsWithoutFlags)), c.users));
      const actual = sameOrder(rebuiltIns).map((i) => comparable(i, c.vars, mode(!!c.dirCopy?.[1].test(i.argumentsWithoutFlags))));
      assert.deepEqual(actual, expected, `reconstruction:\n${text}`);
      if (builder === 'buildkit') {
        assert.deepEqual(rebuiltIns.filter((i) => i.keyword === 'ONBUILD').map((i) => i.arguments), sourceIns.filter((i) => i.keyword === 'ONBUILD').map((i) => i.arguments));
      }
      assert.ok(rec.instructions.every((i) => i.instruction !== 'UNKNOWN'), 'no unknown entries');
      c.extra?.(text);

      // Build the reconstruction (FROM the local base; sources as stand-ins) and compare configs.
      const rebuild = join(work, 'rebuild');
      const files: Record<string, string> = { Dockerfile: text.replace(/^FROM .*$/m, `FROM ${BUSYBOX_BASE}`) };
      for (const ins of rebuiltIns.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
        const words = ins.argumentsWithoutFlags.split(/\s+/).slice(0, -1);
        for (const src of words) files[src.endsWith('/') ? `${src}stand-in` : src.replace(/^\/+/, '')] = 'stand-in\n';
      }
      writeContext(rebuild, files);
      await docker(['build', '-q', '-t', rebuiltTag, rebuild], env);
      const [a, b] = await Promise.all([configOf(tag), configOf(rebuiltTag)]);
      for (const field of CONFIG_FIELDS) assert.deepEqual(b[field], a[field], `config ${field}`);
    } finally {
      await removeImages([tag, rebuiltTag]);
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test('an image made by docker import: no build history, said so, FROM scratch and what the config gives', { skip: noEngine, timeout: 120_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsimage-i3-import-'));
  const tag = `tsimage-i3-import:${run}`;
  try {
    const changes = ['ENV MODE="a b" PATH=/usr/bin:/bin', 'WORKDIR /srv', 'USER nobody', 'EXPOSE 8080', 'LABEL origin=import', 'ENTRYPOINT ["/bin/sh"]', 'CMD ["-c", "echo hi"]'];
    await docker(['import', ...changes.flatMap((c) => ['--change', c]), `${repoRoot}samples/export.tar`, tag]);
    await docker(['save', '-o', join(work, 'import.tar'), tag]);
    const image = await openImage(join(work, 'import.tar'));
    const text = renderDockerfile(reconstructDockerfile(image), { name: tag });
    assert.match(text, /This image has no build history \(made by docker import/);
    assert.deepEqual(text.split('\n').filter((l) => l && !l.startsWith('#')), [
      'FROM scratch',
      'ADD rootfs.tar /',
      'ENV MODE="a b" PATH=/usr/bin:/bin',
      'LABEL origin=import',
      'WORKDIR /srv',
      'EXPOSE 8080',
      'USER nobody',
      'ENTRYPOINT ["/bin/sh"]',
      'CMD ["-c", "echo hi"]',
    ], text);
  } finally {
    await docker(['rmi', '-f', tag]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
});

/** Why the buildah test must skip, or undefined when buildah runs here. */
function buildahUnavailable(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('buildah', ['--version'], { timeout: 15_000 }, (error) => resolve(error ? `no buildah: ${error.message.split('\n')[0]}` : undefined));
  });
}

const noBuildah = await buildahUnavailable();
if (noBuildah) console.log(`# skipping the buildah history test: ${noBuildah}`);

test('buildah bud history: legacy-style entries, the squashed layer, FROM from its comment', { skip: noBuildah, timeout: 300_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsimage-i3-buildah-'));
  const store = ['--storage-driver', 'vfs', '--root', join(work, 'root'), '--runroot', join(work, 'run')];
  const buildah = (args: string[]) => new Promise<string>((resolve, reject) => {
    execFile('buildah', [...store, ...args], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`buildah ${args[0]}: ${error.message}\n${stderr}`)) : resolve(stdout)));
  });
  try {
    writeContext(join(work, 'ctx'), {
      'a.txt': 'a\n',
      'b.txt': 'b\n',
      Dockerfile: `FROM docker-archive:${repoRoot}samples/good.docker.tar
USER root
ENV A=1 B="two words"
WORKDIR /srv
RUN echo hi > /srv/hi.txt
COPY a.txt ./c.txt
LABEL x=y
EXPOSE 8080
CMD ["sh"]
`,
    });
    await buildah(['bud', '--isolation', 'chroot', '-q', '-t', 'tsimage-i3-buildah:1', join(work, 'ctx')]);
    await buildah(['push', 'tsimage-i3-buildah:1', `oci-archive:${join(work, 'image.tar')}:tsimage-i3-buildah:1`]);
    const image = await openImage(join(work, 'image.tar'));
    const rec = reconstructDockerfile(image);
    assert.equal(rec.from.image, 'localhost/tsimage-sample/good:1');
    assert.equal(rec.base.layers, 3);
    assert.deepEqual(rec.instructions.filter((i) => !i.inherited && i.origin === 'history').map((i) => i.text), [
      'USER root', 'ENV A=1 B="two words"', 'WORKDIR /srv', 'RUN echo hi > /srv/hi.txt', 'COPY c.txt ./c.txt', 'LABEL x=y', 'EXPOSE 8080', 'CMD ["sh"]',
    ]);
  } finally {
    await buildah(['rmi', '-a', '-f']).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
});
