# Reconstructed by tsimage from tsimage-sample/waste:1: its history, layers and config.
# Trailing size comments are for reading: remove them before building.

# Base image: 1 layer, 1.98 MB; where it ends: the root filesystem layer only (no closing CMD/ENTRYPOINT or time gap marks a longer base).
# Its instructions, which FROM brings (not built again):
#   (history entry 0 has no created_by (comment: "tsimage busybox base (Debian busybox-static 1:1.35.0-4+deb12u1+b1)"): a root filesystem imported as a tar (docker import); rootfs.tar is a stand-in name for layer 0's contents)
#   ADD rootfs.tar /  (1.98 MB, layer 0)
# FROM busybox:1.35: best guess, medium confidence (/bin/busybox says BusyBox v1.35.0)
FROM busybox:1.35
LABEL org.opencontainers.image.title="tsimage waste sample" org.opencontainers.image.description="layers with deleted, chmod-copied, overwritten, opaque-replaced and duplicated files"
ENV APP_HOME=/srv/app APP_MODE=waste
WORKDIR /srv/app  # 0 B (layer 1)
RUN head -c 300000 /dev/urandom > /srv/app/big.bin  # 300 kB (layer 2)

# source named from the file the layer wrote, /srv/app/copied.bin (history: file:8b8f273c6751…)
COPY copied.bin /srv/app/copied.bin  # 102 kB (layer 3)
RUN head -c 50000 /dev/urandom > /srv/app/config.dat  # 50.0 kB (layer 4)

RUN mkdir -p /data/sub \
    && head -c 1000 /dev/urandom > /data/a.bin \
    && head -c 2000 /dev/urandom > /data/b.bin \
    && head -c 3000 /dev/urandom > /data/c.bin \
    && head -c 4000 /dev/urandom > /data/sub/d.bin  # 10.0 kB (layer 5)
RUN head -c 40000 /dev/urandom > /srv/app/dup-a.bin  # 40.0 kB (layer 6)
RUN rm /srv/app/big.bin  # 0 B (layer 7)
RUN chmod 600 /srv/app/copied.bin  # 102 kB (layer 8)
RUN head -c 20000 /dev/urandom > /srv/app/config.dat  # 20.0 kB (layer 9)
RUN rm -rf /data && mkdir /data && echo new > /data/x  # 4 B (layer 10)
RUN mkdir -p /opt && cp /srv/app/dup-a.bin /opt/dup-b.bin  # 40.0 kB (layer 11)
EXPOSE 8080
USER app
CMD ["sh"]
