# Reconstructed by tsimage from tsimage-sample/multiarch:1: its history, layers and config.
# 1 history entry is not a known instruction and kept as comments.

# Base image: 3 layers, 1.98 MB; where it ends: the base image's closing CMD (history entry 7); buildah's comment "FROM localhost/tsimage-sample/good:1" on entry 8 agrees on 3 base layers.
# Its instructions, which FROM brings (not built again):
#   (history entry 0 has no created_by (comment: "tsimage busybox base (Debian busybox-static 1:1.35.0-4+deb12u1+b1)"): a root filesystem imported as a tar (docker import); rootfs.tar is a stand-in name for layer 0's contents)
#   ADD rootfs.tar /  (1.98 MB, layer 0)
#   LABEL org.opencontainers.image.title="tsimage good sample"
#   WORKDIR /app  (0 B, layer 1)
#   (--chown=10001:10001: the owner of the files the layer wrote (history does not record --chown))
#   COPY --chown=10001:10001 run.sh /app/run.sh  (136 B, layer 2)
#   USER app
#   HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "test -x /app/run.sh"]
#   ENTRYPOINT ["/app/run.sh"]
#   CMD ["sleep", "3600"]
# FROM localhost/tsimage-sample/good:1: named by the image (history comment "FROM localhost/tsimage-sample/good:1" (buildah))
FROM localhost/tsimage-sample/good:1

# history entry 8 is not a Dockerfile instruction tsimage knows; kept verbatim:
# buildah config --os linux --arch arm64 --variant v8 && buildah copy platform.txt /etc/tsimage-platform

# from the image config: no history entry set it
LABEL io.buildah.version=1.28.2
