package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ParticipantLeft;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.WhiteboardBatch;
import java.util.List;

/** Routes a joined participant's frame to the rules of its feature. */
final class ActionRules {
    private ActionRules() {}

    /**
     * @param classId the room's id, from which its breakout groups' ids derive
     * @param pendingBoard whiteboard batches accepted but not yet written, which the board is judged with
     * @param participantsAllowed the most a class may set as its own limit (ardoise.room.max-participants-allowed)
     */
    static Decision decide(RoomState state, String classId, Member sender, ClientFrame frame,
                           List<WhiteboardBatch> pendingBoard, int participantsAllowed) {
        return switch (frame.getBodyCase()) {
            case CHAT -> ChatRules.post(state, sender, frame.getChat());
            case RAISE_HAND -> HandRules.raise(sender);
            case LOWER_HAND -> HandRules.lower(state, sender, frame.getLowerHand());
            case LOWER_ALL_HANDS -> HandRules.lowerAll(state, sender);
            case SET_LOCKS -> ModerationRules.setLocks(state, sender, frame.getSetLocks());
            case SET_ROLE -> ModerationRules.setRole(state, sender, frame.getSetRole());
            case REMOVE_PARTICIPANT -> ModerationRules.remove(state, sender, frame.getRemoveParticipant());
            case WHITEBOARD -> WhiteboardRules.batch(state, sender, frame.getWhiteboard(), pendingBoard);
            case LIVE_STROKE -> WhiteboardRules.liveStroke(state, sender, frame.getLiveStroke());
            case CURSOR -> WhiteboardRules.cursor(state, sender, frame.getCursor());
            case REACTION -> ReactionRules.react(sender, frame.getReaction());
            case MEDIA_MUTE -> MediaRules.mute(state, sender, frame.getMediaMute());
            case END_CLASS -> ClassRules.end(state, sender);
            case RENEW_LINK -> ClassRules.renewLink(state, sender, frame.getRenewLink().getRole());
            case DELETE_CHAT_MESSAGE -> ChatModerationRules.delete(state, sender, frame.getDeleteChatMessage());
            case CLEAR_CHAT -> ChatModerationRules.clear(state, sender);
            case SET_CHAT_MUTED -> ChatModerationRules.mute(state, sender, frame.getSetChatMuted());
            case SET_ENTRY_POLICY -> EntryRules.setPolicy(state, sender, frame.getSetEntryPolicy());
            case ADMIT -> EntryRules.admit(state, sender, frame.getAdmit().getParticipantIdsList());
            case ADMIT_ALL -> EntryRules.admitAll(state, sender);
            case REFUSE -> EntryRules.refuse(state, sender, frame.getRefuse().getParticipantIdsList());
            case OPEN_POLL -> PollRules.open(state, sender, frame.getOpenPoll());
            case ANSWER_POLL -> PollRules.answer(state, sender, frame.getAnswerPoll());
            case END_POLL -> PollRules.end(state, sender, frame.getEndPoll().getPollId());
            case PUBLISH_POLL -> PollRules.publish(state, sender, frame.getPublishPoll().getPollId());
            case CONTROL_TIMER -> TimerRules.control(state, sender, frame.getControlTimer());
            case PRESENT -> PresentRules.present(state, sender, frame.getPresent(), pendingBoard);
            case OPEN_BREAKOUTS -> BreakoutRules.open(state, sender, frame.getOpenBreakouts());
            case CHOOSE_BREAKOUT -> BreakoutRules.choose(state, sender, frame.getChooseBreakout().getGroupId());
            case MOVE_TO_BREAKOUT -> BreakoutRules.move(state, sender, frame.getMoveToBreakout().getParticipantId(),
                    frame.getMoveToBreakout().getGroupId());
            case EXTEND_BREAKOUTS -> BreakoutRules.extend(state, sender, frame.getExtendBreakouts().getExtraMs());
            case CLOSE_BREAKOUTS -> BreakoutRules.close(state, sender);
            case BROADCAST_TO_BREAKOUTS -> BreakoutRules.broadcast(state, sender, frame.getBroadcastToBreakouts().getText());
            case VISIT_BREAKOUT -> BreakoutRules.visit(state, classId, sender, frame.getVisitBreakout().getGroupId());
            case SET_RECORDING -> RecordingRules.set(state, sender, frame.getSetRecording());
            case SET_MAX_PARTICIPANTS -> CapacityRules.set(state, sender, frame.getSetMaxParticipants(), participantsAllowed);
            case LEAVE -> new Decision.Accept(RoomEvent.newBuilder()
                    .setLeft(ParticipantLeft.newBuilder().setParticipantId(sender.id()).setRole(sender.role())));
            case JOIN, RESUME, PING, RESYNC, MEDIA, BODY_NOT_SET ->
                    new Decision.Reject(ErrorCode.INVALID, "not an action on the room: " + frame.getBodyCase());
        };
    }
}
