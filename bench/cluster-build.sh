# Sourced by bench/cluster-soak.sh and bench/pm2-compare.sh (after bin/jdk.sh, from the repository
# root): builds examples and the modules it needs in this checkout (package, never install: ~/.m2 is
# shared with other checkouts), then copies the checkout's jars into $1 so a rebuild during a long
# run cannot change the classes under a running daemon or a worker it restarts. Defines `shallot`,
# the CLI on that private classpath.
#
# Usage: . bench/cluster-build.sh DIR      (SKIP_BUILD=1 reuses the jars of the last build)
shallot_snapshot=$1
mkdir -p "$shallot_snapshot/lib"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building examples (mvn -pl examples -am package) with JDK $JAVA_HOME" >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl examples -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/.bench-classpath >&2
fi
[ -f examples/target/.bench-classpath ] || { echo "cluster-build.sh: no examples/target/.bench-classpath; build first" >&2; exit 2; }
shallot_cp=""
for entry in "$(pwd)/examples/target/shallot-examples-"*.jar $(tr ':' ' ' < examples/target/.bench-classpath); do
  case "$entry" in
    *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;;
    "$(pwd)"/*) cp "$entry" "$shallot_snapshot/lib/"; entry=$shallot_snapshot/lib/$(basename "$entry") ;;
  esac
  shallot_cp=${shallot_cp:+$shallot_cp:}$entry
done
export SHALLOT_BENCH_CP=$shallot_cp
shallot() { java $SHALLOT_JVM_FLAGS -cp "$SHALLOT_BENCH_CP" io.shallot.examples.Main "$@"; }
