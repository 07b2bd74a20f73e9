package sfu

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// downTrack is one published track as sent to one subscriber. Each subscriber
// gets its own local track so that muting one subscriber, or sending it another
// layer, leaves the others alone.
type downTrack struct {
	f      *forwarder
	sub    *subscriber
	local  *webrtc.TrackLocalStaticRTP
	sender *webrtc.RTPSender
	muted  atomic.Bool
	// wanted is the largest layer the subscriber's tile needs (preferences.go).
	wanted atomic.Int32

	// mu orders the layers' read loops, which all write here.
	mu sync.Mutex
	sw layerSwitch
}

func newDownTrack(f *forwarder, sub *subscriber, local *webrtc.TrackLocalStaticRTP, sender *webrtc.RTPSender, wanted int) *downTrack {
	d := &downTrack{f: f, sub: sub, local: local, sender: sender}
	d.wanted.Store(int32(wanted))
	initial := layerLow
	if f.simulcast {
		// The subscriber's layer chooser picks the first one.
		initial = layerNone
	}
	d.sw = newLayerSwitch(f.remote.Codec().ClockRate, initial)
	return d
}

// write sends pkt, a packet of the given layer, if it is of this subscriber's
// layer. pkt is shared with the other subscribers: it is copied before being
// renumbered.
func (d *downTrack) write(layer int, pkt *rtp.Packet, keyframe bool, now time.Time) {
	if d.muted.Load() {
		return
	}
	out := *pkt
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.sw.forward(layer, &out, keyframe, now) {
		_ = d.local.WriteRTP(&out)
	}
}

// layer is the layer being sent and the one aimed at.
func (d *downTrack) layer() (current, target int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sw.current, d.sw.target
}

// aim moves the subscriber to another layer from the next key frame of it,
// which is asked for at once.
func (d *downTrack) aim(layer int) {
	d.mu.Lock()
	changed := d.sw.target != layer
	d.sw.aim(layer)
	d.mu.Unlock()
	if changed {
		d.f.requestKeyframe(layer)
	}
}

// requestKeyframe asks for a key frame of the layer this subscriber gets, or
// awaits.
func (d *downTrack) requestKeyframe() {
	_, target := d.layer()
	d.f.requestKeyframe(target)
}

// readRTCP drains the sender's RTCP, which is what drives its interceptors (NACK
// answers, reports), and passes the subscriber's keyframe requests upstream.
func (d *downTrack) readRTCP() {
	for {
		pkts, _, err := d.sender.ReadRTCP()
		if err != nil {
			return
		}
		for _, p := range pkts {
			switch p.(type) {
			case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
				d.requestKeyframe()
			}
		}
	}
}
