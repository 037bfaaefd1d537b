/**
 * Reconstruction cases no committed sample has: images without history, heredocs, custom shells,
 * hidden directory and archive sources, bases named by label or identified from os-release, unknown
 * entries. Built on hand-made image models (the samples cover what real builds write).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconstructDockerfile } from '../../../src/analysis/dockerfile/reconstruct.js';
import { renderDockerfile } from '../../../src/analysis/dockerfile/render.js';
import { formatRunCommand, quoteValue, splitPairsKnown } from '../../../src/analysis/dockerfile/syntax.js';
import { normalizeConfig } from '../../../src/image/config.js';
import type { HistoryEntry, Image, Layer, LayerEntry } from '../../../src/image/model.js';

type FileSpec = { path: string; size?: number; uid?: number; gid?: number; dir?: boolean; content?: string };
type Step = { createdBy: string; comment?: string; files?: FileSpec[] };

function entry(f: FileSpec): LayerEntry {
  return { path: f.path, type: f.dir ? 'directory' : 'file', mode: f.dir ? 0o755 : 0o644, uid: f.uid ?? 0, gid: f.gid ?? 0, size: f.dir ? 0 : f.size ?? f.content?.length ?? 1, mtime: 0 };
}

/** An image whose history is `steps`; a step with `files` made a layer. */
function makeImage(steps: Step[], rawConfig: Record<string, unknown> = {}): Image {
  const layers: Layer[] = [];
  const history: HistoryEntry[] = steps.map((s, index) => {
    const h: HistoryEntry = { index, createdBy: s.createdBy, comment: s.comment, emptyLayer: !s.files };
    if (s.files) {
      const entries = s.files.map(entry);
      const captured = new Map(s.files.filter((f) => f.content !== undefined).map((f) => [f.path, Buffer.from(f.content!)]));
      h.layerIndex = layers.length;
      layers.push({
        index: layers.length, digest: `sha256:${layers.length}`, diffId: `sha256:${layers.length}`, compression: 'none', compressedBytes: 0, tarBytes: 0,
        bytes: entries.reduce((sum, e) => sum + e.size, 0), entries, whiteouts: [], opaqueDirs: [], historyIndex: index, createdBy: s.createdBy, captured,
      });
    }
    return h;
  });
  return {
    source: 'test', format: 'docker-archive', name: 'test:1', tags: ['test:1'], platform: { os: 'linux', architecture: 'amd64' },
    config: normalizeConfig({ config: rawConfig }), rawConfig: { config: rawConfig }, history, layers, notes: [],
  };
}

