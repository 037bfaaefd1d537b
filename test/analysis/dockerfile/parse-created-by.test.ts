import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCreatedBy, splitShellPrefix } from '../../../src/analysis/dockerfile/parse-created-by.js';
import { sample } from '../../helpers.js';

/** [created_by, instruction, arguments, extra expectations] */
type Case = [string, string, string, Record<string, unknown>?];

const legacy: Case[] = [
  ['/bin/sh -c #(nop)  CMD ["bash"]', 'CMD', '["bash"]', { builder: 'legacy', form: 'exec', argv: ['bash'] }],
  ['/bin/sh -c #(nop)  CMD ["sleep" "3600"]', 'CMD', '["sleep", "3600"]', { argv: ['sleep', '3600'] }],
  ['/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "echo \\"hi\\" \\\\ there"]', 'CMD', '["/bin/sh", "-c", "echo \\"hi\\" \\\\ there"]', { argv: ['/bin/sh', '-c', 'echo "hi" \\ there'] }],
  ['/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ', 'ADD', 'file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 /', { destination: '/', hiddenSource: true }],
  ['/bin/sh -c #(nop) COPY dir:2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 in /usr/src/app ', 'COPY', 'dir:2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 /usr/src/app', { destination: '/usr/src/app', hiddenSource: true }],
  ['/bin/sh -c #(nop) COPY multi:0123abcd in /app/ ', 'COPY', 'multi:0123abcd /app/', { hiddenSource: true }],
  // moby's legacy builder prints --chown with no space before the hash
  ['/bin/sh -ec #(nop) COPY --chown=1000:1000file:5f66b29d946f16bf in /opt/app/start.sh ', 'COPY', '--chown=1000:1000 file:5f66b29d946f16bf /opt/app/start.sh', { flags: ['--chown=1000:1000'], sources: ['file:5f66b29d946f16bf'], destination: '/opt/app/start.sh', hiddenSource: true }],
  ['/bin/sh -c #(nop) COPY --chown=app:app dir:0123abcd in /srv ', 'COPY', '--chown=app:app dir:0123abcd /srv', { flags: ['--chown=app:app'], hiddenSource: true }],
  ['/bin/sh -c apt-get update && apt-get install -y curl', 'RUN', 'apt-get update && apt-get install -y curl', { builder: 'legacy', form: 'shell', shell: ['/bin/sh', '-c'] }],
  ['|2 FLAVOR=default VERSION=1.2.3 /bin/sh -ec echo "version=${VERSION} flavor=${FLAVOR}" > build-info.txt', 'RUN', 'echo "version=${VERSION} flavor=${FLAVOR}" > build-info.txt', { buildArgs: { FLAVOR: 'default', VERSION: '1.2.3' }, shell: ['/bin/sh', '-ec'] }],
  ['|1 NODE_ENV=production /bin/sh -c npm ci', 'RUN', 'npm ci', { buildArgs: { NODE_ENV: 'production' } }],
  ['|1 EMPTY= /bin/sh -c true', 'RUN', 'true', { buildArgs: { EMPTY: '' } }],
  ['/bin/sh -ec #(nop)  SHELL [/bin/sh -ec]', 'SHELL', '["/bin/sh", "-ec"]', { shell: ['/bin/sh', '-ec'] }],
  ['/bin/bash -o pipefail -c #(nop)  SHELL [/bin/bash -o pipefail -c]', 'SHELL', '["/bin/bash", "-o", "pipefail", "-c"]'],
  ['/bin/bash -o pipefail -c curl -fsSL https://x | tar -xz', 'RUN', 'curl -fsSL https://x | tar -xz', { shell: ['/bin/bash', '-o', 'pipefail', '-c'] }],
  ['/bin/sh -c #(nop) WORKDIR /opt/app', 'WORKDIR', '/opt/app'],
  ['/bin/sh -c #(nop)  ENV APP_HOME=/opt/app APP_VERSION=1.2.3', 'ENV', 'APP_HOME=/opt/app APP_VERSION=1.2.3', { pairs: [['APP_HOME', '/opt/app'], ['APP_VERSION', '1.2.3']] }],
  ['/bin/sh -c #(nop)  ENV GOLANG_VERSION 1.4.2', 'ENV', 'GOLANG_VERSION 1.4.2', { pairs: [['GOLANG_VERSION', '1.4.2']] }],
  ['/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=tsimage legacy sample org.opencontainers.image.version=1.2.3', 'LABEL', 'org.opencontainers.image.title=tsimage legacy sample org.opencontainers.image.version=1.2.3', { pairs: [['org.opencontainers.image.title', 'tsimage legacy sample'], ['org.opencontainers.image.version', '1.2.3']] }],
  ['/bin/sh -c #(nop)  ARG VERSION=0.0.0', 'ARG', 'VERSION=0.0.0', { pairs: [['VERSION', '0.0.0']] }],
  ['/bin/sh -c #(nop)  ARG TARGETARCH', 'ARG', 'TARGETARCH', { pairs: [['TARGETARCH', undefined]] }],
  ['/bin/sh -c #(nop)  EXPOSE 53/udp 8080', 'EXPOSE', '53/udp 8080'],
  ['/bin/sh -c #(nop)  EXPOSE map[80/tcp:{}]', 'EXPOSE', '80'],
  ['/bin/sh -c #(nop)  VOLUME [/opt/app/data /var/log]', 'VOLUME', '["/opt/app/data", "/var/log"]'],
  ['/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT', 'STOPSIGNAL', 'SIGQUIT'],
  ['/bin/sh -c #(nop)  USER 1001:0', 'USER', '1001:0'],
  ['/bin/sh -c #(nop)  ONBUILD RUN echo "child build"', 'ONBUILD', 'RUN echo "child build"'],
  ['/bin/sh -c #(nop)  MAINTAINER NGINX Docker Maintainers "docker-maint@nginx.com"', 'MAINTAINER', 'NGINX Docker Maintainers "docker-maint@nginx.com"'],
  ['/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]', 'ENTRYPOINT', '["docker-entrypoint.sh"]'],
  ['/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh" "-c" "exec nginx"]', 'ENTRYPOINT', '["/bin/sh", "-c", "exec nginx"]'],
  // very old engines printed CMD with %v
  ['/bin/sh -c #(nop) CMD [/bin/sh]', 'CMD', '["/bin/sh"]'],
  ['/bin/sh -c #(nop)  HEALTHCHECK &{["CMD" "/bin/sh" "-c" "test -f /opt/app/build-info.txt"] "30s" "5s" "10s" \'\\x03\'}', 'HEALTHCHECK', '--interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]'],
  ['/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/ || exit 1"] "1m30s" "0s" "0s" "0s" \'\\x00\'}', 'HEALTHCHECK', '--interval=1m30s CMD curl -f http://localhost/ || exit 1'],
  ['/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" \'\\x00\'}', 'HEALTHCHECK', 'NONE'],
  // Windows legacy builder
  ['cmd /S /C #(nop)  CMD ["cmd.exe"]', 'CMD', '["cmd.exe"]', { shell: ['cmd', '/S', '/C'] }],
  ['cmd /S /C powershell -Command Install-Thing', 'RUN', 'powershell -Command Install-Thing', { shell: ['cmd', '/S', '/C'] }],
  // exec-form RUN with build args: no shell in the record
  ['|1 A=1 echo hi', 'RUN', '["echo", "hi"]', { form: 'exec' }],
];

