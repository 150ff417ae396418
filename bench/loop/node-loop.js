'use strict';
// Loop micro-benchmarks for Node (the baseline of bench/loop.sh; io.shallot.bench.LoopBench is the
// Shallot twin: same workloads, same sizes, same measurement).
//
// Every workload runs once as a warm-up, then RUNS (default 3) times; the best run counts.
// Output: one line per workload, "RESULT <name> <ops/s> <best ms> <all runs ms...>".
//
// Usage: node bench/loop/node-loop.js [workload ...]   (default: every workload)
//        RUNS=5 SCALE=0.1 node bench/loop/node-loop.js immediate-chain

const RUNS = Number(process.env.RUNS || 3);
const SCALE = Number(process.env.SCALE || 1);
const N = Math.round(1_000_000 * SCALE);
const TIMERS = Math.round(100_000 * SCALE);

const now = () => Number(process.hrtime.bigint()) / 1e6;

// Each workload: (done(ops)) => void; it calls done once every callback has run.
const workloads = {
  // 1M setImmediate, each scheduling the next (one per loop iteration)
  'immediate-chain': done => {
    let left = N;
    const step = () => {
      if (--left > 0) setImmediate(step);
      else done(N);
    };
    setImmediate(step);
  },
  // 1M setImmediate queued at once (all run in one check phase)
  'immediate-batch': done => {
    let left = N;
    const step = () => {
      if (--left === 0) done(N);
    };
    for (let i = 0; i < N; i++) setImmediate(step);
  },
  // p = p.then(x => x + 1), 1M times, from creating the chain until the last continuation ran
  'promise-chain': done => {
    let p = Promise.resolve(0);
    for (let i = 0; i < N; i++) p = p.then(x => x + 1);
    p.then(v => {
      if (v !== N) throw new Error('promise-chain ended at ' + v);
      done(N);
    });
  },
  // 100k timers with delays 0..10 ms, from the first schedule until all fired
  'timers-mixed': done => {
    let left = TIMERS;
    const fire = () => {
      if (--left === 0) done(TIMERS);
    };
    for (let i = 0; i < TIMERS; i++) setTimeout(fire, i % 11);
  },
  // 1M process.nextTick, each scheduling the next
  'nexttick-chain': done => {
    let left = N;
    const step = () => {
      if (--left > 0) process.nextTick(step);
      else done(N);
    };
    process.nextTick(step);
  },
};

function measure(fn) {
  return new Promise(resolve => {
    // start from a fresh macrotask, like LoopBench does inside a new Loop.run
    setImmediate(() => {
      const start = now();
      fn(ops => {
        const ms = now() - start;
        resolve({ ops, ms });
      });
    });
  });
}

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(workloads);
  console.log(`# node ${process.version} N=${N} timers=${TIMERS} runs=${RUNS} (+1 warm-up)`);
  for (const name of names) {
    const fn = workloads[name];
    if (!fn) throw new Error('unknown workload ' + name + '; known: ' + Object.keys(workloads).join(', '));
    await measure(fn); // warm-up
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      if (global.gc) global.gc();
      runs.push(await measure(fn));
    }
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const opsPerSec = best.ops / (best.ms / 1000);
    console.log(`RESULT ${name} ${Math.round(opsPerSec)} ${best.ms.toFixed(1)} ${runs.map(r => r.ms.toFixed(1)).join(' ')}`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
