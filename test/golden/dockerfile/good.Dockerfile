# Reconstructed by tsimage from tsimage-sample/good:1: its history, layers and config.

# Base image: 1 layer, 1.98 MB; where it ends: the root filesystem layer only (no closing CMD/ENTRYPOINT or time gap marks a longer base).
# Its instructions, which FROM brings (not built again):
#   (history entry 0 has no created_by (comment: "tsimage busybox base (Debian busybox-static 1:1.35.0-4+deb12u1+b1)"): a root filesystem imported as a tar (docker import); rootfs.tar is a stand-in name for layer 0's contents)
#   ADD rootfs.tar /  (1.98 MB, layer 0)
# FROM busybox:1.35: best guess, medium confidence (/bin/busybox says BusyBox v1.35.0)
FROM busybox:1.35
LABEL org.opencontainers.image.title="tsimage good sample"
WORKDIR /app

# --chown=10001:10001: the owner of the files the layer wrote (history does not record --chown)
COPY --chown=10001:10001 run.sh /app/run.sh
USER app
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "test -x /app/run.sh"]
ENTRYPOINT ["/app/run.sh"]
CMD ["sleep", "3600"]
