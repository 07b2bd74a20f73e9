package sfu

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

const levelExtID = 1

// audioPacket is an Opus packet as a browser sends it, with its RFC 6464 level.
func audioPacket(t *testing.T, seq uint16, level uint8) []byte {
	t.Helper()
	h := rtp.Header{Version: 2, PayloadType: 111, SequenceNumber: seq, SSRC: 1}
	ext, err := (&rtp.AudioLevelExtension{Level: level}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.SetExtension(levelExtID, ext); err != nil {
		t.Fatal(err)
	}
	p := rtp.Packet{Header: h, Payload: []byte{0xf8, 0xff, 0xfe}}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A scripted microphone, 20 ms packets: 2 s of speech, 1 s of silence, 1 s of
// speech with 200 ms dips (shorter than the hangover: bridged), 600 ms of
// silence, then 500 ms of speech. Talk is the speech and the bridged dips: 3.5 s.
func TestTalkTimeFollowsTheAudioLevel(t *testing.T) {
	c := &counters{}
	m := &talkMeter{counters: c, extID: levelExtID}
	at := time.Unix(1_700_000_000, 0)
	var seq uint16
	send := func(d time.Duration, level func(i int) uint8) {
		for i := 0; i < int(d/(20*time.Millisecond)); i++ {
			seq++
			at = at.Add(20 * time.Millisecond)
			m.observe(audioPacket(t, seq, level(i)), at)
		}
	}
	loud := func(int) uint8 { return 30 }
	silent := func(int) uint8 { return 127 }
	send(2*time.Second, loud)
	send(time.Second, silent)
	send(time.Second, func(i int) uint8 {
		if i%20 >= 10 { // 200 ms quiet every 400 ms
			return 110
		}
		return 25
	})
	send(600*time.Millisecond, silent)
	send(500*time.Millisecond, loud)

	got := c.report().GetTalkMs()
	want := int64(3500)
	// One packet either way: the very first packet has no gap to count.
	if got < want-20 || got > want+20 {
		t.Fatalf("talk %d ms, want about %d", got, want)
	}
}

func TestAPacketWithoutTheExtensionIsNotTalk(t *testing.T) {
	c := &counters{}
	m := &talkMeter{counters: c, extID: levelExtID}
	p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SSRC: 1}, Payload: []byte{1}}
	b, _ := p.Marshal()
	at := time.Unix(1_700_000_000, 0)
	for i := 0; i < 50; i++ {
		m.observe(b, at.Add(time.Duration(i)*20*time.Millisecond))
	}
	if got := c.report().GetTalkMs(); got != 0 {
		t.Fatalf("talk %d ms", got)
	}
}

// A camera at 25 frames a second for 3 s counts; the same camera turned off in
// the browser (black frames at a low rate, here one a second) does not; two
// layers of it count once.
func TestCameraTimeIsALivePictureOnly(t *testing.T) {
	c := &counters{}
	layers := []*cameraMeter{{counters: c}, {counters: c}}
	at := time.Unix(1_700_000_000, 0)
	frame := func(m *cameraMeter, at time.Time) {
		p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 96, SSRC: 2, Marker: true}, Payload: []byte{1}}
		b, _ := p.Marshal()
		m.observe(b, at)
	}
	for i := 0; i <= 75; i++ {
		at = at.Add(40 * time.Millisecond)
		for _, m := range layers {
			frame(m, at)
		}
	}
	live := c.report().GetCameraMs()
	if live < 2900 || live > 3100 {
		t.Fatalf("camera %d ms after 3 s live", live)
	}
	for i := 0; i < 5; i++ {
		at = at.Add(time.Second)
		frame(layers[0], at)
	}
	if got := c.report().GetCameraMs(); got != live {
		t.Fatalf("camera %d ms, then %d ms with black frames", live, got)
	}
}