const buildkit: Case[] = [
  ['RUN /bin/sh -c apt-get update # buildkit', 'RUN', 'apt-get update', { builder: 'buildkit', form: 'shell', shell: ['/bin/sh', '-c'] }],
  ['RUN |2 VERSION=1.2.3 FLAVOR=default /bin/sh -ec echo cached > /var/cache/sample/stamp && ls /var/cache/sample # buildkit', 'RUN', 'echo cached > /var/cache/sample/stamp && ls /var/cache/sample', { buildArgs: { VERSION: '1.2.3', FLAVOR: 'default' }, shell: ['/bin/sh', '-ec'] }],
  ['RUN /bin/bash -o pipefail -c set -eux; apt-get update; rm -rf /var/lib/apt/lists/* # buildkit', 'RUN', 'set -eux; apt-get update; rm -rf /var/lib/apt/lists/*', { shell: ['/bin/bash', '-o', 'pipefail', '-c'] }],
  ['RUN echo hi # buildkit', 'RUN', '["echo", "hi"]', { form: 'exec', argv: ['echo', 'hi'] }],
  ['RUN |1 A=1 /bin/sh -c echo $A # buildkit', 'RUN', 'echo $A', { buildArgs: { A: '1' }, shell: ['/bin/sh', '-c'] }],
  ['RUN /bin/sh -c set -e\necho one\necho two\n # buildkit', 'RUN', 'set -e\necho one\necho two', { heredoc: true }],
  ['COPY start.sh /opt/app/start.sh # buildkit', 'COPY', 'start.sh /opt/app/start.sh', { sources: ['start.sh'], destination: '/opt/app/start.sh', hiddenSource: false }],
  ['COPY /out/greeting.txt /opt/app/greeting.txt # buildkit', 'COPY', '/out/greeting.txt /opt/app/greeting.txt'],
  ['COPY a.txt b.txt /dst/ # buildkit', 'COPY', 'a.txt b.txt /dst/', { sources: ['a.txt', 'b.txt'], destination: '/dst/' }],
  ['ADD https://example.com/x.tar.gz /tmp/ # buildkit', 'ADD', 'https://example.com/x.tar.gz /tmp/'],
  ['COPY --parents a/b /dst # buildkit', 'COPY', '--parents a/b /dst', { flags: ['--parents'] }],
  ['WORKDIR /opt/app', 'WORKDIR', '/opt/app', { builder: 'buildkit' }],
  ['ENV APP_HOME=/opt/app APP_VERSION=1.2.3', 'ENV', 'APP_HOME=/opt/app APP_VERSION=1.2.3'],
  ['LABEL maintainer=someone@example.com', 'LABEL', 'maintainer=someone@example.com'],
  ['EXPOSE map[53/udp:{} 8080/tcp:{}]', 'EXPOSE', '53/udp 8080'],
  ['EXPOSE map[]', 'EXPOSE', ''],
  ['HEALTHCHECK &{["CMD" "/bin/sh" "-c" "test -x /app/run.sh"] "30s" "3s" "0s" \'\\x00\'}', 'HEALTHCHECK', '--interval=30s --timeout=3s CMD ["/bin/sh", "-c", "test -x /app/run.sh"]'],
  ['HEALTHCHECK &{["CMD" "wget" "-q" "--spider" "http://localhost"] "10s" "2s" "5s" "1s" \'\\x05\'}', 'HEALTHCHECK', '--interval=10s --timeout=2s --start-period=5s --start-interval=1s --retries=5 CMD ["wget", "-q", "--spider", "http://localhost"]'],
  ['SHELL [/bin/sh -ec]', 'SHELL', '["/bin/sh", "-ec"]'],
  ['USER app', 'USER', 'app'],
  ['VOLUME [/opt/app/data]', 'VOLUME', '["/opt/app/data"]'],
  ['STOPSIGNAL SIGTERM', 'STOPSIGNAL', 'SIGTERM'],
  ['ARG FLAVOR=default', 'ARG', 'FLAVOR=default'],
  ['ENTRYPOINT ["/opt/app/start.sh"]', 'ENTRYPOINT', '["/opt/app/start.sh"]'],
  ['CMD ["--serve"]', 'CMD', '["--serve"]'],
  ['ONBUILD RUN make', 'ONBUILD', 'RUN make'],
  // kaniko prints the Dockerfile line as written
  ['RUN apt-get update && rm -rf /var/lib/apt/lists/*', 'RUN', 'apt-get update && rm -rf /var/lib/apt/lists/*', { form: 'shell' }],
  ['RUN ["apt-get", "update"]', 'RUN', '["apt-get", "update"]', { form: 'exec' }],
  ['CMD ["node", "server.js"]', 'CMD', '["node", "server.js"]'],
];

