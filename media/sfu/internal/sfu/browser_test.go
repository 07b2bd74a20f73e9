package sfu

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	rtc "app.ardoise/sfu/proto"
)

const wait = 10 * time.Second

// testSFU is a Server behind an in-memory gRPC connection, its media on a UDP
// port of 127.0.0.1.
type testSFU struct {
	srv      *Server
	metrics  *Metrics
	client   rtc.RTCClient
	recorder rtc.RecorderClient
	activity rtc.ActivityClient
}

func startSFU(t *testing.T) *testSFU {
	t.Helper()
	m := NewMetrics()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := NewServer(Config{UDPAddr: "127.0.0.1:0"}, m, log)
	if err != nil {
		t.Fatal(err)
	}
	lis := bufconn.Listen(1 << 20)
	gs := grpc.NewServer()
	rtc.RegisterRTCServer(gs, srv)
	rtc.RegisterRecorderServer(gs, srv.Recorder())
	rtc.RegisterActivityServer(gs, srv.Activity())
	go func() { _ = gs.Serve(lis) }()
	cc, err := grpc.NewClient("passthrough:///sfu",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cc.Close()
		gs.Stop()
		_ = srv.Close()
	})
	return &testSFU{srv: srv, metrics: m, client: rtc.NewRTCClient(cc), recorder: rtc.NewRecorderClient(cc), activity: rtc.NewActivityClient(cc)}
}

// clientAPI makes the test's PeerConnections behave like a browser on this
// machine: loopback candidates only.
var clientAPI = func() *webrtc.API {
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	// Codecs as NewAPI's default, and the rid extensions a simulcast publisher needs.
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		panic(err)
	}
	if err := webrtc.ConfigureSimulcastExtensionHeaders(me); err != nil {
		panic(err)
	}
	return webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(me))
}()

type joinOpts struct {
	noPublish, noSubscribe bool
	// video, when set, is the id of a VP8 track the browser publishes.
	video string
}

// browser plays the part of a web client plus the Java bridge: one Signal stream,
// a publisher and a subscriber PeerConnection.
type browser struct {
	t      *testing.T
	uid    string
	stream rtc.RTC_SignalClient
	cancel context.CancelFunc
	sendMu sync.Mutex

	candMu          sync.Mutex
	joinSent        bool
	candsBeforeJoin []*rtc.Request

	pub, sub           *webrtc.PeerConnection
	video              *webrtc.RTPSender
	pubEarly, subEarly []webrtc.ICECandidateInit

	join         chan *rtc.JoinReply
	events       chan *rtc.TrackEvent
	subReplies   chan *rtc.SubscriptionReply
	errs         chan *rtc.Error
	subOffers    chan string
	remoteTracks chan *webrtc.TrackRemote
	serverCands  [2]atomic.Int32 // by rtc.Target
	received     atomic.Int64    // RTP packets on the subscriber connection
	plis         atomic.Int32    // keyframe requests seen by the publisher
	ended        chan error      // the stream's end
	readerDone   chan struct{}
}

func (s *testSFU) join(t *testing.T, sid, uid string, o joinOpts) *browser {
	t.Helper()
	b := s.open(t, uid)
	b.sendJoin(sid, o)
	select {
	case jr := <-b.join:
		if !jr.GetSuccess() {
			t.Fatalf("%s: join failed: %v", uid, jr.GetError())
		}
	case <-time.After(wait):
		t.Fatalf("%s: no join reply", uid)
	}
	return b
}

func (s *testSFU) open(t *testing.T, uid string) *browser {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := s.client.Signal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{
		t: t, uid: uid, stream: stream, cancel: cancel,
		join:         make(chan *rtc.JoinReply, 4),
		events:       make(chan *rtc.TrackEvent, 64),
		subReplies:   make(chan *rtc.SubscriptionReply, 16),
		errs:         make(chan *rtc.Error, 16),
		subOffers:    make(chan string, 16),
		remoteTracks: make(chan *webrtc.TrackRemote, 16),
		ended:        make(chan error, 1),
		readerDone:   make(chan struct{}),
	}
	b.pub = b.newPC(rtc.Target_PUBLISHER)
	b.sub = b.newPC(rtc.Target_SUBSCRIBER)
	b.sub.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		b.remoteTracks <- tr
		for {
			if _, _, err := tr.ReadRTP(); err != nil {
				return
			}
			b.received.Add(1)
		}
	})
	t.Cleanup(b.close)
	go b.readReplies()
	return b
}

