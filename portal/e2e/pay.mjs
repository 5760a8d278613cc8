// Opens the hosted payment page in Debian's chromium and checks that it
// shows the amount, the lines and the bank-transfer method; then that a
// forged link shows a clear page. Run by cmd/sello's TestPayPageBrowser:
//
//   node pay.mjs '{"url":…,"badUrl":…,"total":…,"clabe":…,"screenshot":…}'
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
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'es-MX' });
  const resp = await page.goto(cfg.url);
  if (resp.status() !== 200) await fail(`payment page answered ${resp.status()}`);
  const total = await page.locator('#total').innerText();
  if (!total.includes(cfg.total)) await fail(`total shown: ${total}, want ${cfg.total}`);
  const lines = await page.getByRole('table', { name: 'Conceptos' }).innerText();
  if (!lines.includes('Colegiatura')) await fail(`lines shown: ${lines}`);
  const bank = await page.getByRole('region', { name: 'Transferencia bancaria' }).innerText();
  if (!bank.includes(cfg.clabe)) await fail(`bank transfer shown: ${bank}`);
  await page.screenshot({ path: cfg.screenshot, fullPage: true });

  const bad = await page.goto(cfg.badUrl);
  const h1 = await page.locator('h1').innerText();
  if (bad.status() !== 404 || !h1.includes('no válido')) await fail(`forged link: ${bad.status()} ${h1}`);
  console.log(`payment page shows ${total} and the CLABE; a forged link shows "${h1}"`);
} catch (e) {
  await fail(String(e));
}
await browser.close();
