package app.ardoise.cluster.http;

import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who may open what a class leaves behind for its replay, the journal and the teachers' recordings alike: its
 * teachers (a teacher's link, the API key, the owner's session) always, its students while the lock
 * students_may_replay is set. One decision, so that the replay and the recordings it plays never disagree.
 */
final class ReplayAccess extends AllDirectives {
    private final RoomDirectory rooms;
    private final ClassCallers callers;

    ReplayAccess(RoomDirectory rooms, ClassCallers callers) {
        this.rooms = rooms;
        this.callers = callers;
    }

    /** `inner` gets whether the caller is a teacher; `what` names the thing refused in a student's 403. */
    Route allowed(String roomId, String what, Function<Boolean, Route> inner) {
        return callers.caller(roomId, false, caller -> {
            if (caller instanceof ClassCaller.Refused refused) {
                return complete(Problems.response(refused.type(), refused.message()));
            }
            boolean teacher = caller instanceof ClassCaller.Teacher;
            return onSuccess(rooms.board(roomId), report -> {
                if (!report.exists()) {
                    return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
                }
                if (!teacher && !report.locks().getStudentsMayReplay()) {
                    return complete(Problems.response(ProblemType.FORBIDDEN, "the class's teachers have not let students open " + what));
                }
                return inner.apply(teacher);
            });
        });
    }
}
