#!/usr/bin/env bash
# Checks a staged ContextKit release before anyone uploads it (release/RELEASING.md):
#   1. no file of the repository carries a licence header that conflicts with Apache-2.0;
#   2. CHANGELOG.md has a section for the staged version (dated, in a release commit) and the
#      README's context-bom snippets name a version the changelog describes (this one, in a release);
#   3. the staged repository: every artifact context-bom lists, and nothing else, each with its POM,
#      jar, sources and javadoc jars, checksums (and signatures with --signed), each POM complete for
#      Maven Central, without parent, ${...} or SNAPSHOT; the bundle zip holds exactly those files;
#   4. the consumer smoke apps (Spring Boot, Quarkus) build and answer a request with ContextKit
#      resolved only from the staged repository.
#
#   release/check.sh [STAGING_DIR] [--signed]      (default: target/staging)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
staging="$root/target/staging"
signed=()
for arg in "$@"; do
  case "$arg" in
    --signed) signed=(--signed) ;;
    --help|-h) sed -n '2,12p' "$0"; exit 0 ;;
    *) staging="$arg" ;;
  esac
done
staging="$(cd "$staging" && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

versions=("$staging"/io/contextkit/context-bom/*/)
if [ ${#versions[@]} -ne 1 ] || [ ! -d "${versions[0]}" ]; then
  echo "release/check.sh: expected one staged version of io.contextkit:context-bom in $staging" >&2
  exit 1
fi
version="$(basename "${versions[0]}")"
echo "> Checking the staged release $version in $staging"

step() { echo "> [$(date +%T)] $*"; }

step "Licence headers"
"$java" "$root/release/LicenseHeaderCheck.java" "$root"

step "Changelog and README"
# The tree's own version: a release commit (no -SNAPSHOT) must be complete; while a version is being
# developed, its changelog section may still say Unreleased.
tree_version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)"
if [ "$tree_version" = "$version" ]; then
  if ! grep -Eq "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}\s*$" "$root/CHANGELOG.md"; then
    echo "FAIL CHANGELOG.md has no dated section '## [$version] - YYYY-MM-DD' for the release" >&2
    exit 1
  fi
elif ! grep -Eq "^## \[($version|Unreleased)\]" "$root/CHANGELOG.md"; then
  echo "FAIL CHANGELOG.md has no section for $version (nor an [Unreleased] one)" >&2
  exit 1
fi
# The README's dependency snippets import context-bom in a version the changelog describes (the
# latest release, or this one once it is released).
# A snippet may name the version through the property ${contextkit.version}, which the README then
# defines (<contextkit.version>…</contextkit.version>); both count.
readme_versions="$( (grep -A2 '<artifactId>context-bom</artifactId>' "$root/README.md" \
  | sed -n 's:.*<version>\(.*\)</version>.*:\1:p'; \
  sed -n 's:.*<contextkit\.version>\(.*\)</contextkit\.version>.*:\1:p' "$root/README.md") \
  | grep -v '^\${contextkit\.version}$' | sort -u)"
if [ -z "$readme_versions" ]; then
  echo "FAIL the README has no context-bom snippet with a version" >&2
  exit 1
fi
for v in $readme_versions; do
  if ! grep -q "^## \[$v\]" "$root/CHANGELOG.md"; then
    echo "FAIL the README imports context-bom $v, which CHANGELOG.md does not describe" >&2
    exit 1
  fi
  if [ "$tree_version" = "$version" ] && [ "$v" != "$version" ]; then
    echo "FAIL the README imports context-bom $v, not the release's $version" >&2
    exit 1
  fi
done
echo "CHANGELOG.md describes $version; the README imports context-bom $(echo $readme_versions)"

step "Staged repository"
"$java" "$root/release/StagedRepositoryCheck.java" --staging "$staging" --bundle "$staging.zip" ${signed[@]+"${signed[@]}"}

step "Consumer smoke apps"
"$root/release/smoke/run.sh" "$staging" "$version"
step "Staged release $version checked"
