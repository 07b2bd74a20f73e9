package app.ardoise.cluster.session;

import app.ardoise.cluster.contract.SessionProtocol;
import app.ardoise.media.SfuEvent;

/** What happens to a session on its own node: its timers, its SFU stream, a drain. {@link #accept} names every one. */
sealed interface SessionEvent extends SessionProtocol.Local {

    <R> R accept(Handler<R> handler);

    /** One method per event. */
    interface Handler<R> {
        R mediaEvent(MediaEvent event);

        R drain(Drain drain);

        R checkRoom(CheckRoom check);

        R joinDeadline(JoinDeadline deadline);

        R renewTurn(RenewTurn renew);
    }

    /** What this session's SFU stream reported, handed to the actor (the stream calls from gRPC threads). */
    record MediaEvent(int generation, SfuEvent event) implements SessionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.mediaEvent(this);
        }
    }

    /** This node is being drained: close with 4012 so the client resumes on another node. Sent to every session by name. */
    record Drain() implements SessionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.drain(this);
        }
    }

    /** Time to tell the room this session is still there (see ClientSession.onCheckRoom). */
    record CheckRoom() implements SessionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.checkRoom(this);
        }
    }

    /** The join timeout ran out: a connection that has not joined or resumed by now is closed. */
    record JoinDeadline() implements SessionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.joinDeadline(this);
        }
    }

    /** Time to send the browser a fresh TURN credential, before the one it holds expires (SessionMedia.renewTurn). */
    record RenewTurn() implements SessionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.renewTurn(this);
        }
    }
}