const debianRoot: Step = {
  createdBy: '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ',
  files: [
    { path: 'etc', dir: true },
    { path: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
    { path: 'etc/debian_version', content: '12.7\n' },
    { path: 'bin', dir: true },
    { path: 'bin/sh', size: 125000 },
    { path: 'usr/bin/apt', size: 18000 },
  ],
};

function dockerfile(image: Image, sizes = false): string {
  return renderDockerfile(reconstructDockerfile(image), { name: image.name, sizes });
}

test('a debian base (ADD rootfs + CMD) is a comment block; FROM comes from its os-release', () => {
  const image = makeImage([
    debianRoot,
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' },
    { createdBy: '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*', files: [{ path: 'usr/bin/curl', size: 300000 }] },
    { createdBy: '/bin/sh -c #(nop)  CMD ["curl"]' },
  ], { Cmd: ['curl'] });
  const rec = reconstructDockerfile(image);
  assert.deepEqual(rec.instructions.map((i) => [i.instruction, i.inherited]), [['ADD', true], ['CMD', true], ['RUN', false], ['CMD', false]]);
  assert.equal(rec.from.image.startsWith('debian:12'), true, rec.from.image);
  const text = dockerfile(image);
  assert.match(text, /^#   ADD rootfs\.tar \/ {2}\(/m, 'the unpacked root filesystem names a stand-in archive');
  assert.match(text, /^#   CMD \["bash"\]$/m);
  assert.match(text, /^RUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends curl ca-certificates \\\n {4}&& rm -rf \/var\/lib\/apt\/lists\/\*$/m);
  assert.equal(text.match(/^FROM /gm)?.length, 1);
});

test('org.opencontainers.image.base.name names the base outright', () => {
  const image = makeImage([debianRoot, { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' }, { createdBy: 'RUN /bin/sh -c true # buildkit', files: [{ path: 'x' }] }], {
    Labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:bookworm-slim' },
  });
  const rec = reconstructDockerfile(image);
  assert.deepEqual(rec.from, { image: 'docker.io/library/debian:bookworm-slim', confidence: 'label', reasons: ['label org.opencontainers.image.base.name'] });
  assert.match(dockerfile(image), /^FROM docker\.io\/library\/debian:bookworm-slim$/m);
});

test('an image without history (docker import) says so and gives what the config has', () => {
  const image = makeImage([{ createdBy: '', comment: 'Imported from -', files: [{ path: 'bin', dir: true }, { path: 'bin/sh', size: 1000 }] }], {
    Env: ['PATH=/usr/bin:/bin', 'MODE=a b'], WorkingDir: '/srv', User: 'nobody', ExposedPorts: { '80/tcp': {}, '53/udp': {} }, Volumes: { '/data': {} },
    Labels: { a: 'x y' }, Entrypoint: ['/bin/sh'], Cmd: ['-c', 'echo hi'], StopSignal: 'SIGINT',
    Healthcheck: { Test: ['CMD-SHELL', 'test -e /srv'], Interval: 10e9 },
  });
  const text = dockerfile(image);
  assert.match(text, /no build history \(made by docker import/);
  assert.equal(text.split('\n').filter((l) => l && !l.startsWith('#')).join('\n'), [
    'FROM scratch',
    'ADD rootfs.tar /',
    'ENV PATH=/usr/bin:/bin MODE="a b"',
    'LABEL a="x y"',
    'WORKDIR /srv',
    'EXPOSE 80 53/udp',
    'VOLUME ["/data"]',
    'STOPSIGNAL SIGINT',
    'HEALTHCHECK --interval=10s CMD test -e /srv',
    'USER nobody',
    'ENTRYPOINT ["/bin/sh"]',
    'CMD ["-c", "echo hi"]',
  ].join('\n'));
  const rec = reconstructDockerfile(image);
  assert.deepEqual(rec.instructions.map((i) => i.origin), ['layer', ...new Array(10).fill('config')]);
  assert.ok(rec.instructions.every((i) => !i.inherited));
});

test('a BuildKit heredoc RUN is written back as a heredoc, with the syntax line it needs', () => {
  const image = makeImage([
    { createdBy: 'WORKDIR /app', files: [{ path: 'app', dir: true }] },
    { createdBy: 'RUN /bin/sh -c set -e\ncat > /app/one <<EOF\nhi\nEOF\necho two > /app/two\n # buildkit', files: [{ path: 'app/one' }, { path: 'app/two' }] },
  ]);
  const text = dockerfile(image);
  assert.match(text, /^# syntax=docker\/dockerfile:1\n/);
  // The script has an `EOF` line of its own, so the outer delimiter must differ.
  assert.match(text, /^RUN <<EOF1\nset -e\ncat > \/app\/one <<EOF\nhi\nEOF\necho two > \/app\/two\nEOF1$/m);
  // FROM scratch: the first layer is the build's own WORKDIR, not a root filesystem.
  assert.match(text, /^FROM scratch$/m);
  assert.ok(reconstructDockerfile(image).instructions.every((i) => !i.inherited));
});

test('a custom SHELL is stripped from the RUN lines after it, whatever the program', () => {
  const image = makeImage([
    { createdBy: 'SHELL [/usr/bin/python3 -c]' },
    { createdBy: 'RUN /usr/bin/python3 -c open("/x", "w").write("1") # buildkit', files: [{ path: 'x' }] },
    { createdBy: '/usr/bin/python3 -c #(nop)  ENV A=1' },
    { createdBy: 'RUN /bin/sh -c echo explicit # buildkit', files: [{ path: 'y' }] },
  ]);
  const own = reconstructDockerfile(image).instructions.filter((i) => !i.inherited);
  assert.deepEqual(own.map((i) => i.text), [
    'SHELL ["/usr/bin/python3", "-c"]',
    'RUN open("/x", "w").write("1")',
    'ENV A=1',
    // Another shell than the one in force: the source must have spelled it out, so exec form keeps it.
    'RUN ["/bin/sh", "-c", "echo explicit"]',
  ]);
});

test('hidden legacy sources: a directory, several files, an unpacked archive, a chowned file', () => {
  const image = makeImage([
    { createdBy: '/bin/sh -c #(nop) WORKDIR /srv', files: [{ path: 'srv', dir: true }] },
    { createdBy: '/bin/sh -c #(nop) COPY dir:2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 in /usr/src/app ', files: [{ path: 'usr/src/app', dir: true }, { path: 'usr/src/app/index.js', size: 10 }, { path: 'usr/src/app/lib', dir: true }, { path: 'usr/src/app/lib/a.js', size: 5 }] },
    { createdBy: '/bin/sh -c #(nop) COPY multi:0123abcd in ./ ', files: [{ path: 'srv/a.txt' }, { path: 'srv/b.txt' }] },
    { createdBy: '/bin/sh -c #(nop) ADD file:feedbeef in /opt/tool ', files: [{ path: 'opt/tool', dir: true }, { path: 'opt/tool/bin/t', size: 7 }, { path: 'opt/tool/README', size: 3 }] },
    { createdBy: '/bin/sh -c #(nop) COPY --chown=33:33file:abcdef01 in /var/www/index.html ', files: [{ path: 'var/www/index.html', uid: 33, gid: 33 }] },
  ]);
  const text = dockerfile(image);
  assert.match(text, /^# app\/: the source directory's name was not recorded \(dir:2a3b4c5d6e7f…\)\n# the layer added 2 files \(15 bytes\) under \/usr\/src\/app: index\.js, lib\nCOPY app\/ \/usr\/src\/app$/m);
  assert.match(text, /^COPY a\.txt b\.txt \.\/$/m);
  assert.match(text, /^# tool\.tar: the archive's name was not recorded \(file:feedbeef…\); ADD unpacked 2 files \(10 bytes\) into \/opt\/tool\nADD tool\.tar \/opt\/tool$/m);
  assert.match(text, /^COPY --chown=33:33 index\.html \/var\/www\/index\.html$/m);
  assert.doesNotMatch(text, /[0-9a-f]{16}/);
});

test('unknown entries are kept verbatim as comments, never dropped', () => {
  const image = makeImage([
    { createdBy: 'RUN /bin/sh -c true # buildkit', files: [{ path: 'a' }] },
    { createdBy: 'jib-maven-plugin:3.4.0', files: [{ path: 'app/classes/Main.class', size: 900 }] },
    { createdBy: '/bin/sh -c #(nop)  FROBNICATE x\ny' },
    { createdBy: 'HEALTHCHECK &{["CMD" "x' },
  ]);
  const rec = reconstructDockerfile(image);
  assert.deepEqual(rec.instructions.map((i) => i.instruction), ['RUN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
  const text = dockerfile(image, true);
  assert.match(text, /^# jib-maven-plugin:3\.4\.0\n# \(900 B, layer 1\)$/m);
  assert.match(text, /^# \/bin\/sh -c #\(nop\) {2}FROBNICATE x\n# y$/m);
  assert.match(text, /^# HEALTHCHECK &\{\["CMD" "x$/m);
  assert.match(text, /3 history entries are not a known instruction/);
});

test('ENV and LABEL values: spaces split by the config, quotes and $ escaped so they read back the same', () => {
  const image = makeImage([
    { createdBy: 'ENV MSG=hello B=2 world PRICE=$5 Q=say "hi"' },
    { createdBy: 'LABEL description=a b=c d' },
  ], { Env: ['MSG=hello B=2 world', 'PRICE=$5', 'Q=say "hi"'], Labels: { description: 'a b=c d' } });
  const own = reconstructDockerfile(image).instructions;
  assert.equal(own[0]!.text, 'ENV MSG="hello B=2 world" PRICE="\\$5" Q="say \\"hi\\""');
  assert.equal(own[1]!.text, 'LABEL description="a b=c d"');
});

test('formatRunCommand breaks at && and ; outside quotes and escapes only, when the line is long', () => {
  assert.equal(formatRunCommand('make && make install'), 'RUN make && make install');
  const long = 'set -eux; apt-get update; apt-get install -y "a && b" \'c; d\' && find / -name x -exec rm {} \\; && echo done; case $x in a) true;; esac';
  assert.equal(formatRunCommand(long), [
    'RUN set -eux; \\',
    '    apt-get update; \\',
    '    apt-get install -y "a && b" \'c; d\' \\',
    '    && find / -name x -exec rm {} \\; \\',
    '    && echo done; \\',
    '    case $x in a) true;; esac',
  ].join('\n'));
  assert.equal(formatRunCommand('x'.repeat(100)), `RUN ${'x'.repeat(100)}`);
});

test('quoteValue and splitPairsKnown', () => {
  assert.equal(quoteValue('plain'), 'plain');
  assert.equal(quoteValue(''), '""');
  assert.equal(quoteValue('a\\b'), '"a\\\\b"');
  assert.deepEqual(splitPairsKnown('A=1 2 B=3', 'ENV', {}), [['A', '1 2'], ['B', '3']]);
  assert.deepEqual(splitPairsKnown('A=x B=y B=z', 'ENV', { A: 'x B=y' }), [['A', 'x B=y'], ['B', 'z']]);
  assert.deepEqual(splitPairsKnown('GOLANG_VERSION 1.4.2', 'ENV', {}), [['GOLANG_VERSION', '1.4.2']]);
  // buildah keeps the quotes the Dockerfile had.
  assert.deepEqual(splitPairsKnown('A=1 B="two \\"words\\"" C=x', 'ENV', { A: '1', B: 'two "words"', C: 'x' }), [['A', '1'], ['B', 'two "words"'], ['C', 'x']]);
});

test('in a legacy build, a bare command line that made a layer is an exec-form RUN', () => {
  const image = makeImage([
    debianRoot,
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' },
    { createdBy: '/bin/sh -c #(nop) WORKDIR /app', files: [{ path: 'app', dir: true }] },
    { createdBy: 'touch /app/x', files: [{ path: 'app/x' }] },
  ]);
  const own = reconstructDockerfile(image).instructions.filter((i) => !i.inherited);
  assert.deepEqual(own.map((i) => i.text), ['WORKDIR /app', 'RUN ["touch", "/app/x"]']);
});

test('newer BuildKit COPY shapes: recorded --chown/--chmod kept, a heredoc source named from the layer', () => {
  const image = makeImage([
    { createdBy: 'WORKDIR /app', files: [{ path: 'app', dir: true }] },
    { createdBy: 'COPY --chown=1000:1000 --chmod=755 run.sh /app/ # buildkit', files: [{ path: 'app/run.sh', uid: 1000, gid: 1000 }] },
    { createdBy: 'COPY <<EOF /app/config.txt # buildkit', files: [{ path: 'app/config.txt', size: 12 }] },
  ]);
  const own = reconstructDockerfile(image).instructions;
  assert.equal(own[1]!.text, 'COPY --chown=1000:1000 --chmod=755 run.sh /app/');
  assert.deepEqual(own[1]!.notes, []);
  assert.equal(own[2]!.text, 'COPY config.txt /app/config.txt');
  assert.match(own[2]!.notes.join('\n'), /<<EOF: an inline file \(heredoc\) in the source, whose text the history does not keep; the layer wrote \/app\/config\.txt \(12 bytes\)/);
});

test('a BuildKit RUN that wrote into a new directory left empty gets a guessed cache mount; an old directory never does', () => {
  const image = makeImage([
    debianRoot,
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' },
    { createdBy: 'RUN /bin/sh -c apt-get update > /var/cache/apt/log # buildkit', files: [{ path: 'var', dir: true }, { path: 'var/cache', dir: true }, { path: 'var/cache/apt', dir: true }] },
    { createdBy: 'RUN /bin/sh -c cat /etc/os-release > /dev/null # buildkit', files: [{ path: 'etc', dir: true }] },
    { createdBy: 'RUN /bin/sh -c mkdir -p /srv/empty # buildkit', files: [{ path: 'srv', dir: true }, { path: 'srv/empty', dir: true }] },
  ]);
  const own = reconstructDockerfile(image).instructions.filter((i) => !i.inherited);
  assert.deepEqual(own.map((i) => i.text), [
    'RUN --mount=type=cache,target=/var/cache/apt apt-get update > /var/cache/apt/log',
    'RUN cat /etc/os-release > /dev/null',
    'RUN mkdir -p /srv/empty',
  ]);
});

test('a layer that no history entry accounts for is kept as a comment', () => {
  const image = makeImage([debianRoot, { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' }, { createdBy: 'RUN /bin/sh -c true # buildkit', files: [{ path: 'a' }] }]);
  image.layers.push({ ...image.layers[1]!, index: 2, historyIndex: undefined, createdBy: undefined, bytes: 5, entries: [entry({ path: 'b', size: 5 })] });
  const text = dockerfile(image);
  assert.match(text, /^# layer 2 \(1 entry, 5 bytes\) matches no history entry: what made it is not known$/m);
  assert.match(text, /^# layer 2 matches no history entry\.$/m);
});
