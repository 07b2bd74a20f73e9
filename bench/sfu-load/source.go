package main

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// profile is what a synthetic encoder emits. The SFU forwards RTP without
// decoding it, so only the packet sizes, the rate, the marker bit and a VP8
// payload descriptor that says where frames start need to look like a camera's.
type profile struct {
	kind         webrtc.RTPCodecType
	mime         string
	clockRate    uint32
	fps          int
	deltaPackets int // packets of an ordinary frame
	keyPackets   int // packets of a keyframe (sent at the start and after a PLI)
	payloadBytes int // RTP payload of every packet
}

// video360p: a 640x360 VP8 camera at 30 fps, 2 x 1,100 bytes a frame (528
// kbit/s of payload, about 557 kbit/s on the wire with RTP, SRTP and UDP/IP
// headers), a keyframe of 10 x 1,100 bytes whenever one is asked for.
var video360p = profile{
	kind: webrtc.RTPCodecTypeVideo, mime: webrtc.MimeTypeVP8, clockRate: 90000,
	fps: 30, deltaPackets: 2, keyPackets: 10, payloadBytes: 1100,
}

// opusVoice: 20 ms Opus frames of 100 bytes (40 kbit/s), one packet each.
var opusVoice = profile{
	kind: webrtc.RTPCodecTypeAudio, mime: webrtc.MimeTypeOpus, clockRate: 48000,
	fps: 50, deltaPackets: 1, keyPackets: 1, payloadBytes: 100,
}

func (p profile) kbps() float64 {
	return float64(p.fps*p.deltaPackets*p.payloadBytes*8) / 1000
}

// stamp is written at the end of every payload: which frame the packet belongs
// to, its place in the frame, and when the frame was sent. Receivers run in this
// process, so the send time and their clock are the same monotonic clock.
const (
	stampBytes = 16
	stampMagic = 0xA5D0
)

type stamp struct {
	frame    uint32
	index    uint8
	count    uint8
	sentNano int64
}

func putStamp(b []byte, s stamp) {
	t := b[len(b)-stampBytes:]
	binary.BigEndian.PutUint32(t[0:], s.frame)
	t[4], t[5] = s.index, s.count
	binary.BigEndian.PutUint16(t[6:], stampMagic)
	binary.BigEndian.PutUint64(t[8:], uint64(s.sentNano))
}

func readStamp(payload []byte) (stamp, bool) {
	if len(payload) < stampBytes {
		return stamp{}, false
	}
	t := payload[len(payload)-stampBytes:]
	if binary.BigEndian.Uint16(t[6:]) != stampMagic {
		return stamp{}, false
	}
	return stamp{
		frame: binary.BigEndian.Uint32(t[0:]), index: t[4], count: t[5],
		sentNano: int64(binary.BigEndian.Uint64(t[8:])),
	}, true
}

// vp8Header writes the VP8 payload descriptor (RFC 7741: S bit on a frame's
// first packet, partition 0) and, on a first packet, the frame tag; a keyframe
// also gets the start code and 640x360, so that anything peeking at the payload
// for keyframes (the SFU after a PLI, a browser) sees a real one.
func vp8Header(b []byte, first, key bool) {
	clear(b[:11])
	if !first {
		return
	}
	b[0] = 0x10 // S=1, PID=0
	// Frame tag: bit 0 is "inter frame" (0 = keyframe), bit 4 show_frame.
	b[1] = 0x10
	if !key {
		b[1] |= 0x01
	}
	if key {
		b[4], b[5], b[6] = 0x9d, 0x01, 0x2a
		binary.LittleEndian.PutUint16(b[7:], 640)
		binary.LittleEndian.PutUint16(b[9:], 360)
	}
}

// sentFrame is what the source remembers of a frame for the receivers' accounting.
type sentFrame struct {
	frame    uint32 // frame number + 1; 0 marks an empty slot
	packets  uint8
	sentNano int64
}

// ringFrames holds the last frames sent (or received): 2,048 frames is 68 s of
// video at 30 fps, longer than a measured window and its grace.
const ringFrames = 2048

