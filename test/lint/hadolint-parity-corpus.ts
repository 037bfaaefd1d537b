/**
 * A labelled corpus for the hadolint codes our rules map: each case is a Dockerfile and the lines hadolint
 * reports the code on, as its documentation and rule source (hadolint/hadolint src/Hadolint/Rule/DLxxxx.hs)
 * describe it. Written for tsimage, not copied from hadolint's tests. `deliberate` cases are forms where we
 * differ on purpose (docs/lint.md says why): they are measured apart and never count against parity.
 * scripts/hadolint-parity.mjs prints precision and recall; test/lint/hadolint-parity.test.ts holds them up.
 */
export interface ParityCase {
  code: string;
  dockerfile: string;
  /** Lines hadolint reports `code` on. */
  lines: number[];
  /** A form where tsimage differs from hadolint on purpose, with the reason. */
  deliberate?: string;
}

const D = 'FROM debian:12.5\n';
const P = 'FROM python:3.12.4\n';
const N = 'FROM node:20.11\n';
const R = 'FROM fedora:40\n';

export const PARITY_CASES: ParityCase[] = [
  // DL3013: pin versions in pip.
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir django', lines: [2] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir django==5.0.6', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir "requests>=2.31"', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir -r requirements.txt', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir .', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir ./vendor/mypackage', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir dist/app-1.0-py3-none-any.whl', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir app-1.0.tar.gz', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir git+https://github.com/example/lib.git@v1.2.0', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir git+https://github.com/example/lib.git', lines: [2] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir -c constraints.txt flask', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir --upgrade pip', lines: [2] },
  { code: 'DL3013', dockerfile: P + 'RUN python -m pip install --no-cache-dir flask', lines: [2] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir "flask[async]==3.0.3"', lines: [] },
  { code: 'DL3013', dockerfile: P + 'RUN pip install --no-cache-dir -e git+https://github.com/example/lib.git@v1#egg=lib', lines: [] },
  // DL3016: pin versions in npm.
  { code: 'DL3016', dockerfile: N + 'RUN npm install express', lines: [2] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install express@4.19.2', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install -g @angular/cli', lines: [2] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install -g @angular/cli@17.3.0', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install ./packages/shared', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install /opt/pkg', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install ./app-1.0.0.tgz', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install vendor/app.tar', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install git+https://github.com/example/lib.git', lines: [2] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install git+https://github.com/example/lib.git#v1.0.0', lines: [] },
  { code: 'DL3016', dockerfile: N + 'RUN npm install express@latest', lines: [], deliberate: 'name@latest names no version' },
  { code: 'DL3016', dockerfile: N + 'RUN npm i express', lines: [], deliberate: 'npm i is npm install; hadolint reads only the long verb' },
  // DL3032: yum clean all.
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum install -y httpd', lines: [2] },
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum install -y httpd && yum clean all', lines: [] },
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum -y install httpd && yum clean all', lines: [] },
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum -y install httpd', lines: [2] },
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum makecache', lines: [] },
  { code: 'DL3032', dockerfile: 'FROM centos:7\nRUN yum install -y httpd && rm -rf /var/cache/yum', lines: [2], deliberate: 'removing the cache directory cleans it as well as yum clean all' },
  // DL3040: dnf clean all (dnf and microdnf).
  { code: 'DL3040', dockerfile: R + 'RUN dnf install -y httpd', lines: [2] },
  { code: 'DL3040', dockerfile: R + 'RUN dnf install -y httpd && dnf clean all', lines: [] },
  { code: 'DL3040', dockerfile: R + 'RUN dnf -y install httpd && dnf clean all', lines: [] },
  { code: 'DL3040', dockerfile: R + 'RUN dnf -y install httpd', lines: [2] },
  { code: 'DL3040', dockerfile: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y httpd', lines: [2] },
  { code: 'DL3040', dockerfile: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y httpd && microdnf clean all', lines: [] },
  { code: 'DL3040', dockerfile: R + 'RUN dnf install -y httpd && rm -rf /var/cache/yum/*', lines: [] },
  { code: 'DL3040', dockerfile: R + 'RUN dnf upgrade -y', lines: [] },
  // DL3042: pip cache.
  { code: 'DL3042', dockerfile: P + 'RUN pip install flask==3.0.3', lines: [2] },
  { code: 'DL3042', dockerfile: P + 'RUN pip install --no-cache-dir flask==3.0.3', lines: [] },
  { code: 'DL3042', dockerfile: P + 'ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3', lines: [] },
  { code: 'DL3042', dockerfile: P + 'ENV PIP_NO_CACHE_DIR=true\nRUN pip install flask==3.0.3', lines: [] },
  { code: 'DL3042', dockerfile: P + 'ENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3.0.3', lines: [3] },
  { code: 'DL3042', dockerfile: P + 'ENV PIP_NO_CACHE_DIR=false\nRUN pip install flask==3.0.3', lines: [3] },
  { code: 'DL3042', dockerfile: P + 'RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3', lines: [] },
  { code: 'DL3042', dockerfile: P + 'RUN PIP_NO_CACHE_DIR=off pip install flask==3.0.3', lines: [2] },
  { code: 'DL3042', dockerfile: P + 'RUN pipx install poetry==1.8.3', lines: [] },
  { code: 'DL3042', dockerfile: P + 'RUN pip install --no-cache-dir -r requirements.txt && pip install flask==3.0.3', lines: [2] },
  { code: 'DL3042', dockerfile: P + 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3', lines: [2], deliberate: 'a cache mount keeps the cache out of the image' },
  // DL3002: last USER should not be root, per stage.
  { code: 'DL3002', dockerfile: D + 'USER root', lines: [2] },
  { code: 'DL3002', dockerfile: D + 'USER root\nRUN apt-get clean\nUSER app', lines: [] },
  { code: 'DL3002', dockerfile: D + 'USER 0:0', lines: [2] },
  { code: 'DL3002', dockerfile: D + 'USER root:root', lines: [2] },
  { code: 'DL3002', dockerfile: D + 'USER app:root', lines: [] },
  { code: 'DL3002', dockerfile: 'FROM debian:12.5 AS build\nUSER root\nRUN make\nFROM debian:12.5\nUSER app', lines: [2] },
  { code: 'DL3002', dockerfile: 'FROM debian:12.5 AS build\nUSER app\nFROM build\nUSER root\nRUN id\nUSER app', lines: [] },
  { code: 'DL3002', dockerfile: D + 'COPY app /app', lines: [], deliberate: 'no USER at all runs as root too (unless the base sets one)' },
  // DL3009: delete the apt lists.
  { code: 'DL3009', dockerfile: D + 'RUN apt-get update && apt-get install -y curl', lines: [2] },
  { code: 'DL3009', dockerfile: D + 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', lines: [] },
  { code: 'DL3009', dockerfile: D + 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl', lines: [] },
  { code: 'DL3009', dockerfile: D + 'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl', lines: [] },
  { code: 'DL3009', dockerfile: D + 'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl', lines: [2] },
  { code: 'DL3009', dockerfile: 'FROM debian:12.5 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCOPY app /app', lines: [2] },
  { code: 'DL3009', dockerfile: 'FROM debian:12.5 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12.5\nCOPY --from=build /out /out', lines: [] },
  { code: 'DL3009', dockerfile: D + 'RUN apt-get install -y curl', lines: [] },
  // DL4000: MAINTAINER.
  { code: 'DL4000', dockerfile: D + 'MAINTAINER Jane Doe <jane@example.com>', lines: [2] },
  { code: 'DL4000', dockerfile: D + 'LABEL org.opencontainers.image.authors="Jane Doe"', lines: [] },
  { code: 'DL4000', dockerfile: 'FROM debian:12.5 AS a\nMAINTAINER a\nFROM debian:12.5\nmaintainer b', lines: [2, 4] },
  { code: 'DL4000', dockerfile: 'MAINTAINER Jane Doe\nFROM debian:12.5', lines: [1], deliberate: 'an instruction before FROM makes the builder refuse the file: tsimage lint exits 2 naming the line' },
  // DL4006: pipefail, per stage.
  { code: 'DL4006', dockerfile: D + 'RUN wget -qO- https://example.com/x | wc -l', lines: [2] },
  { code: 'DL4006', dockerfile: D + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://example.com/x | wc -l', lines: [] },
  { code: 'DL4006', dockerfile: 'FROM debian:12.5 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM debian:12.5\nRUN c | d', lines: [5] },
  { code: 'DL4006', dockerfile: D + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSHELL ["/bin/bash", "-c"]\nRUN a | b', lines: [4] },
  { code: 'DL4006', dockerfile: 'FROM mcr.microsoft.com/powershell:7.4-debian-12\nSHELL ["pwsh", "-Command"]\nRUN Get-ChildItem | Select-Object Name', lines: [] },
  { code: 'DL4006', dockerfile: D + 'RUN a || b', lines: [] },
  { code: 'DL4006', dockerfile: D + 'RUN a | b\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN c | d', lines: [2] },
  { code: 'DL4006', dockerfile: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN a | b', lines: [] },
  { code: 'DL4006', dockerfile: D + 'RUN set -o pipefail && a | b', lines: [2], deliberate: 'set -o pipefail in the RUN itself has the same effect as the SHELL' },
  // DL3020: COPY instead of ADD for files and folders.
  { code: 'DL3020', dockerfile: D + 'ADD app.conf /etc/app/', lines: [2] },
  { code: 'DL3020', dockerfile: D + 'ADD --chown=app:app src/ /app/', lines: [2] },
  { code: 'DL3020', dockerfile: D + 'ADD rootfs.tar.gz /', lines: [] },
  { code: 'DL3020', dockerfile: D + 'ADD "rootfs.tar.xz" /', lines: [] },
  { code: "DL3020", dockerfile: D + "ADD 'rootfs.tgz' /", lines: [] },
  { code: 'DL3020', dockerfile: D + 'ADD ["rootfs.tar.bz2", "/"]', lines: [] },
  { code: 'DL3020', dockerfile: D + 'ADD ["app.conf", "/etc/app/"]', lines: [2] },
  { code: 'DL3020', dockerfile: D + 'COPY app.conf /etc/app/', lines: [] },
];