const unknown: string[] = ['', 'ko', 'jib-maven-plugin:3.4.0', 'bazel build //app:image', '/bin/sh -c #(nop)  FROBNICATE x', 'Imported from -'];

for (const [raw, instruction, args, extra] of [...legacy, ...buildkit]) {
  test(`parses ${JSON.stringify(raw).slice(0, 90)}`, () => {
    const p = parseCreatedBy(raw);
    assert.equal(p.instruction, instruction);
    assert.equal(p.arguments, args);
    assert.equal(p.raw, raw);
    for (const [k, v] of Object.entries(extra ?? {})) assert.deepEqual((p as unknown as Record<string, unknown>)[k], v, k);
  });
}

test('unknown shapes are kept verbatim and never throw', () => {
  for (const raw of unknown) {
    const p = parseCreatedBy(raw);
    assert.equal(p.instruction, 'UNKNOWN', raw);
    assert.equal(p.arguments, raw.trim());
    assert.equal(p.raw, raw);
  }
  // broken Go prints fall back without throwing
  assert.equal(parseCreatedBy('HEALTHCHECK &{["CMD" "x'). instruction, 'HEALTHCHECK');
  assert.equal(parseCreatedBy('CMD ["unterminated').arguments, '["unterminated');
});

test('every line of the committed sample histories parses to a known instruction', () => {
  for (const name of ['buildkit', 'good', 'legacy', 'waste']) {
    const lines = readFileSync(sample(`${name}.history.txt`), 'utf8').split('\n').filter(Boolean);
    assert.ok(lines.length > 3);
    for (const line of lines) {
      const p = parseCreatedBy(line);
      assert.notEqual(p.instruction, 'UNKNOWN', line);
      assert.ok(!p.arguments.includes('# buildkit'), line);
      assert.ok(!p.arguments.includes('#(nop)'), line);
      if (p.instruction === 'RUN') assert.ok(!/^(\|\d|\/bin\/sh)/.test(p.arguments), line);
      assert.equal(p.builder, name === 'waste' || name === 'legacy' ? 'legacy' : 'buildkit', line);
    }
  }
});

