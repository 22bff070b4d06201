#!/usr/bin/env bash
# Stages a ContextKit release: builds every published module from a fresh copy of this tree with the
# release profile (flattened POMs, sources and javadoc jars, signatures when a key is named) and
# deploys it into a local directory in Maven repository layout, plus a bundle zip in the layout the
# Central Publisher Portal accepts for upload. Nothing is uploaded anywhere and nothing is written
# into the local Maven repository.
#
#   release/stage.sh                     stage the version in the POMs, running every test first
#   release/stage.sh --skip-tests        stage without running the tests (./verify runs them before)
#   release/stage.sh --version 0.1.0     stage as this version (the copy's POMs are set to it; the
#                                        tree's own POMs are not touched): how CI stages the release
#                                        a SNAPSHOT tree is heading for
#   release/stage.sh --out DIR           stage into DIR (default: target/staging)
#   GPG_KEYNAME=<key id> MAVEN_GPG_PASSPHRASE=... release/stage.sh
#                                        also sign every file (without GPG_KEYNAME nothing is signed
#                                        and gpg is never called; gpg never prompts)
#
# Arguments after -- go to Maven. The result: DIR (the repository) and DIR.zip (the bundle); check
# them with release/check.sh DIR. See release/RELEASING.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/staging"
version=""
skip_tests=false
maven_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --skip-tests) skip_tests=true; shift ;;
    --help|-h) sed -n '2,22p' "$0"; exit 0 ;;
    --) shift; maven_args=("$@"); break ;;
    *) echo "release/stage.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

current="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)"
if [ -z "$current" ]; then
  echo "release/stage.sh: cannot read the project version from pom.xml" >&2
  exit 1
fi
version="${version:-$current}"
case "$version" in
  *-SNAPSHOT)
    echo "release/stage.sh: $version is a SNAPSHOT, which Maven Central does not take; stage a release" \
      "version (--version ${version%-SNAPSHOT}, or set it in the POMs: release/RELEASING.md)" >&2
    exit 1 ;;
esac

started=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/contextkit-stage.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A fresh copy: what is committed plus what is new and not ignored, never a target/ directory, so no
# class left over from an earlier build can end up in a published jar.
tree="$work/tree"
mkdir -p "$tree"
echo "> Copying the tree to $tree"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -xf - -C "$tree"
else
  (cd "$root" && tar --exclude=./target --exclude='*/target' --exclude=./.git -cf - .) | tar -xf - -C "$tree"
fi

cd "$tree"
if [ "$version" != "$current" ]; then
  echo "> Setting the copy's version: $current -> $version"
  # The build timestamp stays as committed, so staging the same tree twice gives identical jars.
  ./mvnw -q -B -ntp versions:set -DnewVersion="$version" -DprocessAllModules=true \
    -DgenerateBackupPoms=false -DupdateBuildOutputTimestampPolicy=never \
    -Dmaven.repo.local="$work/.m2-head" -Dmaven.repo.local.tail="${STAGE_LOCAL_REPO:-$HOME/.m2/repository}"
fi

# The build reads the local repository (~/.m2/repository, or STAGE_LOCAL_REPO) but never writes to
# it: what it downloads and the staging repository's metadata go to a private local repository in
# front of it, discarded afterwards (a deploy otherwise caches maven-metadata in the local repository).
# Formatting is ./mvnw verify's business, not the release's.
args=(-B -ntp -Prelease deploy
  -Dmaven.repo.local="$work/.m2-head"
  -Dmaven.repo.local.tail="${STAGE_LOCAL_REPO:-$HOME/.m2/repository}"
  -Dmaven.install.skip=true
  -DaltDeploymentRepository="contextkit-staging::file://$out"
  -Dspotless.check.skip=true)
if $skip_tests; then
  # Without tests the samples' Quarkus application builds serve nothing: they are not published.
  args+=(-Dmaven.test.skip=true -Dquarkus.build.skip=true)
fi
if [ -n "${GPG_KEYNAME:-}" ]; then
  args+=(-Dgpg.keyname="$GPG_KEYNAME")
  echo "> Signing with key $GPG_KEYNAME"
else
  echo "> No GPG_KEYNAME: the staged files are not signed"
fi

rm -rf "$out" "$out.zip"
echo "> Staging ContextKit $version into $out"
./mvnw "${args[@]}" ${maven_args[@]+"${maven_args[@]}"}

# The Portal bundle: the artifacts with their checksums and signatures; maven-metadata.xml is the
# repository's business, not the bundle's.
(cd "$out" && find . -type f ! -name 'maven-metadata.xml*' | sed 's:^\./::' | LC_ALL=C sort \
  | zip -q -X "$out.zip" -@)
echo "> Staged ContextKit $version in $(( $(date +%s) - started )) s: $out (bundle: $out.zip)"
