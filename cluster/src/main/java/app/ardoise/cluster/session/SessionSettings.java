package app.ardoise.cluster.session;

import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.ClientLimits;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/** Per-connection limits, from {@code ardoise.session}, and how long a link renewed by a teacher lasts. */
public record SessionSettings(
        int outboundBuffer,
        long outboundBufferBytes,
        int maxFrameBytes,
        double chatPerSecond,
        double actionsPerSecond,
        double whiteboardBatchesPerSecond,
        double ephemeralPerSecond,
        Duration roomHeartbeat,
        Duration resumeTokenTtl,
        Duration joinTimeout,
        Duration linkTtl) {

    /** A zero or negative limit would refuse every client: a node with one does not start. */
    public SessionSettings {
        if (outboundBuffer < 1 || outboundBufferBytes < 1 || maxFrameBytes < 1 || chatPerSecond <= 0
                || actionsPerSecond <= 0 || whiteboardBatchesPerSecond <= 0 || ephemeralPerSecond <= 0) {
            throw new IllegalArgumentException("ardoise.session limits must let something through: " + List.of(
                    outboundBuffer, outboundBufferBytes, maxFrameBytes, chatPerSecond, actionsPerSecond,
                    whiteboardBatchesPerSecond, ephemeralPerSecond));
        }
    }

    public static SessionSettings from(Config config) {
        Config c = config.getConfig("ardoise.session");
        return new SessionSettings(
                c.getInt("outbound-buffer"),
                c.getBytes("outbound-buffer-bytes"),
                c.getInt("max-frame-bytes"),
                c.getDouble("chat-per-second"),
                c.getDouble("actions-per-second"),
                c.getDouble("whiteboard-batches-per-second"),
                c.getDouble("ephemeral-per-second"),
                c.getDuration("room-heartbeat"),
                c.getDuration("resume-token-ttl"),
                c.getDuration("join-timeout"),
                // A link a teacher renews over the WebSocket lasts as long as one the API makes.
                config.getDuration("ardoise.auth.link-ttl"));
    }

    /** What a client must keep to, told in its Welcome: these rates, this frame size and the protocol's sizes. */
    public ClientLimits clientLimits() {
        return ClientLimits.newBuilder()
                .setMaxChatChars(Limits.MAX_CHAT_CHARS)
                .setMaxNameChars(Limits.MAX_NAME_CHARS)
                .setMaxClientMessageIdChars(Limits.MAX_CLIENT_MESSAGE_ID_CHARS)
                .setMaxPollQuestionChars(Limits.MAX_POLL_QUESTION_CHARS)
                .setMaxPollOptionChars(Limits.MAX_POLL_OPTION_CHARS)
                .setMaxPollOptions(Limits.MAX_POLL_OPTIONS)
                .setMaxShortAnswerChars(Limits.MAX_SHORT_ANSWER_CHARS)
                .setMaxFrameBytes(maxFrameBytes)
                .setChatPerSecond(chatPerSecond)
                .setWhiteboardBatchesPerSecond(whiteboardBatchesPerSecond)
                .setEphemeralPerSecond(ephemeralPerSecond)
                .setActionsPerSecond(actionsPerSecond)
                .build();
    }
}
