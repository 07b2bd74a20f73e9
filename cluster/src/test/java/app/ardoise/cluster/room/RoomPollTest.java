package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.AnswerPoll;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndPoll;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.PollTally;
import app.ardoise.protocol.v1.PollView;
import app.ardoise.protocol.v1.PublishPoll;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShortAnswerCount;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polls and quizzes at the room: who may do what, one answer each until the end, the errors an answer may get,
 * the bounds, a quiz's key kept from students until published, and recovery from the journal. Anonymity has its
 * own test, {@link RoomPollAnonymityTest}.
 */
class RoomPollTest extends RoomTestBase {
    private TestProbe<ToSession> other;
    private long clientSeq = 100;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinClass() {
        other = KIT.createTestProbe();
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Alice", Role.ROLE_STUDENT, student);
        join("s2", "Bruno", Role.ROLE_STUDENT, other);
        drain(teacher, student, other);
    }

    @Test
    void a_student_may_do_none_of_the_teachers_actions() {
        expectRefused("s1", student, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)),
                ErrorCode.FORBIDDEN);
        String id = openPoll(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)).getId();
        expectRefused("s1", student, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId(id)),
                ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setPublishPoll(PublishPoll.newBuilder().setPollId(id)),
                ErrorCode.FORBIDDEN);
        assertFalse(room.getState().poll(id).orElseThrow().ended());
        expectRefused("t1", teacher, answer(id, List.of(0), ""), ErrorCode.INVALID);
    }

    @Test
    void a_quiz_reaches_students_without_its_key_until_published() {
        long before = room.getState().lastSeq();
        submit("t1", teacher, 7, open(OpenPoll.newBuilder().setQuestion("2 + 2 ?").setKind(PollKind.POLL_KIND_CUSTOM)
                .addAllOptions(List.of("3", "4", "5")).addCorrect(1)));
        var seen = broadcast(student).getPollOpened().getPoll();
        assertEquals(List.of("3", "4", "5"), seen.getOptionsList());
        assertEquals(0, seen.getCorrectCount(), "a student never sees the key of an open quiz");
        assertEquals(0, broadcast(other).getPollOpened().getPoll().getCorrectCount());
        assertEquals(List.of(1), own(teacher, 7).getPollOpened().getPoll().getCorrectList(), "the teacher does");
        String id = seen.getId();

        assertEquals(0, view("s1").getPoll().getCorrectCount(), "nor in a Welcome");
        assertFalse(view("s1").hasTally());
        submit("s1", student, 8, ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        assertEquals(0, single(student).getWelcome().getRoom().getPolls(0).getPoll().getCorrectCount());
        assertFalse(resumeFrom("s2", other, before).toString().contains("correct"), "nor in a catch-up");

        answerAccepted("s1", student, id, List.of(1), "");
        answerAccepted("s2", other, id, List.of(0), "");
        drain(teacher);
        submit("t1", teacher, 9, ClientFrame.newBuilder().setPublishPoll(PublishPoll.newBuilder().setPollId(id)));
        RoomEvent published = broadcast(student);
        assertEquals(List.of(1), published.getPollPublished().getPoll().getCorrectList());
        PollTally tally = published.getPollPublished().getTally();
        assertEquals(List.of(1, 1, 0), tally.getCountsList());
        assertEquals(2, tally.getRespondents());
        assertEquals(1, tally.getCorrectRespondents());
        assertEquals(0, tally.getResponsesCount(), "the class sees counts, never names");
        assertTrue(view("s2").getPublished() && view("s2").getEnded(), "publishing ends the poll");
        assertEquals(List.of(1), view("s2").getPoll().getCorrectList());
        assertEquals(tally.getCountsList(), view("s2").getTally().getCountsList());
        drain(teacher, student, other);
        expectRefused("s2", other, answer(id, List.of(1), ""), ErrorCode.POLL_ENDED);
    }

    @Test
    void one_answer_each_which_may_change_until_the_poll_ends() {
        String id = openPoll(OpenPoll.newBuilder().setQuestion("Lettre ?").setKind(PollKind.POLL_KIND_LETTERS)
                .setOptionCount(3)).getId();
        assertEquals(List.of("A", "B", "C"), room.getState().poll(id).orElseThrow().poll().getOptionsList());
        answerAccepted("s1", student, id, List.of(0), "");
        answerAccepted("s1", student, id, List.of(2), "");
        answerAccepted("s2", other, id, List.of(2), "");
        var again = submit("s2", other, 5, answer(id, List.of(2), ""));
        assertTrue(again.hasNoEvents(), "the same answer again changes nothing");
        assertEquals(0, single(other).getAck().getSeq());
        PollTally tally = view("t1").getTally();
        assertEquals(List.of(0, 0, 2), tally.getCountsList());
        assertEquals(2, tally.getRespondents());
        assertEquals(List.of(2), view("s1").getMyChoicesList(), "each sees their own answer");

        submit("t1", teacher, 6, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId(id)));
        assertEquals(id, broadcast(student).getPollEnded().getPollId());
        drain(teacher, student, other);
        expectRefused("s1", student, answer(id, List.of(1), ""), ErrorCode.POLL_ENDED);
        assertTrue(submit("t1", teacher, 7, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId(id)))
                .hasNoEvents(), "ending twice changes nothing");
        drain(teacher);
        expectRefused("s1", student, answer("p999", List.of(0), ""), ErrorCode.NO_SUCH_POLL);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId("p999")),
                ErrorCode.NO_SUCH_POLL);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setPublishPoll(PublishPoll.newBuilder().setPollId("p999")),
                ErrorCode.NO_SUCH_POLL);
    }

    @Test
    void an_answer_of_the_wrong_kind_is_named() {
        String single = openPoll(OpenPoll.newBuilder().setQuestion("Oui ?").setKind(PollKind.POLL_KIND_YES_NO)).getId();
        expectRefused("s1", student, answer(single, List.of(0, 1), ""), ErrorCode.WRONG_ANSWER_KIND);
        expectRefused("s1", student, answer(single, List.of(2), ""), ErrorCode.WRONG_ANSWER_KIND);
        expectRefused("s1", student, answer(single, List.of(), "oui"), ErrorCode.WRONG_ANSWER_KIND);
        expectRefused("s1", student, answer(single, List.of(), ""), ErrorCode.INVALID);
        endPoll(single);

        String typed = openPoll(OpenPoll.newBuilder().setQuestion("Capitale ?").setKind(PollKind.POLL_KIND_SHORT_ANSWER)
                .setCorrectText("Paris")).getId();
        expectRefused("s1", student, answer(typed, List.of(0), ""), ErrorCode.WRONG_ANSWER_KIND);
        expectRefused("s1", student, answer(typed, List.of(), "   "), ErrorCode.INVALID);
        expectRefused("s1", student, answer(typed, List.of(), "x".repeat(Limits.MAX_SHORT_ANSWER_CHARS + 1)),
                ErrorCode.TOO_LARGE);
        answerAccepted("s1", student, typed, List.of(), " paris ");
        answerAccepted("s2", other, typed, List.of(), "Lyon");
        PollTally tally = view("t1").getTally();
        assertEquals(List.of(ShortAnswerCount.newBuilder().setText("lyon").setCount(1).build(),
                ShortAnswerCount.newBuilder().setText("paris").setCount(1).build()), tally.getShortAnswersList());
        assertEquals(1, tally.getCorrectRespondents(), "case and spacing ignored");

        endPoll(typed);
        String several = openPoll(OpenPoll.newBuilder().setQuestion("Pairs ?").setKind(PollKind.POLL_KIND_NUMBERS)
                .setMultiple(true).addCorrect(1).addCorrect(3)).getId();
        answerAccepted("s1", student, several, List.of(3, 1, 1), "");
        answerAccepted("s2", other, several, List.of(1), "");
        tally = view("t1").getTally();
        assertEquals(List.of(0, 2, 0, 1, 0, 0), tally.getCountsList());
        assertEquals(1, tally.getCorrectRespondents());
        assertEquals(List.of(1, 3), view("s1").getMyChoicesList());
    }

    @Test
    void a_poll_is_bounded_and_one_is_open_at_a_time() {
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion(" ").setKind(PollKind.POLL_KIND_YES_NO)),
                ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("x".repeat(Limits.MAX_POLL_QUESTION_CHARS + 1))
                .setKind(PollKind.POLL_KIND_YES_NO)), ErrorCode.TOO_LARGE);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_UNSPECIFIED)),
                ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_CUSTOM)
                .addOptions("seule")), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_CUSTOM)
                .addAllOptions(java.util.Collections.nCopies(Limits.MAX_POLL_OPTIONS + 1, "o"))), ErrorCode.TOO_LARGE);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_CUSTOM)
                .addOptions("a").addOptions("b".repeat(Limits.MAX_POLL_OPTION_CHARS + 1))), ErrorCode.TOO_LARGE);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_CUSTOM)
                .addOptions("a").addOptions(" ")), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_LETTERS)
                .setOptionCount(7)), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)
                .addCorrect(2)), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)
                .addCorrect(0).addCorrect(1)), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)
                .addOptions("peut-être")), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_SHORT_ANSWER)
                .setCorrectText("y".repeat(Limits.MAX_SHORT_ANSWER_CHARS + 1))), ErrorCode.TOO_LARGE);
        assertEquals(0, room.getState().viewFor("room-1", "t1").getPollsCount(), "nothing was opened");

        String first = openPoll(OpenPoll.newBuilder().setQuestion("Q1").setKind(PollKind.POLL_KIND_TRUE_FALSE)).getId();
        expectRefused("t1", teacher, open(OpenPoll.newBuilder().setQuestion("Q2").setKind(PollKind.POLL_KIND_YES_NO)),
                ErrorCode.POLL_OPEN);
        endPoll(first);
        openPoll(OpenPoll.newBuilder().setQuestion("Q2").setKind(PollKind.POLL_KIND_YES_NO_ABSTAIN));
    }

    @Test
    void polls_and_answers_survive_recovery_from_the_journal() {
        String id = openPoll(OpenPoll.newBuilder().setQuestion("Vrai ?").setKind(PollKind.POLL_KIND_TRUE_FALSE)
                .addCorrect(0)).getId();
        answerAccepted("s1", student, id, List.of(0), "");
        answerAccepted("s2", other, id, List.of(1), "");
        PollView before = view("t1");
        room.restart();
        assertEquals(before, view("t1"));
        assertEquals(List.of(1), view("s2").getMyChoicesList());
        room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, room.getState().lastSeq(), 1, 0,
                student.getRef()));
        drain(teacher, student, other);
        answerAccepted("s1", student, id, List.of(1), "");
        assertEquals(List.of(0, 2), view("t1").getTally().getCountsList(), "still one answer each");
    }

    @Test
    void teachers_see_each_answer_live_and_by_name() {
        String id = openPoll(OpenPoll.newBuilder().setQuestion("Q").setKind(PollKind.POLL_KIND_YES_NO)).getId();
        submit("s1", student, 5, answer(id, List.of(1), ""));
        assertTrue(single(student).getAck().getSeq() > 0, "the answerer gets its ack, and no event");
        PollTally live = single(teacher).getPollResults();
        assertEquals(List.of(0, 1), live.getCountsList());
        assertEquals("Alice", live.getResponses(0).getName());
        other.expectNoMessage(Duration.ofMillis(100));

        // Back from a drop, a teacher gets the tallies the answers in between made, since no event carries them.
        long seq = room.getState().lastSeq();
        List<ServerFrame> caughtUp = resumeFrom("t1", teacher, seq);
        assertTrue(caughtUp.stream().anyMatch(f -> f.hasPollResults() && f.getPollResults().getRespondents() == 1),
                caughtUp.toString());
        assertTrue(resumeFrom("s2", other, seq).stream().noneMatch(ServerFrame::hasPollResults), "a student does not");
    }

    private PollView view(String viewer) {
        List<PollView> polls = room.getState().viewFor("room-1", viewer).getPollsList();
        return polls.get(polls.size() - 1);
    }

    private app.ardoise.protocol.v1.Poll openPoll(OpenPoll.Builder open) {
        long seq = ++clientSeq;
        submit("t1", teacher, seq, open(open));
        var poll = own(teacher, seq).getPollOpened().getPoll();
        drain(teacher, student, other);
        return poll;
    }

    private void endPoll(String id) {
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setEndPoll(EndPoll.newBuilder().setPollId(id)));
        drain(teacher, student, other);
    }

    private void answerAccepted(String id, TestProbe<ToSession> session, String pollId, List<Integer> choices, String text) {
        long seq = ++clientSeq;
        var result = submit(id, session, seq, answer(pollId, choices, text));
        assertTrue(result.events().get(0).hasPollAnswered());
        ServerFrame ack = single(session);
        assertEquals(seq, ack.getAck().getClientSeq(), ack.toString());
        drain(teacher, student, other);
    }

    static ClientFrame.Builder open(OpenPoll.Builder open) {
        return ClientFrame.newBuilder().setOpenPoll(open);
    }

    static ClientFrame.Builder answer(String pollId, List<Integer> choices, String text) {
        return ClientFrame.newBuilder().setAnswerPoll(AnswerPoll.newBuilder().setPollId(pollId).addAllChoices(choices).setText(text));
    }

    /** Detaches the participant, then resumes with the same session after {@code lastSeq}: its catch-up. */
    private List<ServerFrame> resumeFrom(String id, TestProbe<ToSession> session, long lastSeq) {
        room.runCommand(new RoomCommand.Detach(id, session.getRef()));
        drain(teacher, student, other);
        room.runCommand(new RoomCommand.Connect(id, "", Role.ROLE_UNSPECIFIED, true, lastSeq, 9, 0, session.getRef()));
        List<ServerFrame> frames = session.expectMessageClass(ToSession.Deliver.class).frames();
        assertTrue(frames.get(frames.size() - 1).hasAck(), "a catch-up, not a Welcome");
        drain(teacher, student, other);
        return frames;
    }
}
