package app.ardoise.media;

import java.util.List;
import java.util.Optional;
import rtc.Rtc;

/**
 * Translation between the bridge's records and the generated {@code rtc} messages, kept in one
 * place so that nothing else in Ardoise depends on ion-sfu's wire names.
 */
final class RtcMessages {

    private RtcMessages() {}

    static Rtc.Request join(Join join) {
        Rtc.JoinRequest.Builder b =
                Rtc.JoinRequest.newBuilder().setSid(join.room()).setUid(join.participant());
        // The SFU reads these keys as the strings "true"/"false" (ion-sfu's convention).
        if (!join.publish()) {
            b.putConfig("NoPublish", "true");
        }
        if (!join.subscribe()) {
            b.putConfig("NoSubscribe", "true");
        }
        join.offer().ifPresent(o -> b.setDescription(description(o)));
        return Rtc.Request.newBuilder().setJoin(b).build();
    }

    static Rtc.Request request(Description d) {
        return Rtc.Request.newBuilder().setDescription(description(d)).build();
    }

    static Rtc.Request request(IceCandidate c) {
        return Rtc.Request.newBuilder()
                .setTrickle(Rtc.Trickle.newBuilder().setTarget(target(c.target())).setInit(c.init()))
                .build();
    }

    static Rtc.Request request(List<Subscription> subscriptions) {
        Rtc.SubscriptionRequest.Builder b = Rtc.SubscriptionRequest.newBuilder();
        for (Subscription s : subscriptions) {
            b.addSubscriptions(
                    Rtc.Subscription.newBuilder()
                            .setTrackId(s.trackId())
                            .setSubscribe(s.subscribe())
                            .setMute(s.muted()));
        }
        return Rtc.Request.newBuilder().setSubscription(b).build();
    }

    /** The event for a reply other than the join reply, or empty for a reply without payload. */
    static Optional<SfuEvent> event(Rtc.Reply reply) {
        return Optional.ofNullable(
                switch (reply.getPayloadCase()) {
                    case DESCRIPTION -> new SfuEvent.DescriptionReceived(description(reply.getDescription()));
                    case TRICKLE ->
                            new SfuEvent.CandidateReceived(
                                    new IceCandidate(target(reply.getTrickle().getTarget()), reply.getTrickle().getInit()));
                    case TRACKEVENT -> tracks(reply.getTrackEvent());
                    case SUBSCRIPTION ->
                            new SfuEvent.SubscriptionResult(
                                    reply.getSubscription().getSuccess()
                                            ? Optional.empty()
                                            : Optional.of(error(reply.getSubscription().getError())));
                    case ERROR -> new SfuEvent.RequestFailed(error(reply.getError()));
                    case JOIN, PAYLOAD_NOT_SET -> null;
                });
    }

    static Optional<Description> answer(Rtc.JoinReply reply) {
        return reply.hasDescription() && !reply.getDescription().getSdp().isEmpty()
                ? Optional.of(description(reply.getDescription()))
                : Optional.empty();
    }

    static SfuError error(Rtc.Error e) {
        return new SfuError(e.getCode(), e.getReason());
    }

    private static SfuEvent.TracksChanged tracks(Rtc.TrackEvent e) {
        SfuEvent.TrackState state =
                switch (e.getState()) {
                    case ADD -> SfuEvent.TrackState.ADD;
                    case UPDATE -> SfuEvent.TrackState.UPDATE;
                    case REMOVE -> SfuEvent.TrackState.REMOVE;
                    case UNRECOGNIZED -> throw new IllegalArgumentException("unknown track event state");
                };
        return new SfuEvent.TracksChanged(
                state, e.getUid(), e.getTracksList().stream().map(RtcMessages::trackInfo).toList());
    }

    private static Rtc.SessionDescription description(Description d) {
        Rtc.SessionDescription.Builder b =
                Rtc.SessionDescription.newBuilder()
                        .setTarget(target(d.target()))
                        .setType(d.type().wire())
                        .setSdp(d.sdp());
        d.trackInfos().forEach(t -> b.addTrackInfos(trackInfo(t)));
        return b.build();
    }

    private static Description description(Rtc.SessionDescription d) {
        return new Description(
                target(d.getTarget()),
                Description.Type.fromWire(d.getType()),
                d.getSdp(),
                d.getTrackInfosList().stream().map(RtcMessages::trackInfo).toList());
    }

    private static Rtc.TrackInfo trackInfo(TrackInfo t) {
        return Rtc.TrackInfo.newBuilder()
                .setId(t.id())
                .setKind(t.kind())
                .setMuted(t.muted())
                .setType(mediaType(t.type()))
                .setStreamId(t.streamId())
                .setLabel(t.label())
                .setWidth(t.width())
                .setHeight(t.height())
                .setFrameRate(t.frameRate())
                .build();
    }

    private static TrackInfo trackInfo(Rtc.TrackInfo t) {
        return new TrackInfo(
                t.getId(),
                t.getKind(),
                t.getMuted(),
                mediaType(t.getType()),
                t.getStreamId(),
                t.getLabel(),
                t.getWidth(),
                t.getHeight(),
                t.getFrameRate());
    }

    private static Rtc.Target target(Target t) {
        return switch (t) {
            case PUBLISHER -> Rtc.Target.PUBLISHER;
            case SUBSCRIBER -> Rtc.Target.SUBSCRIBER;
        };
    }

    private static Target target(Rtc.Target t) {
        return switch (t) {
            case PUBLISHER -> Target.PUBLISHER;
            case SUBSCRIBER -> Target.SUBSCRIBER;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown target");
        };
    }

    private static Rtc.MediaType mediaType(MediaType t) {
        return switch (t) {
            case UNKNOWN -> Rtc.MediaType.MediaUnknown;
            case USER_MEDIA -> Rtc.MediaType.UserMedia;
            case SCREEN_CAPTURE -> Rtc.MediaType.ScreenCapture;
            case CANVAS -> Rtc.MediaType.Cavans;
            case STREAMING -> Rtc.MediaType.Streaming;
            case VOIP -> Rtc.MediaType.VoIP;
        };
    }

    private static MediaType mediaType(Rtc.MediaType t) {
        return switch (t) {
            case UserMedia -> MediaType.USER_MEDIA;
            case ScreenCapture -> MediaType.SCREEN_CAPTURE;
            case Cavans -> MediaType.CANVAS;
            case Streaming -> MediaType.STREAMING;
            case VoIP -> MediaType.VOIP;
            case MediaUnknown, UNRECOGNIZED -> MediaType.UNKNOWN;
        };
    }
}
