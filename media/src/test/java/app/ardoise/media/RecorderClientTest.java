package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recorder's calls against the real SFU, where no media is needed: their answers and their failures. */
@ExtendWith(SharedSfu.class)
class RecorderClientTest {

    private final String room = "class-" + UUID.randomUUID();
    private SfuClient client;

    @BeforeEach
    void connect(SfuProcess sfu) {
        client = SfuClient.start(
                MediaSettings.fromConfig(ConfigFactory.load()).withSfuTarget(sfu.target()), new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aRecordingOfNobodyWhoSpokeHasNoFiles() throws Exception {
        RecorderClient recorder = client.recorder();
        recorder.start(room, "rec-1", List.of("teacher")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), recorder.stop(room, "rec-1").toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRefusedCallFailsWithTheSfusStatus() {
        RecorderClient recorder = client.recorder();
        ExecutionException noId = assertThrows(ExecutionException.class,
                () -> recorder.start(room, "", List.of("teacher")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.INVALID_ARGUMENT,
                assertInstanceOf(StatusRuntimeException.class, noId.getCause()).getStatus().getCode());
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> recorder.fetch("no-such-file").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.NOT_FOUND,
                assertInstanceOf(StatusRuntimeException.class, unknown.getCause()).getStatus().getCode());
    }
}
