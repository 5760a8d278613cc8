// Drives the onboarding page in Debian's chromium: fills the fiscal data and
// the brand, uploads the CSD, saves a screenshot of the filled form, submits,
// and checks that the page shows the team as ready; then checks that an
// expired link shows a clear page. Run by cmd/sello's TestOnboardingBrowser:
//
//   node onboarding.mjs '{"url":…,"expiredUrl":…,"cer":…,"key":…,"password":…,"screenshot":…}'
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
  if (resp.status() !== 200) await fail(`onboarding page answered ${resp.status()}`);
  // Inputs are found by their labels: the page must be accessible.
  await page.getByLabel('Razón social').fill('ESCUELA KEMPER URGATE');
  await page.getByLabel('RFC', { exact: true }).fill('EKU9003173C9');
  await page.getByLabel('Régimen fiscal').selectOption('601');
  await page.getByLabel('Código postal').fill('42501');
  await page.getByLabel('URL del logotipo').fill('https://example.com/logo.png');
  await page.getByLabel('Color principal').fill('#0a7d5a');
  await page.getByLabel('Certificado (.cer)').setInputFiles(cfg.cer);
  await page.getByLabel('Llave privada (.key)').setInputFiles(cfg.key);
  await page.getByLabel('Contraseña de la llave privada').fill(cfg.password);
  await page.screenshot({ path: cfg.screenshot, fullPage: true });
  await Promise.all([page.waitForURL(cfg.url), page.getByRole('button', { name: 'Guardar' }).click()]);
  const ready = await page.locator('#ready').innerText().catch(() => '');
  if (!ready.includes('¡Listo!')) await fail(`no ready section after submitting: ${await page.content()}`);

  const gone = await page.goto(cfg.expiredUrl);
  const text = await page.locator('h1').innerText();
  if (gone.status() !== 410 || !text.includes('expirado')) await fail(`expired link: ${gone.status()} ${text}`);
  console.log(JSON.stringify({ ready: ready.split('\n')[0], expired: text }));
} catch (e) {
  await fail(String(e && e.stack || e));
}
await browser.close();
