// An action the room answers `unavailable` (its class is moving between nodes) goes again by itself, unchanged,
// instead of being shown as refused. The room here is a scripted socket: the browser tests run on one node, where no
// class moves (the Java cluster tests, BreakoutClusterTest and ResendTest, cover the room's side).
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ClientFrameSchema, ServerFrameSchema, type ClientFrame, type ServerFrame } from "../src/gen/ardoise/v1/wire_pb";
import { Connection, type Handlers } from "../src/connection";
import { sendAgainAfterMs, TRIES } from "../src/send-again";

/** The one socket the connection opens: what it sent, and a way to answer it. */
class ScriptedSocket {
  static readonly OPEN = 1;
  static last: ScriptedSocket | undefined;
  readyState = ScriptedSocket.OPEN;
  binaryType = "";
  sent: ClientFrame[] = [];
  onopen: (() => void) | undefined;
  onmessage: ((message: { data: ArrayBuffer }) => void) | undefined;
  onclose: ((close: { code: number }) => void) | undefined;

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
    queueMicrotask(() => this.onopen?.());
  }

  send(bytes: Uint8Array): void {
    this.sent.push(fromBinary(ClientFrameSchema, bytes));
  }

  close(): void {}

  answer(frame: ServerFrame["body"]): void {
    const bytes = toBinary(ServerFrameSchema, create(ServerFrameSchema, { body: frame }));
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  }
}

Object.assign(globalThis, {
  WebSocket: ScriptedSocket,
  location: { protocol: "http:", host: "127.0.0.1:8080" },
  addEventListener: () => {},
});

const until = async (what: string, condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** A connection that has joined, with what its handlers were told. */
async function joined() {
  const errors: string[] = [];
  const acks: bigint[] = [];
  const handlers = {
    welcome: () => {},
    event: () => {},
    liveBatch: () => {},
    ack: (ack) => acks.push(ack.clientSeq),
    error: (error) => errors.push(error.code),
    liveStroke: () => {},
    cursor: () => {},
    media: () => {},
    mediaState: () => {},
    status: () => {},
  } as Handlers;
  const connection = new Connection("k7f3x-9qm2p", "token", handlers);
  connection.join("Léa");
  await until("the Join", () => ScriptedSocket.last?.sent.length === 1);
  const socket = ScriptedSocket.last!;
  socket.answer({ case: "welcome", value: { participantId: "p1", resumeToken: "r", lastSeq: 4n } });
  return { connection, socket, errors, acks };
}

const chats = (socket: ScriptedSocket) => socket.sent.filter((frame) => frame.body.case === "chat");

test("a chat answered `unavailable` goes again, the same frame, and its Ack ends it without an error", async () => {
  const { connection, socket, errors, acks } = await joined();
  try {
    const seq = connection.send({ case: "chat", value: { text: "bonjour" } } as ClientFrame["body"]);
    assert.equal(chats(socket).length, 1);

    socket.answer({ case: "error", value: { clientSeq: seq, code: "unavailable", message: "the class is moving: send again" } });
    await until("the chat sent again", () => chats(socket).length === 2);
    const [first, again] = chats(socket);
    assert.deepEqual(toBinary(ClientFrameSchema, again), toBinary(ClientFrameSchema, first), "the same bytes, client_message_id included");

    socket.answer({ case: "ack", value: { clientSeq: seq, seq: 5n } });
    assert.deepEqual(acks, [seq]);
    assert.deepEqual(errors, [], "the user saw no refusal");
  } finally {
    connection.leave();
  }
});

test("another error is the user's to see, and the action is not sent again", async () => {
  const { connection, socket, errors } = await joined();
  try {
    const seq = connection.send({ case: "chat", value: { text: "trop" } } as ClientFrame["body"]);
    socket.answer({ case: "error", value: { clientSeq: seq, code: "chat_muted", message: "muted" } });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(chats(socket).length, 1);
    assert.deepEqual(errors, ["chat_muted"]);
  } finally {
    connection.leave();
  }
});

test("the pauses double from a quarter of a second, with jitter, and end after the last try", () => {
  assert.equal(sendAgainAfterMs(0, () => 0), 125);
  assert.equal(sendAgainAfterMs(0, () => 1), 250);
  assert.equal(sendAgainAfterMs(3, () => 1), 2_000);
  assert.equal(sendAgainAfterMs(TRIES - 1, () => 1), 5_000, "capped");
  assert.equal(sendAgainAfterMs(TRIES), undefined);
  let total = 0;
  for (let tries = 0; tries < TRIES; tries++) total += sendAgainAfterMs(tries, () => 0.5)!;
  assert.ok(total > 9_000 && total < 18_000, `a class still moving after ${total} ms is reported`);
});
