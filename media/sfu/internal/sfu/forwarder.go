package sfu

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
	"google.golang.org/protobuf/proto"

	rtc "app.ardoise/sfu/proto"
)

// Subscribers and the SFU itself may all ask for a keyframe within a few
// milliseconds of each other (a new subscriber, its PLIs, its connection coming
// up); one PLI per interval serves them all.
const keyframeInterval = 300 * time.Millisecond

// forwarder is one published track: it reads the publisher's RTP once and writes
// it to every subscriber's downTrack.
type forwarder struct {
	owner   *participant
	remote  *webrtc.TrackRemote
	pc      *webrtc.PeerConnection
	info    *rtc.TrackInfo
	metrics *Metrics
	// meter measures talk or camera time (audiolevel.go); nil for a screen share.
	meter meter

	mu     sync.Mutex
	closed bool
	// downs is replaced, never mutated, so the read loop needs no lock per packet.
	downs atomic.Pointer[[]*downTrack]

	lastKeyframe atomic.Int64
	ended        sync.Once
	// recording, while set, gets every packet of the track (recorder.go).
	recording atomic.Pointer[trackFile]
}

func newForwarder(owner *participant, pc *webrtc.PeerConnection, remote *webrtc.TrackRemote, info *rtc.TrackInfo, m *Metrics) *forwarder {
	f := &forwarder{owner: owner, remote: remote, pc: pc, info: info, metrics: m}
	f.downs.Store(&[]*downTrack{})
	return f
}

func (f *forwarder) id() string { return f.info.Id }

func (f *forwarder) trackInfo() *rtc.TrackInfo { return proto.Clone(f.info).(*rtc.TrackInfo) }

// run forwards until the publisher's track ends, then ends the forwarder.
func (f *forwarder) run(onEnd func(*forwarder)) {
	defer f.end(onEnd)
	buf := make([]byte, 1500)
	var pkt rtp.Packet
	for {
		n, _, err := f.remote.Read(buf)
		if err != nil {
			return
		}
		f.metrics.forwardedPackets.Inc()
		f.metrics.forwardedBytes.Add(float64(n))
		if f.meter != nil {
			f.meter.observe(buf[:n], time.Now())
		}
		downs := *f.downs.Load()
		recording := f.recording.Load()
		if len(downs) == 0 && recording == nil {
			continue
		}
		if err := pkt.Unmarshal(buf[:n]); err != nil {
			continue
		}
		if recording != nil {
			recording.write(&pkt, time.Now())
		}
		// Extension ids were negotiated with the publisher, not with the
		// subscriber; the subscriber's sender adds its own (transport-cc).
		pkt.Header.Extension = false
		pkt.Header.Extensions = nil
		for _, d := range downs {
			if !d.muted.Load() {
				_ = d.local.WriteRTP(&pkt)
			}
		}
	}
}

// end runs onEnd once, whether the track ended or its publisher left first.
func (f *forwarder) end(onEnd func(*forwarder)) { f.ended.Do(func() { onEnd(f) }) }

// addDown fails once the track has ended, so that no subscriber is attached to a
// track whose removal has already been announced.
func (f *forwarder) addDown(d *downTrack) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	next := append(append([]*downTrack{}, *f.downs.Load()...), d)
	f.downs.Store(&next)
	return true
}

func (f *forwarder) removeDown(d *downTrack) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cur := *f.downs.Load()
	next := make([]*downTrack, 0, len(cur))
	for _, x := range cur {
		if x != d {
			next = append(next, x)
		}
	}
	f.downs.Store(&next)
}

// close detaches every subscriber and returns them.
func (f *forwarder) close() []*downTrack {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	downs := *f.downs.Load()
	f.downs.Store(&[]*downTrack{})
	return downs
}

func (f *forwarder) requestKeyframe() {
	if f.remote.Kind() != webrtc.RTPCodecTypeVideo {
		return
	}
	now := time.Now().UnixNano()
	last := f.lastKeyframe.Load()
	if now-last < int64(keyframeInterval) || !f.lastKeyframe.CompareAndSwap(last, now) {
		return
	}
	pli := &rtcp.PictureLossIndication{MediaSSRC: uint32(f.remote.SSRC())}
	if err := f.pc.WriteRTCP([]rtcp.Packet{pli}); err == nil {
		f.metrics.keyframeRequests.Inc()
	}
}
