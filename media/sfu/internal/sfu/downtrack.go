package sfu

import (
	"sync/atomic"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
)

// downTrack is one published track as sent to one subscriber. Each subscriber
// gets its own local track so that muting one subscriber leaves the others alone.
type downTrack struct {
	f      *forwarder
	sub    *subscriber
	local  *webrtc.TrackLocalStaticRTP
	sender *webrtc.RTPSender
	muted  atomic.Bool
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
				d.f.requestKeyframe()
			}
		}
	}
}
