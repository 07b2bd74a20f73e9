package sfu

import (
	"sync/atomic"
	"time"

	"github.com/pion/webrtc/v4"
)

const (
	// rateWindow is how long a layer's rate is measured over.
	rateWindow = time.Second
	// A layer is live while its packets keep coming: a publisher short of
	// bandwidth stops sending its larger layers.
	liveGap = time.Second
)

// layerTrack is one layer of a published track as it arrives: a track without
// simulcast has just one.
type layerTrack struct {
	remote *webrtc.TrackRemote
	// meter measures talk or camera time (audiolevel.go); nil for a screen share.
	meter meter

	rate         atomic.Int64 // bits per second over the last full window
	lastPacket   atomic.Int64 // unix nanoseconds
	lastKeyframe atomic.Int64

	// Used by the read loop only.
	windowStart time.Time
	windowBytes int
}

// observe counts one packet; called by the layer's read loop.
func (l *layerTrack) observe(packet []byte, now time.Time) {
	if l.meter != nil {
		l.meter.observe(packet, now)
	}
	l.lastPacket.Store(now.UnixNano())
	if l.windowStart.IsZero() {
		l.windowStart = now
	}
	l.windowBytes += len(packet)
	if elapsed := now.Sub(l.windowStart); elapsed >= rateWindow {
		l.rate.Store(int64(float64(l.windowBytes*8) / elapsed.Seconds()))
		l.windowStart, l.windowBytes = now, 0
	}
}

// state reports whether the layer is arriving, and at what rate.
func (l *layerTrack) state(now time.Time) (bool, int) {
	live := now.UnixNano()-l.lastPacket.Load() < int64(liveGap)
	return live, int(l.rate.Load())
}
