import type { WhiteboardDoc } from "./doc.js";
import { kindName } from "./canonical.js";
import { PROP_FIELDS, type PropValue } from "./props.js";
import type { Register } from "./register.js";
import { compareStamps, compareStrings, stampFromJson, stampToJson, toBigInt, type Stamp } from "./stamp.js";
import type {
  LifeRegisterJson,
  PageStateJson,
  ShapeProps,
  ShapeStateJson,
  StringRegisterJson,
  WhiteboardDocumentJson,
} from "./types.js";
import type { Shape } from "./shape.js";

// WhiteboardDocument (proto3 JSON) to and from a replica. Loading merges registers, so a
// snapshot is just another state to join.

export function toSnapshot(doc: WhiteboardDoc): WhiteboardDocumentJson {
  const pages: PageStateJson[] = [];
  for (const page of [...doc.pages.values()].sort((a, b) => compareStrings(a.id, b.id))) {
    const state: PageStateJson = { pageId: page.id };
    if (page.life !== undefined) state.life = lifeToJson(page.life);
    if (page.title !== undefined) state.title = stringToJson(page.title);
    if (page.order !== undefined) state.order = stringToJson(page.order);
    if (page.cleared !== undefined) state.cleared = stampToJson(page.cleared);
    const shapes = [...page.shapes.values()].sort((a, b) => compareStrings(a.id, b.id)).map(shapeToJson);
    if (shapes.length > 0) state.shapes = shapes;
    pages.push(state);
  }
  const json: WhiteboardDocumentJson = {};
  if (doc.maxLamport !== 0n) json.maxLamport = doc.maxLamport.toString();
  if (pages.length > 0) json.pages = pages;
  return json;
}

export function mergeSnapshot(doc: WhiteboardDoc, snapshot: WhiteboardDocumentJson): void {
  doc.raiseLamport(toBigInt(snapshot.maxLamport));
  for (const state of snapshot.pages ?? []) {
    const page = doc.page(state.pageId ?? "");
    if (state.life) page.mergeLife(lifeFromJson(state.life));
    if (state.title) page.mergeTitle(stringFromJson(state.title));
    if (state.order) page.mergeOrder(stringFromJson(state.order));
    if (state.cleared) page.mergeCleared(stampFromJson(state.cleared));
    for (const shapeState of state.shapes ?? []) {
      const shape = page.shape(shapeState.shapeId ?? "");
      if (shapeState.birth) {
        const birth = shapeState.birth;
        shape.mergeBirth({
          stamp: stampFromJson(birth.stamp),
          value: { kind: kindName(birth.kind), points: (birth.points ?? []).map(Number) },
        });
      }
      if (shapeState.life) shape.mergeLife(lifeFromJson(shapeState.life));
      for (const group of shapeState.props ?? []) shape.write(stampFromJson(group.stamp), group.props);
    }
  }
}

function shapeToJson(shape: Shape): ShapeStateJson {
  const state: ShapeStateJson = { shapeId: shape.id };
  if (shape.birth !== undefined) {
    const { kind, points } = shape.birth.value;
    state.birth = { stamp: stampToJson(shape.birth.stamp) };
    if (kind !== "SHAPE_KIND_UNSPECIFIED") state.birth.kind = /^\d+$/.test(kind) ? Number(kind) : (kind as never);
    if (points.length > 0) state.birth.points = [...points];
  }
  if (shape.life !== undefined) state.life = lifeToJson(shape.life);
  // Fields written by one op share a stamp; grouping them keeps snapshots close to the ops.
  const groups: { stamp: Stamp; props: ShapeProps }[] = [];
  for (const field of PROP_FIELDS) {
    const register: Register<PropValue> | undefined = shape.props.get(field.name);
    if (register === undefined) continue;
    let group = groups.find((g) => compareStamps(g.stamp, register.stamp) === 0);
    if (group === undefined) {
      group = { stamp: register.stamp, props: {} };
      groups.push(group);
    }
    (group.props as Record<string, PropValue>)[field.json] = register.value;
  }
  groups.sort((a, b) => compareStamps(a.stamp, b.stamp));
  if (groups.length > 0) state.props = groups.map((g) => ({ stamp: stampToJson(g.stamp), props: g.props }));
  return state;
}

function lifeToJson(register: Register<boolean>): LifeRegisterJson {
  const json: LifeRegisterJson = { stamp: stampToJson(register.stamp) };
  if (register.value) json.alive = true;
  return json;
}

function lifeFromJson(json: LifeRegisterJson): Register<boolean> {
  return { stamp: stampFromJson(json.stamp), value: json.alive === true };
}

function stringToJson(register: Register<string>): StringRegisterJson {
  const json: StringRegisterJson = { stamp: stampToJson(register.stamp) };
  if (register.value !== "") json.value = register.value;
  return json;
}

function stringFromJson(json: StringRegisterJson): Register<string> {
  return { stamp: stampFromJson(json.stamp), value: json.value ?? "" };
}
