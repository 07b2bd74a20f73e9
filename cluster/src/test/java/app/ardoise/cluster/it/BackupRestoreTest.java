package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.CqlSessions;
import app.ardoise.persistence.EmbeddedCassandra;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATIONS.md's backup and restore, run for real: a class written through a node into one Cassandra,
 * Cassandra's own nodetool snapshot of the keyspace, the snapshot's files copied away, a fresh Cassandra given
 * the schema and the files (nodetool import), and a node on it: the class opens with its board and its chat.
 */
@NodeProcesses
class BackupRestoreTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String KEYSPACE = "ardoise_backup";

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        directories.forEach(BackupRestoreTest::deleteQuietly);
    }

    @Test
    void a_class_restored_from_a_snapshot_into_a_fresh_cassandra_has_its_board_and_chat() throws Exception {
        EmbeddedCassandra source = start("ardoise-backup-source-");
        install(source);
        CreateRoomResponse room;
        String boardDigest;
        List<String> chat = List.of("Bonjour la classe", "Ouvrez le cahier page 12", "À demain");
        try (NodeProcess node = node("backup-node", source)) {
            node.awaitReady(READY);
            CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
            JsonFormat.parser().merge(node.post("/api/v1/rooms", "{\"title\":\"Histoire 4B\"}").body(), created);
            room = created.build();
            try (WsClient teacher = WsClient.connect(node.webSocket(room.getRoomId(), room.getTeacher().getToken()))) {
                Welcome welcome = teacher.join(room.getTeacher().getToken(), "Mme Martin");
                WhiteboardDoc board = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
                LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), board);
                String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
                for (int i = 0; i < 3; i++) {
                    WhiteboardOp op = author.stamp(WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                            .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                            .setProps(ShapeProps.newBuilder().setX(10 + 50 * i).setY(10).setWidth(40).setHeight(40))).build());
                    acknowledged(teacher, teacher.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(op))));
                }
                for (String text : chat) {
                    acknowledged(teacher, teacher.send(ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text))));
                }
                teacher.send(ClientFrame.newBuilder().setResync(app.ardoise.protocol.v1.Resync.getDefaultInstance()));
                boardDigest = WhiteboardDoc.fromProto(teacher.await(ServerFrame::hasWelcome).getWelcome().getRoom().getWhiteboard()).digest();
            }
        }

        String snapshot = source.nodetool("snapshot", "--tag", "nightly", KEYSPACE);
        assertTrue(snapshot.contains("nightly"), snapshot);
        Path backup = temporary("ardoise-backup-files-");
        int copied = copySnapshot(source.dataDir().resolve("data").resolve(KEYSPACE), "nightly", backup);
        assertTrue(copied > 0, "the snapshot holds no SSTable");
        source.close();

        // The new cluster: the schema first, then, with Cassandra stopped, each table's files into its table's
        // directory, where Cassandra finds them when it starts again.
        EmbeddedCassandra.Settings freshSettings = EmbeddedCassandra.Settings.onFreePorts(temporary("ardoise-backup-restored-"));
        EmbeddedCassandra schemaOnly = EmbeddedCassandra.start(freshSettings);
        install(schemaOnly);
        schemaOnly.close();
        int restoredFiles = restoreInto(freshSettings.dataDir().resolve("data").resolve(KEYSPACE), backup);
        assertEquals(copied, restoredFiles, "every backed-up table has its table in the new cluster");
        EmbeddedCassandra fresh = EmbeddedCassandra.start(freshSettings);
        running.add(fresh);
        try (CqlSession session = CqlSessions.open(fresh.contactPoint())) {
            long events = session.execute("SELECT count(*) FROM " + KEYSPACE + ".messages").one().getLong(0);
            // At least the teacher's join, three board batches and three messages.
            assertTrue(events >= 7, "the restored journal holds " + events + " events");
        }
                try (NodeProcess node = node("restored-node", fresh)) {
            node.awaitReady(READY);
            WsClient student = WsClient.connect(node.webSocket(room.getRoomId(), room.getStudent().getToken()));
            Welcome restored = student.join(room.getStudent().getToken(), "Léo");
            assertEquals("Histoire 4B", restored.getRoom().getTitle());
            assertEquals(chat, restored.getRoom().getChatList().stream().map(ChatMessage::getText).toList());
            assertEquals(boardDigest, WhiteboardDoc.fromProto(restored.getRoom().getWhiteboard()).digest(),
                    "the restored board differs from the one backed up");
            student.close();
        }
    }

    private EmbeddedCassandra start(String prefix) throws IOException {
        EmbeddedCassandra cassandra = EmbeddedCassandra.start(EmbeddedCassandra.Settings.onFreePorts(temporary(prefix)));
        running.add(cassandra);
        return cassandra;
    }

    /** As an operator does before the first node starts, on the old cluster and on the new one. */
    private static void install(EmbeddedCassandra cassandra) {
        try (CqlSession session = CqlSessions.open(cassandra.contactPoint())) {
            SchemaInstaller.install(session, KEYSPACE, Replication.simple(1));
        }
    }

    private static NodeProcess node(String name, EmbeddedCassandra cassandra) {
        int[] ports = NodeProcess.ports(1).get(0);
        return NodeProcess.start(name, ports, List.of(ports[1]), KEYSPACE,
                Map.of("ARDOISE_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint()));
    }

    /** Each table's snapshot files into a directory named after the table, as a backup job would copy them away. */
    private static int copySnapshot(Path keyspaceData, String tag, Path backup) throws IOException {
        int files = 0;
        try (Stream<Path> tables = Files.list(keyspaceData)) {
            for (Path table : tables.toList()) {
                Path snapshot = table.resolve("snapshots").resolve(tag);
                if (!Files.isDirectory(snapshot)) {
                    continue;
                }
                String name = table.getFileName().toString().replaceFirst("-[0-9a-f]{32}$", "");
                Path target = Files.createDirectories(backup.resolve(name));
                try (Stream<Path> sstables = Files.list(snapshot)) {
                    for (Path file : sstables.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, target.resolve(file.getFileName()));
                        files += file.getFileName().toString().endsWith("-Data.db") ? 1 : 0;
                    }
                }
            }
        }
        return files;
    }

    /** Each backed-up table's SSTables into the new table's directory (its name ends with its own table id). */
    private static int restoreInto(Path keyspaceData, Path backup) throws IOException {
        int files = 0;
        try (Stream<Path> tables = Files.list(keyspaceData)) {
            for (Path table : tables.toList()) {
                Path saved = backup.resolve(table.getFileName().toString().replaceFirst("-[0-9a-f]{32}$", ""));
                if (!Files.isDirectory(saved)) {
                    continue;
                }
                try (Stream<Path> sstables = Files.list(saved)) {
                    for (Path file : sstables.filter(f -> f.getFileName().toString().contains("-big-")).toList()) {
                        Files.copy(file, table.resolve(file.getFileName()));
                        files += file.getFileName().toString().endsWith("-Data.db") ? 1 : 0;
                    }
                }
            }
        }
        return files;
    }

    private static void acknowledged(WsClient client, long clientSeq) {
        ServerFrame answer = client.await(frame -> (frame.hasAck() && frame.getAck().getClientSeq() == clientSeq)
                || (frame.hasError() && frame.getError().getClientSeq() == clientSeq));
        assertTrue(answer.hasAck(), answer.toString());
    }

    private Path temporary(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        directories.add(directory);
        return directory;
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind does not fail the test.
        }
    }
}
