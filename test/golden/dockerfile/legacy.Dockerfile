# Reconstructed by tsimage from tsimage-sample/legacy:1: its history, layers and config.
# Built with these build arguments in effect: --build-arg FLAVOR=default --build-arg VERSION=1.2.3

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

# source named from the file the layer wrote, /opt/app/app.conf (history: file:ca615c91414f…)
COPY app.conf ./app.conf

# source named from the file the layer wrote, /opt/app/notes.txt (history: file:04d1af792204…)
ADD notes.txt /opt/app/notes.txt

# source named from the file the layer wrote, /opt/app/greeting.txt (history: file:dc094a641e70…)
COPY greeting.txt /opt/app/greeting.txt

# source named from the file the layer wrote, /opt/app/start.sh (history: file:b2e88ea5413a…)
COPY start.sh /opt/app/start.sh
LABEL org.opencontainers.image.title="tsimage legacy sample" org.opencontainers.image.version=1.2.3
EXPOSE 53/udp 8080
VOLUME ["/opt/app/data"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/bin/sh", "-c", "test -f /opt/app/build-info.txt"]
ONBUILD RUN echo "child build of the tsimage legacy sample"
USER app
ENTRYPOINT ["/opt/app/start.sh"]
CMD ["--serve"]
