/**
 * The scale issue's "Done when", judged from the measurements on the page (never written by
 * hand), and the memory growth figure.
 */
import type { Measurement } from './scenarios';

export const GOALS = {
  /** Peak RSS at 20,000 repositories with permissions on. */
  peakRssMb: 512,
  peakRssRepos: 20_000,
  /** API calls ÷ minimum, every run. */
  callsRatio: 1.05,
  /** Time from the first call to the end ÷ what the rate budget allows. */
  budgetRatio: 1.3,
};

/** A size run as the benchmark makes it: what `npm start` runs, from our sources. */
export const isPlainRun = (m: Measurement): boolean =>
  !m.options.nodeArgs && !m.options.srcDir;

export const callsRatio = (m: Measurement): number => m.calls / m.minimum;

/** A run that failed proves nothing about its calls or memory. */
const ended = (m: Measurement): boolean =>
  m.exitCode === 0 && m.failedSteps.length === 0;
const failure = (m: Measurement) => (ended(m) ? '' : ', did not end ok');

/** Rate-limited runs: what the budget (or the latency, if larger) allows, and the ratio. */
export function budget(m: Measurement): {
  boundMs: number;
  collectingMs: number;
  ratio: number;
} {
  const boundMs = Math.max(m.budgetBoundMs ?? 0, m.latencyBoundMs);
  // Start-up is the same with or without a rate limit; the budget bounds what follows it.
  const collectingMs = m.wallMs - (m.firstCallMs ?? 0);
  return { boundMs, collectingMs, ratio: collectingMs / boundMs };
}

const perms = (m: Measurement) =>
  `permissions ${m.options.permissions ? 'on' : 'off'}`;
const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');

function memoryLine(sizes: Measurement[]): string {
  const goal = `Peak RSS ≤ ${GOALS.peakRssMb} MB at ${GOALS.peakRssRepos.toLocaleString('en-US')} repositories with permissions on`;
  const runs = sizes.filter(
    (m) =>
      isPlainRun(m) &&
      m.options.permissions &&
      m.repos >= GOALS.peakRssRepos &&
      m.extraSteps.length > 0,
  );
  if (runs.length === 0)
    return `- ${goal}: **not measured** in this run (the 20,000-repository size runs with \`--huge\`).`;
  const ok = runs.every((m) => ended(m) && m.peakRssMb <= GOALS.peakRssMb);
  return `- ${goal}: ${verdict(ok)} (${runs.map((m) => `${m.options.label}: ${m.peakRssMb.toFixed(0)} MB${failure(m)}`).join(', ')}).`;
}

function callsLine(sizes: Measurement[]): string {
  const goal = `API calls within ${((GOALS.callsRatio - 1) * 100).toFixed(0)} % of the minimum at every size`;
  if (sizes.length === 0) return `- ${goal}: **not measured** in this run.`;
  const over = sizes.filter(
    (m) => callsRatio(m) > GOALS.callsRatio || !ended(m),
  );
  const sizesRun = [...new Set(sizes.map((m) => m.options.size.name))];
  const worst = [...sizes].sort((a, b) => callsRatio(b) - callsRatio(a))[0];
  const detail = over.length
    ? `over: ${over.map((m) => `${m.options.label}, ${perms(m)}: ${callsRatio(m).toFixed(3)}${failure(m)}`).join('; ')}`
    : `highest: ${worst.options.label}, ${perms(worst)}, ${callsRatio(worst).toFixed(3)}`;
  return `- ${goal}: ${verdict(over.length === 0)} for ${sizesRun.join(', ')}, permissions off and on (${detail}).`;
}

function rateLine(rate: Measurement[]): string {
  const goal = `Rate-limited runs within ${GOALS.budgetRatio}× of their budget bound`;
  if (rate.length === 0) return `- ${goal}: **not measured** in this run.`;
  const ok = rate.every(
    (m) => ended(m) && budget(m).ratio <= GOALS.budgetRatio,
  );
  return `- ${goal}: ${verdict(ok)} (${rate.map((m) => `${m.options.label}: ${budget(m).ratio.toFixed(2)}×${failure(m)}`).join('; ')}).`;
}

export function doneWhen(sizes: Measurement[], rate: Measurement[]): string {
  return [memoryLine(sizes), callsLine(sizes), rateLine(rate)].join('\n');
}

/**
 * Peak RSS growth per 1,000 repositories, for permissions off and on: the difference between
 * the largest and the smallest size run, divided by the difference in repositories.
 */
export function growth(sizes: Measurement[]): string {
  const lines: string[] = [];
  for (const permissions of [false, true]) {
    const runs = sizes
      .filter((m) => isPlainRun(m) && m.options.permissions === permissions)
      .sort((x, y) => x.repos - y.repos);
    if (runs.length < 2 || runs[0].repos === runs[runs.length - 1].repos)
      continue;
    const [a, b] = [runs[0], runs[runs.length - 1]];
    const perK =
      ((b.peakRssMb - a.peakRssMb) * 1024) / ((b.repos - a.repos) / 1000);
    lines.push(
      `- permissions ${permissions ? 'on' : 'off'}: **${perK.toFixed(0)} KB per 1,000 repositories** (${a.peakRssMb.toFixed(0)} MB at ${a.repos.toLocaleString('en-US')} repositories, ${a.options.label}; ${b.peakRssMb.toFixed(0)} MB at ${b.repos.toLocaleString('en-US')}, ${b.options.label})`,
    );
  }
  if (lines.length === 0)
    return 'Growth per 1,000 repositories needs two sizes; this run had fewer.';
  return `Peak RSS growth, (peak RSS of the largest size − of the smallest) ÷ (their difference in repositories ÷ 1,000):

${lines.join('\n')}`;
}
