# tsimage sample "legacy" -- samples/dockerfiles/buildkit.Dockerfile minus the
# BuildKit-only features (COPY --chmod, RUN --mount), built with the LEGACY
# builder (DOCKER_BUILDKIT=0) as tsimage-sample/legacy:1 with
# --build-arg VERSION=1.2.3. start.sh is already mode 0755 in the context.

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
COPY start.sh /opt/app/start.sh
LABEL org.opencontainers.image.title="tsimage legacy sample" \
      org.opencontainers.image.version="${VERSION}"
EXPOSE 8080 53/udp
VOLUME ["/opt/app/data"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]
ONBUILD RUN echo "child build of the tsimage legacy sample"
USER app
ENTRYPOINT ["/opt/app/start.sh"]
CMD ["--serve"]
