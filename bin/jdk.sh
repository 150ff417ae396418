# Sourced by bin/test, bin/shallot and the bench scripts: exports JAVA_HOME pointing at a JDK >= 21,
# and sets SHALLOT_JVM_FLAGS, the flags every Shallot JVM runs with on that JDK.
# Order: $JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.

shallot_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

shallot_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(shallot_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then
      SHALLOT_JAVA_MAJOR=$major
      return 0
    fi
  fi
  best=""
  best_major=0
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(shallot_java_major "$dir")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "Shallot needs a JDK >= 21 and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing under /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' (or Temurin 21/25), or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  SHALLOT_JAVA_MAJOR=$best_major
}

# Netty loads its native epoll transport: without --enable-native-access JDK 22+ prints a warning.
# From JDK 25 Netty leaves sun.misc.Unsafe alone unless the JVM allows its memory access (JEP 471,
# flag known from JDK 23), and its buffers then go through java.nio's checked accessors: about 0.2 us
# more CPU per HTTP request (bench/README.md, "Netty's Unsafe on JDK 25").
shallot_jvm_flags() {
  SHALLOT_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
  if [ "$SHALLOT_JAVA_MAJOR" -ge 23 ]; then
    SHALLOT_JVM_FLAGS="$SHALLOT_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
  fi
}

shallot_find_jdk || exit 1
shallot_jvm_flags
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "Shallot builds with Apache Maven (>= 3.8) and 'mvn' is not on PATH: apt-get install maven" >&2
  exit 1
fi
