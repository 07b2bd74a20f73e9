package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClassTimer;
import app.ardoise.protocol.v1.PollResponse;
import app.ardoise.protocol.v1.Presentation;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomSnapshot;
import app.ardoise.protocol.v1.RoomStateSnapshot;
import app.ardoise.protocol.v1.WaitingParticipant;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one class, rebuilt by folding its events. Mutable for speed; it is only touched by
 * the Room actor, and snapshots leave it through {@link #toSnapshot()} on that actor's thread.
 */
public final class RoomState {
    private static final Logger LOG = LoggerFactory.getLogger(RoomState.class);
    /** Polls kept, the oldest forgotten first: a class runs a handful an hour, and each goes into every snapshot. */
    static final int POLLS_KEPT = 20;
    /**
     * Bytes of log tail kept for resumes, besides the count limit: whiteboard batches can be tens of
     * kilobytes each, and the tail goes into every snapshot. A client further behind gets a Welcome.
     */
    static final int RECENT_BYTES_KEPT = 1 << 20;
    private final int chatKept;
    private final int recentKept;
    private String title = "";
    private boolean created;
    private long lastSeq;
    private Locks locks = Locks.getDefaultInstance();
    /** Ended and not joined since: a Resume finds the class over, a Join starts its next session. */
    private boolean ended;
    /**
     * When it last ended (ClassEnded's time), kept through later sessions; 0 if it never has, or ended before this
     * was kept. The BigBlueButton-compatible API tells by it whether a meeting was created before or after an end.
     */
    private long endedAtMs;
    private long teacherLinkGeneration;
    private long studentLinkGeneration;
    private EntryPolicy entryPolicy = EntryPolicy.ENTRY_POLICY_OPEN;
    /**
     * The waiting room, oldest first. Persisted like the roster: after a node loss the queue is still there,
     * and a waiting student whose session does not come back leaves it (Room's presence reconciliation).
     */
    private final Map<String, WaitingParticipant> waiting = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Set<String> removed = new HashSet<>();
    private final ArrayDeque<ChatMessage> chat = new ArrayDeque<>();
    private final ArrayDeque<RoomEvent> recent = new ArrayDeque<>();
    private long recentBytes;
    private final Submissions submissions = new Submissions();
    /** By id, oldest first. */
    private final Map<String, PollRecord> polls = new LinkedHashMap<>();
    private ClassTimer timer = ClassTimer.getDefaultInstance();
    /** As last written: its page turned or its view settled. */
    private Presentation presentation = Presentation.getDefaultInstance();
    /** In a class, its breakout groups; in a group, its class's plan as last told (BreakoutRules.fold). */
    private BreakoutPlan breakout = BreakoutPlan.getDefaultInstance();
    /** Set in a breakout group only: which group of the plan this room is. */
    private String breakoutGroupId = "";
    private int breakoutGroupsMade;
    /** The recording under way, or empty: the teachers' voices are being recorded. */
    private String recordingId = "";
    /** The SFU of the class's media (MediaPlaced), empty before anyone joined media. */
    private String mediaSfu = "";
    /** The class's own limit of participants connected at once; 0: the deployment's default (Capacity). */
    private int maxParticipants;
    private WhiteboardDoc whiteboard = new WhiteboardDoc();
    private final AttendanceLedger attendance = new AttendanceLedger();
    /** The board as sent in Welcomes and snapshots, encoded once per change: a join storm on a big board reuses it. */
    private WhiteboardDocument encodedBoard;

    public RoomState(int chatKept, int recentKept) {
        this.chatKept = chatKept;
        this.recentKept = recentKept;
    }

    public boolean created() {
        return created;
    }

    public String title() {
        return title;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Locks locks() {
        return locks;
    }

    public boolean ended() {
        return ended;
    }

    public long endedAtMs() {
        return endedAtMs;
    }

    /** The generation of the link that gives {@code role}: links signed with another are refused. */
    public long linkGeneration(Role role) {
        return role == Role.ROLE_TEACHER ? teacherLinkGeneration : studentLinkGeneration;
    }

    public EntryPolicy entryPolicy() {
        return entryPolicy;
    }

    /** The SFU where the class's media is (media/README.md, "The SFU pool"); empty before anyone joined media. */
    public String mediaSfu() {
        return mediaSfu;
    }

    /** The class's own limit of participants connected at once; 0 when it keeps the deployment's default. */
    public int maxParticipants() {
        return maxParticipants;
    }

    /** The id of the recording under way. */
    public Optional<String> recording() {
        return recordingId.isEmpty() ? Optional.empty() : Optional.of(recordingId);
    }

    /** The ids of the teachers on the roster: whose microphones a recording takes. */
    public List<String> teacherIds() {
        return members.values().stream().filter(Member::isTeacher).map(Member::id).toList();
    }

    Optional<WaitingParticipant> waiting(String id) {
        return Optional.ofNullable(waiting.get(id));
    }

    /** Oldest first. */
    Collection<WaitingParticipant> waiting() {
        return waiting.values();
    }

    /** The board as the journal built it; only the room reads it, to judge ops, and only apply() changes it. */
    WhiteboardDoc whiteboard() {
        return whiteboard;
    }

    Optional<PollRecord> poll(String id) {
        return Optional.ofNullable(polls.get(id));
    }

    /** Oldest first. */
    Collection<PollRecord> polls() {
        return polls.values();
    }

    Optional<PollRecord> openPoll() {
        return polls.values().stream().filter(poll -> !poll.ended()).findFirst();
    }

    ClassTimer timer() {
        return timer;
    }

    Presentation presentation() {
        return presentation;
    }

    BreakoutPlan breakout() {
        return breakout;
    }

    /** Empty in a class; in a breakout group, its id in the plan. */
    String breakoutGroupId() {
        return breakoutGroupId;
    }

    boolean isBreakoutGroup() {
        return !breakoutGroupId.isEmpty();
    }

    public int breakoutGroupsMade() {
        return breakoutGroupsMade;
    }

    AttendanceLedger attendance() {
        return attendance;
    }

    Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    Collection<Member> members() {
        return members.values();
    }

    boolean wasRemoved(String id) {
        return removed.contains(id);
    }

    /** Events after {@code seq}, oldest first, or empty when the log tail kept in memory no longer reaches back that far. */
    Optional<List<RoomEvent>> eventsAfter(long seq) {
        if (seq == lastSeq) {
            return Optional.of(List.of());
        }
        if (seq > lastSeq || recent.isEmpty() || recent.peekFirst().getSeq() > seq + 1) {
            return Optional.empty();
        }
        List<RoomEvent> after = new ArrayList<>();
        for (RoomEvent event : recent) {
            if (event.getSeq() > seq) {
                after.add(event);
            }
        }
        return Optional.of(after);
    }

    public RoomState apply(RoomEvent written) {
        RoomEvent event = ClockRepair.event(written, whiteboard.maxLamport());
        lastSeq = event.getSeq();
        recent.addLast(event);
        recentBytes += event.getSerializedSize();
        submissions.written(event);
        while (recent.size() > recentKept || (recentBytes > RECENT_BYTES_KEPT && recent.size() > 1)) {
            RoomEvent forgotten = recent.removeFirst();
            recentBytes -= forgotten.getSerializedSize();
            submissions.forgotten(forgotten);
        }
        switch (event.getBodyCase()) {
            case CREATED -> {
                created = true;
                title = event.getCreated().getTitle();
                maxParticipants = event.getCreated().getMaxParticipants();
                whiteboard.apply(FirstPage.op());
                encodedBoard = null;
            }
            case JOINED -> {
                ended = false;
                var joined = event.getJoined();
                members.put(joined.getParticipantId(),
                        Member.joined(joined.getParticipantId(), joined.getName(), joined.getRole()));
            }
            case CONNECTED -> update(event.getConnected().getParticipantId(), Member::connectedNow);
            case DISCONNECTED -> update(event.getDisconnected().getParticipantId(), m -> m.disconnectedAt(event.getTimeMs()));
            case LEFT -> members.remove(event.getLeft().getParticipantId());
            case REMOVED -> {
                members.remove(event.getRemoved().getParticipantId());
                removed.add(event.getRemoved().getParticipantId());
            }
            case CHAT -> {
                chat.addLast(ChatMessage.newBuilder()
                        .setSeq(event.getSeq())
                        .setTimeMs(event.getTimeMs())
                        .setFrom(event.getAuthor())
                        .setTo(event.getChat().getTo())
                        .setText(event.getChat().getText())
                        .setClientMessageId(event.getChat().getClientMessageId())
                        .setFromName(event.getChat().getAuthorName())
                        .build());
                while (chat.size() > chatKept) {
                    chat.removeFirst();
                }
            }
            case HAND_RAISED -> update(event.getHandRaised().getParticipantId(), m -> m.withHandRaisedSeq(event.getSeq()));
            case HAND_LOWERED -> update(event.getHandLowered().getParticipantId(), m -> m.withHandRaisedSeq(0));
            case ALL_HANDS_LOWERED -> members.replaceAll((id, m) -> m.withHandRaisedSeq(0));
            case LOCKS_CHANGED -> locks = event.getLocksChanged().getLocks();
            case ROLE_CHANGED -> update(event.getRoleChanged().getParticipantId(),
                    m -> m.withRole(event.getRoleChanged().getRole()));
            case MEDIA_MUTED -> {
                var muted = event.getMediaMuted();
                update(muted.getParticipantId(), m -> muted.getKind() == MediaKind.MEDIA_KIND_MICROPHONE
                        ? m.withMicrophoneMuted(muted.getMuted())
                        : m.withCameraMuted(muted.getMuted()));
            }
            case WHITEBOARD -> {
                applyBoard(event);
                encodedBoard = null;
            }
            case TITLE_CHANGED -> title = event.getTitleChanged().getTitle();
            case CLASS_ENDED -> {
                ended = true;
                endedAtMs = event.getTimeMs();
                recordingId = ""; // nobody is left to record: the recording ends with the class
                members.clear();
                waiting.clear();
                // A class that ends closes its groups, whose boards then come back as at any close; a group's plan
                // stays its class's to change.
                if (!isBreakoutGroup() && breakout.getOpen()) {
                    breakout = breakout.toBuilder().setOpen(false).build();
                }
            }
            case LINK_RENEWED -> {
                var renewed = event.getLinkRenewed();
                if (renewed.getRole() == Role.ROLE_TEACHER) {
                    teacherLinkGeneration = renewed.getGeneration();
                } else {
                    studentLinkGeneration = renewed.getGeneration();
                }
            }
            case CHAT_MESSAGE_DELETED -> {
                long seq = event.getChatMessageDeleted().getSeq();
                chat.removeIf(m -> m.getSeq() == seq);
                bury(chatEvent -> chatEvent.getSeq() == seq);
            }
            case CHAT_CLEARED -> {
                long upTo = event.getChatCleared().getUpToSeq();
                chat.removeIf(m -> m.getTo().isEmpty() && m.getSeq() <= upTo);
                bury(chatEvent -> chatEvent.getChat().getTo().isEmpty() && chatEvent.getSeq() <= upTo);
            }
            case CHAT_MUTE_CHANGED -> {
                var mute = event.getChatMuteChanged();
                update(mute.getParticipantId(), m -> m.withChatMuted(mute.getMuted()));
            }
            case ENTRY_POLICY_CHANGED -> entryPolicy = event.getEntryPolicyChanged().getPolicy();
            case MAX_PARTICIPANTS_CHANGED -> maxParticipants = event.getMaxParticipantsChanged().getMaxParticipants();
            case RECORDING_CHANGED -> recordingId = event.getRecordingChanged().getOn()
                    ? event.getRecordingChanged().getRecordingId() : "";
            case WAITING -> {
                WaitingParticipant entry = event.getWaiting().getParticipant();
                waiting.put(entry.getParticipantId(), entry);
            }
            case ADMITTED -> event.getAdmitted().getParticipantsList().forEach(admitted -> {
                ended = false; // a join, as JOINED is
                waiting.remove(admitted.getParticipantId());
                members.put(admitted.getParticipantId(),
                        Member.joined(admitted.getParticipantId(), admitted.getName(), Role.ROLE_STUDENT));
            });
            case REFUSED -> event.getRefused().getParticipantIdsList().forEach(waiting::remove);
            case WAITING_LEFT -> waiting.remove(event.getWaitingLeft().getParticipantId());
            case POLL_OPENED -> {
                var poll = event.getPollOpened().getPoll();
                polls.put(poll.getId(), new PollRecord(poll));
                while (polls.size() > POLLS_KEPT) {
                    polls.remove(polls.keySet().iterator().next());
                }
            }
            case POLL_ANSWERED -> {
                var answered = event.getPollAnswered();
                String name = member(event.getAuthor()).map(Member::name).orElse("");
                // A journal written while the rules compared choices signed may hold one that names no option
                // (a uint32 of 2^31 or more); folded as is it would break every tally, so it is passed over.
                poll(answered.getPollId()).ifPresent(poll -> poll.answered(PollResponse.newBuilder()
                        .setParticipantId(event.getAuthor()).setName(name)
                        .addAllChoices(answered.getChoicesList().stream()
                                .filter(choice -> PollRules.names(poll.poll().getOptionsCount(), choice)).toList())
                        .setText(answered.getText()).build()));
            }
            case POLL_ENDED -> poll(event.getPollEnded().getPollId()).ifPresent(PollRecord::end);
            case POLL_PUBLISHED -> poll(event.getPollPublished().getPoll().getId()).ifPresent(PollRecord::publish);
            case TIMER_CHANGED -> timer = TimerRules.fold(timer, event.getTimerChanged(), event.getTimeMs());
            case PRESENTATION_CHANGED -> presentation = PresentRules.fold(event.getPresentationChanged(), event.getAuthor());
            case BREAKOUTS_OPENED -> {
                breakout = BreakoutRules.opened(event.getBreakoutsOpened(), event.getTimeMs());
                breakoutGroupsMade += event.getBreakoutsOpened().getGroupsCount();
            }
            case BREAKOUT_MOVED, BREAKOUTS_EXTENDED, BREAKOUTS_CLOSED, BREAKOUT_BOARD_IMPORTED ->
                    breakout = BreakoutRules.fold(breakout, event);
            case BREAKOUT_NOTICE -> { }
            case BREAKOUT_GROUP_SET -> {
                breakoutGroupId = event.getBreakoutGroupSet().getGroupId();
                breakout = event.getBreakoutGroupSet().getPlan();
            }
            case RETENTION_APPLIED -> {
                long before = event.getRetentionApplied().getBeforeMs();
                chat.removeIf(m -> m.getTimeMs() < before);
                bury(chatEvent -> chatEvent.getTimeMs() < before);
            }
            case MEDIA_TIME_ADDED -> { }
            case MEDIA_PLACED -> mediaSfu = event.getMediaPlaced().getSfu();
            case BODY_NOT_SET -> throw new IllegalArgumentException("event " + event.getSeq() + " has no body");
        }
        attendance.apply(event, this::member, members.isEmpty());
        return this;
    }

    /**
     * Turns the chat events of the log tail that {@code gone} picks into tombstones: the same seq and client
     * message id (a resend is still recognised, and a resume still replays every seq), without the text. A
     * deleted message is then served by nothing the room holds: not a Welcome, not a catch-up, not a snapshot.
     */
    private void bury(Predicate<RoomEvent> gone) {
        List<RoomEvent> kept = new ArrayList<>(recent.size());
        boolean changed = false;
        for (RoomEvent event : recent) {
            if (event.hasChat() && !event.getChat().getDeleted() && gone.test(event)) {
                RoomEvent tombstone = event.toBuilder()
                        .setChat(event.getChat().toBuilder().setText("").setDeleted(true))
                        .build();
                recentBytes += tombstone.getSerializedSize() - event.getSerializedSize();
                kept.add(tombstone);
                changed = true;
            } else {
                kept.add(event);
            }
        }
        if (changed) {
            recent.clear();
            recent.addAll(kept);
        }
    }

    /** Whether the room still serves the chat message at {@code seq}: in the chat kept for Welcomes, or in the log tail. */
    boolean servesChat(long seq) {
        return chat.stream().anyMatch(m -> m.getSeq() == seq)
                || recent.stream().anyMatch(e -> e.getSeq() == seq && e.hasChat() && !e.getChat().getDeleted());
    }

    /** Whether the log tail holds the chat message at {@code seq} as a tombstone: deleted already. */
    boolean buriedChat(long seq) {
        return recent.stream().anyMatch(e -> e.getSeq() == seq && e.hasChat() && e.getChat().getDeleted());
    }

    /** Whether any public chat message at or before {@code seq} is still served. */
    boolean hasPublicChatUpTo(long seq) {
        if (chat.stream().anyMatch(m -> m.getTo().isEmpty() && m.getSeq() <= seq)) {
            return true;
        }
        return recent.stream().anyMatch(e -> e.hasChat() && !e.getChat().getDeleted()
                && e.getChat().getTo().isEmpty() && e.getSeq() <= seq);
    }

    /**
     * The rules let no malformed op through, but a journal written under older rules may hold one: the class
     * recovers without it rather than failing to start again on every recovery.
     */
    private void applyBoard(RoomEvent event) {
        try {
            whiteboard.apply(event.getWhiteboard());
        } catch (IllegalArgumentException e) {
            LOG.warn("whiteboard event {} skipped: {}", event.getSeq(), e.getMessage());
        }
    }

    /** The seq of the written event that {@code frame} from {@code author} repeats, if the log tail holds it. */
    OptionalLong repeatOf(String author, ClientFrame frame) {
        return submissions.seqOf(author, frame, this::eventAt);
    }

    private RoomEvent eventAt(long seq) {
        for (var newestFirst = recent.descendingIterator(); newestFirst.hasNext(); ) {
            RoomEvent event = newestFirst.next();
            if (event.getSeq() == seq) {
                return event;
            }
        }
        return null;
    }

    /** Students with an open connection: what the class's capacity counts, since teachers always come in. */
    int connectedStudents() {
        int connected = 0;
        for (Member member : members.values()) {
            if (member.connected() && !member.isTeacher()) {
                connected++;
            }
        }
        return connected;
    }

    /** Participants with an open connection, teachers included. */
    int connectedCount() {
        int connected = 0;
        for (Member member : members.values()) {
            if (member.connected()) {
                connected++;
            }
        }
        return connected;
    }

    /**
     * Members disconnected for at least {@code absentAfterMs} at {@code nowMs}. One disconnected before the room
     * kept the time (0) has been away since before this version: long enough.
     */
    List<String> absentees(long nowMs, long absentAfterMs) {
        List<String> absent = new ArrayList<>();
        for (Member member : members.values()) {
            if (!member.connected() && nowMs - member.disconnectedAtMs() >= absentAfterMs) {
                absent.add(member.id());
            }
        }
        return absent;
    }

    /**
     * Disconnected students past the {@code kept} most recently gone, the longest gone first: those the roster lets
     * go before absent-after, so that it stays bounded however many names come through one link and never return.
     */
    List<String> longestGone(int kept) {
        List<Member> gone = members.values().stream()
                .filter(member -> !member.connected() && member.role() != Role.ROLE_TEACHER)
                .sorted(Comparator.comparingLong(Member::disconnectedAtMs))
                .toList();
        return gone.subList(0, Math.max(0, gone.size() - kept)).stream().map(Member::id).toList();
    }

    /** When the next disconnected member becomes absent, if any is disconnected. */
    OptionalLong nextAbsence(long absentAfterMs) {
        OptionalLong next = OptionalLong.empty();
        for (Member member : members.values()) {
            if (!member.connected()) {
                long due = member.disconnectedAtMs() + absentAfterMs;
                if (next.isEmpty() || due < next.getAsLong()) {
                    next = OptionalLong.of(due);
                }
            }
        }
        return next;
    }

    private void update(String id, java.util.function.UnaryOperator<Member> change) {
        members.computeIfPresent(id, (key, member) -> change.apply(member));
    }

    /** The room as one participant may see it: private chat only when they sent it, received it, or teach. */
    RoomSnapshot viewFor(String roomId, String viewerId) {
        return viewFor(roomId, viewerId, member(viewerId).map(Member::isTeacher).orElse(false));
    }

    /** The room as a viewer who teaches, or not, may see it, whether or not they are on its roster (a replay's). */
    RoomSnapshot viewFor(String roomId, String viewerId, boolean teacher) {
        RoomSnapshot.Builder view = RoomSnapshot.newBuilder()
                .setRoomId(roomId)
                .setTitle(title)
                .setLocks(locks)
                .setWhiteboard(encodedBoard())
                .setEntryPolicy(entryPolicy)
                .setRecording(!recordingId.isEmpty());
        members.values().forEach(m -> view.addParticipants(m.toProto()));
        if (teacher) {
            view.addAllWaiting(waiting.values());
        }
        polls.values().forEach(poll -> view.addPolls(poll.viewFor(viewerId, teacher)));
        view.setTimer(timer);
        if (!presentation.getPageId().isEmpty()) {
            view.setPresentation(presentation);
        }
        view.setBreakout(breakout.toBuilder().setClassId(breakoutGroupId.isEmpty() ? roomId : breakout.getClassId()))
                .setBreakoutGroupId(breakoutGroupId);
        chat.stream()
                .filter(m -> Visibility.canSeeChat(viewerId, teacher, m.getFrom(), m.getTo()))
                .forEach(view::addChat);
        return view.build();
    }

    /** The board as a snapshot holds it, encoded once per change whoever asks. */
    WhiteboardDocument board() {
        return encodedBoard();
    }

    /**
     * Encodes the board now, sizes included, rather than at the first Welcome: a class that has just come back
     * from the journal, its first participant already waiting, would otherwise make them wait for the walk of
     * every shape, twice (building the document, then sizing it for the wire).
     */
    void prepareBoard() {
        encodedBoard().getSerializedSize();
    }

    private WhiteboardDocument encodedBoard() {
        if (encodedBoard == null) {
            encodedBoard = whiteboard.toProto();
        }
        return encodedBoard;
    }

    public RoomStateSnapshot toSnapshot() {
        RoomStateSnapshot.Builder snapshot = RoomStateSnapshot.newBuilder()
                .setTitle(title)
                .setCreated(created)
                .setLastSeq(lastSeq)
                .setLocks(locks)
                .addAllChat(chat)
                .addAllRecent(recent)
                .addAllRemoved(removed)
                .setWhiteboard(encodedBoard())
                .setTeacherLinkGeneration(teacherLinkGeneration)
                .setStudentLinkGeneration(studentLinkGeneration)
                .setEnded(ended)
                .setEndedAtMs(endedAtMs)
                .setEntryPolicy(entryPolicy)
                .addAllWaiting(waiting.values())
                .setTimer(timer)
                .setPresentation(presentation)
                .setBreakout(breakout)
                .setBreakoutGroupId(breakoutGroupId)
                .setBreakoutGroupsMade(breakoutGroupsMade)
                .setRecordingId(recordingId)
                .setMediaSfu(mediaSfu)
                .setMaxParticipants(maxParticipants);
        polls.values().forEach(poll -> snapshot.addPolls(poll.toStored()));
        attendance.current().ifPresent(snapshot::setAttendance);
        members.values().forEach(m -> snapshot.addParticipants(m.toProto()));
        return snapshot.build();
    }

    public static RoomState fromSnapshot(RoomStateSnapshot snapshot, int chatKept, int recentKept) {
        RoomState state = new RoomState(chatKept, recentKept);
        state.title = snapshot.getTitle();
        state.created = snapshot.getCreated();
        state.lastSeq = snapshot.getLastSeq();
        state.locks = snapshot.getLocks();
        state.ended = snapshot.getEnded();
        state.endedAtMs = snapshot.getEndedAtMs();
        state.entryPolicy = snapshot.getEntryPolicy();
        snapshot.getWaitingList().forEach(w -> state.waiting.put(w.getParticipantId(), w));
        state.teacherLinkGeneration = snapshot.getTeacherLinkGeneration();
        state.studentLinkGeneration = snapshot.getStudentLinkGeneration();
        snapshot.getParticipantsList().forEach(p -> state.members.put(p.getId(), Member.fromProto(p)));
        state.removed.addAll(snapshot.getRemovedList());
        state.chat.addAll(snapshot.getChatList());
        snapshot.getPollsList().forEach(stored -> state.polls.put(stored.getPoll().getId(), PollRecord.fromStored(stored)));
        state.timer = snapshot.getTimer();
        state.presentation = snapshot.getPresentation();
        state.breakout = snapshot.getBreakout();
        state.breakoutGroupId = snapshot.getBreakoutGroupId();
        state.breakoutGroupsMade = snapshot.getBreakoutGroupsMade();
        state.recordingId = snapshot.getRecordingId();
        state.mediaSfu = snapshot.getMediaSfu();
        state.maxParticipants = snapshot.getMaxParticipants();
        if (snapshot.hasAttendance()) {
            state.attendance.restore(snapshot.getAttendance());
        }
        WhiteboardDocument board = ClockRepair.document(snapshot.getWhiteboard());
        // A repaired board no longer matches the clocks in the log tail: resumes get a whole Welcome instead.
        List<RoomEvent> recent = board == snapshot.getWhiteboard() ? snapshot.getRecentList() : List.of();
        recent.forEach(event -> {
            state.recent.add(event);
            state.recentBytes += event.getSerializedSize();
            state.submissions.written(event);
        });
        state.whiteboard = WhiteboardDoc.fromProto(board);
        return state;
    }
}
