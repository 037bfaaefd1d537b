#!/bin/sh
# Entry point of the tsimage "buildkit"/"legacy" sample images.
echo "start.sh: APP_VERSION=${APP_VERSION:-unset} args: $*"
cat /opt/app/build-info.txt /opt/app/greeting.txt