func (b *browser) newPC(target rtc.Target) *webrtc.PeerConnection {
	pc, err := clientAPI.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		b.t.Fatal(err)
	}
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init, _ := json.Marshal(c.ToJSON())
		b.sendCandidate(&rtc.Request{Payload: &rtc.Request_Trickle{Trickle: &rtc.Trickle{Target: target, Init: string(init)}}})
	})
	return pc
}

func (b *browser) sendJoin(sid string, o joinOpts) {
	cfg := map[string]string{}
	if o.noPublish {
		cfg["NoPublish"] = "true"
	}
	if o.noSubscribe {
		cfg["NoSubscribe"] = "true"
	}
	jr := &rtc.JoinRequest{Sid: sid, Uid: b.uid, Config: cfg}
	var offer webrtc.SessionDescription
	if o.video != "" {
		b.publishVideo(o.video)
		var err error
		if offer, err = b.pub.CreateOffer(nil); err != nil {
			b.t.Fatal(err)
		}
		jr.Description = &rtc.SessionDescription{Target: rtc.Target_PUBLISHER, Type: "offer", Sdp: offer.SDP}
	}
	if o.video != "" {
		if err := b.pub.SetLocalDescription(offer); err != nil {
			b.t.Fatal(err)
		}
	}
	b.send(&rtc.Request{Payload: &rtc.Request_Join{Join: jr}})
	b.candMu.Lock()
	defer b.candMu.Unlock()
	b.joinSent = true
	for _, r := range b.candsBeforeJoin {
		b.send(r)
	}
	b.candsBeforeJoin = nil
}

// sendCandidate holds the candidates gathered before the join is sent: the SFU
// must see the offer first, as it does from the bridge.
func (b *browser) sendCandidate(r *rtc.Request) {
	b.candMu.Lock()
	defer b.candMu.Unlock()
	if !b.joinSent {
		b.candsBeforeJoin = append(b.candsBeforeJoin, r)
		return
	}
	b.send(r)
}

// publishVideo sends fake VP8 frames at 50 per second until the browser closes.
func (b *browser) publishVideo(id string) {
	track, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8}, id, "stream-"+b.uid)
	if err != nil {
		b.t.Fatal(err)
	}
	sender, err := b.pub.AddTrack(track)
	if err != nil {
		b.t.Fatal(err)
	}
	b.video = sender
	go func() {
		for {
			pkts, _, err := sender.ReadRTCP()
			if err != nil {
				return
			}
			for _, p := range pkts {
				if _, ok := p.(*rtcp.PictureLossIndication); ok {
					b.plis.Add(1)
				}
			}
		}
	}()
	go func() {
		frame := make([]byte, 600)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if b.pub.ConnectionState() == webrtc.PeerConnectionStateClosed {
				return
			}
			_ = track.WriteSample(media.Sample{Data: frame, Duration: 20 * time.Millisecond})
		}
	}()
}

// offerAgain renegotiates the publisher connection, as a browser does after
// adding or stopping a track.
func (b *browser) offerAgain() {
	offer, err := b.pub.CreateOffer(nil)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.pub.SetLocalDescription(offer); err != nil {
		b.t.Fatal(err)
	}
	b.send(&rtc.Request{Payload: &rtc.Request_Description{Description: &rtc.SessionDescription{
		Target: rtc.Target_PUBLISHER, Type: "offer", Sdp: offer.SDP,
	}}})
}

func (b *browser) send(r *rtc.Request) {
	b.sendMu.Lock()
	defer b.sendMu.Unlock()
	_ = b.stream.Send(r)
}

func (b *browser) readReplies() {
	defer close(b.readerDone)
	for {
		r, err := b.stream.Recv()
		if err != nil {
			b.ended <- err
			return
		}
		switch pl := r.Payload.(type) {
		case *rtc.Reply_Join:
			if d := pl.Join.GetDescription(); d != nil {
				b.setRemote(b.pub, &b.pubEarly, webrtc.SDPTypeAnswer, d.GetSdp())
			}
			b.join <- pl.Join
		case *rtc.Reply_Description:
			b.onDescription(pl.Description)
		case *rtc.Reply_Trickle:
			b.onTrickle(pl.Trickle)
		case *rtc.Reply_TrackEvent:
			b.events <- pl.TrackEvent
		case *rtc.Reply_Subscription:
			b.subReplies <- pl.Subscription
		case *rtc.Reply_Error:
			b.errs <- pl.Error
		}
	}
}

