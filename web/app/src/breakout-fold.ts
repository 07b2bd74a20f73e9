import { create } from "@bufbuild/protobuf";
import { BreakoutPlanSchema, type BreakoutPlan, type RoomEvent } from "./gen/ardoise/v1/room_pb";

/** The room's BreakoutRules.fold, on this side: the plan after `event`, which the room wrote at its time_ms. */
export function foldBreakout(plan: BreakoutPlan, event: RoomEvent): BreakoutPlan {
  const body = event.body;
  switch (body.case) {
    case "breakoutsOpened":
      return create(BreakoutPlanSchema, {
        classId: plan.classId, groups: body.value.groups, assignment: body.value.assignment, open: true,
        endsAtMs: event.timeMs + body.value.durationMs,
      });
    case "breakoutMoved": {
      const { participantId, groupId } = body.value;
      const groups = plan.groups.map((group) => ({
        ...group,
        members: [...group.members.filter((id) => id !== participantId), ...(group.id === groupId ? [participantId] : [])],
      }));
      return { ...plan, groups };
    }
    case "breakoutsExtended":
      return { ...plan, endsAtMs: plan.endsAtMs + body.value.extraMs };
    case "breakoutsClosed":
      return { ...plan, open: false };
    case "breakoutBoardImported":
      return { ...plan, imported: [...plan.imported, body.value.groupId] };
    case "breakoutGroupSet":
      return body.value.plan ?? plan;
    default:
      return plan;
  }
}
