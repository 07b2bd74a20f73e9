package main

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// packet builds an RTP packet as the SFU forwards it: a header extension added
// by its sender, the source's payload with its stamp, optional padding.
func packet(t *testing.T, s stamp, padding bool) []byte {
	t.Helper()
	payload := make([]byte, 100)
	vp8Header(payload, s.index == 0, false)
	putStamp(payload, s)
	p := rtp.Packet{Header: rtp.Header{Version: 2, SequenceNumber: uint16(s.index)}, Payload: payload}
	if err := p.Header.SetExtension(1, []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if padding {
		p.Header.Padding, p.PaddingSize = true, 4
	}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFramesCountOnlyWhenCompleteAndInTime(t *testing.T) {
	clk := &clock{start: time.Now()}
	src := &source{clock: clk}
	r := &receiver{src: src, clock: clk}
	// Frame 0: 3 packets, all arrive. Frame 1: 2 packets, one lost.
	src.frames[0] = sentFrame{frame: 1, packets: 3, sentNano: clk.now()}
	src.frames[1] = sentFrame{frame: 2, packets: 2, sentNano: clk.now()}
	src.next = 2
	for i := range 3 {
		r.onPacket(packet(t, stamp{frame: 0, index: uint8(i), count: 3, sentNano: 1}, i == 1))
	}
	r.onPacket(packet(t, stamp{frame: 1, index: 0, count: 2, sentNano: 1}, false))
	r.first.Store(true)

	st := measureTrack(src, []*receiver{r}, 1, 0, 2, time.Second)
	if st.framesSent != 2 || st.worstFrames != 0.5 || st.pktsExpected != 5 || st.pktsGot != 4 {
		t.Fatalf("stats %+v", st)
	}
	// A second subscriber that never got a packet counts as receiving nothing.
	if st := measureTrack(src, []*receiver{r}, 2, 0, 2, time.Second); st.worstFrames != 0 || st.medianFrames != 0.5 {
		t.Fatalf("with a silent receiver: %+v", st)
	}
	// Complete but later than the deadline: dropped, as a jitter buffer would.
	if st := measureTrack(src, []*receiver{r}, 1, 0, 2, 0); st.worstFrames != 0 || st.late != 1 {
		t.Fatalf("with a zero deadline: %+v", st)
	}
}

func TestStampSurvivesAndForeignPayloadsAreIgnored(t *testing.T) {
	b := packet(t, stamp{frame: 7, index: 1, count: 2, sentNano: 42}, true)
	payload, ok := rtpPayload(b)
	if !ok {
		t.Fatal("payload not found")
	}
	if s, ok := readStamp(payload); !ok || s.frame != 7 || s.index != 1 || s.count != 2 || s.sentNano != 42 {
		t.Fatalf("stamp %+v %v", s, ok)
	}
	if _, ok := readStamp(make([]byte, 100)); ok {
		t.Fatal("a payload without the magic was taken for a stamp")
	}
}