func (b *browser) onDescription(d *rtc.SessionDescription) {
	if d.GetTarget() == rtc.Target_PUBLISHER {
		b.setRemote(b.pub, &b.pubEarly, webrtc.SDPTypeAnswer, d.GetSdp())
		return
	}
	b.setRemote(b.sub, &b.subEarly, webrtc.SDPTypeOffer, d.GetSdp())
	answer, err := b.sub.CreateAnswer(nil)
	if err != nil {
		b.t.Error(err)
		return
	}
	b.send(&rtc.Request{Payload: &rtc.Request_Description{Description: &rtc.SessionDescription{
		Target: rtc.Target_SUBSCRIBER, Type: "answer", Sdp: answer.SDP,
	}}})
	if err := b.sub.SetLocalDescription(answer); err != nil {
		b.t.Error(err)
	}
	b.subOffers <- d.GetSdp()
}

func (b *browser) setRemote(pc *webrtc.PeerConnection, early *[]webrtc.ICECandidateInit, typ webrtc.SDPType, sdp string) {
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: typ, SDP: sdp}); err != nil {
		b.t.Errorf("%s: set remote %s: %v", b.uid, typ, err)
		return
	}
	for _, c := range *early {
		_ = pc.AddICECandidate(c)
	}
	*early = nil
}

func (b *browser) onTrickle(t *rtc.Trickle) {
	var c webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(t.GetInit()), &c); err != nil {
		b.t.Errorf("trickle init %q: %v", t.GetInit(), err)
		return
	}
	b.serverCands[t.GetTarget()].Add(1)
	pc, early := b.pub, &b.pubEarly
	if t.GetTarget() == rtc.Target_SUBSCRIBER {
		pc, early = b.sub, &b.subEarly
	}
	if pc.RemoteDescription() == nil {
		b.t.Errorf("%s: %s candidate before its description", b.uid, t.GetTarget())
		*early = append(*early, c)
		return
	}
	if err := pc.AddICECandidate(c); err != nil {
		b.t.Errorf("add candidate: %v", err)
	}
}

func (b *browser) subscribe(trackID string, on bool) *rtc.SubscriptionReply {
	b.t.Helper()
	b.send(&rtc.Request{Payload: &rtc.Request_Subscription{Subscription: &rtc.SubscriptionRequest{
		Subscriptions: []*rtc.Subscription{{TrackId: trackID, Subscribe: on}},
	}}})
	select {
	case r := <-b.subReplies:
		return r
	case <-time.After(wait):
		b.t.Fatalf("%s: no subscription reply", b.uid)
		return nil
	}
}

func (b *browser) nextEvent() *rtc.TrackEvent {
	b.t.Helper()
	select {
	case ev := <-b.events:
		return ev
	case <-time.After(wait):
		b.t.Fatalf("%s: no track event", b.uid)
		return nil
	}
}

func (b *browser) nextOffer() string {
	b.t.Helper()
	select {
	case sdp := <-b.subOffers:
		return sdp
	case <-time.After(wait):
		b.t.Fatalf("%s: no subscriber offer", b.uid)
		return ""
	}
}

func (b *browser) nextError() *rtc.Error {
	b.t.Helper()
	select {
	case e := <-b.errs:
		return e
	case <-time.After(wait):
		b.t.Fatalf("%s: no error reply", b.uid)
		return nil
	}
}

// close waits for the reply reader, which may still report to the test.
func (b *browser) close() {
	b.cancel()
	<-b.readerDone
	_ = b.pub.Close()
	_ = b.sub.Close()
}

// eventually polls cond until it holds or the wait runs out.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// quiet checks that nothing arrives on ch for a while.
func quiet[T any](t *testing.T, what string, ch <-chan T, d time.Duration) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected %s: %v", what, v)
	case <-time.After(d):
	}
}

func hasCandidates(sdp string) bool { return strings.Contains(sdp, "a=candidate:") }
