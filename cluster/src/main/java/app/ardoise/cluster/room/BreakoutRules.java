package app.ardoise.cluster.room;

import app.ardoise.cluster.contract.BreakoutRooms;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.BreakoutBoardImported;
import app.ardoise.protocol.v1.BreakoutGroup;
import app.ardoise.protocol.v1.BreakoutMoved;
import app.ardoise.protocol.v1.BreakoutNotice;
import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.BreakoutsClosed;
import app.ardoise.protocol.v1.BreakoutsExtended;
import app.ardoise.protocol.v1.BreakoutsOpened;
import app.ardoise.protocol.v1.GoToBreakout;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Breakout groups: a teacher splits the class into groups, each a class of its own (BreakoutRooms), then moves students, extends the time, writes to every group and closes them.
 * The plan is the class's; groups only hear it (Room). Every action but a student's own choice is a teacher's.
 */
final class BreakoutRules {
    static final int MAX_GROUPS = 50;
    static final long MIN_DURATION_MS = 1_000;
    static final long MAX_DURATION_MS = Duration.ofHours(24).toMillis();
    static final int MAX_GROUP_NAME_CHARS = 60;

    private BreakoutRules() {}

    static Decision open(RoomState state, Member sender, OpenBreakouts open) {
        Optional<Decision> refused = teacherInClass(state, sender);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (state.breakout().getOpen()) {
            return new Decision.Reject(ErrorCode.BREAKOUTS_OPEN, "breakout groups are open: close them first");
        }
        if (open.getDurationMs() < MIN_DURATION_MS || open.getDurationMs() > MAX_DURATION_MS) {
            return new Decision.Reject(ErrorCode.INVALID, "breakout groups last from 1 second to 24 hours");
        }
        BreakoutAssignment assignment = open.getAssignment();
        int count = assignment == BreakoutAssignment.BREAKOUT_ASSIGNMENT_MANUAL ? open.getGroupsCount() : open.getCount();
        if (count < 1 || count > MAX_GROUPS) {
            return new Decision.Reject(ErrorCode.INVALID, "from 1 to " + MAX_GROUPS + " groups");
        }
        List<BreakoutGroup.Builder> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = BreakoutRooms.groupId(state.breakoutGroupsMade() + i + 1);
            groups.add(BreakoutGroup.newBuilder().setId(id).setName("Group " + (i + 1)));
        }
        switch (assignment) {
            case BREAKOUT_ASSIGNMENT_RANDOM -> {
                List<String> students = new ArrayList<>();
                state.members().stream().filter(m -> m.role() == Role.ROLE_STUDENT && m.connected())
                        .forEach(m -> students.add(m.id()));
                Collections.shuffle(students);
                for (int i = 0; i < students.size(); i++) {
                    groups.get(i % count).addMembers(students.get(i));
                }
            }
            case BREAKOUT_ASSIGNMENT_MANUAL -> {
                Set<String> placed = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    BreakoutGroup given = open.getGroups(i);
                    String name = given.getName().strip();
                    if (name.length() > MAX_GROUP_NAME_CHARS) {
                        return new Decision.Reject(ErrorCode.TOO_LARGE, "a group's name has at most " + MAX_GROUP_NAME_CHARS + " characters");
                    }
                    if (!name.isEmpty()) {
                        groups.get(i).setName(name);
                    }
                    for (String member : given.getMembersList()) {
                        if (!isStudent(state, member)) {
                            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no student " + member);
                        }
                        if (!placed.add(member)) {
                            return new Decision.Reject(ErrorCode.INVALID, "a student is in one group at most");
                        }
                        groups.get(i).addMembers(member);
                    }
                }
            }
            case BREAKOUT_ASSIGNMENT_SELF_CHOSEN -> { }
            case BREAKOUT_ASSIGNMENT_UNSPECIFIED, UNRECOGNIZED -> {
                return new Decision.Reject(ErrorCode.INVALID, "groups are random, by hand or self-chosen");
            }
        }
        // RANDOM and SELF_CHOSEN may name their groups too (a teacher's page names them in its language): names
        // only, one per group, since the room deals out or lets the students pick the members.
        if (assignment != BreakoutAssignment.BREAKOUT_ASSIGNMENT_MANUAL && open.getGroupsCount() > 0) {
            if (open.getGroupsCount() != count) {
                return new Decision.Reject(ErrorCode.INVALID, "name every group or none");
            }
            for (int i = 0; i < count; i++) {
                BreakoutGroup given = open.getGroups(i);
                if (given.getMembersCount() > 0) {
                    return new Decision.Reject(ErrorCode.INVALID, "random and self-chosen groups get their members from the room");
                }
                String name = given.getName().strip();
                if (name.length() > MAX_GROUP_NAME_CHARS) {
                    return new Decision.Reject(ErrorCode.TOO_LARGE, "a group's name has at most " + MAX_GROUP_NAME_CHARS + " characters");
                }
                if (!name.isEmpty()) {
                    groups.get(i).setName(name);
                }
            }
        }
        BreakoutsOpened.Builder opened = BreakoutsOpened.newBuilder()
                .setAssignment(assignment).setDurationMs(open.getDurationMs());
        groups.forEach(opened::addGroups);
        return new Decision.Accept(RoomEvent.newBuilder().setBreakoutsOpened(opened));
    }

    /** A student's own pick, while the groups are self-chosen and open. */
    static Decision choose(RoomState state, Member sender, String groupId) {
        if (state.isBreakoutGroup() || sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.INVALID, "students of the class choose their group");
        }
        BreakoutPlan plan = state.breakout();
        if (!plan.getOpen()) {
            return noBreakouts();
        }
        if (plan.getAssignment() != BreakoutAssignment.BREAKOUT_ASSIGNMENT_SELF_CHOSEN) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "the teacher chose the groups");
        }
        return moveTo(plan, sender.id(), groupId);
    }

    static Decision move(RoomState state, Member sender, String participantId, String groupId) {
        Optional<Decision> refused = openGroups(state, sender);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!isStudent(state, participantId) && groupOf(state.breakout(), participantId).isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no student " + participantId);
        }
        return moveTo(state.breakout(), participantId, groupId);
    }

    static Decision extend(RoomState state, Member sender, long extraMs) {
        Optional<Decision> refused = openGroups(state, sender);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (extraMs < MIN_DURATION_MS || extraMs > MAX_DURATION_MS) {
            return new Decision.Reject(ErrorCode.INVALID, "extend by 1 second to 24 hours");
        }
        return new Decision.Accept(RoomEvent.newBuilder().setBreakoutsExtended(BreakoutsExtended.newBuilder().setExtraMs(extraMs)));
    }

    static Decision close(RoomState state, Member sender) {
        return openGroups(state, sender).orElseGet(() -> new Decision.Accept(closed(false)));
    }

    static RoomEvent.Builder closed(boolean timedOut) {
        return RoomEvent.newBuilder().setBreakoutsClosed(BreakoutsClosed.newBuilder().setTimedOut(timedOut));
    }

    static Decision broadcast(RoomState state, Member sender, String text) {
        Optional<Decision> refused = openGroups(state, sender);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (text.isBlank()) {
            return new Decision.Reject(ErrorCode.INVALID, "an empty message");
        }
        if (text.length() > Limits.MAX_CHAT_CHARS) {
            return new Decision.Reject(ErrorCode.TOO_LARGE, "a message has at most " + Limits.MAX_CHAT_CHARS + " characters");
        }
        return new Decision.Accept(RoomEvent.newBuilder().setBreakoutNotice(BreakoutNotice.newBuilder().setText(text)));
    }

    /** A teacher's visit: the way into the group, for them alone, and nothing written. */
    static Decision visit(RoomState state, String classId, Member sender, String groupId) {
        Optional<Decision> refused = openGroups(state, sender);
        if (refused.isPresent()) {
            return refused.get();
        }
        return group(state.breakout(), groupId)
                .<Decision>map(group -> new Decision.Reply(goTo(classId, state.breakout(), group)))
                .orElseGet(() -> noSuchGroup(groupId));
    }

    /** The frame that sends a participant into {@code group}; the session signs its token in. */
    static ServerFrame goTo(String classId, BreakoutPlan plan, BreakoutGroup group) {
        return ServerFrame.newBuilder().setGoToBreakout(GoToBreakout.newBuilder()
                .setGroupId(BreakoutRooms.of(classId, group.getId())).setName(group.getName())
                .setEndsAtMs(plan.getEndsAtMs())).build();
    }

    static RoomEvent.Builder imported(String groupId) {
        return RoomEvent.newBuilder().setBreakoutBoardImported(BreakoutBoardImported.newBuilder().setGroupId(groupId));
    }

    /** The plan a BreakoutsOpened written at {@code timeMs} starts. */
    static BreakoutPlan opened(BreakoutsOpened opened, long timeMs) {
        return BreakoutPlan.newBuilder().addAllGroups(opened.getGroupsList()).setAssignment(opened.getAssignment())
                .setEndsAtMs(timeMs + opened.getDurationMs()).setOpen(true).build();
    }

    static BreakoutPlan fold(BreakoutPlan plan, RoomEvent event) {
        return switch (event.getBodyCase()) {
            case BREAKOUT_MOVED -> {
                BreakoutMoved moved = event.getBreakoutMoved();
                BreakoutPlan.Builder next = plan.toBuilder();
                for (BreakoutGroup.Builder group : next.getGroupsBuilderList()) {
                    List<String> members = new ArrayList<>(group.getMembersList());
                    members.remove(moved.getParticipantId());
                    if (group.getId().equals(moved.getGroupId())) {
                        members.add(moved.getParticipantId());
                    }
                    group.clearMembers().addAllMembers(members);
                }
                yield next.build();
            }
            case BREAKOUTS_EXTENDED -> plan.toBuilder()
                    .setEndsAtMs(plan.getEndsAtMs() + event.getBreakoutsExtended().getExtraMs()).build();
            case BREAKOUTS_CLOSED -> plan.toBuilder().setOpen(false).build();
            case BREAKOUT_BOARD_IMPORTED -> plan.toBuilder().addImported(event.getBreakoutBoardImported().getGroupId()).build();
            default -> plan;
        };
    }

    static Optional<BreakoutGroup> group(BreakoutPlan plan, String groupId) {
        return plan.getGroupsList().stream().filter(g -> g.getId().equals(groupId)).findFirst();
    }

    static Optional<BreakoutGroup> groupOf(BreakoutPlan plan, String participantId) {
        return plan.getGroupsList().stream().filter(g -> g.getMembersList().contains(participantId)).findFirst();
    }

    private static Decision moveTo(BreakoutPlan plan, String participantId, String groupId) {
        if (group(plan, groupId).isEmpty()) {
            return noSuchGroup(groupId);
        }
        if (groupOf(plan, participantId).map(g -> g.getId().equals(groupId)).orElse(false)) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setBreakoutMoved(
                BreakoutMoved.newBuilder().setParticipantId(participantId).setGroupId(groupId)));
    }

    /** A teacher of a class (not of a group) whose groups are open. */
    private static Optional<Decision> openGroups(RoomState state, Member sender) {
        return teacherInClass(state, sender).or(() -> state.breakout().getOpen() ? Optional.empty() : Optional.of(noBreakouts()));
    }

    private static Optional<Decision> teacherInClass(RoomState state, Member sender) {
        if (!sender.isTeacher()) {
            return Optional.of(new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher runs breakout groups"));
        }
        if (state.isBreakoutGroup()) {
            return Optional.of(new Decision.Reject(ErrorCode.INVALID, "breakout groups are run from their class"));
        }
        return Optional.empty();
    }

    private static boolean isStudent(RoomState state, String participantId) {
        return state.member(participantId).map(m -> m.role() == Role.ROLE_STUDENT).orElse(false);
    }

    private static Decision noBreakouts() {
        return new Decision.Reject(ErrorCode.NO_BREAKOUTS, "no breakout groups are open");
    }

    private static Decision noSuchGroup(String groupId) {
        return new Decision.Reject(ErrorCode.NO_SUCH_GROUP, "no group " + groupId);
    }
}
