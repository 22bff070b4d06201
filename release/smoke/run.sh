#!/usr/bin/env bash
# Builds the consumer smoke apps against a staged release, resolving ContextKit only from the staging
# directory: a Spring Boot 4.0.7 application with context-spring-starter and a Quarkus 3.33.2
# application with context-quarkus, each importing context-bom, each with a test that sends a real
# HTTP request and expects X-Request-Id to carry the id of the context the handler saw.
#
#   release/smoke/run.sh STAGING_DIR VERSION
#
# Each build gets a fresh local Maven repository seeded with a copy of ~/.m2/repository (set
# SMOKE_SEED_REPO to use another) without its io/contextkit directory, so neither the reactor nor an
# earlier install can supply ContextKit; the staged directory is the only repository that has it.
# Afterwards every ContextKit artifact in that local repository must name the staging repository as
# its origin.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: release/smoke/run.sh STAGING_DIR VERSION" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
staging="$(cd "$1" && pwd)"
version="$2"
seed="${SMOKE_SEED_REPO:-$HOME/.m2/repository}"

work="$(mktemp -d "${TMPDIR:-/tmp}/contextkit-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

repo="$work/repository"
mkdir -p "$repo"
if [ -d "$seed" ]; then
  echo "> Seeding a fresh local repository from $seed, without io/contextkit"
  (cd "$seed" && tar --exclude=./io/contextkit -cf - .) | tar -xf - -C "$repo"
fi
if [ -e "$repo/io/contextkit" ]; then
  echo "release/smoke/run.sh: the fresh local repository holds io/contextkit" >&2
  exit 1
fi

# The staged directory as one more repository beside Maven Central; releases only.
cat > "$work/settings.xml" <<SETTINGS
<settings>
  <profiles>
    <profile>
      <id>contextkit-staging</id>
      <repositories>
        <repository>
          <id>contextkit-staging</id>
          <url>file://$staging</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>contextkit-staging</activeProfile>
  </activeProfiles>
</settings>
SETTINGS

for app in spring-boot quarkus; do
  echo "> Building the $app smoke app against ContextKit $version from $staging"
  cp -r "$here/$app" "$work/$app"
  rm -rf "$work/$app/target"
  app_started=$(date +%s)
  "$root/mvnw" -B -ntp -f "$work/$app/pom.xml" -s "$work/settings.xml" \
    -Dmaven.repo.local="$repo" -Dcontextkit.version="$version" verify
  echo "> $app smoke app: built and answered in $(( $(date +%s) - app_started )) s"
done

# Where each ContextKit artifact came from: the resolver records the repository id beside it.
echo "> Checking where ContextKit came from"
bad=0
count=0
for artifact in "$repo"/io/contextkit/*/"$version"; do
  [ -d "$artifact" ] || continue
  count=$((count + 1))
  if ! grep -q '>contextkit-staging=' "$artifact/_remote.repositories" 2>/dev/null; then
    echo "FAIL ${artifact#"$repo"/} did not come from the staging repository" >&2
    bad=1
  fi
done
for required in context-bom context-spring-starter context-quarkus context-quarkus-deployment context-core; do
  if [ ! -d "$repo/io/contextkit/$required/$version" ]; then
    echo "FAIL io.contextkit:$required:$version was not resolved by the smoke apps" >&2
    bad=1
  fi
done
others=$(find "$repo/io/contextkit" -mindepth 2 -maxdepth 2 -type d ! -name "$version" 2>/dev/null || true)
if [ -n "$others" ]; then
  echo "FAIL ContextKit artifacts of another version were resolved: $others" >&2
  bad=1
fi
if [ $bad -ne 0 ]; then
  exit 1
fi
echo "> Smoke apps OK: $count ContextKit artifacts, all from the staging repository ($(( $(date +%s) - started )) s)"
