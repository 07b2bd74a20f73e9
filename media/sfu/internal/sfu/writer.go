package sfu

import (
	"context"
	"errors"
	"fmt"

	rtc "app.ardoise/sfu/proto"
)

// A client that stops reading would otherwise let replies pile up without bound;
// past this many queued replies its stream is closed.
const writerQueue = 1024

var errSlowClient = errors.New("signal stream: client does not read its replies")

// signalWriter is the only goroutine that calls Send on a stream: gRPC forbids
// concurrent sends, and PeerConnection callbacks, other participants' events and
// the request loop all produce replies.
type signalWriter struct {
	stream  rtc.RTC_SignalServer
	queue   chan *rtc.Reply
	fail    context.CancelCauseFunc
	metrics *Metrics
	done    chan struct{}
}

func newSignalWriter(stream rtc.RTC_SignalServer, fail context.CancelCauseFunc, m *Metrics) *signalWriter {
	return &signalWriter{
		stream:  stream,
		queue:   make(chan *rtc.Reply, writerQueue),
		fail:    fail,
		metrics: m,
		done:    make(chan struct{}),
	}
}

// send never blocks, so it may be called while holding a session's lock.
func (w *signalWriter) send(r *rtc.Reply) {
	select {
	case w.queue <- r:
	default:
		w.fail(errSlowClient)
	}
}

func (w *signalWriter) run(ctx context.Context) {
	defer close(w.done)
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-w.queue:
			if err := w.stream.Send(r); err != nil {
				w.fail(fmt.Errorf("signal send: %w", err))
				return
			}
			w.metrics.signalOut.WithLabelValues(replyKind(r)).Inc()
		}
	}
}

func replyKind(r *rtc.Reply) string {
	switch r.Payload.(type) {
	case *rtc.Reply_Join:
		return "join"
	case *rtc.Reply_Description:
		return "description"
	case *rtc.Reply_Trickle:
		return "trickle"
	case *rtc.Reply_TrackEvent:
		return "trackEvent"
	case *rtc.Reply_Subscription:
		return "subscription"
	case *rtc.Reply_Error:
		return "error"
	}
	return "unknown"
}
