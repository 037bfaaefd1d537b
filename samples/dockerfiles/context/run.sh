#!/bin/sh
# Entry point of the tsimage "good" sample image.
echo "tsimage good sample running as $(id -u):$(id -g) in $(pwd)"
exec "$@"
