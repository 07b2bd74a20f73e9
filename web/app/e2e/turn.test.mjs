// TURN for school networks: a Chromium in a network namespace of the test's own, where every outgoing UDP
// packet is dropped, still sends and receives media, relayed over TCP by the SFU's TURN server with the
// short-lived credential the node handed each participant. The node and the SFU stay on the machine's
// 127.0.0.1; only the node's HTTP port and the TURN port reach into the namespace (e2e/netns.mjs).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { after, before, test } from "node:test";
import { MEDIA_ARGS, startBrowser } from "./browser.mjs";
import { join, screenshot, until, framesFrom } from "./helpers.mjs";
import { createNetns } from "./netns.mjs";
import { createRoom, startServer } from "./server.mjs";
import { startSfu } from "./sfu.mjs";

const TURN_SECRET = "e2e-turn-secret-0123456789";
const stage = { started: 0 };

before(async () => {
  stage.started = Date.now();
  stage.dir = mkdtempSync(joinPath(tmpdir(), "ardoise-turn-"));
  stage.sfu = await startSfu(stage.dir, { turnSecret: TURN_SECRET });
  stage.server = await startServer({
    sfu: stage.sfu,
    // No warm-up: this file measures media, not the first WebSockets.
    env: {
      ARDOISE_TURN_URLS: `turn:127.0.0.1:${stage.sfu.turnTcpPort}?transport=tcp`,
      ARDOISE_TURN_SECRET: TURN_SECRET,
      // Credentials of 8 s: the node renews them (MediaStatus RENEWED) 6 s after the last, within every test here.
      ARDOISE_TURN_TTL: "8s",
      ARDOISE_WARM_UP_CONNECTIONS: "0",
    },
  });
  const http = Number(new URL(stage.server.url).port);
  // One namespace reaches the node and the TURN port; the other the node and the SFU's ICE-TCP port only.
  stage.ns = createNetns("ardoise-turn");
  stage.tcpNs = createNetns("ardoise-icetcp");
  for (const ns of [stage.ns, stage.tcpNs]) ns.dropOutgoing("udp");
  await stage.ns.forward([http, stage.sfu.turnTcpPort]);
  await stage.tcpNs.forward([http, stage.sfu.iceTcpPort]);
  [stage.browser, stage.tcpBrowser] = await Promise.all([
    startBrowser(MEDIA_ARGS, stage.ns.chromium()),
    startBrowser(MEDIA_ARGS, stage.tcpNs.chromium()),
  ]);
});

after(async () => {
  await stage.browser?.close();
  await stage.tcpBrowser?.close();
  stage.ns?.close();
  stage.tcpNs?.close();
  await stage.server?.stop();
  await stage.sfu?.stop();
  if (stage.dir) rmSync(stage.dir, { recursive: true, force: true });
  console.log(`turn.test.mjs: ${((Date.now() - stage.started) / 1000).toFixed(1)} s with start-up`);
});

const routes = (page) => page.evaluate(() => window.__ardoise.media.routes());
const usernames = (page) => page.evaluate(() => window.__ardoise.media.iceUsernames);
const expiry = (username) => Number(username.split(":")[0]);

/** UDP packets the namespace's firewall dropped so far: Chromium did try UDP. */
function droppedUdp(ns = stage.ns) {
  const rule = ns.exec("iptables", "-S", "OUTPUT", "-v").match(/-p udp -c (\d+) \d+ -j DROP/);
  assert.ok(rule, "the namespace's rule that drops UDP");
  return Number(rule[1]);
}

/**
 * A teacher and a student of a new class, both in `browser`, both in the class's media session; the teacher
 * turns camera and microphone on and the student decodes 30 frames more than the first. Gives the pages and
 * the times it took.
 */
async function teacherSendsToStudent(browser, title) {
  const begun = Date.now();
  const room = await createRoom(stage.server.url, title);
  const newContext = async (viewport) => {
    const ctx = await browser.newContext({ locale: "fr-FR", viewport });
    ctx.on("console", (m) => { if (m.type() === "error") console.log(`[page error] ${m.text()}`); });
    return ctx;
  };
  const [teacherCtx, studentCtx] = await Promise.all([newContext({ width: 1280, height: 800 }), newContext({ width: 360, height: 740 })]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");
  const student = await join(studentCtx, room.student.url, "Pierre");
  const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 30_000 });
  await Promise.all([joined(teacher), joined(student)]);
  const joinedMs = Date.now() - begun;
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);

  const clicked = Date.now();
  await teacher.click("#media-camera");
  await teacher.click("#media-microphone");
  await until(async () => (await framesFrom(student, teacherId)) > 0, 30_000, "the student decodes the teacher's video");
  const firstFrameMs = Date.now() - clicked;
  const decoded = await framesFrom(student, teacherId);
  await until(async () => (await framesFrom(student, teacherId)) > decoded + 30, 15_000, "frames keep coming");
  console.log(`${title}: 30 more frames ${Date.now() - clicked - firstFrameMs} ms after the first`);
  return { teacher, student, contexts: [teacherCtx, studentCtx], joinedMs, firstFrameMs };
}

