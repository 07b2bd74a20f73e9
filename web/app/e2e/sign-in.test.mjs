// The landing page with sign-in on (ARDOISE_AUTH=dev, loopback only): sign in with a name through the dev
// form, create a class with the session instead of the API key (which lands on "Mes classes"), sign out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, screenshot } from "./helpers.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser(async () => {}, { auth: "dev" });

test("a teacher signs in, creates a class without an API key, and signs out", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(stage.server.url + "/");
  // Signed out: "sign in" first; the API key form is folded away for operators.
  await page.waitForSelector("#sign-in");
  assert.ok(await page.isHidden("#api-key"), "the API key form starts folded");
  await page.click("details.operator summary");
  assert.ok(await page.isVisible("#api-key"));
  assert.deepEqual(await axeViolations(page), [], "signed out");
  await screenshot(page, "sign-in-signed-out-1280");

  await page.click("#sign-in");
  await page.waitForURL(/\/auth\/login$/);
  await page.fill("input[name=name]", "Mme Dupont");
  await page.click("button[type=submit]");
  await page.waitForSelector("#signed-in-as");
  assert.equal(await page.locator("#signed-in-as").innerText(), "Connecté en tant que Mme Dupont");
  assert.equal(await page.locator("#api-key").count(), 0, "no API key once signed in");
  assert.deepEqual(await axeViolations(page), [], "signed in");
  await screenshot(page, "sign-in-signed-in-1280");

  await page.fill("#title", "Français 3C");
  await page.press("#title", "Enter");
  // The new class is one of the teacher's: the browser goes to "Mes classes", where its links are.
  await page.waitForURL(/\/classes$/);
  await page.waitForSelector("li.class-card input[id^=student-link-]");
  assert.equal(await page.locator("li.class-card h3").innerText(), "Français 3C");
  assert.match(await page.getAttribute("li.class-card a.open-teacher", "href"), new RegExp(`^${stage.server.url}/c/[^#]+#.+`));
  assert.equal(await page.evaluate(() => localStorage.getItem("ardoise.apiKey")), null, "no key was needed nor kept");

  await page.click("#go-home");
  await page.click("#sign-out");
  await page.waitForSelector("#sign-in");
  assert.equal(await page.evaluate(async () => (await fetch("/api/v1/me")).status), 401, "the session is over");
  await ctx.close();
});

test("the signed-out landing page at 360×740", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(stage.server.url + "/");
  await page.waitForSelector("#sign-in");
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "sign-in-signed-out-360");
  await ctx.close();
});