test('a known custom SHELL is stripped from RUN lines, whatever the program', () => {
  const shell = ['/usr/bin/python3', '-c'];
  const bk = parseCreatedBy('RUN /usr/bin/python3 -c print("hi") # buildkit', { shell });
  assert.deepEqual([bk.instruction, bk.arguments, bk.form, bk.shell], ['RUN', 'print("hi")', 'shell', shell]);
  const legacy = parseCreatedBy('/usr/bin/python3 -c print("hi")', { shell });
  assert.deepEqual([legacy.instruction, legacy.arguments, legacy.builder], ['RUN', 'print("hi")', 'legacy']);
  const nop = parseCreatedBy('/usr/bin/python3 -c #(nop)  ENV A=1', { shell });
  assert.deepEqual([nop.instruction, nop.arguments], ['ENV', 'A=1']);
  // Unknown without being told: no sh-like shell to strip.
  assert.equal(parseCreatedBy('/usr/bin/python3 -c print("hi")').instruction, 'UNKNOWN');
});

test('splitShellPrefix finds shells and leaves commands alone', () => {
  assert.deepEqual(splitShellPrefix('/bin/sh -c echo hi'), { shell: ['/bin/sh', '-c'], rest: 'echo hi' });
  assert.deepEqual(splitShellPrefix('sh -euxc make'), { shell: ['sh', '-euxc'], rest: 'make' });
  assert.deepEqual(splitShellPrefix('/usr/bin/env bash -c x'), { shell: ['/usr/bin/env', 'bash', '-c'], rest: 'x' });
  assert.deepEqual(splitShellPrefix('powershell -Command $ErrorActionPreference = 1'), { shell: ['powershell', '-Command'], rest: '$ErrorActionPreference = 1' });
  assert.equal(splitShellPrefix('echo -c'), undefined);
  assert.equal(splitShellPrefix('shasum -c x'), undefined);
});

test('hostile created_by text parses in linear time (no regex backtracking blow-up)', () => {
  const started = Date.now();
  for (const text of ['sh' + ' -o'.repeat(50_000) + ' x', 'powershell' + ' -X'.repeat(50_000) + ' x', 'RUN /bin/sh -c ' + 'a && b; '.repeat(50_000) + ' # buildkit', 'RUN a' + ' '.repeat(50_000) + 'b # buildkit', `|${'9'.repeat(12)} A=1 /bin/sh -c x`]) {
    parseCreatedBy(text);
  }
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  // The walk keeps the shapes the regex took: options with arguments, bundled flags, the first -…c.
  assert.deepEqual(splitShellPrefix('/bin/bash -euo pipefail -O extglob -c a -c b'), { shell: ['/bin/bash', '-euo', 'pipefail', '-O', 'extglob', '-c'], rest: 'a -c b' });
  assert.deepEqual(splitShellPrefix('sh -c'), { shell: ['sh', '-c'], rest: '' });
});
