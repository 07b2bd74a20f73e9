package main

import (
	"encoding/binary"
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
)

// gotFrame is what a receiver knows of one frame: which of its packets arrived
// (bit i = packet i; frames have at most 32 packets) and when the last missing
// one did.
type gotFrame struct {
	frame    uint32 // frame number + 1; 0 marks an empty slot
	mask     uint32
	doneNano int64 // 0 until every packet is in
}

// receiver accounts for one forwarded track at one subscriber. It parses only
// the RTP header and the stamp, allocates nothing per packet, and keeps the
// last ringFrames frames for the window's accounting.
type receiver struct {
	uid   string
	src   *source
	clock *clock

	packets atomic.Int64 // every RTP packet read, retransmissions included
	first   atomic.Bool  // the first packet has arrived

	mu     sync.Mutex
	frames [ringFrames]gotFrame
}

func (r *receiver) run(tr *webrtc.TrackRemote) {
	buf := make([]byte, 1500)
	for {
		n, _, err := tr.Read(buf)
		if err != nil {
			return
		}
		r.onPacket(buf[:n])
	}
}

func (r *receiver) onPacket(pkt []byte) {
	payload, ok := rtpPayload(pkt)
	if !ok {
		return
	}
	s, ok := readStamp(payload)
	if !ok || s.count == 0 || s.count > 32 || s.index >= s.count {
		return
	}
	r.packets.Add(1)
	r.first.Store(true)
	now := r.clock.now()
	full := uint32(1)<<s.count - 1
	if s.count == 32 {
		full = ^uint32(0)
	}
	r.mu.Lock()
	g := &r.frames[s.frame%ringFrames]
	if g.frame != s.frame+1 {
		*g = gotFrame{frame: s.frame + 1}
	}
	g.mask |= 1 << s.index
	if g.mask == full && g.doneNano == 0 {
		g.doneNano = now
	}
	r.mu.Unlock()
}

// frameResult is one frame of a window as this receiver got it.
type frameResult struct {
	expected, got int   // packets
	latencyNano   int64 // send to last packet; -1 when incomplete
	doneNano      int64
}

// result reports on frame f, which the source sent as sf.
func (r *receiver) result(f uint32, sf sentFrame) frameResult {
	r.mu.Lock()
	g := r.frames[f%ringFrames]
	r.mu.Unlock()
	res := frameResult{expected: int(sf.packets), latencyNano: -1}
	if g.frame != f+1 {
		return res
	}
	res.got = bits.OnesCount32(g.mask)
	if g.doneNano != 0 {
		res.latencyNano = g.doneNano - sf.sentNano
		res.doneNano = g.doneNano
	}
	return res
}

// rtpPayload skips the RTP header (CSRCs, extensions) and padding.
func rtpPayload(b []byte) ([]byte, bool) {
	if len(b) < 12 || b[0]>>6 != 2 {
		return nil, false
	}
	n := 12 + 4*int(b[0]&0x0f)
	if b[0]&0x10 != 0 {
		if len(b) < n+4 {
			return nil, false
		}
		n += 4 + 4*int(binary.BigEndian.Uint16(b[n+2:]))
	}
	end := len(b)
	if b[0]&0x20 != 0 && end > 0 {
		end -= int(b[end-1])
	}
	if n > end {
		return nil, false
	}
	return b[n:end], true
}

// readFeedback says whether an RTCP compound packet asks for a keyframe and
// how many packets it NACKs.
func readFeedback(b []byte) (keyframe bool, nacked int) {
	pkts, err := rtcp.Unmarshal(b)
	if err != nil {
		return false, 0
	}
	for _, p := range pkts {
		switch p := p.(type) {
		case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
			keyframe = true
		case *rtcp.TransportLayerNack:
			for _, pair := range p.Nacks {
				nacked += len(pair.PacketList())
			}
		}
	}
	return keyframe, nacked
}
