// Documents end to end: a teacher shows a PDF, its pages become board pages with their pictures, a student
// sees them and annotates once allowed.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { inflateSync } from "node:zlib";
import { join, screenshot, setSwitch, stroke } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { slidesPdf } from "./slides.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();

test("a teacher shows a 3-page PDF; a student sees page 2's picture and annotates it once allowed", async () => {
  const room = await createRoom(stage.server.url, "Géographie 4C");
  const [teacherCtx, studentCtx] = await Promise.all([
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 } }),
  ]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Reclus");
  const student = await join(studentCtx, room.student.url, "Élise");

  await teacher.locator("input[data-action=upload-file]").setInputFiles({ name: "fleuves.pdf", mimeType: "application/pdf", buffer: slidesPdf(3) });
  // The board's first page, then the document's three.
  await teacher.waitForFunction(() => window.__ardoise.pages.length === 4, null, { timeout: 60_000 });
  const pages = await teacher.evaluate(() => window.__ardoise.pages);
  assert.equal(await teacher.evaluate(() => window.__ardoise.page), pages[1], "the teacher lands on the document's first page");
  await teacher.waitForFunction(() => window.__ardoise.picturesShown() === 1);
  await teacher.locator(".board-pages button[aria-label='Page suivante']").click();
  assert.equal(await teacher.evaluate(() => window.__ardoise.page), pages[2]);
  await teacher.waitForFunction(() => window.__ardoise.picturesShown() === 1);
  // The page's picture is on the canvas: the rectangle's blue at its place.
  const blue = await teacher.evaluate(() => {
    const canvas = document.querySelector(".board-canvas");
    const camera = window.__ardoise.camera();
    const ratio = window.devicePixelRatio || 1;
    const scale = (camera.zoom / 10) * ratio;
    // The rectangle spans PDF (60..360, 60..260) from the bottom of a 595-point page, so its centre is at
    // (210, 435) points from the top-left; the page is 1600 pixels wide for 842 points, 10 units a pixel.
    const unit = (1600 / 842) * 10;
    const x = Math.round((210 * unit - camera.x) * scale);
    const y = Math.round((435 * unit - camera.y) * scale);
    return [...canvas.getContext("2d").getImageData(x, y, 1, 1).data];
  });
  assert.ok(blue[2] > 120 && blue[0] < 80, `blue under the rectangle: ${blue}`);
  await screenshot(teacher, "documents-teacher-page-2");

  await student.waitForFunction((n) => window.__ardoise.pages.length === n, pages.length);
  // The student follows the presenting teacher (e2e/presenting.test.mjs): on page 2 without a click.
  await student.waitForFunction((page) => window.__ardoise.page === page, pages[2]);
  await student.waitForFunction(() => window.__ardoise.picturesShown() === 1);
  assert.equal(await student.locator("[data-action=upload-document]").isVisible(), false, "no upload for students");

  await setSwitch(teacher, "students-may-draw", true);
  await student.waitForFunction(() => !document.querySelector(".board-toolbar").hidden);
  await stroke(student, [0.3, 0.4], [0.6, 0.5]);
  await teacher.waitForFunction((page) => window.__ardoise.shapeCount(page) === 2, pages[2]);
  const kinds = await student.evaluate(() => window.__ardoise.shapes().map((s) => `${s.kind}:${s.owner === window.__ardoise.participantId}`));
  assert.deepEqual(kinds, ["SHAPE_KIND_IMAGE:false", "SHAPE_KIND_PEN:true"], "the stroke lies over the teacher's picture");
  await screenshot(student, "documents-student-page-2");
  await teacherCtx.close();
  await studentCtx.close();
});

test("a teacher shows a PowerPoint file: LibreOffice on the server turns its slides into pages", async () => {
  const room = await createRoom(stage.server.url, "Histoire 5A");
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  const teacher = await join(ctx, room.teacher.url, "Mme Pernoud");
  // Two slides, written by LibreOffice (cluster's test resources, also used by OfficeDocumentsTest).
  const pptx = await readFile(new URL("../../../cluster/src/test/resources/documents/lesson.pptx", import.meta.url));
  await teacher.locator("input[data-action=upload-file]").setInputFiles({
    name: "cours.pptx", mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", buffer: pptx,
  });
  await teacher.waitForFunction(() => window.__ardoise.pages.length === 3, null, { timeout: 90_000 });
  await teacher.waitForFunction(() => window.__ardoise.picturesShown() === 1);
  await screenshot(teacher, "documents-office-slides");
  await ctx.close();
});

