/**
 * The fixes of the built-in rules (`tsimage lint --fix`), RuleTester style: each rule's Dockerfiles that
 * must stay as they are and the ones that must become exactly their output. The two rules whose only job
 * is a fix (apt-instead-of-apt-get, apt-get-without-yes) keep theirs in their own test files.
 */
import { fixTester } from './fix-tester.js';

const F = 'FROM debian:12.5\n';

fixTester('maintainer-deprecated', {
  valid: [F + 'LABEL org.opencontainers.image.authors="me"\n'],
  invalid: [
    { code: F + 'MAINTAINER Jane Doe <jane@example.com>\n', output: F + 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n' },
    // LABEL expands $ and reads \ and ": they are escaped. Lower-case keywords stay lower case.
    { code: 'from debian:12.5\nmaintainer "J" $HOME \\x\n', output: 'from debian:12.5\nlabel org.opencontainers.image.authors="\\"J\\" \\$HOME \\\\x"\n' },
  ],
});

fixTester('add-instead-of-copy', {
  valid: [
    F + 'ADD app.tar.gz /srv/\n',
    F + 'ADD https://example.com/a.txt /srv/\n',
    // --checksum has no COPY equivalent: no fix offered.
    F + 'ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 notes.txt /srv/\n',
  ],
  invalid: [
    { code: F + 'ADD notes.txt /srv/\n', output: F + 'COPY notes.txt /srv/\n' },
    { code: F + '  add --chown=1:1 ["a b.txt", "/srv/"]\n', output: F + '  copy --chown=1:1 ["a b.txt", "/srv/"]\n' },
    // Continuation and the comment inside it survive.
    { code: F + 'ADD a.txt \\\n# the config\n    /srv/\n', output: F + 'COPY a.txt \\\n# the config\n    /srv/\n' },
  ],
});

fixTester('apt-no-install-recommends', {
  valid: [F + 'RUN apt-get install -y --no-install-recommends curl\n', F + 'RUN echo "apt-get install curl"\n'],
  invalid: [
    { unsafe: true, code: F + 'RUN apt-get install -y curl\n', output: F + 'RUN apt-get install --no-install-recommends -y curl\n' },
    {
      unsafe: true,
      code: F + 'RUN apt-get update \\\n && apt-get -q install -y curl \\\n && apt-get install -y --no-install-recommends git\n',
      output: F + 'RUN apt-get update \\\n && apt-get -q install --no-install-recommends -y curl \\\n && apt-get install -y --no-install-recommends git\n',
    },
  ],
});

fixTester('apt-lists-left', {
  valid: [
    F + 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    // A trailing comment would swallow what is appended: no fix.
    F + 'RUN apt-get update && apt-get install -y curl # tools\n',
  ],
  invalid: [
    { unsafe: true, code: F + 'RUN apt-get update && apt-get install -y curl\n', output: F + 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n' },
    {
      unsafe: true,
      code: F + 'RUN apt-get update \\\n    && apt-get install -y curl   \n',
      output: F + 'RUN apt-get update \\\n    && apt-get install -y curl && rm -rf /var/lib/apt/lists/*   \n',
    },
  ],
});

fixTester('apt-update-alone', {
  valid: [
    F + 'RUN apt-get update\nENV A=1\nRUN apt-get install -y curl\n',
    F + 'RUN apt-get update\nRUN echo done\n',
  ],
  invalid: [
    { unsafe: true, code: F + 'RUN apt-get update\nRUN apt-get install -y curl\n', output: F + 'RUN apt-get install -y curl\n'.replace('RUN ', 'RUN apt-get update && ') },
    {
      unsafe: true,
      code: F + 'RUN apt-get update -q\n# the tools\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get install -y curl\n',
      output: F + '# the tools\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update -q && apt-get install -y curl\n',
    },
  ],
});

fixTester('shell-form-entrypoint', {
  valid: [F + 'CMD ["app", "--serve"]\n', F + 'CMD exec app --serve\n', F + 'CMD app && other\n'],
  invalid: [
    { unsafe: true, code: F + 'CMD app --serve\n', output: F + 'CMD ["app", "--serve"]\n' },
    { unsafe: true, code: F + 'ENTRYPOINT node server.js --port $PORT\n', output: F + 'ENTRYPOINT ["/bin/sh", "-c", "exec node server.js --port $PORT"]\n' },
  ],
});

fixTester('consecutive-run', {
  valid: [
    F + 'RUN echo a\nENV A=1\nRUN echo b\n',
    // A heredoc, different flags, or a trailing comment: no join.
    F + 'RUN echo a\nRUN <<EOF\necho b\nEOF\n',
    F + 'RUN --network=none echo a\nRUN echo b\n',
    F + 'RUN echo a # first\nRUN echo b\n',
  ],
  invalid: [
    { unsafe: true, code: F + 'RUN echo a\nRUN echo b\nRUN echo c\n', output: F + 'RUN echo a \\\n && echo b \\\n && echo c\n' },
    // Comments between stay (inside the continuation), blank lines go.
    { unsafe: true, code: F + 'RUN echo a\n\n# then b\nRUN echo b \\\n    && echo c\n', output: F + 'RUN echo a \\\n# then b\n && echo b \\\n    && echo c\n' },
  ],
});

// Every rule at once: fixes that make others possible are taken in later rounds.
fixTester('*', {
  valid: [F + 'RUN <<EOF\napt-get update\nEOF\n'],
  invalid: [
    {
      unsafe: true,
      code: F + 'RUN apt update\nRUN apt install curl\n',
      output: F + 'RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});

// The BuildKit checks about how a line is written: safe, the builder reads both spellings the same way.
fixTester('legacy-key-value-format', {
  valid: [F + 'ENV FOO=bar\n', F + 'LABEL a="b c"\n'],
  invalid: [
    { code: F + 'ENV FOO bar\n', output: F + 'ENV FOO=bar\n' },
    { code: F + 'LABEL maintainer Jane Doe\n', output: F + 'LABEL maintainer="Jane Doe"\n' },
  ],
});

fixTester('from-as-casing', {
  valid: [F + 'FROM debian:12.5 AS build\n', 'from debian:12.5 as build\n'],
  invalid: [
    { code: 'FROM debian:12.5 as build\n', output: 'FROM debian:12.5 AS build\n' },
    { code: 'from debian:12.5 AS build\n', output: 'from debian:12.5 as build\n' },
  ],
});

fixTester('consistent-instruction-casing', {
  valid: [F + 'RUN echo hi\n', 'from debian:12.5\nrun echo hi\n'],
  invalid: [
    { code: F + 'RUN echo a\nrun echo b\n', output: F + 'RUN echo a\nRUN echo b\n' },
    { code: 'from debian:12.5\nrun echo a\nRUN echo b\n', output: 'from debian:12.5\nrun echo a\nrun echo b\n' },
  ],
});