// source is one published track of the load tool.
type source struct {
	id    string
	prof  profile
	track *webrtc.TrackLocalStaticRTP
	clock *clock

	wantKey atomic.Bool
	plis    atomic.Int64
	packets atomic.Int64 // RTP packets sent
	nacked  atomic.Int64 // sequence numbers the SFU asked to have sent again
	skipped atomic.Int64 // frames given up because this process fell over a second behind

	mu     sync.Mutex
	next   uint32 // the next frame number
	frames [ringFrames]sentFrame
}

func newSource(id, streamID string, prof profile, clk *clock) (*source, error) {
	track, err := webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: prof.mime, ClockRate: prof.clockRate}, id, streamID)
	if err != nil {
		return nil, err
	}
	return &source{id: id, prof: prof, track: track, clock: clk}, nil
}

// readRTCP turns the SFU's PLIs and FIRs into a keyframe on the next frame, as
// an encoder does.
func (s *source) readRTCP(sender *webrtc.RTPSender) {
	buf := make([]byte, 1500)
	for {
		n, _, err := sender.Read(buf)
		if err != nil {
			return
		}
		key, nacked := readFeedback(buf[:n])
		s.nacked.Add(int64(nacked))
		if s.prof.kind == webrtc.RTPCodecTypeVideo && key {
			s.plis.Add(1)
			s.wantKey.Store(true)
		}
	}
}

// run sends frames at the profile's rate until ctx ends. Sources start at a
// random phase, as cameras that were switched on at different moments do, so
// that the SFU does not see every publisher's frame in the same millisecond.
// Frames follow a fixed schedule rather than a time.Ticker, which drops ticks
// when this process is descheduled and would quietly lower the offered load: a
// late frame is sent at once, and only a source more than a second behind
// gives up the frames it missed (counted in skipped).
func (s *source) run(ctx context.Context) {
	interval := time.Second / time.Duration(s.prof.fps)
	next := time.Now().Add(time.Duration(rand.Int64N(int64(interval))))
	timer := time.NewTimer(time.Until(next))
	defer timer.Stop()
	payload := make([]byte, s.prof.payloadBytes)
	pkt := rtp.Packet{Header: rtp.Header{Version: 2}}
	seq := uint16(rand.Uint32())
	tsBase := rand.Uint32()
	tsStep := s.prof.clockRate / uint32(s.prof.fps)
	key := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		for !time.Now().Before(next) {
			s.sendFrame(&pkt, payload, &seq, tsBase, tsStep, key)
			key = s.wantKey.Swap(false)
			next = next.Add(interval)
			if behind := time.Since(next); behind > time.Second {
				s.skipped.Add(int64(behind / interval))
				next = time.Now()
			}
		}
		timer.Reset(time.Until(next))
	}
}

func (s *source) sendFrame(pkt *rtp.Packet, payload []byte, seq *uint16, tsBase, tsStep uint32, key bool) {
	s.mu.Lock()
	frame := s.next
	s.next++
	count := s.prof.deltaPackets
	if key {
		count = s.prof.keyPackets
	}
	sent := s.clock.now()
	s.frames[frame%ringFrames] = sentFrame{frame: frame + 1, packets: uint8(count), sentNano: sent}
	s.mu.Unlock()

	pkt.Timestamp = tsBase + frame*tsStep
	for i := 0; i < count; i++ {
		if s.prof.kind == webrtc.RTPCodecTypeVideo {
			vp8Header(payload, i == 0, key)
		}
		putStamp(payload, stamp{frame: frame, index: uint8(i), count: uint8(count), sentNano: sent})
		pkt.SequenceNumber = *seq
		*seq++
		pkt.Marker = i == count-1
		pkt.Payload = payload
		// Errors only mean the connection is not up yet or is closing.
		_ = s.track.WriteRTP(pkt)
	}
	s.packets.Add(int64(count))
}

// mark returns the number of the next frame to be sent: a window's frames are
// those between two marks.
func (s *source) mark() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next
}

// sentAt returns what was sent as frame f, if the ring still holds it.
func (s *source) sentAt(f uint32) (sentFrame, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf := s.frames[f%ringFrames]
	return sf, sf.frame == f+1
}
