// refresh() restarts a timer's countdown from now, keeping its callback: the 200 ms timer refreshed at 100 ms fires at ~300 ms, after a 250 ms timer.
const t = setTimeout(() => console.log('refreshed timer'), 200);
setTimeout(() => {
  console.log('refresh at 100');
  console.log('refresh returns the timer: ' + (t.refresh() === t));
}, 100);
setTimeout(() => console.log('250 ms'), 250);
setTimeout(() => console.log('400 ms'), 400);
