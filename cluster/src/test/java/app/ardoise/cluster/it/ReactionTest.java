package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Reaction;
import app.ardoise.protocol.v1.ReactionKind;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reactions over real WebSockets: relayed to the whole class, author included, never written, paced like cursors. */
class ReactionTest {
    /** ardoise.session.ephemeral-per-second's default, which is also the burst. */
    private static final int EPHEMERAL_PER_SECOND = 30;

    private final TestNode node = TestNode.shared();

    @Test
    void a_reaction_reaches_everyone_with_its_authors_id_and_nothing_is_written() {
        CreateRoomResponse room = node.createRoom("réactions");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient author = node.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient other = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            String authorId = author.join(room.getStudent().getToken(), "Inès").getParticipantId();
            other.join(room.getStudent().getToken(), "Léo");
            long before = acknowledgedSeq(teacher, teacher.chat("is that clear?"));

            author.send(ClientFrame.newBuilder().setReaction(Reaction.newBuilder()
                    .setKind(ReactionKind.REACTION_KIND_THUMBS_UP).setClientId("someone-else")));
            Reaction expected = Reaction.newBuilder()
                    .setKind(ReactionKind.REACTION_KIND_THUMBS_UP).setClientId(authorId).build();
            for (WsClient client : List.of(teacher, author, other)) {
                List<ServerFrame> frames = client.until(ServerFrame::hasReaction);
                assertEquals(expected, frames.get(frames.size() - 1).getReaction());
                assertTrue(frames.stream().noneMatch(f -> f.hasAck() || f.hasError()),
                        "a reaction is neither acknowledged nor refused: " + frames);
            }

            assertEquals(before + 1, acknowledgedSeq(teacher, teacher.chat("good")), "the reaction wrote no event");
        }
    }

    @Test
    void an_unknown_kind_is_refused_and_not_relayed_and_only_a_joined_participant_may_react() {
        CreateRoomResponse room = node.createRoom("réactions refusées");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient stranger = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            student.join(room.getStudent().getToken(), "Inès");

            long unspecified = student.send(reaction(ReactionKind.REACTION_KIND_UNSPECIFIED));
            assertRefused(student, unspecified, ErrorCode.INVALID);
            long unknown = student.send(ClientFrame.newBuilder().setReaction(Reaction.newBuilder().setKindValue(99)));
            assertRefused(student, unknown, ErrorCode.INVALID);
            assertRefused(stranger, stranger.send(reaction(ReactionKind.REACTION_KIND_HEART)), ErrorCode.NOT_JOINED);

            student.send(reaction(ReactionKind.REACTION_KIND_QUESTION));
            assertEquals(ReactionKind.REACTION_KIND_QUESTION, teacher.await(ServerFrame::hasReaction).getReaction().getKind(),
                    "the refused ones never reached the class");
        }
    }

    @Test
    void a_flood_is_cut_to_the_ephemeral_budget_before_the_class_and_chat_still_flows() {
        CreateRoomResponse room = node.createRoom("averse");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            student.join(room.getStudent().getToken(), "Inès");
            long before = acknowledgedSeq(teacher, teacher.chat("questions?"));

            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                student.send(reaction(ReactionKind.REACTION_KIND_APPLAUSE));
            }
            long chat = student.chat("still here");

            List<ServerFrame> studentSaw = student.until(f -> f.hasAck() && f.getAck().getClientSeq() == chat);
            assertTrue(studentSaw.stream().noneMatch(ServerFrame::hasError), "a flood is dropped without an error");
            assertEquals(before + 1, studentSaw.get(studentSaw.size() - 1).getAck().getSeq(), "only the chat was written");

            // The room passes frames on in the order it got them: every relayed reaction comes before the chat.
            List<ServerFrame> teacherSaw = teacher.until(f -> f.hasEvent() && f.getEvent().hasChat()
                    && f.getEvent().getChat().getText().equals("still here"));
            long reactions = teacherSaw.stream().filter(ServerFrame::hasReaction).count();
            // The session refills its bucket while it reads, which ends after the sender's loop: the window
            // that bounds what could get through closes when the chat behind the flood came out.
            double seconds = (System.nanoTime() - start) / 1e9;
            double budget = EPHEMERAL_PER_SECOND + EPHEMERAL_PER_SECOND * seconds;
            assertTrue(reactions >= EPHEMERAL_PER_SECOND, "the burst gets through: " + reactions);
            assertTrue(reactions <= budget + 1, reactions + " reactions relayed in " + seconds + " s");
        }
    }

    private static ClientFrame.Builder reaction(ReactionKind kind) {
        return ClientFrame.newBuilder().setReaction(Reaction.newBuilder().setKind(kind));
    }

    private static long acknowledgedSeq(WsClient client, long clientSeq) {
        return client.await(f -> f.hasAck() && f.getAck().getClientSeq() == clientSeq).getAck().getSeq();
    }

    private static void assertRefused(WsClient client, long clientSeq, String code) {
        ServerFrame error = client.await(ServerFrame::hasError);
        assertEquals(code, error.getError().getCode(), error.getError().getMessage());
        assertEquals(clientSeq, error.getError().getClientSeq());
    }
}
