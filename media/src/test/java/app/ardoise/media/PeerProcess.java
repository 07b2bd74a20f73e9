package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A publisher with a real WebRTC stack (media/sfu/bin/sfu-peer, which media/sfu/build makes beside the SFU): the
 * JVM has none, and a relay between SFUs only carries tracks whose RTP arrives. It sends a synthetic VP8 camera
 * into one session until closed.
 */
final class PeerProcess implements AutoCloseable {

    private final Process process;

    private PeerProcess(Process process) {
        this.process = process;
    }

    /** Joins {@code uid} to {@code room} at the SFU and returns once its connection is up and sending. */
    static PeerProcess publish(SfuProcess sfu, String room, String uid, String trackId) {
        Path bin = Path.of(System.getProperty("ardoise.sfu.binary", "sfu/bin/ardoise-sfu")).toAbsolutePath()
                .resolveSibling("sfu-peer");
        if (!Files.isExecutable(bin)) {
            fail(bin + " is missing: run media/sfu/build (bin/test does)");
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(bin.toString(), "-sfu", sfu.target(), "-sid", room, "-uid", uid,
                            "-track", trackId, "-for", "2m"))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + bin, e);
        }
        PeerProcess peer = new PeerProcess(process);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("publishing")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            return seen.toString();
        });
        try {
            String first = output.get(20, TimeUnit.SECONDS);
            if (!first.equals("publishing")) {
                peer.close();
                fail("sfu-peer did not publish:\n" + first);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            peer.close();
            fail("sfu-peer did not publish within 20 s: " + e);
        }
        return peer;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
