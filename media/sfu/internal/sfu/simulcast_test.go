package sfu

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"
)

// publishSimulcast sends a VP8 track in three layers (rids q, h, f), 50 frames a
// second each, one packet per frame whose payload names its layer; a layer
// sends a key frame after each PLI for it, as Chromium does. Pion's sender does
// not add the mid and rid header extensions itself: each packet carries them.
func (b *browser) publishSimulcast(id string) {
	rids := []string{"q", "h", "f"}
	var sender *webrtc.RTPSender
	tracks := make([]*webrtc.TrackLocalStaticRTP, len(rids))
	for i, rid := range rids {
		track, err := webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8}, id, "stream-"+b.uid, webrtc.WithRTPStreamID(rid))
		if err != nil {
			b.t.Fatal(err)
		}
		tracks[i] = track
		if i == 0 {
			sender, err = b.pub.AddTrack(track)
		} else {
			err = sender.AddEncoding(track)
		}
		if err != nil {
			b.t.Fatal(err)
		}
	}
	var midID, ridID uint8
	for _, ext := range sender.GetParameters().HeaderExtensions {
		switch ext.URI {
		case sdp.SDESMidURI:
			midID = uint8(ext.ID)
		case sdp.SDESRTPStreamIDURI:
			ridID = uint8(ext.ID)
		}
	}
	var keyMu sync.Mutex
	keyframe := []bool{true, true, true}
	for i, rid := range rids {
		go func() {
			for {
				pkts, _, err := sender.ReadSimulcastRTCP(rid)
				if err != nil {
					return
				}
				for _, p := range pkts {
					if _, ok := p.(*rtcp.PictureLossIndication); ok {
						keyMu.Lock()
						keyframe[i] = true
						keyMu.Unlock()
					}
				}
			}
		}()
	}
	b.offerAgain()
	mid := b.pub.GetTransceivers()[0].Mid()
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		seqs := []uint16{100, 20000, 40000}
		tss := []uint32{1, 1 << 20, 1 << 30}
		for range tick.C {
			if b.pub.ConnectionState() == webrtc.PeerConnectionStateClosed {
				return
			}
			for i, track := range tracks {
				keyMu.Lock()
				key := keyframe[i]
				keyframe[i] = false
				keyMu.Unlock()
				// VP8 descriptor (X, S, partition 0), a 15-bit picture id, then the
				// payload header: P bit 0 for a key frame.
				header := byte(0x01)
				if key {
					header = 0x00
				}
				payload := append([]byte{0x90, 0x80, 0x80, byte(seqs[i]), header, byte(i)}, make([]byte, 200)...)
				seqs[i]++
				tss[i] += 1800
				pkt := &rtp.Packet{Header: rtp.Header{Version: 2, Marker: true, SequenceNumber: seqs[i], Timestamp: tss[i]}, Payload: payload}
				_ = pkt.Header.SetExtension(midID, []byte(mid))
				_ = pkt.Header.SetExtension(ridID, []byte(rids[i]))
				_ = track.WriteRTP(pkt)
			}
		}
	}()
}

// layerPacket is what a subscriber got: the layer the payload names, and the
// numbers the SFU gave it.
type layerPacket struct {
	layer int
	seq   uint16
	ts    uint32
}

