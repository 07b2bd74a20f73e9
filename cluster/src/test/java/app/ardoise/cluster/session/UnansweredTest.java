package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.AnswerPoll;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Error;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Reaction;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnansweredTest {
    private static ClientFrame chat(long clientSeq, String id) {
        return ClientFrame.newBuilder().setClientSeq(clientSeq).setChat(Chat.newBuilder().setText("bonjour").setClientMessageId(id)).build();
    }

    private static Error error(long clientSeq, String code) {
        return Error.newBuilder().setClientSeq(clientSeq).setCode(code).build();
    }

    @Test
    void only_what_the_class_recognises_when_it_comes_twice_is_kept() {
        assertTrue(Unanswered.recognisable(chat(1, "m-1")));
        assertFalse(Unanswered.recognisable(chat(1, "")), "a chat without client_message_id could be written twice");
        assertTrue(Unanswered.recognisable(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder()
                .addOps(WhiteboardOp.newBuilder().setId("p:op-1").setLamport(3))).build()));
        assertTrue(Unanswered.recognisable(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()).build()),
                "a hand raised again is unchanged");
        assertTrue(Unanswered.recognisable(ClientFrame.newBuilder().setAnswerPoll(AnswerPoll.newBuilder().setPollId("p1").addChoices(0)).build()),
                "the same answer again is unchanged");
        assertFalse(Unanswered.recognisable(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Q")).build()),
                "a poll opened again would be a second poll");
        assertTrue(Unanswered.recognisable(ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()).build()),
                "a Resync again only brings one more Welcome");
        assertFalse(Unanswered.recognisable(ClientFrame.newBuilder().setReaction(Reaction.getDefaultInstance()).build()),
                "a reaction sent again would show twice");
    }

    @Test
    void a_reattach_sends_again_what_has_no_answer_in_the_clients_order() {
        Unanswered unanswered = new Unanswered();
        unanswered.sent(chat(1, "m-1"));
        unanswered.sent(chat(2, "m-2"));
        unanswered.sent(chat(3, "m-3"));
        unanswered.answered(2);
        assertEquals(List.of(chat(1, "m-1"), chat(3, "m-3")), unanswered.again());
        unanswered.answered(1);
        unanswered.answered(3);
        assertEquals(List.of(), unanswered.again());
    }

    @Test
    void the_client_does_not_see_unavailable_for_what_the_session_sends_again_until_it_has_tried_enough() {
        Unanswered unanswered = new Unanswered();
        unanswered.sent(chat(7, "m-7"));
        // Before any re-attach, the class's unavailable is the client's: the session is not sending it again.
        assertFalse(unanswered.covers(error(8, ErrorCode.UNAVAILABLE)), "not one of the session's");
        assertFalse(unanswered.covers(error(7, ErrorCode.FORBIDDEN)), "another error always goes through");
        for (int round = 1; round <= Unanswered.TRIES; round++) {
            // The class asks for a re-attach with each unavailable, before it.
            assertEquals(List.of(chat(7, "m-7")), unanswered.again(), "round " + round);
            assertTrue(unanswered.covers(error(7, ErrorCode.UNAVAILABLE)), "round " + round);
        }
        assertEquals(List.of(), unanswered.again(), "tried enough");
        assertFalse(unanswered.covers(error(7, ErrorCode.UNAVAILABLE)), "now the client decides");
        assertEquals(List.of(), unanswered.again(), "and the session forgets it");
    }

    @Test
    void a_client_with_no_answers_at_all_keeps_only_its_latest_actions() {
        Unanswered unanswered = new Unanswered();
        for (long seq = 1; seq <= 100; seq++) {
            unanswered.sent(chat(seq, "m-" + seq));
        }
        List<ClientFrame> again = unanswered.again();
        assertEquals(64, again.size());
        assertEquals(37, again.get(0).getClientSeq());
        assertEquals(100, again.get(63).getClientSeq());
    }

    @Test
    void a_resync_is_kept_until_a_welcome_whatever_brought_it() {
        ClientFrame resync = ClientFrame.newBuilder().setClientSeq(4).setResync(Resync.getDefaultInstance()).build();
        Unanswered unanswered = new Unanswered();
        unanswered.sent(chat(3, "m-3"));
        unanswered.sent(resync);
        assertEquals(List.of(chat(3, "m-3"), resync), unanswered.again(), "a Resync lost in a move goes again");
        assertTrue(unanswered.covers(error(4, ErrorCode.UNAVAILABLE)), "its copy is on its way");
        unanswered.welcomed();
        assertEquals(List.of(chat(3, "m-3")), unanswered.again(), "a Welcome answers the Resync, not the chat");
    }
}