test("with outgoing UDP dropped, a teacher's camera reaches a student through TURN over TCP and decodes", async () => {
  const { teacher, student, contexts, joinedMs, firstFrameMs } = await teacherSendsToStudent(stage.browser, "Réseau du collège");

  // Both directions went through the relay, over TCP: the teacher's sending connection, the student's receiving one.
  const sending = (await routes(teacher)).publisher;
  const receiving = (await routes(student)).subscriber;
  assert.deepEqual({ local: sending?.local, protocol: sending?.protocol }, { local: "relay", protocol: "tcp" }, JSON.stringify(sending));
  assert.deepEqual({ local: receiving?.local, protocol: receiving?.protocol }, { local: "relay", protocol: "tcp" }, JSON.stringify(receiving));
  // A phone's small tile gets the camera's smallest simulcast layer, some 12 kB a second: how soon 50 kB have come
  // depends on the machine, not on the relay, so the test waits for them (on the same selected pair).
  const moved = await until(async () => {
    const [sent, received] = [(await routes(teacher)).publisher, (await routes(student)).subscriber];
    return sent?.bytesSent > 50_000 && received?.bytesReceived > 50_000 && received.local === "relay" ? { sent, received } : undefined;
  }, 15_000, "50 kB each way through the relay");
  assert.ok(droppedUdp() > 0, "Chromium's UDP was dropped: the relay was the only way");
  // The relay is the SFU's own TURN server: the two pages' connections hold allocations there.
  const allocations = await stage.sfu.metric("sfu_turn_allocations");
  assert.ok(allocations >= 2, `${allocations} TURN allocations on the SFU`);
  console.log(`both in the class's media session ${joinedMs} ms after the test began; first decoded frame ${firstFrameMs} ms after the camera was turned on; through the relay: ` +
    `${moved.sent.bytesSent} bytes sent, ${moved.received.bytesReceived} received; ${droppedUdp()} UDP packets dropped; ${allocations} allocations`);

  const shooting = Date.now();
  await screenshot(teacher, "60-turn-teacher");
  await screenshot(student, "61-turn-student-360px");
  console.log(`screenshots ${Date.now() - shooting} ms`);
  await Promise.all(contexts.map((ctx) => ctx.close()));
});

test("with outgoing UDP dropped and no TURN in reach, media goes over ICE-TCP to the SFU itself", async () => {
  const { teacher, student, contexts, joinedMs, firstFrameMs } = await teacherSendsToStudent(stage.tcpBrowser, "Réseau sans TURN");
  const sending = (await routes(teacher)).publisher;
  const receiving = (await routes(student)).subscriber;
  // The SFU's passive TCP candidate; Chromium's own end of a TCP connection shows as peer-reflexive (its port is
  // the connection's), never as a relay.
  for (const route of [sending, receiving]) {
    assert.deepEqual({ remote: route?.remote, protocol: route?.protocol }, { remote: "host", protocol: "tcp" }, JSON.stringify(route));
    assert.notEqual(route.local, "relay", JSON.stringify(route));
  }
  // As above, the small tile's layer takes its time to make 50 kB.
  await until(async () => {
    const [sent, received] = [(await routes(teacher)).publisher, (await routes(student)).subscriber];
    return sent?.bytesSent > 50_000 && received?.bytesReceived > 50_000 && received.remote === "host" && received.protocol === "tcp";
  }, 15_000, "50 kB each way over ICE-TCP");
  assert.ok(droppedUdp(stage.tcpNs) > 0, "Chromium's UDP was dropped");
  console.log(`ICE-TCP: joined in ${joinedMs} ms, first decoded frame ${firstFrameMs} ms after the camera was turned on`);
  await Promise.all(contexts.map((ctx) => ctx.close()));
});

test("through TURN, a page sets each renewed credential on its connections, and the video goes on", async () => {
  const { teacher, student, contexts } = await teacherSendsToStudent(stage.browser, "Cours du soir");
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  for (const page of [teacher, student]) {
    const [held] = await usernames(page);
    assert.ok(held && expiry(held) > 0, `a TURN username with its expiry: ${held}`);
    const waited = Date.now();
    const renewed = await until(async () => {
      const now = await usernames(page);
      return now.length === 2 && now.every((u) => u !== held) ? now : undefined;
    }, 15_000, "a renewed TURN credential on both connections");
    assert.equal(renewed[0], renewed[1], "the same credential on the sending and the receiving connection");
    assert.ok(expiry(renewed[0]) > expiry(held), `${renewed[0]} expires after ${held}`);
    assert.ok(Date.now() / 1000 < expiry(held), "set before the credential it replaces expired");
    assert.equal(renewed[0].split(":")[1], held.split(":")[1], "the same participant's");
    console.log(`turn renewal: ${renewed[0]} replaced ${held}, ${Date.now() - waited} ms after the test looked`);
  }
  // The same connections, still through the relay: the video keeps coming to the student.
  assert.equal(await student.evaluate(() => window.__ardoise.media.phase), "joined");
  const decoded = await framesFrom(student, teacherId);
  await until(async () => (await framesFrom(student, teacherId)) > decoded + 30, 15_000, "frames keep coming after the renewal");
  assert.equal((await routes(student)).subscriber?.local, "relay", "still relayed");
  await screenshot(teacher, "62-turn-renewal-teacher");
  await screenshot(student, "63-turn-renewal-student-360px");
  await Promise.all(contexts.map((ctx) => ctx.close()));
});
