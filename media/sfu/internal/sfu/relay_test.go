package sfu

import (
	"context"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// relaySFU is a Server on a real TCP port, since another server dials it.
type relaySFU struct {
	*testSFU
	addr  string
	relay rtc.RelayClient
}

func startRelaySFU(t *testing.T) *relaySFU {
	t.Helper()
	m := NewMetrics()
	srv, err := NewServer(Config{UDPAddr: "127.0.0.1:0"}, m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	rtc.RegisterRTCServer(gs, srv)
	rtc.RegisterRelayServer(gs, srv.Relay())
	go func() { _ = gs.Serve(lis) }()
	cc, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cc.Close()
		gs.Stop()
		_ = srv.Close()
	})
	return &relaySFU{testSFU: &testSFU{srv: srv, metrics: m, client: rtc.NewRTCClient(cc)}, addr: lis.Addr().String(),
		relay: rtc.NewRelayClient(cc)}
}

func (s *relaySFU) startRelay(t *testing.T, sid string, from *relaySFU, uids ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := s.relay.StartRelay(ctx, &rtc.StartRelayRequest{Sid: sid, Source: from.addr, Uids: uids}); err != nil {
		t.Fatalf("start relay: %v", err)
	}
}

func TestRelayedTrackReachesASubscriberOfTheOtherSFU(t *testing.T) {
	a, b := startRelaySFU(t), startRelaySFU(t)
	alice := a.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	local := a.join(t, "class-a", "anna", joinOpts{})
	if ev := local.nextEvent(); ev.GetUid() != "alice" {
		t.Fatalf("event at A %v", ev)
	}
	b.startRelay(t, "class-a", a, "alice")
	bob := b.join(t, "class-a", "bob", joinOpts{})

	ev := bob.nextEvent()
	if ev.GetState() != rtc.TrackEvent_ADD || ev.GetUid() != "alice" || len(ev.GetTracks()) != 1 ||
		ev.GetTracks()[0].GetId() != "cam-alice" || ev.GetTracks()[0].GetStreamId() != "stream-alice" {
		t.Fatalf("event at B %v", ev)
	}
	// Bob's subscriber rebuilds the VP8 frames from the RTP it gets: Alice's 600-byte frames, whole, after two SFUs.
	var frames, broken atomic.Int32
	bob.sub.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		bob.remoteTracks <- tr
		var frame []byte
		var vp8 codecs.VP8Packet
		for {
			pkt, _, err := tr.ReadRTP()
			if err != nil {
				return
			}
			payload, err := vp8.Unmarshal(pkt.Payload)
			if err != nil {
				broken.Add(1)
				continue
			}
			if vp8.S == 1 {
				frame = frame[:0]
			}
			frame = append(frame, payload...)
			if pkt.Marker {
				if len(frame) == 600 {
					frames.Add(1)
				} else {
					broken.Add(1)
				}
			}
		}
	})
	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatalf("subscribe at B: %v", r.GetError())
	}
	bob.nextOffer()
	var tr *webrtc.TrackRemote
	select {
	case tr = <-bob.remoteTracks:
	case <-time.After(wait):
		t.Fatal("no track at B's subscriber")
	}
	if tr.ID() != "cam-alice" || tr.Codec().MimeType != webrtc.MimeTypeVP8 {
		t.Fatalf("remote track %s %s", tr.ID(), tr.Codec().MimeType)
	}
	eventually(t, "50 whole frames at B's subscriber", func() bool { return frames.Load() >= 50 })
	if n := broken.Load(); n > 1 {
		// The first frame may have started before the subscription.
		t.Fatalf("%d packets or frames that are not Alice's VP8", n)
	}

	// A keyframe request of B's subscriber reaches the publisher at A.
	eventually(t, "the first PLIs settled", func() bool { return alice.plis.Load() > 0 })
	time.Sleep(2 * keyframeInterval)
	before := alice.plis.Load()
	if err := bob.sub.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: uint32(tr.SSRC())}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B's PLI at the publisher on A", func() bool { return alice.plis.Load() > before })

	// A's own participants never hear of the relay, which publishes nothing there.
	quiet(t, "track event at A about the relay", local.events, 300*time.Millisecond)
	if got := testutil.ToFloat64(a.metrics.participants); got != 3 {
		t.Fatalf("participants at A %v, want alice, anna and the relay", got)
	}
}

