package app.ardoise.cluster.room;

import app.ardoise.media.RoutingPolicy;
import app.ardoise.media.TrackKind;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaMuted;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetMediaMute;

/**
 * Mutes (media/ROUTING.md): a teacher mutes and unmutes a student's microphone or camera; a student may
 * mute themself, and unmute only while the class lets students use that device. The mark is the
 * server's, so a modified client cannot unmute itself around it.
 */
final class MediaRules {
    private MediaRules() {}

    static Decision mute(RoomState state, Member sender, SetMediaMute mute) {
        // Permission first: a student aiming at anyone else is refused as any student action on another is,
        // whatever else is wrong with the frame.
        if (!sender.isTeacher() && !mute.getParticipantId().equals(sender.id())) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher mutes another participant");
        }
        MediaKind kind = mute.getKind();
        var device = TrackKind.of(kind).filter(k -> k != TrackKind.SCREEN);
        if (device.isEmpty()) {
            return new Decision.Reject(ErrorCode.INVALID, "a microphone or a camera is muted, nothing else");
        }
        var target = state.member(mute.getParticipantId());
        if (target.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant");
        }
        if (target.get().isTeacher()) {
            return new Decision.Reject(ErrorCode.INVALID, "teachers are not muted: they turn their own device off");
        }
        if (!sender.isTeacher()) {
            var locks = MediaRouting.locks(state.locks());
            var me = new RoutingPolicy.Participant(sender.id(), RoutingPolicy.Role.STUDENT);
            if (!mute.getMuted() && !RoutingPolicy.mayPublish(me, device.get(), locks)) {
                return new Decision.Reject(ErrorCode.FORBIDDEN, kind == MediaKind.MEDIA_KIND_MICROPHONE
                        ? "students may not use their microphone now"
                        : "students may not use their camera now");
            }
        }
        boolean now = kind == MediaKind.MEDIA_KIND_MICROPHONE ? target.get().microphoneMuted() : target.get().cameraMuted();
        if (now == mute.getMuted()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setMediaMuted(MediaMuted.newBuilder()
                .setParticipantId(target.get().id()).setKind(kind).setMuted(mute.getMuted())));
    }
}
