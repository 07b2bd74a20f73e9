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

// forwarder is one published track: it reads the publisher's RTP once per layer
// and writes it to every subscriber's downTrack, which picks its layer.
type forwarder struct {
	owner *participant
	// remote is the first layer that arrived: it names the codec and, for audio,
	// the SSRC a recording keeps.
	remote  *webrtc.TrackRemote
	pc      *webrtc.PeerConnection
	info    *rtc.TrackInfo
	metrics *Metrics
	// simulcast is set for a track sent in layers (with rids); each subscriber
	// then gets one of them, switched on key frames.
	simulcast bool
	layers    [layerCount]atomic.Pointer[layerTrack]

	mu     sync.Mutex
	closed bool
	// downs is replaced, never mutated, so the read loops need no lock per packet.
	downs atomic.Pointer[[]*downTrack]

	ended sync.Once
	// recording, while set, gets every packet of the track (recorder.go).
	recording atomic.Pointer[trackFile]
}

func newForwarder(owner *participant, pc *webrtc.PeerConnection, remote *webrtc.TrackRemote, info *rtc.TrackInfo, m *Metrics) *forwarder {
	f := &forwarder{owner: owner, remote: remote, pc: pc, info: info, metrics: m, simulcast: remote.RID() != ""}
	f.downs.Store(&[]*downTrack{})
	return f
}

func (f *forwarder) id() string { return f.info.Id }

func (f *forwarder) trackInfo() *rtc.TrackInfo { return proto.Clone(f.info).(*rtc.TrackInfo) }

// addLayer attaches one layer's remote track; false when that layer is already
// there.
func (f *forwarder) addLayer(layer int, l *layerTrack) bool {
	return f.layers[layer].CompareAndSwap(nil, l)
}

// run forwards one layer until the publisher's track ends, then ends the
// forwarder: the layers of a track end together.
func (f *forwarder) run(layer int, onEnd func(*forwarder)) {
	defer f.end(onEnd)
	l := f.layers[layer].Load()
	mime := f.remote.Codec().MimeType
	buf := make([]byte, 1500)
	var pkt rtp.Packet
	for {
		n, _, err := l.remote.Read(buf)
		if err != nil {
			return
		}
		now := time.Now()
		f.metrics.forwardedPackets.Inc()
		f.metrics.forwardedBytes.Add(float64(n))
		l.observe(buf[:n], now)
		downs := *f.downs.Load()
		recording := f.recording.Load()
		if len(downs) == 0 && recording == nil {
			continue
		}
		if err := pkt.Unmarshal(buf[:n]); err != nil {
			continue
		}
		if recording != nil {
			recording.write(&pkt, now)
		}
		// Extension ids were negotiated with the publisher, not with the
		// subscriber; the subscriber's sender adds its own (transport-cc).
		pkt.Header.Extension = false
		pkt.Header.Extensions = nil
		keyframe := f.simulcast && startsKeyframe(mime, pkt.Payload)
		for _, d := range downs {
			d.write(layer, &pkt, keyframe, now)
		}
	}
}

// offer is what the layers of the track are now: which arrive, at what rate.
func (f *forwarder) offer(now time.Time) layerOffer {
	var o layerOffer
	for i := range f.layers {
		if l := f.layers[i].Load(); l != nil {
			o.live[i], o.rates[i] = l.state(now)
		}
	}
	return o
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

// requestKeyframe asks the publisher for a key frame of one layer.
func (f *forwarder) requestKeyframe(layer int) {
	if f.remote.Kind() != webrtc.RTPCodecTypeVideo || layer == layerNone {
		return
	}
	l := f.layers[layer].Load()
	if l == nil {
		return
	}
	now := time.Now().UnixNano()
	last := l.lastKeyframe.Load()
	if now-last < int64(keyframeInterval) || !l.lastKeyframe.CompareAndSwap(last, now) {
		return
	}
	pli := &rtcp.PictureLossIndication{MediaSSRC: uint32(l.remote.SSRC())}
	if err := f.pc.WriteRTCP([]rtcp.Packet{pli}); err == nil {
		f.metrics.keyframeRequests.Inc()
	}
}
