// Drives the self-invoicing page in Debian's chromium, on a phone-sized
// viewport: a wrong RFC shows its field error; the right data invoices the
// purchase and the page offers the PDF and the XML, which are downloaded;
// a second attempt (a stale form in another tab) shows the purchase as
// already invoiced. Screenshots go to cfg.shots. Run by cmd/sello's
// TestSelfInvoiceBrowser:
//
//   node autofactura.mjs '{"url":…,"xml":…,"pdf":…,"shots":…}'
import { chromium } from 'playwright-core';

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const fail = async (msg) => {
  console.error(msg);
  await browser.close();
  process.exit(1);
};
const fill = async (page, rfc) => {
  // Inputs are found by their labels: the page must be accessible.
  await page.getByLabel('RFC', { exact: true }).fill(rfc);
  await page.getByLabel('Nombre o razón social').fill('UNIVERSIDAD ROBOTICA ESPAÑOLA');
  await page.getByLabel('Código postal').fill('86991');
  await page.getByLabel('Régimen fiscal').selectOption('601');
  await page.getByLabel('Uso de la factura').selectOption('G03');
};
try {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-MX', acceptDownloads: true });
  const page = await ctx.newPage();
  const resp = await page.goto(cfg.url);
  if (resp.status() !== 200) await fail(`self-invoicing page answered ${resp.status()}`);
  const stale = await ctx.newPage();
  await stale.goto(cfg.url);

  // The script offers only the usos of the chosen régimen: D01 is for
  // personas físicas, so it hides for a 12-character RFC in 601.
  await fill(page, 'URE180429TM7');
  if (!(await page.locator('#use option[value="D01"]').evaluate((o) => o.hidden))) await fail('D01 is offered to a persona moral');
  await page.screenshot({ path: `${cfg.shots}/autofactura-form.png`, fullPage: true });
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Facturar' }).click()]);
  const rfcError = await page.locator('#tax_id-error').innerText().catch(() => '');
  if (!rfcError.includes('RFC')) await fail(`no RFC error after a wrong RFC: ${await page.content()}`);
  await page.screenshot({ path: `${cfg.shots}/autofactura-rfc-error.png`, fullPage: true });

  await fill(page, 'URE180429TM6');
  await Promise.all([page.waitForURL(/listo=1/), page.getByRole('button', { name: 'Facturar' }).click()]);
  const done = await page.locator('#invoiced').innerText();
  if (!done.includes('¡Listo!')) await fail(`no success section: ${await page.content()}`);
  await page.screenshot({ path: `${cfg.shots}/autofactura-done.png`, fullPage: true });
  for (const [id, path] of [['#xml', cfg.xml], ['#pdf', cfg.pdf]]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(id).click()]);
    await dl.saveAs(path);
  }

  await fill(stale, 'URE180429TM6');
  await stale.getByRole('button', { name: 'Facturar' }).click();
  await stale.waitForLoadState('load');
  const again = await stale.locator('#invoiced').innerText().catch(() => '');
  if (!again.includes('ya fue facturada')) await fail(`second attempt: ${await stale.content()}`);
  await stale.screenshot({ path: `${cfg.shots}/autofactura-already-invoiced.png`, fullPage: true });
  console.log(JSON.stringify({ rfcError, done: done.split('\n')[0], again: again.split('\n')[0] }));
} catch (e) {
  await fail(String(e && e.stack || e));
}
await browser.close();
