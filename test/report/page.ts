/** Reads what the access review page rendered, in a real headless Chromium. */
import { Browser, Page } from '../../scripts/report/browser';

export async function openReport(
  browser: Browser,
  file: string,
): Promise<Page> {
  const page = await browser.open(`file://${file}`, 1400, 1000);
  await page.waitFor('document.body.getAttribute("data-ready") === "1"');
  return page;
}

export const text = (page: Page, selector: string): Promise<string> =>
  page.evaluate<string>(
    `(document.querySelector(${JSON.stringify(selector)}) || { textContent: '<missing>' }).textContent.trim()`,
  );

export const rows = async (page: Page, id: string): Promise<number> =>
  Number(
    await page.evaluate<string | null>(
      `document.getElementById(${JSON.stringify(id)}).getAttribute('data-rows')`,
    ),
  );

/** Sets a control's value and fires the event a person's typing or choosing would. */
export async function setControl(
  page: Page,
  id: string,
  value: string,
  event: 'input' | 'change' = 'input',
): Promise<void> {
  await page.evaluate(`(() => {
    const e = document.getElementById(${JSON.stringify(id)});
    e.value = ${JSON.stringify(value)};
    e.dispatchEvent(new Event(${JSON.stringify(event)}, { bubbles: true }));
  })()`);
}

/** The notice kinds (`not-collected`, `partial`) shown in a section, in order. */
export const notices = (page: Page, section: string): Promise<string[]> =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('#${section} [data-notice]')].map((e) => e.getAttribute('data-notice'))`,
  );

/** Numbers in a tile, e.g. "167,129" → 167129; NaN for "—". */
export const tile = async (page: Page, id: string): Promise<number> =>
  Number(
    (await text(page, `#tile-${id} b`)).replace(/,/g, '').replace('—', 'NaN'),
  );

/** Requests other than the page file itself: an offline page makes none. */
export const foreignRequests = (page: Page, file: string): string[] =>
  page.requests.filter((url) => url !== `file://${file}`);
