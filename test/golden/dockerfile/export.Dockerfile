# Reconstructed by tsimage from samples/export.tar: its history, layers and config.
# This is a container filesystem snapshot (docker export): it has no config and no build history.
# Its files look like busybox:1.35 (/bin/busybox says BusyBox v1.35.0).

# FROM scratch: no base image (an image without history starts from its own root filesystem layer)
FROM scratch

# rootfs.tar: layer 0's 290 entries (1982554 bytes); the name is a stand-in, save the layer as that tar to rebuild
ADD rootfs.tar /
