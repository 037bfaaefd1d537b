/**
 * Secrets never appear in clear in any output (issue 14): a real image built by the engine with a build
 * ARG a RUN uses, ENV passwords (one that needs Dockerfile quoting), a token-shaped value under a harmless
 * name, and a LABEL with a token. Every report format, `dockerfile`, `diff` and `run` must mask them;
 * `--show-secrets` must print them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, sample } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { buildTestImage, type TestImage } from '../rules/images.js';
import { formatNames } from '../../src/report/index.js';
import { findSecrets, maskSecrets, maskText } from '../../src/analysis/secrets.js';

const SECRETS = {
  npmToken: 'npmTok3nSecretValue42',
  dbPassword: 'pa$$ w0rd"DbSecret',
  awsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  labelToken: 'LabelTok3nValue99',
};

const SECRET_IMAGE: TestImage = {
  name: 'secrets',
  builder: 'legacy',
  dockerfile: `FROM ${BUSYBOX_BASE}
ARG NPM_TOKEN
ENV DB_PASSWORD="pa\\$\\$ w0rd\\"DbSecret" AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}
ENV UPLOAD_KEY_REF=${SECRETS.awsKeyId}
LABEL com.example.api-token=${SECRETS.labelToken}
RUN test -n "$NPM_TOKEN" && echo ok > /ok
USER app
`,
  context: {},
  buildArgs: { NPM_TOKEN: SECRETS.npmToken },
};

/** The secret values a text shows in clear (also the pieces of the one with a space and a quote). */
function leaked(text: string): string[] {
  const needles = [...Object.values(SECRETS), 'w0rd', 'DbSecret'];
  return needles.filter((n) => text.includes(n) || text.includes(JSON.stringify(n).slice(1, -1)));
}

const engine = busyboxBaseUnavailable();
async function secretArchive(t: { skip(message: string): void }): Promise<string | undefined> {
  const reason = await engine;
  if (reason) { t.skip(reason); return undefined; }
  return buildTestImage(SECRET_IMAGE);
}

test('the masking module: a value is masked beside its name, a token of a known shape anywhere, nothing else', () => {
  const secrets = findSecrets({ config: { Env: ['POSTGRES_PASSWORD=postgres', 'KEY_REF=AKIAIOSFODNN7EXAMPLE', 'PATH=/bin'], Labels: {} }, history: [{ createdBy: '|1 NPM_TOKEN=abcdefgh /bin/sh -c make' }] });
  assert.deepEqual(secrets.map((s) => s.name).sort(), ['KEY_REF', 'NPM_TOKEN', 'POSTGRES_PASSWORD']);
  assert.equal(maskText('ENV POSTGRES_PASSWORD=postgres', secrets), 'ENV POSTGRES_PASSWORD=po****es');
  assert.equal(maskText('usr/lib/postgresql', secrets), 'usr/lib/postgresql', 'a name-judged value is not masked away from its name');
  assert.equal(maskText('echo AKIAIOSFODNN7EXAMPLE', secrets), 'echo AK********LE');
  assert.deepEqual(maskSecrets({ key: 'NPM_TOKEN', a: 'abcdefgh', b: 'other' }, secrets), { key: 'NPM_TOKEN', a: 'ab****gh', b: 'other' });
  assert.deepEqual(maskSecrets({ NPM_TOKEN: 'abcdefgh', USER: 'abcdefgh' }, secrets), { NPM_TOKEN: 'ab****gh', USER: 'abcdefgh' });
});

