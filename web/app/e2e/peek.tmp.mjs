import { startBrowser } from "/work/main/web/app/e2e/browser.mjs";
import { join, screenshot, stroke } from "/work/main/web/app/e2e/helpers.mjs";
import { createRoom, startServer } from "/work/main/web/app/e2e/server.mjs";
const [server, browser] = await Promise.all([startServer(), startBrowser()]);
try {
  const room = await createRoom(server.url, "Géographie 5e A");
  for (const [w, hgt] of [[1280, 800], [360, 740]]) {
    const ctx = await browser.newContext({ locale: "fr-FR", viewport: { width: w, height: hgt } });
    const page = await join(ctx, room.teacher.url, "Mme Prof");
    await stroke(page, [0.3, 0.3], [0.6, 0.5]);
    await new Promise((r) => setTimeout(r, 500));
    console.log(w, await page.evaluate(() => window.__ardoise.shapeCount()), JSON.stringify(await page.locator(".board-canvas").boundingBox()));
    await screenshot(page, `peek-${w}`);
    await ctx.close();
  }
} finally { await browser.close(); await server.stop(); }
