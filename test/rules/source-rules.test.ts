/** Valid and invalid Dockerfile snippets for every rule's source check (tsimage lint). */
import { ruleTester } from './source-tester.js';

const F = 'FROM debian:12.5\n';

ruleTester('apt-update-alone', {
  valid: [F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', F + 'RUN echo update'],
  invalid: [{ code: F + 'RUN apt-get update\nRUN apt-get install -y curl', errors: [{ line: 2, message: 'without an install' }] }],
});

ruleTester('apt-no-install-recommends', {
  valid: [F + 'RUN apt-get install -y --no-install-recommends curl', F + 'RUN apt-get -o APT::Install-Recommends=false install -y curl', 'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12.5\nCOPY --from=build /x /x'],
  invalid: [{ code: F + 'RUN apt-get update && apt-get install -y curl wget', errors: [{ line: 2, message: 'curl, wget' }] }],
});

ruleTester('apt-lists-left', {
  valid: [
    F + 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    F + 'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl',
    // A build stage's lists never ship.
    'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12.5\nCOPY --from=build /x /x',
  ],
  invalid: [{ code: F + 'RUN apt-get update \\\n && apt-get install -y curl', errors: [{ line: 2, message: '/var/lib/apt/lists' }] }],
});

ruleTester('package-cache-left', {
  valid: [
    F + 'RUN pip install --no-cache-dir flask==3.0.0',
    F + 'ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0',
    'FROM alpine:3.20\nRUN apk add --no-cache curl',
    'FROM fedora:40\nRUN dnf install -y curl && dnf clean all',
    F + 'RUN npm ci && npm cache clean --force',
    F + 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.0',
  ],
  invalid: [
    { code: F + 'RUN pip install -r requirements.txt', errors: [{ line: 2, message: 'pip cache' }] },
    { code: 'FROM alpine:3.20\nRUN apk add curl', errors: [{ line: 2, message: 'apk cache' }] },
    { code: 'FROM centos:7\nRUN yum install -y httpd', errors: [{ line: 2, message: 'yum cache' }] },
    { code: F + 'RUN npm ci', errors: [{ line: 2, message: 'npm cache' }] },
  ],
});

ruleTester('archive-left', {
  valid: [F + 'RUN curl -fsSLo /tmp/t.tar.gz https://example.com/t.tar.gz && tar -xzf /tmp/t.tar.gz -C /opt && rm /tmp/t.tar.gz', F + 'RUN curl -fsSL https://example.com/t.tar.gz | tar -xz -C /opt'],
  invalid: [
    { code: F + 'RUN wget -q https://example.com/tool.tar.gz && tar -xzf tool.tar.gz -C /opt', errors: [{ line: 2, message: 'tool.tar.gz' }] },
    { code: F + 'COPY pkg.deb /tmp/\nRUN dpkg -i /tmp/pkg.deb', errors: [{ line: 3, message: '/tmp/pkg.deb' }] },
  ],
});

ruleTester('consecutive-run', {
  valid: [F + 'RUN a\nENV X=1\nRUN b', 'FROM a:1 AS one\nRUN a\nFROM b:1\nRUN b'],
  invalid: [{ code: F + 'RUN a\n# why\nRUN b\nRUN c\nCOPY x y\nRUN d', errors: [{ line: 2, message: '3 consecutive RUN' }] }],
});

ruleTester('copy-before-install', {
  valid: ['FROM node:20.11\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .', 'FROM node:20.11\nCOPY . .\nRUN npm run build'],
  invalid: [
    { code: 'FROM node:20.11\nWORKDIR /app\nCOPY . .\nRUN npm ci', errors: [{ line: 3, message: 'line 4' }] },
    { code: 'FROM python:3.12\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt', errors: [{ line: 2 }] },
  ],
});

ruleTester('add-instead-of-copy', {
  valid: [F + 'ADD https://example.com/a.txt /a.txt', F + 'ADD rootfs.tar.gz /', F + 'COPY a /a', F + 'ADD git@github.com:moby/buildkit.git /src'],
  invalid: [{ code: F + 'ADD notes.txt /srv/', errors: [{ line: 2, message: 'notes.txt' }] }],
});

ruleTester('add-remote-url', {
  valid: [F + 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar /a.tar', F + 'ADD a.tar /'],
  invalid: [{ code: F + 'ADD https://example.com/tool.tar.gz /opt/', errors: [{ line: 2, message: 'without a checksum' }] }],
});

ruleTester('runs-as-root', {
  valid: [F + 'USER app', 'FROM debian:12 AS b\nUSER root\nFROM b\nUSER 1000:1000', 'FROM scratch\nCOPY app /app', 'FROM debian:12 AS build\nFROM debian:12.5\nUSER nobody'],
  invalid: [
    { code: F + 'USER app\nRUN x\nUSER root', errors: [{ line: 4, message: 'root' }] },
    { code: F + 'RUN x', errors: [{ line: 1, message: 'no USER' }] },
    { code: 'FROM debian:12 AS build\nUSER app\nFROM debian:12.5\nRUN x', errors: [{ line: 3, message: 'no USER' }] },
  ],
});

ruleTester('secret-in-env-or-arg', {
  valid: [F + 'ENV DB_PASSWORD_FILE=/run/secrets/db', F + 'ARG APP_VERSION=1.2\nENV PASSENGER_VERSION=6', F + 'ARG NPM_TOKEN\nRUN echo hi'],
  invalid: [
    { code: F + 'ENV DB_PASSWORD=hunter22', errors: [{ line: 2, message: 'DB_PASSWORD=hu' }] },
    { code: F + 'ARG NPM_TOKEN\nRUN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc', errors: [{ line: 2, message: 'line 3' }] },
    { code: F + 'LABEL aws.key="AKIAIOSFODNN7EXAMPLE"', errors: [{ line: 2, message: 'AWS access key' }] },
    { code: F + 'ENV API_TOKEN "abc def ghi"', errors: [{ line: 2 }] },
  ],
});

ruleTester('hardcoded-password', {
  valid: [F + 'RUN useradd -m app', F + "RUN usermod -p '*' app"],
  invalid: [{ code: F + 'RUN echo "root:toor" | chpasswd', errors: [{ line: 2, message: 'chpasswd' }] }],
});

ruleTester('ssh-server', {
  valid: [F + 'RUN apt-get install -y openssh-client', F + 'EXPOSE 2222'],
  invalid: [
    { code: F + 'RUN apt-get update && apt-get install -y openssh-server', errors: [{ line: 2, message: 'openssh-server' }] },
    { code: F + 'EXPOSE 80 22/tcp', errors: [{ line: 2, message: 'port 22' }] },
  ],
});

ruleTester('latest-base-tag', {
  valid: [F, 'FROM scratch', 'FROM debian@sha256:0f4ab2d3b2f3', 'FROM golang:1.22 AS build\nFROM build', 'ARG BASE=debian:12\nFROM $BASE', 'FROM localhost:5000/app:2'],
  invalid: [
    { code: 'FROM ubuntu', errors: [{ line: 1, message: 'not tagged' }] },
    { code: 'FROM node:20 AS b\nFROM localhost:5000/app:latest', errors: [{ line: 2, message: ':latest' }] },
  ],
});

ruleTester('shell-form-entrypoint', {
  valid: [F + 'CMD ["nginx", "-g", "daemon off;"]', F + 'CMD exec nginx', F + 'CMD nginx\nENTRYPOINT ["/app"]'],
  invalid: [{ code: F + 'ENTRYPOINT /usr/bin/app --serve', errors: [{ line: 2, message: 'shell form' }] }],
});

ruleTester('apt-upgrade', {
  valid: [F + 'RUN apt-get install -y --only-upgrade curl'],
  invalid: [{ code: F + 'RUN apt-get update && apt-get dist-upgrade -y', errors: [{ line: 2 }] }],
});

ruleTester('missing-healthcheck', {
  valid: [F + 'HEALTHCHECK CMD ["/app", "health"]', F + 'HEALTHCHECK NONE', 'FROM x:1 AS b\nHEALTHCHECK CMD true\nFROM b'],
  invalid: [{ code: 'FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM debian:12.5\nRUN x', errors: [{ line: 3 }] }],
});