func TestRelayStopsOnRequestAndWhenItsLastSubscriberLeaves(t *testing.T) {
	a, b := startRelaySFU(t), startRelaySFU(t)
	a.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	b.startRelay(t, "class-a", a, "alice")
	bob := b.join(t, "class-a", "bob", joinOpts{})
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_ADD {
		t.Fatalf("event %v", ev)
	}

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := b.relay.StopRelay(ctx, &rtc.StopRelayRequest{Sid: "class-a", Source: a.addr}); err != nil {
		t.Fatal(err)
	}
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_REMOVE || ev.GetUid() != "alice" || ev.GetTracks()[0].GetId() != "cam-alice" {
		t.Fatalf("event after stop %v", ev)
	}
	eventually(t, "the relay gone from A", func() bool { return testutil.ToFloat64(a.metrics.participants) == 1 })
	if got := testutil.ToFloat64(b.metrics.participants); got != 1 {
		t.Fatalf("participants at B %v, want bob alone", got)
	}

	// Started again, it lasts until the last participant at B leaves.
	b.startRelay(t, "class-a", a, "alice")
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_ADD || ev.GetUid() != "alice" {
		t.Fatalf("event after a new start %v", ev)
	}
	bob.cancel()
	eventually(t, "the relay gone from A after B emptied", func() bool { return testutil.ToFloat64(a.metrics.participants) == 1 })
	eventually(t, "B's session gone", func() bool { return testutil.ToFloat64(b.metrics.sessions) == 0 })
}

func TestRelayNeverStandsInForSomeoneHere(t *testing.T) {
	a, b := startRelaySFU(t), startRelaySFU(t)
	a.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	// Alice is at B too (a second device, or the relay asked for by mistake): her uid stays hers.
	b.join(t, "class-a", "alice", joinOpts{})
	bob := b.join(t, "class-a", "bob", joinOpts{})
	b.startRelay(t, "class-a", a, "alice")
	quiet(t, "a relayed track under a uid that is here", bob.events, time.Second)
	if got := testutil.ToFloat64(b.metrics.participants); got != 2 {
		t.Fatalf("participants at B %v, want 2", got)
	}
}

func TestRelayRefusesBadRequests(t *testing.T) {
	b := startRelaySFU(t)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for _, req := range []*rtc.StartRelayRequest{
		{Source: "127.0.0.1:1", Uids: []string{"alice"}},
		{Sid: "class-a", Uids: []string{"alice"}},
		{Sid: "class-a", Source: "127.0.0.1:1"},
		{Sid: "class-a", Source: "127.0.0.1:1", Uids: []string{""}},
	} {
		if _, err := b.relay.StartRelay(ctx, req); status.Code(err) != codes.InvalidArgument {
			t.Errorf("%v: %v, want InvalidArgument", req, err)
		}
	}
	// Nothing listens on port 1: the start fails, and nothing is left behind.
	_, err := b.relay.StartRelay(ctx, &rtc.StartRelayRequest{Sid: "class-a", Source: "127.0.0.1:1", Uids: []string{"alice"}})
	if status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("unreachable source: %v", err)
	}
	if got := testutil.ToFloat64(b.srv.relays.active); got != 0 {
		t.Fatalf("relays gauge %v", got)
	}
	if _, err := b.relay.StopRelay(ctx, &rtc.StopRelayRequest{Sid: "class-a", Source: "127.0.0.1:1"}); err != nil {
		t.Fatalf("stopping an unknown relay: %v", err)
	}
}

func TestStartingARelayAgainChangesWhomItRelays(t *testing.T) {
	a, b := startRelaySFU(t), startRelaySFU(t)
	a.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	a.join(t, "class-a", "carol", joinOpts{video: "cam-carol"})
	bob := b.join(t, "class-a", "bob", joinOpts{})

	b.startRelay(t, "class-a", a, "alice")
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_ADD || ev.GetUid() != "alice" {
		t.Fatalf("event %v", ev)
	}
	quiet(t, "carol's track, not asked for", bob.events, 500*time.Millisecond)

	b.startRelay(t, "class-a", a, "carol")
	got := map[rtc.TrackEvent_State]string{}
	for range 2 {
		ev := bob.nextEvent()
		got[ev.GetState()] = ev.GetUid()
	}
	if got[rtc.TrackEvent_ADD] != "carol" || got[rtc.TrackEvent_REMOVE] != "alice" {
		t.Fatalf("events after the new list %v", got)
	}
	if n := testutil.ToFloat64(b.srv.relays.active); n != 1 {
		t.Fatalf("relays gauge %v: a second start must not join the source twice", n)
	}
	if got := testutil.ToFloat64(a.metrics.participants); got != 3 {
		t.Fatalf("participants at A %v, want alice, carol and one relay", got)
	}
}
