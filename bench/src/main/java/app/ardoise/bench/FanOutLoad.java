package app.ardoise.bench;

import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * One class spread over the nodes of a cluster (bench/fanout-bench): its students join round robin over
 * {@code --urls}, its teacher on a node other than the class's, then the teacher chats {@code --chats} messages at
 * {@code --rate} a second. Prints, from the class's node's /metrics, its remote messages and bytes to sessions per
 * chat, each node's CPU over the chats (from /proc, {@code --pids} in the order of {@code --urls}), and the
 * delivery latency from send to each student.
 */
public final class FanOutLoad {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FanOutLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> urls = List.of(options.string("urls", "http://127.0.0.1:8080").split(","));
        List<Long> pids = Arrays.stream(options.string("pids", "").split(",")).filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        List<Integer> remotePorts = Arrays.stream(options.string("remote-ports", "").split(",")).filter(s -> !s.isBlank())
                .map(Integer::parseInt).toList();
        int students = options.integer("students", 300);
        int chats = options.integer("chats", 100);
        double rate = options.number("rate", 10);
        String apiKey = options.string("api-key", System.getenv().getOrDefault("ARDOISE_API_KEY", ""));
        System.out.printf("options: students=%d chats=%d rate=%.0f nodes=%d%n", students, chats, rate, urls.size());

