# Reconstructed by tsimage from tsimage-sample/buildkit:1: its history, layers and config.
# Built with these build arguments in effect: --build-arg VERSION=1.2.3 --build-arg FLAVOR=default

# Base image: 1 layer, 1.98 MB; where it ends: the root filesystem layer only (no closing CMD/ENTRYPOINT or time gap marks a longer base).
# Its instructions, which FROM brings (not built again):
#   (history entry 0 has no created_by (comment: "tsimage busybox base (Debian busybox-static 1:1.35.0-4+deb12u1+b1)"): a root filesystem imported as a tar (docker import); rootfs.tar is a stand-in name for layer 0's contents)
#   ADD rootfs.tar /  (1.98 MB, layer 0)
# FROM busybox:1.35: best guess, medium confidence (/bin/busybox says BusyBox v1.35.0)
FROM busybox:1.35
ARG VERSION=0.0.0
ARG FLAVOR=default
ENV APP_HOME=/opt/app APP_VERSION=1.2.3
WORKDIR /opt/app
SHELL ["/bin/sh", "-ec"]
RUN echo "version=${VERSION} flavor=${FLAVOR}" > build-info.txt
COPY app.conf ./app.conf
ADD notes.txt /opt/app/notes.txt

# an absolute source: likely COPY --from=<stage or image> (history does not record --from)
COPY /out/greeting.txt /opt/app/greeting.txt
COPY start.sh /opt/app/start.sh

# --mount=type=cache,target=/var/cache/sample: a guess (history does not record --mount): the command writes into /var/cache/sample, which the layer has only as a new, empty directory
RUN --mount=type=cache,target=/var/cache/sample echo cached > /var/cache/sample/stamp \
    && ls /var/cache/sample
LABEL org.opencontainers.image.title="tsimage buildkit sample" org.opencontainers.image.version=1.2.3
EXPOSE 53/udp 8080
VOLUME ["/opt/app/data"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]
USER app
ENTRYPOINT ["/opt/app/start.sh"]
CMD ["--serve"]

# from the image config: no history entry set it
ONBUILD RUN echo "child build of the tsimage buildkit sample"
