package app.ardoise.media;

import static app.ardoise.media.FutureCalls.call;

import app.ardoise.media.recorder.DiscardRecordingRequest;
import app.ardoise.media.recorder.FetchRecordingRequest;
import app.ardoise.media.recorder.RecorderGrpc;
import app.ardoise.media.recorder.RecordingChunk;
import app.ardoise.media.recorder.StartRecordingRequest;
import app.ardoise.media.recorder.StopRecordingRequest;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The SFU's recorder ({@code ardoise.recorder.v1.Recorder}, sfu/proto/recorder.proto), on the node's channel to
 * it: whom to record in a class, and the files when the recording stops. Every call answers a future that fails
 * with the gRPC status when the SFU refuses or cannot be reached.
 */
public final class RecorderClient {
    /** A file of an hour is some 15 MB; a minute is plenty over loopback or a LAN. */
    private static final Duration FETCH_DEADLINE = Duration.ofMinutes(1);

    private final ManagedChannel channel;
    private final Duration deadline;

    RecorderClient(ManagedChannel channel, Duration deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    /** Records the microphones of {@code participants} in {@code room}; again with the same id: the new list. */
    public CompletionStage<Void> start(String room, String recordingId, Collection<String> participants) {
        return call(stub().startRecording(StartRecordingRequest.newBuilder()
                .setSid(room).setRecordingId(recordingId).addAllUids(participants).build()), reply -> null);
    }

    /** Ends the recording and lists its files: one per recorded microphone, none when nobody spoke into one. */
    public CompletionStage<List<RecordedFile>> stop(String room, String recordingId) {
        return call(stub().stopRecording(StopRecordingRequest.newBuilder().setSid(room).setRecordingId(recordingId).build()),
                reply -> reply.getFilesList().stream()
                        .map(f -> new RecordedFile(f.getFileId(), f.getUid(), f.getStartedAtMs(), f.getEndedAtMs(),
                                f.getBytes(), f.getDurationMs()))
                        .toList());
    }

    /** The file's bytes. */
    public CompletionStage<byte[]> fetch(String fileId) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecorderGrpc.newStub(channel)
                .withDeadlineAfter(FETCH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .fetchRecording(FetchRecordingRequest.newBuilder().setFileId(fileId).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(RecordingChunk chunk) {
                        bytes.writeBytes(chunk.getData().toByteArray());
                    }

                    @Override
                    public void onError(Throwable failure) {
                        result.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(bytes.toByteArray());
                    }
                });
        return result;
    }

    /** The SFU forgets the file: call once it is stored. */
    public CompletionStage<Void> discard(String fileId) {
        return call(stub().discardRecording(DiscardRecordingRequest.newBuilder().setFileId(fileId).build()), reply -> null);
    }

    private RecorderGrpc.RecorderFutureStub stub() {
        return RecorderGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
