/**
 * Preloaded (`-r`) into the benchmark's collecting process only: when the process exits, it
 * writes its own peak RSS (the kernel's VmHWM, in kB) to the file named by BENCH_PEAK_FILE.
 * The benchmark polls /proc/<pid>/status too, but every 100 ms and never after the exit, while
 * the biggest allocation of a run (the access review page) comes right before it; the process
 * itself can still read its high-water mark on the way out.
 *
 * Plain JavaScript so it loads the same way under `npm start`'s loader, ts-node and precompiled
 * code.
 */
'use strict';

const fs = require('fs');

const file = process.env.BENCH_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) fs.writeFileSync(file, match[1]);
    } catch {
      // No /proc (not Linux) or no room to write: the benchmark keeps what it polled.
    }
  });
}
