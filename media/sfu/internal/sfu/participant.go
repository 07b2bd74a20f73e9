package sfu

import (
	"context"
	"sync"
	"sync/atomic"

	rtc "app.ardoise/sfu/proto"
)

// participant is one joined Signal stream: one user in one session, with a
// publisher PeerConnection unless it joined with NoPublish and a subscriber one
// unless it joined with NoSubscribe.
type participant struct {
	uid  string
	send func(*rtc.Reply)
	pub  *publisher
	sub  *subscriber
	// kick ends the participant's Signal stream, when the same uid joins again.
	kick context.CancelCauseFunc
	// standIn marks a relay's participant (relay_stream.go): it has no stream of
	// its own and owns the tracks relayed from another SFU.
	standIn bool

	// session is set when the participant is added to it; PeerConnection
	// callbacks read it from their own goroutines.
	session atomic.Pointer[session]

	closeOnce sync.Once
}

func (p *participant) close() {
	p.closeOnce.Do(func() {
		if p.pub != nil {
			p.pub.close()
		}
		if p.sub != nil {
			p.sub.close()
		}
	})
}
