// Issue 17's "done when", against a real OpenID provider (ARDOISE_AUTH=oidc, e2e/provider.mjs: Spring
// Authorization Server): a teacher signs in at the provider's login form, creates a class on "Mes classes" and
// copies its student link; a student joins in another browser context; the teacher renews the link, and the old
// one gets its page; the teacher ends the class from the classroom, and both see the ended screen.
import assert from "node:assert/strict";
import { test } from "node:test";
import { join, screenshot } from "./helpers.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser(async () => {}, { auth: "oidc" });
const TITLE = "Physique 3A";

test("a teacher signs in at the provider, shares a class, renews its link and ends it", async () => {
  const viewport = { width: 1280, height: 800 };
  const teacherCtx = await stage.browser.newContext({ locale: "fr-FR", viewport, permissions: ["clipboard-read", "clipboard-write"] });
  const studentCtx = await stage.browser.newContext({ locale: "fr-FR", viewport });
  const { issuer, user, password, name } = stage.server.provider;

  const list = await teacherCtx.newPage();
  await list.goto(stage.server.url + "/");
  await list.click("#sign-in");
  // The provider's own login form, as a teacher types into it.
  await list.waitForURL((url) => url.href.startsWith(`${issuer}/login`));
  await list.fill("input[name=username]", user);
  await list.fill("input[name=password]", password);
  await list.click("button[type=submit]");
  await list.waitForURL(`${stage.server.url}/`);
  await list.waitForSelector("#signed-in-as");
  assert.equal(await list.locator("#signed-in-as").innerText(), `Connecté en tant que ${name}`);

  await list.click("#my-classes");
  await list.waitForURL(/\/classes$/);
  await list.fill("#new-class-title", TITLE);
  await list.press("#new-class-title", "Enter");
  const card = list.locator("li.class-card", { has: list.locator("h3", { hasText: TITLE }) });
  await card.waitFor();
  await card.locator(".link button").click();
  const link = await list.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`^${stage.server.url}/c/[^#]+#.+`), "the copied student link");
  assert.equal(link, await card.locator("input[id^=student-link-]").inputValue(), "the link the card shows");

  const teacher = await join(teacherCtx, await card.locator("a.open-teacher").getAttribute("href"), name);
  const student = await join(studentCtx, link, "Léa");
  await teacher.waitForFunction(() => document.querySelectorAll(".participants li").length === 2);
  assert.equal(await student.evaluate(() => window.__ardoise.role), 2, "the copied link is a student's");

  await card.locator(".menu-button").click();
  await card.locator("[role=menuitem][data-action=renew]").click();
  await list.click("#confirm-yes");
  const input = card.locator("input[id^=student-link-]");
  await list.waitForFunction(([selector, old]) => document.querySelector(selector)?.value !== old, [`#${await input.getAttribute("id")}`, link]);
  const renewed = await input.inputValue();
  const late = await studentCtx.newPage();
  await late.goto(link);
  await late.waitForSelector('body[data-reason="revoked-link"]');
  await screenshot(late, "oidc-revoked-link-1280");
  const fresh = await studentCtx.newPage();
  await fresh.goto(renewed);
  await fresh.waitForSelector("#display-name");
  assert.equal(await student.evaluate(() => document.body.dataset.screen), "classroom", "whoever is in stays");

  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  await teacher.click("#end-class");
  await teacher.waitForSelector(".confirm-dialog[open]");
  await teacher.click("#confirm-yes");
  await Promise.all([teacher, student].map((page) => page.waitForSelector('body[data-reason="ended"]', { timeout: 10_000 })));
  await screenshot(teacher, "oidc-ended-teacher-1280");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
