# Sourced by bench/web/profile.sh and pairs.sh: the server variants they run, as a main class and JVM
# properties. Needs $ROOT. `variant NAME` sets VARIANT_CLASS and VARIANT_PROPS, or returns 1 for an
# unknown name. The properties go after the common -D settings, so they override them.
#   netty             raw Netty, the reference
#   shallot           App + Router + RequestId + AccessLog, async access log to a file, with the
#                     distribution's Log4j2 settings (async loggers, the writer waiting with
#                     SliceWaitStrategy), as bench/web.sh runs it
#   shallot-nolog     the same with the access logger at WARN (AccessLog installed, writes nothing)
#   shallot-requestid App + Router + RequestId only
#   shallot-bare      App + Router only
#   shallot-allasync  as shallot, with the distribution's Log4j2 settings before SliceWaitStrategy
#                     (bench/web/log4j2-web-allasync.xml: the all-async context selector, wait strategy
#                     Sleep, no spinning, a poll every 10 ms)
#   shallot-timeout   as shallot-allasync, Log4j2's own default wait strategy Timeout
#   shallot-spin      as shallot-allasync, Sleep with Log4j2's own retries and sleep time: 100 spins and 100
#                     yields before each 100 ns park (what bench/web.sh ran before the distribution set these)
#   shallot-yield     as shallot-allasync, wait strategy Yield
#   shallot-leak      as shallot, with Netty's buffer leak detection at Netty's default level (simple,
#                     one buffer in 128 tracked), as raw Netty runs; Shallot turns it off by default
#   shallot-uring     as shallot, on Netty's io_uring transport (-Dshallot.transport=io_uring)
#   shallot-uring-nolog  as shallot-nolog, on io_uring
#   netty-uring       raw Netty on io_uring, the reference for shallot-uring
#   netty-burnN       raw Netty spinning N more nanoseconds of CPU per request (e.g. netty-burn1000):
#                     what more work per request alone does to raw Netty's latency at full load
VARIANT_NAMES="netty shallot shallot-nolog shallot-requestid shallot-bare shallot-allasync shallot-timeout shallot-spin shallot-yield shallot-leak shallot-uring shallot-uring-nolog netty-uring netty-burnN"
ALLASYNC=(-Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web-allasync.xml"
  -Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector
  -Dlog4j2.asyncLoggerWaitStrategy=Sleep -Dlog4j2.asyncLoggerRetries=0 -Dlog4j2.asyncLoggerSleepTimeNs=10000000)

variant() {   # name
  VARIANT_CLASS=io.shallot.bench.web.ShallotServer
  VARIANT_PROPS=()
  case "$1" in
    netty) VARIANT_CLASS=io.shallot.bench.web.NettyServer ;;
    shallot) ;;
    shallot-nolog) VARIANT_PROPS=(-Dshallot.bench.accessLevel=WARN) ;;
    shallot-requestid) VARIANT_PROPS=(-Dbench.shallot.middleware=requestid) ;;
    shallot-bare) VARIANT_PROPS=(-Dbench.shallot.middleware=none) ;;
    shallot-allasync) VARIANT_PROPS=("${ALLASYNC[@]}") ;;
    shallot-timeout) VARIANT_PROPS=("${ALLASYNC[@]}" -Dlog4j2.asyncLoggerWaitStrategy=Timeout) ;;
    shallot-spin) VARIANT_PROPS=("${ALLASYNC[@]}" -Dlog4j2.asyncLoggerRetries=200 -Dlog4j2.asyncLoggerSleepTimeNs=100) ;;
    shallot-yield) VARIANT_PROPS=("${ALLASYNC[@]}" -Dlog4j2.asyncLoggerWaitStrategy=Yield) ;;
    shallot-leak) VARIANT_PROPS=(-Dio.netty.leakDetection.level=simple) ;;
    netty-burn*) [[ ${1#netty-burn} =~ ^[0-9]+$ ]] || return 1
      VARIANT_CLASS=io.shallot.bench.web.NettyServer; VARIANT_PROPS=(-Dbench.netty.burnNanos="${1#netty-burn}") ;;
    netty-uring) VARIANT_CLASS=io.shallot.bench.web.NettyServer; VARIANT_PROPS=(-Dshallot.transport=io_uring) ;;
    shallot-uring) VARIANT_PROPS=(-Dshallot.transport=io_uring) ;;
    shallot-uring-nolog) VARIANT_PROPS=(-Dshallot.transport=io_uring -Dshallot.bench.accessLevel=WARN) ;;
    *) return 1 ;;
  esac
}
