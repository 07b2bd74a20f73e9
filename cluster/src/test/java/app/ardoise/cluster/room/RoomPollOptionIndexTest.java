package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollAnswered;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Option indexes are uint32 on the wire and Java reads those of 2^31 or more as negative ints. A student's answer
 * naming option 4294967295 was accepted by a signed comparison and written; every tally then indexed the options
 * with -1 and threw, which stopped the class at once and at every teacher's Welcome after it, for good.
 */
class RoomPollOptionIndexTest extends RoomTestBase {
    /** 4294967295 as the generated code carries a uint32. */
    private static final int LAST_UINT32 = -1;
    private static final int TWO_TO_THE_31 = Integer.MIN_VALUE;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Alice", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void an_answer_naming_an_option_past_two_to_the_31_is_refused_and_the_class_goes_on() {
        String id = openYesNo();
        for (int choice : List.of(LAST_UINT32, TWO_TO_THE_31)) {
            expectRefused("s1", student, RoomPollTest.answer(id, List.of(choice), ""), ErrorCode.WRONG_ANSWER_KIND);
            expectRefused("s1", student, RoomPollTest.answer(id, List.of(0, choice), ""), ErrorCode.WRONG_ANSWER_KIND);
        }
        assertEquals(0, room.getState().poll(id).orElseThrow().tally(true).getRespondents(), "nothing was written");
        submit("s1", student, 7, RoomPollTest.answer(id, List.of(1), ""));
        assertEquals(7, single(student).getAck().getClientSeq());
        assertEquals(List.of(0, 1), single(teacher).getPollResults().getCountsList(), "the teachers still get tallies");
    }

    @Test
    void a_quiz_whose_key_names_an_option_past_two_to_the_31_is_refused() {
        expectRefused("t1", teacher, RoomPollTest.open(OpenPoll.newBuilder().setQuestion("Q")
                .setKind(PollKind.POLL_KIND_YES_NO).addCorrect(LAST_UINT32)), ErrorCode.INVALID);
        assertTrue(room.getState().openPoll().isEmpty());
    }

    @Test
    void such_an_answer_already_in_a_journal_is_folded_without_it() {
        String id = openYesNo();
        RoomState state = room.getState();
        state.apply(RoomEvent.newBuilder().setSeq(state.lastSeq() + 1).setAuthor("s1")
                .setPollAnswered(PollAnswered.newBuilder().setPollId(id).addChoices(LAST_UINT32).addChoices(0)).build());
        assertEquals(List.of(1, 0), state.poll(id).orElseThrow().tally(true).getCountsList());
        assertEquals(1, state.viewFor("room-1", "t1").getPolls(0).getTally().getRespondents(), "a teacher's Welcome");
    }

    private String openYesNo() {
        submit("t1", teacher, 3, RoomPollTest.open(OpenPoll.newBuilder().setQuestion("Oui ?").setKind(PollKind.POLL_KIND_YES_NO)));
        String id = room.getState().openPoll().orElseThrow().poll().getId();
        drain(teacher, student);
        return id;
    }
}
