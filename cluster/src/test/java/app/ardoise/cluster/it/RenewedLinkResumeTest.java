package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.Upgrade;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A teacher renews the student link while students are in. Those on the roster stay (README), yet they hold the
 * old link only, which the upgrade refuses: the first dropped connection after the renewal used to shut them out
 * for good. With their resume token beside the old link, they come back; the link alone, or with the token of
 * someone who came in otherwise or has left, still gets nowhere.
 */
class RenewedLinkResumeTest {
    private final TestNode node = TestNode.shared();

    @Test
    void a_student_on_the_roster_resumes_through_the_link_renewed_since() throws Exception {
        CreateRoomResponse room = node.createRoom("Renewed while in");
        String old = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient inside = node.connect(room.getRoomId(), old)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            Welcome insider = inside.join(old, "Inside");
            Welcome leaver;
            try (WsClient gone = node.connect(room.getRoomId(), old)) {
                leaver = gone.join(old, "Leaver");
                gone.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
                gone.awaitClose();
            }
            teacher.send(ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)));
            String fresh = teacher.await(ServerFrame::hasNewLink).getNewLink().getToken();
            Welcome invited;
            try (WsClient newcomer = node.connect(room.getRoomId(), fresh)) {
                invited = newcomer.join(fresh, "Invited");
            }

            inside.abort();
            teacher.await(f -> f.hasEvent() && f.getEvent().hasDisconnected());
            assertEquals(410, Upgrade.attempt(node.port(), path(room, old, null), Map.of()).status(),
                    "the renewed link alone is still refused before the upgrade");
            assertEquals(410, Upgrade.attempt(node.port(), path(room, old, invited.getResumeToken()), Map.of()).status(),
                    "a resume token of someone who came in through another link opens nothing with this one");
            assertEquals(410, Upgrade.attempt(node.port(), path(room, old, "forged.token"), Map.of()).status());

            try (WsClient back = WsClient.connect(uri(room, old, insider.getResumeToken()))) {
                back.resume(room.getRoomId(), insider, insider.getLastSeq());
                back.await(ServerFrame::hasAck);
                back.chat("still here");
                assertEquals("still here", teacher.await(f -> f.hasEvent() && f.getEvent().hasChat())
                        .getEvent().getChat().getText());
            }
            // Let through the upgrade, those the class does not keep are refused by the class, as before.
            try (WsClient late = WsClient.connect(uri(room, old, leaver.getResumeToken()))) {
                late.resume(room.getRoomId(), leaver, leaver.getLastSeq());
                assertEquals(ErrorCode.LINK_REVOKED, late.await(ServerFrame::hasError).getError().getCode());
                late.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(old).setDisplayName("Intruder")));
                assertEquals(ErrorCode.LINK_REVOKED, late.await(ServerFrame::hasError).getError().getCode());
            }
        }
    }

    private URI uri(CreateRoomResponse room, String link, String resume) {
        return URI.create("ws://127.0.0.1:" + node.port() + path(room, link, resume));
    }

    private static String path(CreateRoomResponse room, String link, String resume) {
        return "/ws/rooms/" + room.getRoomId() + "?token=" + link + (resume == null ? "" : "&resume=" + resume);
    }
}
