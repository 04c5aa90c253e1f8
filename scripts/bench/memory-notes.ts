/**
 * The findings behind the memory settings of `npm start`, for docs/benchmarks.md. They come
 * from runs of their own (dated, with their commands), not from the table run.
 */
export const MEMORY_NOTES = `## Where the memory goes

Measured on 2026-12-01 at 20,000 repositories, 200,000 pull requests (16,183 in the window) and 10,000
members (\`20k\`), **permissions on** (12 steps, 85,302 calls against a minimum of 81,305), on the shared
2-core machine (wall times are upper bounds; CPU time is the process's own):

| what ran | peak RSS | CPU | wall |
|---|---:|---:|---:|
| \`j1-integration collect\` as the SDK ships it (no flags, the SDK's key map, no pages): the before | 1,238 MB | – | 699 s |
| \`npm start\`: growing factor, compact keys, streamed steps, graph page capped | 577 MB | 198 s | 736 s |
| the same with a full collection before the pages (three runs) | 575–583 MB | 162–173 s | 297–327 s |
| \`npm start\` as it is: and the report page keeps 17 properties of each pull request | **469 MB** | 162 s | 298 s |

Sampled through the run (\`npm start\`, RSS every 5 s): the collection itself peaks at **310–324 MB** (during
the pull request and repository permission steps) and falls to about 215 MB when it ends; everything above that
is the access review page, built afterwards from the 1.5 million objects on disk.

Peak RSS of \`npm start\` with permissions on grows by **14,600 KB per 1,000 repositories** from \`small\`
(30 repositories, 184 MB, mostly code) to \`20k\`; the collection alone (its 316 MB peak before the pages) by about 6,800 KB per 1,000.

What held it, and what each change saved:

- **Garbage V8 had not collected.** With no limit, V8 on a 24 GB machine lets the heap grow to several times
  the live data between full collections. \`--heap-growing-percent=50\` makes the next full collection due at
  1.5 × what the last one left alive: at \`5k\` with permissions on (CLI with the compact keys) peak RSS went
  391 → 254 MB for 12 % more CPU (43.0 → 48.4 s; 25 %: 243 MB; \`--max-old-space-size=384\`: 256 MB).
  Chosen over a cap because it follows the live data: a fixed cap crashes a workspace whose live heap
  reaches it, and this never does.
- **The SDK's duplicate-key map.** Every relationship key with a \`{_type,_key}\` object until the run ends:
  307.5 MB retained for 1.5 million access edges, 215 bytes each (\`npm run bench -- store --relationships
  1500000 --repos 20000\`). The compact set of \`src/runtime/\` keeps 32 bytes each, **45 MB**.
- **The offline graph page** read the whole collection into memory (1.5 million objects here) to write a page no
  browser can lay out; it is now written only up to 50,000 objects, counted one file at a time.
- **The access review page's build**: +354 MB over the finished collection before, +250 MB now (219 → 469 MB). Its pull request posture held every
  enriched pull request entity whole (with \`_rawData\`; 5.4 KB of JSON each): keeping the 17 properties it
  reads lowered the build's peak by 73 MB on the real 20k collection (375 → 302 MB in a process of its own). A
  full collection (\`gc()\`, \`--expose-gc\`) between the run and the pages brings RSS back to about 215 MB first;
  it changed the peak little (575–583 MB), the page's transient parse garbage dominates.
- **The per-repository lists** of the pull request and repository permission steps (about 5.5 MB at 20,000):
  streamed now, at most \`maxConcurrency\` + 1 repositories held.

Without access data the live heap at \`20k\` was about 125 MB (found earlier with the tools below, permissions
off): SDK \`DuplicateKeyTracker\` 28 MB (~1.4 MB per 1,000 repositories), \`FileSystemGraphObjectStore\`'s
entity index 7 MB plus ≤ 500 buffered objects, compiled code 14 MB, our client under 0.3 MB.

Tools (each runs the collection in its own process against the simulator):

- \`npm run bench -- profile --size 20k --snapshot-after <step id>\`: what \`npm start\` runs (\`--via cli\` for the
  SDK's CLI as shipped), with a V8 heap snapshot when that step has ended (\`--node-args=--heap-prof\` and
  other flags are passed through);
- \`npm run bench -- heap --file <snapshot>\`: self size by kind and the retained size of the SDK's holders;
- \`npm run bench -- store --relationships 1500000 --repos 20000 [--tracker compact] [--key compact]\`: the
  job-state experiment above.
`;
