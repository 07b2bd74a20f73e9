package sfu

import (
	"strings"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus/testutil"

	rtc "app.ardoise/sfu/proto"
)

func TestJoinAnswersOfferAndTricklesBothWays(t *testing.T) {
	s := startSFU(t)
	b := s.open(t, "alice")
	b.sendJoin("class-a", joinOpts{video: "cam-alice"})
	var jr *rtc.JoinReply
	select {
	case jr = <-b.join:
	case <-time.After(wait):
		t.Fatal("no join reply")
	}
	if !jr.GetSuccess() || jr.GetDescription().GetTarget() != rtc.Target_PUBLISHER || jr.GetDescription().GetType() != "answer" {
		t.Fatalf("join reply %v", jr)
	}
	// The offer was sent before gathering began and the answer has no candidates
	// either, so connecting proves that trickle works in both directions.
	if hasCandidates(jr.GetDescription().GetSdp()) {
		t.Fatal("answer carries candidates; trickle is not exercised")
	}
	eventually(t, "publisher ICE connected", func() bool {
		return b.pub.ICEConnectionState() == webrtc.ICEConnectionStateConnected
	})
	if b.serverCands[rtc.Target_PUBLISHER].Load() == 0 {
		t.Fatal("no PUBLISHER candidate trickled by the SFU")
	}
	if got := testutil.ToFloat64(s.metrics.participants); got != 1 {
		t.Fatalf("participants gauge %v", got)
	}
}

func TestSubscriberReceivesPublishedVideo(t *testing.T) {
	s := startSFU(t)
	alice := s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})

	ev := bob.nextEvent()
	if ev.GetState() != rtc.TrackEvent_ADD || ev.GetUid() != "alice" || len(ev.GetTracks()) != 1 {
		t.Fatalf("event %v", ev)
	}
	info := ev.GetTracks()[0]
	if info.GetId() != "cam-alice" || info.GetKind() != "video" || info.GetStreamId() != "stream-alice" {
		t.Fatalf("track info %v", info)
	}
	quiet(t, "subscriber offer before any subscription", bob.subOffers, 300*time.Millisecond)

	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatalf("subscribe: %v", r.GetError())
	}
	if sdp := bob.nextOffer(); !strings.Contains(sdp, "cam-alice") {
		t.Fatalf("offer does not carry the track:\n%s", sdp)
	}
	select {
	case tr := <-bob.remoteTracks:
		if tr.ID() != "cam-alice" || tr.StreamID() != "stream-alice" || tr.Kind() != webrtc.RTPCodecTypeVideo {
			t.Fatalf("remote track %s/%s %s", tr.StreamID(), tr.ID(), tr.Kind())
		}
	case <-time.After(wait):
		t.Fatal("no track at the subscriber")
	}
	eventually(t, "RTP at the subscriber", func() bool { return bob.received.Load() >= 20 })
	eventually(t, "a PLI at the publisher", func() bool { return alice.plis.Load() > 0 })
}

func TestSessionsAreIsolated(t *testing.T) {
	s := startSFU(t)
	s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	// Same uid as the publisher, other class: uids are only unique per session.
	other := s.join(t, "class-b", "alice", joinOpts{})

	if ev := bob.nextEvent(); ev.GetUid() != "alice" {
		t.Fatalf("event %v", ev)
	}
	quiet(t, "track event from another session", other.events, 500*time.Millisecond)

	r := other.subscribe("cam-alice", true)
	if r.GetSuccess() || r.GetError().GetCode() != codeNotFound {
		t.Fatalf("subscription across sessions: %v", r)
	}
	quiet(t, "subscriber offer after a refused subscription", other.subOffers, 300*time.Millisecond)

	// Who joins later learns of the tracks already there, and only of its own session's.
	late := s.join(t, "class-a", "late", joinOpts{})
	if ev := late.nextEvent(); ev.GetState() != rtc.TrackEvent_ADD || ev.GetUid() != "alice" || ev.GetTracks()[0].GetId() != "cam-alice" {
		t.Fatalf("snapshot event %v", ev)
	}
	lateOther := s.join(t, "class-b", "late", joinOpts{})
	quiet(t, "snapshot from another session", lateOther.events, 300*time.Millisecond)
	if got := testutil.ToFloat64(s.metrics.sessions); got != 2 {
		t.Fatalf("sessions gauge %v", got)
	}
}

