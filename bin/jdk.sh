# Sourced by bin/test and bin/shallot: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.

shallot_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

shallot_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(shallot_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then
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
}

shallot_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "Shallot builds with Apache Maven (>= 3.8) and 'mvn' is not on PATH: apt-get install maven" >&2
  exit 1
fi
