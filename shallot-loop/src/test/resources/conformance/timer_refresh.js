// refresh() restarts a timer's countdown from now, keeping its callback: the 200 ms timer refreshed at 100 ms fires at ~300 ms, after a 250 ms timer and before a 1000 ms one (far off, so a starved machine that runs the 100 ms timer late still keeps the order).
const t = setTimeout(() => console.log('refreshed timer'), 200);
setTimeout(() => {
  console.log('refresh at 100');
  console.log('refresh returns the timer: ' + (t.refresh() === t));
}, 100);
setTimeout(() => console.log('250 ms'), 250);
setTimeout(() => console.log('1000 ms'), 1000);