test("a document the server refuses says why, and adds no page", async () => {
  const room = await createRoom(stage.server.url, "Latin 3B");
  const ctx = await stage.browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 800 } });
  const teacher = await join(ctx, room.teacher.url, "Mme Yourcenar");
  await teacher.locator("input[data-action=upload-file]").setInputFiles({ name: "notes.docx", mimeType: "application/octet-stream", buffer: Buffer.from("PK\u0003\u0004rest", "latin1") });
  const status = teacher.locator("[data-document-status]");
  // A ZIP named .docx that holds no Word document: recognised by its content, not its name.
  await status.filter({ hasText: "office documents" }).waitFor();
  assert.equal(await status.textContent(), "The document could not be shown. Only PDF files, office documents (Word, PowerPoint, OpenDocument) and PNG, JPEG or WebP images can be shown.");
  assert.equal((await teacher.evaluate(() => window.__ardoise.pages)).length, 1);
  await screenshot(teacher, "documents-refused");
  await ctx.close();
});

/** The page dictionaries of a PDF whose objects are in the open, and the operators of its Flate-compressed content. */
function pdfOutline(bytes) {
  const text = bytes.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  let content = "";
  for (const match of text.matchAll(/\/FlateDecode[^]*?stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    try {
      content += inflateSync(bytes.subarray(start, end)).toString("latin1") + "\n";
    } catch {
      // A stream that is not Flate after all (the match ran past its dictionary): not content.
    }
  }
  return { pages, content };
}

test("a teacher downloads the annotated board as a PDF; a student may once allowed", async () => {
  const room = await createRoom(stage.server.url, "Histoire 5A");
  const [teacherCtx, studentCtx] = await Promise.all([
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "en-GB", viewport: { width: 360, height: 740 } }),
  ]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Bloch");
  const student = await join(studentCtx, room.student.url, "Marc");
  assert.equal(await student.locator("[data-action=download-board]").isVisible(), false, "students may not download yet");

  await teacher.locator("input[data-action=upload-file]").setInputFiles({ name: "frises.pdf", mimeType: "application/pdf", buffer: slidesPdf(2) });
  await teacher.waitForFunction(() => window.__ardoise.pages.length === 3, null, { timeout: 60_000 });
  await teacher.waitForFunction(() => window.__ardoise.picturesShown() === 1);
  await stroke(teacher, [0.3, 0.4], [0.6, 0.5]);
  await teacher.waitForFunction(() => window.__ardoise.shapes().length === 2);

  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.locator("[data-action=download-board]").click()]);
  assert.equal(download.suggestedFilename(), "Histoire 5A.pdf");
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const pdf = pdfOutline(bytes);
  assert.equal(pdf.pages, 3, "one PDF page per board page");
  assert.match(pdf.content, / Do\n/, "the document's picture");
  assert.match(pdf.content, / l\n(.* l\n)*S\n/, "the stroke as a vector path: lines, then stroked");
  await screenshot(teacher, "export-teacher-board");

  await setSwitch(teacher, "students-may-download", true);
  await teacher.click("#open-settings");
  await screenshot(teacher, "export-teacher-settings");
  await teacher.click("#close-settings");
  await student.locator("[data-action=download-board]").waitFor();
  const [allowed] = await Promise.all([student.waitForEvent("download"), student.locator("[data-action=download-board]").click()]);
  assert.equal(pdfOutline(await readFile(await allowed.path())).pages, 3);
  await screenshot(student, "export-student-board");
  await teacher.setViewportSize({ width: 360, height: 740 });
  await teacher.click("#open-settings");
  await screenshot(teacher, "export-teacher-settings-phone");
  await teacherCtx.close();
  await studentCtx.close();
});
