package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndPoll;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.PollView;
import app.ardoise.protocol.v1.PublishPoll;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The anonymous guarantee: of every frame every participant gets (teachers included) while an anonymous poll and
 * an anonymous short answer run, are ended, published, and then in later Welcomes, resyncs, catch-ups and after a
 * recovery, no part about a poll names a student who answered. The same check over a poll that is not anonymous
 * finds the names in the teachers' frames, so it is one that can fail.
 */
class RoomPollAnonymityTest extends RoomTestBase {
    private static final Map<String, String> STUDENTS = Map.of("eleve-a", "Anaïs", "eleve-b", "Basile", "eleve-c", "Capucine");
    /** Every participant's session, and everything each has been sent. */
    private final Map<String, TestProbe<ToSession>> sessions = new LinkedHashMap<>();
    private final Map<String, List<ServerFrame>> received = new LinkedHashMap<>();
    private long clientSeq = 100;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinClass() {
        sessions.put("t1", teacher);
        sessions.put("t2", KIT.createTestProbe());
        join("t1", "Maîtresse", Role.ROLE_TEACHER, teacher);
        join("t2", "Maître", Role.ROLE_TEACHER, sessions.get("t2"));
        STUDENTS.forEach((id, name) -> {
            sessions.put(id, KIT.createTestProbe());
            join(id, name, Role.ROLE_STUDENT, sessions.get(id));
        });
        collect();
        received.clear();
    }

    @Test
    void no_frame_names_who_gave_an_anonymous_answer() {
        long before = room.getState().lastSeq();
        runPoll(OpenPoll.newBuilder().setQuestion("Avez-vous compris ?").setKind(PollKind.POLL_KIND_CUSTOM)
                .addOptions("oui").addOptions("un peu").addOptions("non").setAnonymous(true).addCorrect(0), List.of(0), List.of(2));
        runPoll(OpenPoll.newBuilder().setQuestion("Un mot pour la séance ?").setKind(PollKind.POLL_KIND_SHORT_ANSWER)
                .setAnonymous(true), List.of(), List.of());

        // Those who come later, or come back.
        sessions.put("t3", KIT.createTestProbe());
        room.runCommand(new RoomCommand.Connect("t3", "Remplaçante", Role.ROLE_TEACHER, false, 0, 1, 0, sessions.get("t3").getRef()));
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        resume("t2", before);
        resume("eleve-b", before);
        room.restart();
        resume("t1", before);
        collect();

        int pollParts = 0;
        for (var entry : received.entrySet()) {
            for (ServerFrame frame : entry.getValue()) {
                for (Message part : pollParts(frame)) {
                    pollParts++;
                    STUDENTS.forEach((id, name) -> assertFalse(part.toString().contains(id) || part.toString().contains(name),
                            entry.getKey() + " was told who answered: " + part));
                }
            }
        }
        assertTrue(pollParts > 40, "the check saw the polls go out: " + pollParts);
        assertTrue(received.get("t3").get(0).getWelcome().getRoom().getPolls(0).getTally().getRespondents() == 3,
                "teachers still see how many answered");
        assertTrue(room.getState().toSnapshot().toString().contains("eleve-b"),
                "the journal's snapshot keeps who answered, for one answer each");
    }

    @Test
    void the_same_check_finds_the_names_of_a_poll_that_is_not_anonymous() {
        runPoll(OpenPoll.newBuilder().setQuestion("Avez-vous compris ?").setKind(PollKind.POLL_KIND_YES_NO), List.of(0), List.of(1));
        boolean named = received.get("t1").stream().flatMap(frame -> pollParts(frame).stream())
                .anyMatch(part -> part.toString().contains("Basile"));
        assertTrue(named, "teachers see who answered what");
        for (String id : STUDENTS.keySet()) {
            received.get(id).stream().flatMap(frame -> pollParts(frame).stream()).forEach(part ->
                    STUDENTS.keySet().forEach(answerer -> assertFalse(part.toString().contains(answerer),
                            "a student never learns who answered what: " + part)));
        }
    }

    /** Opens, has each student answer (the second one twice), ends and publishes; collects every frame. */
    private void runPoll(OpenPoll.Builder open, List<Integer> first, List<Integer> changed) {
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setOpenPoll(open));
        String pollId = room.getState().openPoll().orElseThrow().poll().getId();
        boolean typed = open.getKind() == PollKind.POLL_KIND_SHORT_ANSWER;
        List<String> ids = new ArrayList<>(STUDENTS.keySet());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            submit(id, sessions.get(id), ++clientSeq,
                    RoomPollTest.answer(pollId, typed ? List.of() : first, typed ? "réponse " + i : ""));
            if (i == 1) {
                submit(id, sessions.get(id), ++clientSeq,
                        RoomPollTest.answer(pollId, typed ? List.of() : changed, typed ? "autre" : ""));
            }
        }
        submit("t2", sessions.get("t2"), ++clientSeq, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId(pollId)));
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setPublishPoll(PublishPoll.newBuilder().setPollId(pollId)));
        collect();
        assertEquals(3, room.getState().poll(pollId).orElseThrow().tally(false).getRespondents());
    }

    private void resume(String id, long lastSeq) {
        TestProbe<ToSession> session = sessions.get(id);
        room.runCommand(new RoomCommand.Detach(id, session.getRef()));
        room.runCommand(new RoomCommand.Connect(id, "", Role.ROLE_UNSPECIFIED, true, lastSeq, ++clientSeq, 0, session.getRef()));
    }

    /** Everything about polls in a frame: events, live tallies, the polls of a Welcome (but the viewer's own answer). */
    private static List<Message> pollParts(ServerFrame frame) {
        List<Message> parts = new ArrayList<>();
        List<RoomEvent> events = new ArrayList<>(frame.getEvents().getEventsList());
        if (frame.hasEvent()) {
            events.add(frame.getEvent());
        }
        for (RoomEvent event : events) {
            switch (event.getBodyCase()) {
                case POLL_OPENED, POLL_ANSWERED, POLL_ENDED, POLL_PUBLISHED -> parts.add(event);
                default -> { }
            }
            assertFalse(event.hasPollAnswered(), "an answer is sent to no one: " + event);
        }
        if (frame.hasPollResults()) {
            parts.add(frame.getPollResults());
        }
        for (PollView poll : frame.getWelcome().getRoom().getPollsList()) {
            parts.add(poll.toBuilder().clearMyChoices().clearMyText().clearAnswered().build());
        }
        return parts;
    }

    /** Takes what every session has been sent, as the client would read it. */
    private void collect() {
        sessions.forEach((id, session) -> {
            List<ServerFrame> frames = received.computeIfAbsent(id, key -> new ArrayList<>());
            while (true) {
                ToSession message;
                try {
                    message = session.receiveMessage(Duration.ofMillis(100));
                } catch (AssertionError none) {
                    break;
                }
                try {
                    if (message instanceof ToSession.Deliver deliver) {
                        frames.addAll(deliver.frames());
                    } else if (message instanceof ToSession.Broadcast broadcast) {
                        frames.add(ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe()));
                    } else if (message instanceof ToSession.Relay relay) {
                        frames.add(ServerFrame.parseFrom(relay.frame().toArrayUnsafe()));
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }
}
