# tsimage sample "good" -- a clean, well-built image (BuildKit).
# Built by samples/build.sh as tsimage-sample/good:1 (also tagged :2).
# Non-root user, exec-form ENTRYPOINT, HEALTHCHECK, no deleted files, no caches.
FROM tsimage-busybox:base
LABEL org.opencontainers.image.title="tsimage good sample"
WORKDIR /app
COPY --chown=app:app run.sh /app/run.sh
USER app
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "test -x /app/run.sh"]
ENTRYPOINT ["/app/run.sh"]
CMD ["sleep", "3600"]