        CreateRoomResponse room = new RoomApi(urls.get(0), apiKey).create("fan-out", students);
        int classNode = -1;
        for (int i = 0; i < urls.size() && classNode < 0; i++) {
            if (meter(urls.get(i), "ardoise_rooms_active") >= 1) {
                classNode = i;
            }
        }
        if (classNode < 0) {
            throw new IllegalStateException("the class runs on none of " + urls);
        }
        int teacherNode = (classNode + 1) % urls.size();

        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        LongAdder delivered = new LongAdder();
        AtomicInteger closed = new AtomicInteger();
        List<BenchClient> clients = new ArrayList<>();
        List<CompletableFuture<?>> joins = new ArrayList<>();
        BenchClient teacher = new BenchClient(frame -> { }, closed::incrementAndGet);
        joins.add(teacher.connectAndJoin(HTTP, socket(urls.get(teacherNode), room.getRoomId(), room.getTeacher().getToken()),
                room.getTeacher().getToken(), "teacher"));
        for (int s = 0; s < students; s++) {
            BenchClient student = new BenchClient(frame -> received(frame, latency, delivered), closed::incrementAndGet);
            clients.add(student);
            joins.add(student.connectAndJoin(HTTP, socket(urls.get(s % urls.size()), room.getRoomId(), room.getStudent().getToken()),
                    room.getStudent().getToken(), "student " + s));
            if (s % 20 == 19) {
                CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).join();
            }
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).join();
        TimeUnit.SECONDS.sleep(3);
        latency.reset();
        delivered.reset();

        String classUrl = urls.get(classNode);
        double messagesBefore = meter(classUrl, "ardoise_room_remote_messages_total");
        double bytesBefore = meter(classUrl, "ardoise_room_remote_bytes_total");
        double writesBefore = meter(classUrl, "ardoise_persist_latency_seconds_count");
        long[] cpuBefore = pids.stream().mapToLong(FanOutLoad::cpuTicks).toArray();
        long tcpBefore = tcpSent(pids, remotePorts, classNode);
        long started = System.nanoTime();
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        for (int c = 0; c < chats; c++) {
            long due = started + c * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            teacher.chat(Long.toString(System.nanoTime())).join();
        }
        long expected = (long) chats * students;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.sum() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] cpuAfter = pids.stream().mapToLong(FanOutLoad::cpuTicks).toArray();
        long tcp = tcpSent(pids, remotePorts, classNode) - tcpBefore;
        double messages = meter(classUrl, "ardoise_room_remote_messages_total") - messagesBefore;
        double bytes = meter(classUrl, "ardoise_room_remote_bytes_total") - bytesBefore;
        // Chats that arrive during a write go to the journal together in the next one (group commit).
        double writes = meter(classUrl, "ardoise_persist_latency_seconds_count") - writesBefore;

        System.out.printf("class on node %d, teacher on node %d, %d students (%d per node)%n", classNode, teacherNode,
                students, students / urls.size());
        System.out.printf("delivered %d of %d in %.1f s; closed by the server: %d%n", delivered.sum(), expected, seconds, closed.get());
        System.out.printf("class node: %.0f journal writes for %d chats; %.0f remote messages (%.1f per write), %.0f bytes (%.0f per write)%n",
                writes, chats, messages, messages / writes, bytes, bytes / writes);
        System.out.printf("class node: %d bytes sent over TCP to the other nodes' remoting (%.0f per write, heartbeats and gossip included)%n",
                tcp, tcp / writes);
        for (int i = 0; i < cpuBefore.length; i++) {
            double cpu = (cpuAfter[i] - cpuBefore[i]) / 100.0;
            System.out.printf("node %d%s: CPU %.2f s over the chats (%.1f ms per chat)%n", i, i == classNode ? " (class)" : "",
                    cpu, cpu * 1000 / chats);
        }
        System.out.printf("latency to students: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        System.out.printf("result: writes=%.0f remote_messages_per_write=%.1f remote_bytes_per_write=%.0f tcp_bytes_per_write=%.0f class_cpu_ms_per_chat=%.1f p99_ms=%.1f delivered=%d%n",
                writes, messages / writes, bytes / writes, tcp / writes,
                cpuBefore.length > classNode ? (cpuAfter[classNode] - cpuBefore[classNode]) * 10.0 / chats : Double.NaN,
                latency.getValueAtPercentile(99) / 1e6, delivered.sum());
        teacher.close();
        clients.forEach(BenchClient::close);
        System.exit(delivered.sum() == expected ? 0 : 1);
    }

    private static void received(ServerFrame frame, ConcurrentHistogram latency, LongAdder delivered) {
        for (RoomEvent event : ServerFrames.eventsOf(frame)) {
            if (event.hasChat()) {
                latency.recordValue(Math.max(0, System.nanoTime() - Long.parseLong(event.getChat().getText())));
                delivered.increment();
            }
        }
    }

    private static URI socket(String url, String roomId, String token) {
        return URI.create(url.replaceFirst("^http", "ws") + "/ws/rooms/" + roomId + "?token=" + token);
    }

    /** A meter's value on the node's /metrics. */
    private static double meter(String url, String name) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+-]+)$").matcher(body);
        if (!line.find()) {
            throw new IllegalStateException(name + " missing from " + url + "/metrics");
        }
        return Double.parseDouble(line.group(1));
    }

    /**
     * Bytes the class's node has sent on its TCP connections to the other nodes' remoting ports ({@code ss -tinp}):
     * Artery's envelopes and framing included, which the serializer's count leaves out. -1 without pids and ports.
     */
    private static long tcpSent(List<Long> pids, List<Integer> remotePorts, int classNode) {
        if (pids.size() <= classNode || remotePorts.size() != pids.size()) {
            return -1;
        }
        try {
            Process ss = new ProcessBuilder("ss", "-tinpH", "state", "established").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            ss.waitFor();
            long sent = 0;
            String pid = "pid=" + pids.get(classNode) + ",";
            // One socket per line, its -i details on the next line (indented).
            String[] lines = out.split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                String socket = lines[i];
                if (!socket.contains(pid)) {
                    continue;
                }
                String[] columns = socket.trim().split("\\s+");
                int peerPort = Integer.parseInt(columns[3].substring(columns[3].lastIndexOf(':') + 1));
                if (peerPort == remotePorts.get(classNode) || !remotePorts.contains(peerPort)) {
                    continue;
                }
                Matcher bytes = Pattern.compile("bytes_sent:(\\d+)").matcher(lines[i + 1]);
                if (bytes.find()) {
                    sent += Long.parseLong(bytes.group(1));
                }
            }
            return sent;
        } catch (Exception e) {
            throw new IllegalStateException("ss failed", e);
        }
    }

    /** User and system CPU of a process, in clock ticks (100 a second). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            throw new IllegalStateException("no CPU figures for process " + pid, e);
        }
    }
}
