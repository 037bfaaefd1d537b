# tsimage sample "buildkit" -- exercises many instructions for Dockerfile
# reconstruction. Built by samples/build.sh with BuildKit as
# tsimage-sample/buildkit:1 and --build-arg VERSION=1.2.3.
# BuildKit-only features used: COPY --chmod, RUN --mount=type=cache.
# Not used: RUN/COPY heredocs -- the Dockerfile frontend built into Debian's
# docker.io 20.10.24 rejects them, and "# syntax=docker/dockerfile:1.4" would
# need to pull docker/dockerfile from a registry.
# samples/dockerfiles/legacy.Dockerfile is this file minus the BuildKit-only lines.

FROM tsimage-busybox:base AS builder
ARG GREETING=hello
RUN mkdir -p /out && echo "$GREETING from the builder stage" > /out/greeting.txt

FROM tsimage-busybox:base
ARG VERSION=0.0.0
ARG FLAVOR=default
ENV APP_HOME=/opt/app APP_VERSION=${VERSION}
WORKDIR /opt/app
SHELL ["/bin/sh", "-ec"]
RUN echo "version=${VERSION} flavor=${FLAVOR}" > build-info.txt
COPY app.conf ./app.conf
ADD notes.txt /opt/app/notes.txt
COPY --from=builder /out/greeting.txt /opt/app/greeting.txt
COPY --chmod=0755 start.sh /opt/app/start.sh
RUN --mount=type=cache,target=/var/cache/sample echo cached > /var/cache/sample/stamp && ls /var/cache/sample
LABEL org.opencontainers.image.title="tsimage buildkit sample" \
      org.opencontainers.image.version="${VERSION}"
EXPOSE 8080 53/udp
VOLUME ["/opt/app/data"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]
ONBUILD RUN echo "child build of the tsimage buildkit sample"
USER app
ENTRYPOINT ["/opt/app/start.sh"]
CMD ["--serve"]
