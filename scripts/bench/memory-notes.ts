/**
 * The findings behind the memory flags, for docs/benchmarks.md. They come from the profiling
 * subcommands, not from the table run, so they carry their own date and commands.
 */
export const MEMORY_NOTES = `## Where the memory goes

Found on 2026-12-01 with the tools below, at 20,000 repositories, 200,000 pull requests (16,183 in the
window) and 10,000 members (\`20k\`), permissions off:

| holder | retained at 20k | per 1,000 repositories |
|---|---:|---:|
| the whole reachable heap when the last step starts | 93 MB | – |
| SDK \`DuplicateKeyTracker\`: every entity and relationship key with a \`{_type, _key}\` object (~220,000) | 28 MB | ~1.4 MB |
| SDK \`FileSystemGraphObjectStore\`: entity key → file and index map, plus ≤ 500 buffered objects | 7 + 3.6 MB | ~0.35 MB |
| SDK \`TypeTracker\`, \`MemoryDataStore\`; our client and its accounting | < 0.3 MB | 0 |
| the pull request step's list of every repository (while it runs; patch in the scale notes) | 5.5 MB | 0.28 MB |
| compiled code (ours, the SDK's, and TypeScript's when ts-node loads it) | 14 MB | 0 |

The live data is about 125 MB at 20k; the rest of a 490–730 MB peak RSS is garbage between full collections,
which V8 lets grow to several times the live heap when it has no old-space limit (heapUsed sampled climbing
to 350 MB and falling to 115 MB at each full GC). The same 20k run peaked at 289 MB with
\`--max-old-space-size=384\` (236 MB with \`--optimize-for-size\`, but far slower).

What 1.5 million relationships (the access edges of 20,000 repositories and 10,000 members) cost in the SDK's
job state, written per repository through its real \`createStepJobState\`, key tracker, type tracker and
file-system store: **307.5 MB retained, 215 bytes each** — the relationship objects are flushed every 500, but
each ~114-character key stays, with a metadata object and a Map entry. A shorter key saves only 30 of those
bytes. Keeping relationship keys as 96 bits of hash (\`src/runtime/preload.ts\`, which the benchmark loads):
**32 bytes each, 45 MB**. In a process started with the collector's flags (\`--limit\`), the experiment's
peak RSS was 534 MB the SDK's way and 251 MB with the compact keys. Added to the 20k run above (whose
permissions-on row cannot include the access data until it lands), that projects to about 550 MB without
the compact keys — over the 512 MB goal, and close to the old-space limit — and about 285 MB with them.

Tools (each runs the real CLI in its own process against the simulator):

- \`npm run bench -- profile --size 20k --snapshot-after <step id>\`: a V8 heap snapshot when that step starts
  (\`--node-args=--heap-prof\` and other flags are passed through);
- \`npm run bench -- heap --file <snapshot>\`: self size by kind and the retained size of the SDK's holders;
- \`npm run bench -- store --relationships 1500000 --repos 20000 [--tracker compact] [--key compact]\`: the
  job-state experiment above.
`;
