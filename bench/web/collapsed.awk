# Summarises async-profiler's collapsed stacks recorded with `threads` (first frame: the thread) for
# bench/web/profile.sh: CPU per request by thread, then the busiest thread's own time by where it is
# spent (kernel, Netty, JDK, Shallot, ...), then that thread's hottest frames outside the kernel.
# Usage: awk -v requests=N -v interval=200us -f collapsed.awk stacks.collapsed
# Times are samples x interval / requests: microseconds of CPU per request.
function micros(v,    n) {
  n = v + 0
  if (v ~ /ms$/) return n * 1000
  if (v ~ /us$/) return n
  if (v ~ /s$/ && v !~ /ns$/) return n * 1000000
  return n / 1000
}
function kind(frame) {
  if (frame ~ /_\[k\]$/) return "kernel"
  if (frame ~ /^io\/shallot\//) return "shallot"
  if (frame ~ /^io\/netty\//) return "netty"
  if (frame ~ /^com\/fasterxml\//) return "jackson"
  if (frame ~ /^(org\/apache\/logging|com\/lmax)\//) return "log4j2"
  if (frame ~ /^(java|javax|jdk|sun)\//) return "jdk"
  return "native, VM, interpreter"
}
{
  count = $NF
  stack = substr($0, 1, length($0) - length(count) - 1)
  n = split(stack, frames, ";")
  thread = frames[1]
  sub(/ tid=[0-9]+\]$/, "]", thread)
  gsub(/[0-9]+/, "#", thread)
  total += count
  byThread[thread] += count
  self[thread, kind(frames[n])] += count
  if (frames[n] !~ /_\[k\]$/) hot[thread, frames[n]] += count
}
END {
  if (requests <= 0 || total == 0) { print "no requests or no samples"; exit 1 }
  per = micros(interval) / requests
  printf "%7s %10s  %s\n", "share", "us/req", "thread"
  for (t in byThread) {
    printf "%6.1f%% %10.3f  %s\n", 100 * byThread[t] / total, byThread[t] * per, t | "sort -rn"
    if (byThread[t] > busiest) { busiest = byThread[t]; loop = t }
  }
  close("sort -rn")
  printf "%7s %10.3f  %s\n", "", total * per, "all threads"
  print ""
  print "busiest thread " loop ", its own time by kind:"
  split("kernel netty jdk shallot jackson log4j2", kinds, " ")
  kinds[7] = "native, VM, interpreter"
  for (i = 1; i <= 7; i++) {
    k = kinds[i]
    printf "  %-30s %7.1f%% %10.3f\n", k, 100 * self[loop, k] / busiest, self[loop, k] * per
  }
  print ""
  print "its hottest frames outside the kernel (own time, us/req):"
  for (key in hot) {
    split(key, parts, SUBSEP)
    if (parts[1] == loop) printf "  %10.3f  %s\n", hot[key] * per, substr(parts[2], 1, 110) | "sort -rn | head -20"
  }
  close("sort -rn | head -20")
}
