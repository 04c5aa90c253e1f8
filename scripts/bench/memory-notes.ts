/**
 * The findings behind the memory settings of `npm start`, for docs/benchmarks.md. They come
 * from a study of its own (dated, with its commands), not from the run that fills the tables,
 * so they say so and do not restate what the tables measure.
 */
export const MEMORY_NOTES = `## Where the memory goes (a separate study)

Measured separately on 2026-12-01, not by this run: \`20k\` with permissions on, as that dataset was then (16,183
pull requests in the window, 20,000 now), on the same shared 2-core machine, with the tools below. What \`npm start\`
peaks at now is in the tables above.

| what ran | peak RSS |
|---|---:|
| \`j1-integration collect\` as the SDK ships it (no flags, the SDK's key map, no pages): the before | 1,238 MB |
| \`npm start\` with the changes below but the first (the report page still held whole pull requests) | 575–583 MB |

Sampled through a run (RSS every 5 s), the collection itself peaked at 310–324 MB (during the pull request and
repository permission steps) and fell to about 215 MB when it ended; the rest of the peak is the access review
page, built afterwards from the 1.5 million objects on disk.

What held it, and what each change saved:

- **The access review page's build** held every enriched pull request entity whole (with \`_rawData\`, 5.4 KB of
  JSON each): keeping the 17 properties it reads lowered the build's peak by 73 MB on the real 20k collection
  (375 → 302 MB in a process of its own). A full collection (\`--expose-gc\`) before the pages changed the peak
  little: the page's transient parse garbage dominates.
- **Garbage V8 had not collected.** \`--heap-growing-percent=50\` makes the next full collection due at 1.5 × what
  the last one left alive: at \`5k\` with permissions on, peak RSS 391 → 254 MB for 12 % more CPU (25 %: 243 MB;
  \`--max-old-space-size=384\`: 256 MB). Chosen over a cap because it follows the live data: a fixed cap crashes a
  workspace whose live heap reaches it.
- **The SDK's duplicate-key map**: 215 bytes per relationship key, 307.5 MB for 1.5 million access edges
  (\`npm run bench -- store --relationships 1500000 --repos 20000\`); the compact set of \`src/runtime/\` keeps
  32 bytes each, **45 MB**.
- **The offline graph page** read the whole collection (1.5 million objects) to write a page no browser can lay
  out; it is now written only up to 50,000 objects.
- **The per-repository lists** of the pull request and repository permission steps (about 5.5 MB at 20,000):
  streamed, at most \`maxConcurrency\` + 1 repositories held.

Without access data the live heap at \`20k\` was about 125 MB: SDK \`DuplicateKeyTracker\` 28 MB,
\`FileSystemGraphObjectStore\`'s entity index 7 MB plus ≤ 500 buffered objects, compiled code 14 MB, our client
under 0.3 MB.

Tools (each runs the collection in its own process against the simulator):

- \`npm run bench -- profile --size 20k --snapshot-after <step id>\`: what \`npm start\` runs (\`--via cli\` for the
  SDK's CLI as shipped), with a V8 heap snapshot when that step has ended (\`--node-args=--heap-prof\` and
  other flags are passed through);
- \`npm run bench -- heap --file <snapshot>\`: self size by kind and the retained size of the SDK's holders;
- \`npm run bench -- store --relationships 1500000 --repos 20000 [--tracker compact] [--key compact]\`: the
  job-state experiment above.
`;