func TestSubscriberGetsTheLayerItAsksForInOneContinuousStream(t *testing.T) {
	s := startSFU(t)
	alice := s.join(t, "class-a", "alice", joinOpts{})
	alice.publishSimulcast("cam-alice")
	bob := s.join(t, "class-a", "bob", joinOpts{})
	ev := bob.nextEvent()
	if ev.GetState() != 0 || len(ev.GetTracks()) != 1 || ev.GetTracks()[0].GetId() != "cam-alice" {
		t.Fatalf("three layers are one track: %v", ev)
	}
	eventually(t, "three layers arriving", func() bool {
		f := s.srv.sessions.find("class-a").track("cam-alice")
		o := f.offer(time.Now())
		return o.live == [layerCount]bool{true, true, true}
	})

	packets := make(chan layerPacket, 4096)
	bob.sub.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		for {
			p, _, err := tr.ReadRTP()
			if err != nil {
				return
			}
			if len(p.Payload) > 5 {
				packets <- layerPacket{layer: int(p.Payload[5]), seq: p.SequenceNumber, ts: p.Timestamp}
			}
		}
	})
	channel := make(chan *webrtc.DataChannel, 1)
	replies := make(chan string, 4)
	bob.sub.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnOpen(func() { channel <- dc })
		dc.OnMessage(func(m webrtc.DataChannelMessage) { replies <- string(m.Data) })
	})
	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatalf("subscribe: %v", r.GetError())
	}
	var dc *webrtc.DataChannel
	select {
	case dc = <-channel:
	case <-time.After(wait):
		t.Fatal("no ion-sfu data channel")
	}
	if dc.Label() != preferenceChannel {
		t.Fatalf("channel %q", dc.Label())
	}

	var got []layerPacket
	// next reads packets until `until` holds for one, checking each continues the last.
	next := func(what string, until func(layerPacket) bool) {
		t.Helper()
		deadline := time.After(wait)
		for {
			select {
			case p := <-packets:
				if n := len(got); n > 0 {
					if last := got[n-1]; p.seq != last.seq+1 || int32(p.ts-last.ts) <= 0 {
						t.Fatalf("%s: packet of layer %d numbered %d/%d after %d/%d (layer %d)", what, p.layer, p.seq, p.ts, last.seq, last.ts, last.layer)
					}
				}
				got = append(got, p)
				if until(p) {
					return
				}
			case <-deadline:
				t.Fatalf("%s: not within %v", what, wait)
			}
		}
	}
	ask := func(video string) {
		msg, _ := json.Marshal(map[string]string{"trackId": "cam-alice", "video": video})
		if err := dc.SendText(string(msg)); err != nil {
			t.Fatal(err)
		}
	}

	// Nothing said: the high layer.
	next("the high layer by default", func(p layerPacket) bool { return p.layer == layerHigh })
	ask("low")
	next("the low layer once asked for", func(p layerPacket) bool { return p.layer == layerLow })
	for range 25 {
		next("only the low layer", func(p layerPacket) bool {
			if p.layer != layerLow {
				t.Fatalf("layer %d after the switch to low", p.layer)
			}
			return true
		})
	}
	ask("medium")
	next("the medium layer", func(p layerPacket) bool { return p.layer == layerMedium })

	// Bad input: said so on the channel, and nothing changes.
	if err := dc.SendText(`{"trackId": "cam-alice", "video": "huge"}`); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-replies:
		if !strings.Contains(r, `"error"`) || !strings.Contains(r, "huge") {
			t.Fatalf("reply %s", r)
		}
	case <-time.After(wait):
		t.Fatal("no error for a bad quality")
	}
	if err := dc.SendText(`{"trackId": "cam-nobody", "video": "low"}`); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-replies:
		if !strings.Contains(r, `"error"`) || !strings.Contains(r, "cam-nobody") {
			t.Fatalf("reply %s", r)
		}
	case <-time.After(wait):
		t.Fatal("no error for a track not subscribed")
	}
	for range 25 {
		next("still the medium layer", func(p layerPacket) bool {
			if p.layer != layerMedium {
				t.Fatalf("layer %d after a refused message", p.layer)
			}
			return true
		})
	}
	ask("none")
	time.Sleep(200 * time.Millisecond)
	for len(packets) > 0 {
		<-packets
	}
	quiet(t, "packets after none", packets, 300*time.Millisecond)
}

func TestParsePreference(t *testing.T) {
	cases := []struct {
		in    string
		layer int
		bad   bool
	}{
		{`{"streamId": "s", "video": "low", "audio": true}`, layerLow, false},
		{`{"trackId": "t", "video": "high"}`, layerHigh, false},
		{`{"trackId": "t", "video": "none"}`, layerNone, false},
		{`{"video": "low"}`, 0, true},
		{`{"trackId": "t", "video": "huge"}`, 0, true},
		{`low`, 0, true},
	}
	for _, c := range cases {
		_, layer, err := parsePreference([]byte(c.in))
		if (err != nil) != c.bad || (!c.bad && layer != c.layer) {
			t.Errorf("%s: layer %d, error %v", c.in, layer, err)
		}
	}
}
