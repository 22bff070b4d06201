#!/usr/bin/env bash
# Proves that the release checks can fail: breaks copies of a good staging directory (and a small
# tree of files) on purpose, one way at a time, and expects each check to fail naming the problem.
#
#   release/selftest.sh [STAGING_DIR]      (default: target/staging, which release/check.sh passed)
#
# Includes one smoke build against a staging directory without context-core's jar: it must fail to
# resolve it, which shows the smoke apps get ContextKit from the staging directory and nowhere else.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
good="$(cd "${1:-$root/target/staging}" && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d "${TMPDIR:-/tmp}/contextkit-selftest.XXXXXX")"
trap 'rm -rf "$work"' EXIT

versions=("$good"/io/contextkit/context-bom/*/)
v="$(basename "${versions[0]}")"
failures=0
passed=0

# A fresh copy of the good staging directory and its bundle.
fresh() {
  rm -rf "$work/staging" "$work/staging.zip"
  cp -r "$good" "$work/staging"
  cp "$good.zip" "$work/staging.zip"
  s="$work/staging"
}

# Rewrites the checksums of a file after it was edited, as a careless re-upload would.
resum() {
  md5sum "$1" | cut -d' ' -f1 > "$1.md5"
  sha1sum "$1" | cut -d' ' -f1 > "$1.sha1"
}

# expect_failure NAME EXPECTED-TEXT COMMAND...: COMMAND must exit non-zero and print EXPECTED-TEXT.
expect_failure() {
  local name="$1" expected="$2"; shift 2
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  if [ $rc -ne 0 ] && grep -qF -- "$expected" <<<"$out"; then
    echo "ok   $name"
    grep -m1 -F -- "$expected" <<<"$out" | cut -c1-220 | sed 's/^/       /'
    passed=$((passed + 1))
  else
    echo "FAIL $name: expected a failure mentioning '$expected', got exit $rc:"
    tail -20 <<<"$out" | sed 's/^/     /'
    failures=$((failures + 1))
  fi
}

staged_check() {
  "$java" "$root/release/StagedRepositoryCheck.java" --staging "$s" --bundle "$s.zip" "$@"
}

cc="io/contextkit/context-core/$v"

fresh
rm "$s/io/contextkit/noop-storage/$v/noop-storage-$v-javadoc.jar"
expect_failure "a missing javadoc jar" "noop-storage-$v-javadoc.jar is missing" staged_check

fresh
echo 0000000000000000000000000000000000000000 > "$s/$cc/context-core-$v.jar.sha1"
expect_failure "a wrong checksum" "context-core-$v.jar.sha1 does not match" staged_check

fresh
mkdir -p "$s/io/contextkit/contextkit-cli/$v"
cp "$s/$cc/context-core-$v.pom" "$s/io/contextkit/contextkit-cli/$v/contextkit-cli-$v.pom"
expect_failure "a published module the BOM does not list" \
  "io.contextkit:contextkit-cli is published but context-bom does not list it" staged_check

fresh
rm -r "$s/io/contextkit/context-quarkus-deployment"
expect_failure "a BOM entry that is not published" \
  "context-bom lists io.contextkit:context-quarkus-deployment but the release does not contain it" staged_check

fresh
pom="$s/$cc/context-core-$v.pom"
perl -0pi -e 's:<scm\b.*?</scm>::s' "$pom"
resum "$pom"
expect_failure "a POM without scm" "the POM needs <scm>" staged_check

fresh
perl -0pi -e 's:(<artifactId>opentelemetry-api</artifactId>\s*<version>)[^<]*:${1}1.99.0-SNAPSHOT:s' "$pom"
resum "$pom"
expect_failure "a SNAPSHOT dependency" "depends on a SNAPSHOT: io.opentelemetry:opentelemetry-api:1.99.0-SNAPSHOT" staged_check

fresh
perl -0pi -e 's:<description>:<description>\${revision} :' "$pom"
resum "$pom"
expect_failure "an unresolved placeholder" 'unresolved ${revision}' staged_check

fresh
perl -0pi -e 's:<licenses>.*?</licenses>:<licenses><license><name>GPL-3.0</name><url>https\://www.gnu.org/licenses/gpl-3.0.txt</url></license></licenses>:s' "$pom"
resum "$pom"
expect_failure "another licence in a POM" "the licence is not Apache-2.0" staged_check

fresh
(cd "$s" && zip -q -d "$s.zip" "$cc/context-core-$v-sources.jar")
expect_failure "a bundle without a staged file" "the bundle lacks $cc/context-core-$v-sources.jar" staged_check

fresh
expect_failure "an unsigned release checked as signed" "context-core-$v.jar.asc is missing" staged_check --signed

fresh
rm "$s/$cc/context-core-$v.jar"
(mkdir "$work/jar" && cd "$work/jar" && unzip -q "$good/$cc/context-core-$v.jar" && rm META-INF/LICENSE \
  && zip -q -X -r "$s/$cc/context-core-$v.jar" . && cd .. && rm -rf "$work/jar")
resum "$s/$cc/context-core-$v.jar"
expect_failure "a jar without the licence" "context-core-$v.jar has no META-INF/LICENSE" staged_check

# Licence headers: a small tree outside git.
mkdir -p "$work/headers"
printf '// SPDX-License-Identifier: GPL-2.0-only\nclass A {}\n' > "$work/headers/A.java"
printf '/*\n * Copyright 2019 Some Vendor\n */\nclass B {}\n' > "$work/headers/B.java"
printf '<!-- Licensed under the MIT License -->\n<x/>\n' > "$work/headers/c.xml"
sed -n '1,20p' "$root/mvnw" > "$work/headers/apache.sh"
printf 'class D { String license = "PRO"; }\n' > "$work/headers/D.java"
expect_failure "an SPDX identifier of another licence" "A.java: SPDX-License-Identifier GPL-2.0-only" \
  "$java" "$root/release/LicenseHeaderCheck.java" "$work/headers"
expect_failure "a copyright without the Apache licence" "B.java: its header has a copyright notice" \
  "$java" "$root/release/LicenseHeaderCheck.java" "$work/headers"
expect_failure "another licence's name" 'c.xml: its header names another licence' \
  "$java" "$root/release/LicenseHeaderCheck.java" "$work/headers"
rm "$work/headers/A.java" "$work/headers/B.java" "$work/headers/c.xml"
if out="$("$java" "$root/release/LicenseHeaderCheck.java" "$work/headers" 2>&1)"; then
  echo "ok   an Apache header and a 'license' field pass"
  passed=$((passed + 1))
else
  echo "FAIL an Apache header and a 'license' field should pass: $out"
  failures=$((failures + 1))
fi

# The smoke apps cannot find ContextKit anywhere but in the staging directory.
fresh
rm "$s/$cc/context-core-$v.jar"
expect_failure "a smoke build against a staging directory without context-core's jar" \
  "io.contextkit:context-core:jar:$v" "$root/release/smoke/run.sh" "$s" "$v"

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
