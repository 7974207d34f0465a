#!/usr/bin/env bash
# Fetches the Zipkin server (io.zipkin:zipkin-server exec jar, Maven Central) once into
# $JM_INFRA_HOME (default ~/.cache/jm-infra), checks it against Central's .sha1 file, and
# prints the jar's path. test/ops/zipkin.spec.ts calls it, so a fresh machine works.
#   scripts/infra/zipkin.sh            fetch if missing, print the path
set -euo pipefail

ZIPKIN_VERSION=${JM_ZIPKIN_VERSION:-3.6.1}
JM_INFRA_HOME=${JM_INFRA_HOME:-$HOME/.cache/jm-infra}
DIR="$JM_INFRA_HOME/zipkin-$ZIPKIN_VERSION"
JAR="$DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
URL="https://repo1.maven.org/maven2/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"

if [ ! -s "$JAR" ]; then
  mkdir -p "$DIR"
  # One fetch at a time (parallel test runs); the jar appears only once checked.
  exec 9>"$DIR/.lock"
  flock 9
  if [ ! -s "$JAR" ]; then
    printf 'zipkin: fetching %s\n' "$URL" >&2
    expected=$(curl -fsSL --retry 3 "$URL.sha1" | tr -d '[:space:]' | cut -c1-40)
    curl -fsSL --retry 3 -o "$JAR.part" "$URL"
    actual=$(sha1sum "$JAR.part" | cut -d' ' -f1)
    if [ "$actual" != "$expected" ]; then
      rm -f "$JAR.part"
      printf 'zipkin: ERROR: sha1 %s does not match Maven Central'"'"'s %s\n' "$actual" "$expected" >&2
      exit 1
    fi
    mv "$JAR.part" "$JAR"
  fi
fi
printf '%s\n' "$JAR"