test('analyze: no report format prints a secret; --show-secrets prints them', async (t) => {
  const archive = await secretArchive(t);
  if (!archive) return;
  for (const format of formatNames) {
    const { stdout, stderr, code } = await runCli(['analyze', archive, '--format', format, '--fail-on', 'none']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(leaked(stdout + stderr), [], `analyze --format ${format}`);
  }
  // The findings still name every secret (masked).
  const json = JSON.parse((await runCli(['analyze', archive, '--format', 'json', '--fail-on', 'none'])).stdout);
  const secretFindings = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'secret-in-env-or-arg').map((f: { message: string }) => f.message.split(' looks')[0]).sort();
  assert.deepEqual(secretFindings, ['ENV AWS_SECRET_ACCESS_KEY=wJ********EY', 'ENV DB_PASSWORD=pa********et', 'ENV UPLOAD_KEY_REF=AK********LE', 'LABEL com.example.api-token=La********99', 'build ARG NPM_TOKEN=np********42']);
  assert.ok(json.config.Env.includes('DB_PASSWORD=pa********et'));
  assert.equal(json.config.Labels['com.example.api-token'], 'La********99');
  assert.match(json.dockerfile, /ENV DB_PASSWORD=pa\*{8}et AWS_SECRET_ACCESS_KEY=wJ\*{8}EY/);

  const shown = await runCli(['analyze', archive, '--format', 'json', '--fail-on', 'none', '--show-secrets']);
  const revealed = JSON.parse(shown.stdout);
  assert.ok(revealed.config.Env.includes(`DB_PASSWORD=${SECRETS.dbPassword}`));
  assert.ok(revealed.dockerfile.includes('--build-arg NPM_TOKEN=npmTok3nSecretValue42'));
  assert.ok(revealed.dockerfile.includes('DB_PASSWORD="pa\\$\\$ w0rd\\"DbSecret"'), 'quoted as a Dockerfile writes it');
  const markdown = await runCli(['analyze', archive, '--format', 'markdown', '--fail-on', 'none', '--show-secrets']);
  assert.ok(markdown.stdout.includes(SECRETS.labelToken));
});

test('dockerfile: masked, and the quoted value too; --show-secrets prints the rebuildable text', async (t) => {
  const archive = await secretArchive(t);
  if (!archive) return;
  for (const extra of [[], ['--sizes']]) {
    const { stdout, code } = await runCli(['dockerfile', archive, ...extra]);
    assert.equal(code, 0);
    assert.deepEqual(leaked(stdout), [], `dockerfile ${extra.join(' ')}`);
    assert.match(stdout, /# Built with these build arguments in effect: --build-arg NPM_TOKEN=np\*{8}42/);
  }
  const shown = await runCli(['dockerfile', archive, '--show-secrets']);
  // Every value, the password as a Dockerfile quotes it so the rebuild reads back the same value.
  assert.deepEqual(leaked(shown.stdout).sort(), [...Object.values(SECRETS).filter((v) => v !== SECRETS.dbPassword), 'w0rd', 'DbSecret'].sort());
  assert.ok(shown.stdout.includes('ENV DB_PASSWORD="pa\\$\\$ w0rd\\"DbSecret"'));
});

test('diff: text, json and markdown mask both sides; --show-secrets prints them', async (t) => {
  const archive = await secretArchive(t);
  if (!archive) return;
  for (const format of ['text', 'json', 'markdown']) {
    for (const [a, b] of [[sample('good.docker.tar'), archive], [archive, sample('good.docker.tar')]]) {
      const { stdout, code, stderr } = await runCli(['diff', a, b, '--format', format]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(leaked(stdout), [], `diff --format ${format}`);
    }
  }
  const json = JSON.parse((await runCli(['diff', sample('good.docker.tar'), archive, '--format', 'json'])).stdout);
  assert.deepEqual(json.labels.find((l: { key: string }) => l.key === 'com.example.api-token'), { key: 'com.example.api-token', b: 'La********99' });
  const shown = await runCli(['diff', sample('good.docker.tar'), archive, '--format', 'json', '--show-secrets']);
  assert.ok(shown.stdout.includes(SECRETS.labelToken) && shown.stdout.includes(SECRETS.npmToken));
});

test('run: the change report and --report formats mask; --show-secrets prints them', async (t) => {
  const archive = await secretArchive(t);
  if (!archive) return;
  const text = await runCli(['run', archive, '--user', '0', '--', 'sh', '-c', 'touch /made']);
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(leaked(text.stdout + text.stderr), []);
  for (const format of ['json', 'markdown', 'sarif']) {
    const { stdout, stderr, code } = await runCli(['run', archive, '--user', '0', '--report', format, '--', 'true']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(leaked(stdout + stderr), [], `run --report ${format}`);
  }
  const shown = await runCli(['run', archive, '--user', '0', '--report', 'json', '--show-secrets', '--', 'true']);
  assert.ok(shown.stdout.includes(SECRETS.awsSecret), 'the report shows the config as it is');
});