func TestUnsubscribeRemovesTheTrack(t *testing.T) {
	s := startSFU(t)
	s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	bob.nextEvent()

	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	bob.nextOffer()
	eventually(t, "RTP at the subscriber", func() bool { return bob.received.Load() >= 10 })

	if r := bob.subscribe("cam-alice", false); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	if sdp := bob.nextOffer(); strings.Contains(sdp, "cam-alice") {
		t.Fatalf("offer after unsubscribe still sends the track:\n%s", sdp)
	}
	time.Sleep(300 * time.Millisecond) // packets already on the wire
	before := bob.received.Load()
	time.Sleep(700 * time.Millisecond)
	if after := bob.received.Load(); after != before {
		t.Fatalf("%d packets arrived after unsubscribing", after-before)
	}
	if got := testutil.ToFloat64(s.metrics.subscriptions); got != 0 {
		t.Fatalf("subscriptions gauge %v", got)
	}

	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	if sdp := bob.nextOffer(); !strings.Contains(sdp, "cam-alice") {
		t.Fatalf("offer after subscribing again lacks the track:\n%s", sdp)
	}
	eventually(t, "RTP again after subscribing again", func() bool { return bob.received.Load() > before+10 })
}

func TestNoPublishAndNoSubscribeJoins(t *testing.T) {
	s := startSFU(t)
	s.join(t, "class-a", "alice", joinOpts{video: "cam-alice", noSubscribe: true})
	viewer := s.join(t, "class-a", "viewer", joinOpts{noPublish: true})
	s.join(t, "class-a", "ghost", joinOpts{noPublish: true, noSubscribe: true})

	// A viewer can subscribe but has nothing to publish on.
	viewer.nextEvent()
	if r := viewer.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	viewer.nextOffer()
	eventually(t, "RTP at the NoPublish viewer", func() bool { return viewer.received.Load() >= 10 })
	viewer.send(&rtc.Request{Payload: &rtc.Request_Trickle{Trickle: &rtc.Trickle{
		Target: rtc.Target_PUBLISHER, Init: `{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host"}`,
	}}})
	if e := viewer.nextError(); e.GetCode() != codeForbidden {
		t.Fatalf("publisher trickle on NoPublish: %v", e)
	}
	viewer.send(&rtc.Request{Payload: &rtc.Request_Description{Description: &rtc.SessionDescription{Type: "offer", Sdp: "v=0"}}})
	if e := viewer.nextError(); e.GetCode() != codeForbidden {
		t.Fatalf("offer on NoPublish: %v", e)
	}

	// A NoSubscribe publisher cannot subscribe.
	pubOnly := s.join(t, "class-a", "pub-only", joinOpts{noSubscribe: true})
	if r := pubOnly.subscribe("cam-alice", true); r.GetSuccess() || r.GetError().GetCode() != codeForbidden {
		t.Fatalf("subscription on NoSubscribe: %v", r)
	}

	// A NoPublish join that still carries an offer is refused, not half-joined.
	refused := s.open(t, "refused")
	offerer, _ := clientAPI.NewPeerConnection(webrtc.Configuration{})
	defer offerer.Close()
	if _, err := offerer.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	offer, _ := offerer.CreateOffer(nil)
	refused.send(&rtc.Request{Payload: &rtc.Request_Join{Join: &rtc.JoinRequest{
		Sid: "class-a", Uid: "refused", Config: map[string]string{"NoPublish": "true"},
		Description: &rtc.SessionDescription{Type: "offer", Sdp: offer.SDP},
	}}})
	if jr := <-refused.join; jr.GetSuccess() || jr.GetError().GetCode() != codeBadRequest {
		t.Fatalf("NoPublish join with an offer: %v", jr)
	}
	if got := testutil.ToFloat64(s.metrics.participants); got != 4 {
		t.Fatalf("participants gauge %v, want 4", got)
	}
}

