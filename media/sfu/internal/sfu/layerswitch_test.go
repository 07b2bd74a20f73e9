package sfu

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// layerStream makes the packets of one layer: its own sequence numbers and
// timestamps, as each simulcast SSRC has, one packet per 30 fps frame.
type layerStream struct {
	layer int
	seq   uint16
	ts    uint32
}

func (l *layerStream) next() *rtp.Packet {
	l.seq++
	l.ts += 3000
	return &rtp.Packet{Header: rtp.Header{SequenceNumber: l.seq, Timestamp: l.ts, SSRC: uint32(100 + l.layer)}}
}

// received collects what one subscriber gets, and checks each packet
// continues the last: the next sequence number, a later timestamp.
type received struct {
	t       *testing.T
	layers  []int
	started bool
	seq     uint16
	ts      uint32
}

func (r *received) feed(s *layerSwitch, l *layerStream, keyframe bool, now time.Time) bool {
	p := l.next()
	if !s.forward(l.layer, p, keyframe, now) {
		return false
	}
	if r.started {
		if p.SequenceNumber != r.seq+1 {
			r.t.Fatalf("layer %d: sequence %d after %d", l.layer, p.SequenceNumber, r.seq)
		}
		if d := int32(p.Timestamp - r.ts); d <= 0 {
			r.t.Fatalf("layer %d: timestamp %d after %d", l.layer, p.Timestamp, r.ts)
		}
	}
	r.started, r.seq, r.ts = true, p.SequenceNumber, p.Timestamp
	r.layers = append(r.layers, l.layer)
	return true
}

func TestLayerSwitchWaitsForKeyframeAndKeepsOneContinuousStream(t *testing.T) {
	low := &layerStream{layer: layerLow, seq: 65530, ts: 4294960000} // both wrap during the test
	high := &layerStream{layer: layerHigh, seq: 1000, ts: 77}
	s := newLayerSwitch(90000, layerNone)
	r := &received{t: t}
	now := time.Unix(0, 0)
	tick := func() time.Time { now = now.Add(33 * time.Millisecond); return now }

	s.aim(layerLow)
	if r.feed(&s, low, false, tick()) {
		t.Fatal("forwarded a delta frame before any key frame")
	}
	if !r.feed(&s, low, true, tick()) {
		t.Fatal("the key frame of the aimed layer was not forwarded")
	}
	for range 20 {
		r.feed(&s, low, false, tick())
		r.feed(&s, high, false, now)
	}

	s.aim(layerHigh)
	if !s.pending() {
		t.Fatal("switch not pending")
	}
	// Until the high layer's key frame, the low layer keeps the picture going.
	for range 10 {
		if !r.feed(&s, low, false, tick()) {
			t.Fatal("old layer stopped before the new one's key frame")
		}
		if r.feed(&s, high, false, now) {
			t.Fatal("new layer forwarded before its key frame")
		}
	}
	if !r.feed(&s, high, true, tick()) || s.pending() {
		t.Fatal("no switch on the key frame")
	}
	for range 20 {
		if r.feed(&s, low, false, tick()) {
			t.Fatal("old layer still forwarded after the switch")
		}
		r.feed(&s, high, false, now)
	}

	// Down again, on the low layer's next key frame.
	s.aim(layerLow)
	r.feed(&s, high, false, tick())
	if !r.feed(&s, low, true, tick()) {
		t.Fatal("no switch down")
	}
	r.feed(&s, low, false, tick())
	if want := 1 + 20 + 10 + 1 + 20 + 1 + 1 + 1; len(r.layers) != want {
		t.Fatalf("%d packets forwarded, want %d", len(r.layers), want)
	}
}

func TestLayerSwitchTimestampFollowsTheWallClock(t *testing.T) {
	low := &layerStream{layer: layerLow, ts: 1 << 31}
	high := &layerStream{layer: layerHigh, ts: 5}
	s := newLayerSwitch(90000, layerLow)
	now := time.Unix(0, 0)
	var last uint32
	for range 3 {
		p := low.next()
		s.forward(layerLow, p, false, now)
		last = p.Timestamp
	}
	s.aim(layerHigh)
	p := high.next()
	if !s.forward(layerHigh, p, true, now.Add(100*time.Millisecond)) {
		t.Fatal("no switch")
	}
	if got := p.Timestamp - last; got != 9000 {
		t.Fatalf("timestamp advanced %d ticks over 100 ms at 90 kHz, want 9000", got)
	}
}

func TestLayerSwitchPassesRetransmissionsAndDropsTheOldNumbering(t *testing.T) {
	s := newLayerSwitch(90000, layerLow)
	now := time.Unix(0, 0)
	pkt := func(seq uint16) *rtp.Packet {
		return &rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(seq) * 3000}}
	}
	for seq := uint16(10); seq < 20; seq++ {
		s.forward(layerLow, pkt(seq), false, now)
	}
	late := pkt(15)
	if !s.forward(layerLow, late, false, now) || late.SequenceNumber != 15 {
		t.Fatalf("late packet of the layer: forwarded as %d", late.SequenceNumber)
	}
	s.aim(layerMedium)
	first := pkt(500)
	if !s.forward(layerMedium, first, true, now) || first.SequenceNumber != 20 {
		t.Fatalf("switch packet numbered %d, want 20", first.SequenceNumber)
	}
	if s.forward(layerMedium, pkt(499), false, now) {
		t.Fatal("a packet from before the switch's key frame was forwarded")
	}
	again := pkt(501)
	if !s.forward(layerMedium, again, false, now) || again.SequenceNumber != 21 {
		t.Fatalf("next packet numbered %d, want 21", again.SequenceNumber)
	}
}

func TestLayerNoneStopsAtOnceAndResumesOnAKeyframe(t *testing.T) {
	s := newLayerSwitch(90000, layerLow)
	l := &layerStream{layer: layerLow}
	r := &received{t: t}
	now := time.Unix(0, 0)
	r.feed(&s, l, false, now)
	s.aim(layerNone)
	if r.feed(&s, l, true, now) {
		t.Fatal("forwarded after none")
	}
	s.aim(layerLow)
	if r.feed(&s, l, false, now) {
		t.Fatal("resumed on a delta frame")
	}
	if !r.feed(&s, l, true, now.Add(time.Second)) {
		t.Fatal("did not resume on a key frame")
	}
}