func TestClosingTheStreamRemovesTheParticipant(t *testing.T) {
	s := startSFU(t)
	alice := s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	bob.nextEvent()
	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	bob.nextOffer()
	eventually(t, "RTP at the subscriber", func() bool { return bob.received.Load() >= 5 })

	alice.cancel() // the stream ends; alice's peer connections stay open on her side
	ev := bob.nextEvent()
	if ev.GetState() != rtc.TrackEvent_REMOVE || ev.GetUid() != "alice" || ev.GetTracks()[0].GetId() != "cam-alice" {
		t.Fatalf("event %v", ev)
	}
	if sdp := bob.nextOffer(); strings.Contains(sdp, "cam-alice") {
		t.Fatalf("offer after the publisher left still sends the track:\n%s", sdp)
	}
	eventually(t, "participant and track gone", func() bool {
		return testutil.ToFloat64(s.metrics.participants) == 1 &&
			testutil.ToFloat64(s.metrics.publishedTracks) == 0 &&
			testutil.ToFloat64(s.metrics.subscriptions) == 0
	})

	bob.cancel()
	eventually(t, "session gone", func() bool { return testutil.ToFloat64(s.metrics.sessions) == 0 })
}

func TestJoiningAgainReplacesTheParticipant(t *testing.T) {
	s := startSFU(t)
	first := s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	bob.nextEvent()

	s.join(t, "class-a", "alice", joinOpts{})
	select {
	case err := <-first.ended:
		if !strings.Contains(err.Error(), "replaced") {
			t.Fatalf("first stream ended with %v", err)
		}
	case <-time.After(wait):
		t.Fatal("first stream still open")
	}
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_REMOVE || ev.GetUid() != "alice" {
		t.Fatalf("event %v", ev)
	}
	if got := testutil.ToFloat64(s.metrics.participants); got != 2 {
		t.Fatalf("participants gauge %v", got)
	}
}

func TestMutedSubscriptionForwardsNothingUntilUnmuted(t *testing.T) {
	s := startSFU(t)
	s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	bob.nextEvent()

	mute := func(on bool) *rtc.SubscriptionReply {
		bob.send(&rtc.Request{Payload: &rtc.Request_Subscription{Subscription: &rtc.SubscriptionRequest{
			Subscriptions: []*rtc.Subscription{{TrackId: "cam-alice", Subscribe: true, Mute: on}},
		}}})
		return <-bob.subReplies
	}
	if r := mute(true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	bob.nextOffer()
	eventually(t, "subscriber connected", func() bool { return bob.sub.ConnectionState() == webrtc.PeerConnectionStateConnected })
	time.Sleep(500 * time.Millisecond)
	if n := bob.received.Load(); n != 0 {
		t.Fatalf("%d packets on a muted subscription", n)
	}
	if r := mute(false); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	quiet(t, "renegotiation for a mute change", bob.subOffers, 200*time.Millisecond)
	eventually(t, "RTP after unmuting", func() bool { return bob.received.Load() >= 10 })
}

func TestStoppingATrackAnnouncesItsRemoval(t *testing.T) {
	s := startSFU(t)
	alice := s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	bob := s.join(t, "class-a", "bob", joinOpts{})
	bob.nextEvent()
	if r := bob.subscribe("cam-alice", true); !r.GetSuccess() {
		t.Fatal(r.GetError())
	}
	bob.nextOffer()
	eventually(t, "RTP at the subscriber", func() bool { return bob.received.Load() >= 5 })

	if err := alice.pub.RemoveTrack(alice.video); err != nil {
		t.Fatal(err)
	}
	alice.offerAgain()
	if ev := bob.nextEvent(); ev.GetState() != rtc.TrackEvent_REMOVE || ev.GetTracks()[0].GetId() != "cam-alice" {
		t.Fatalf("event %v", ev)
	}
	if sdp := bob.nextOffer(); strings.Contains(sdp, "cam-alice") {
		t.Fatalf("offer after the track stopped still sends it:\n%s", sdp)
	}
	// Alice's answer may come after Bob's offer: the test ends once she has it, not while it is on its way to a
	// connection the cleanup is closing.
	eventually(t, "alice's renegotiation answered", func() bool { return alice.pub.SignalingState() == webrtc.SignalingStateStable })
}
