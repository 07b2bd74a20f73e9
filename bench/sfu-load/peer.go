package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"strings"
	"sync"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

// newClientAPI makes the tool's PeerConnections behave like browsers on this
// machine (loopback UDP, no mDNS) with a browser's RTCP: NACKs and receiver
// reports on what they receive, NACK answers and sender reports on what they
// send, transport-cc sequence numbers on what they publish (so the SFU does its
// feedback work). No stats interceptor: the tool counts for itself, cheaper.
// Pion's NACK generator asks again for a missing packet every 100 ms for as
// long as it stays in its 512-packet window, without limit; under overload its
// retransmissions are dropped too and the NACKs snowball. A browser
// (libwebrtc) gives up after 10 tries, and so do these receivers.
//
// rtx=false offers VP8 and Opus without RTX, so that retransmissions come on the
// media stream itself (an experiment on the SFU's NACK behaviour; browsers
// always offer RTX).
func newClientAPI(rtx bool) (*webrtc.API, error) {
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	me := &webrtc.MediaEngine{}
	if err := registerCodecs(me, rtx); err != nil {
		return nil, err
	}
	ir := &interceptor.Registry{}
	if err := webrtc.ConfigureNackWithOptions(me, ir, []nack.GeneratorOption{nack.GeneratorMaxNacksPerPacket(10)}); err != nil {
		return nil, err
	}
	if err := webrtc.ConfigureRTCPReports(ir); err != nil {
		return nil, err
	}
	if err := webrtc.ConfigureTWCCHeaderExtensionSender(me, ir); err != nil {
		return nil, err
	}
	return webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir)), nil
}

func registerCodecs(me *webrtc.MediaEngine, rtx bool) error {
	if rtx {
		return me.RegisterDefaultCodecs()
	}
	err := me.RegisterCodec(webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"},
		PayloadType:        111,
	}, webrtc.RTPCodecTypeAudio)
	if err != nil {
		return err
	}
	return me.RegisterCodec(webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000,
			RTCPFeedback: []webrtc.RTCPFeedback{{Type: "ccm", Parameter: "fir"}}},
		PayloadType: 96,
	}, webrtc.RTPCodecTypeVideo)
}

// peer is one participant as the browser and the Java bridge together present
// it to the SFU: one Signal stream, a publisher and a subscriber PeerConnection.
type peer struct {
	uid    string
	stream rtc.RTC_SignalClient
	cancel context.CancelFunc
	// wants says which published tracks this participant subscribes to.
	wants func(uid string, t *rtc.TrackInfo) bool
	// onTrack is called for every forwarded track, on its own goroutine.
	onTrack func(p *peer, tr *webrtc.TrackRemote)

	sendMu sync.Mutex

	candMu   sync.Mutex
	joinSent bool
	held     []*rtc.Request

	pub, sub *webrtc.PeerConnection
	// Candidates that came before their description; only the reply reader
	// touches these.
	pubEarly, subEarly []webrtc.ICECandidateInit

	joined chan error
	done   chan struct{}
}

type peerOpts struct {
	sid, uid    string
	sources     []*source
	noSubscribe bool
	wants       func(uid string, t *rtc.TrackInfo) bool
	onTrack     func(p *peer, tr *webrtc.TrackRemote)
}

// joinPeer opens the stream, offers the sources and sends the join. It returns
// once the join is sent; joined reports the JoinReply.
func joinPeer(ctx context.Context, api *webrtc.API, client rtc.RTCClient, o peerOpts) (*peer, error) {
	sctx, cancel := context.WithCancel(ctx)
	stream, err := client.Signal(sctx)
	if err != nil {
		cancel()
		return nil, err
	}
	p := &peer{uid: o.uid, stream: stream, cancel: cancel, wants: o.wants, onTrack: o.onTrack,
		joined: make(chan error, 1), done: make(chan struct{})}
	if p.pub, err = p.newPC(api, rtc.Target_PUBLISHER); err != nil {
		p.close()
		return nil, err
	}
	if p.sub, err = p.newPC(api, rtc.Target_SUBSCRIBER); err != nil {
		p.close()
		return nil, err
	}
	p.sub.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) { p.onTrack(p, tr) })

	for _, s := range o.sources {
		sender, err := p.pub.AddTrack(s.track)
		if err != nil {
			p.close()
			return nil, err
		}
		go s.readRTCP(sender)
	}
	cfg := map[string]string{}
	if o.noSubscribe {
		cfg["NoSubscribe"] = "true"
	}
	jr := &rtc.JoinRequest{Sid: o.sid, Uid: o.uid, Config: cfg}
	if len(o.sources) > 0 {
		offer, err := p.pub.CreateOffer(nil)
		if err == nil {
			err = p.pub.SetLocalDescription(offer)
		}
		if err != nil {
			p.close()
			return nil, err
		}
		jr.Description = &rtc.SessionDescription{Target: rtc.Target_PUBLISHER, Type: "offer", Sdp: offer.SDP}
	} else {
		cfg["NoPublish"] = "true"
	}
	go p.readReplies()
	p.send(&rtc.Request{Payload: &rtc.Request_Join{Join: jr}})
	p.candMu.Lock()
	p.joinSent = true
	for _, r := range p.held {
		p.send(r)
	}
	p.held = nil
	p.candMu.Unlock()
	return p, nil
}

func (p *peer) newPC(api *webrtc.API, target rtc.Target) (*webrtc.PeerConnection, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init, _ := json.Marshal(c.ToJSON())
		r := &rtc.Request{Payload: &rtc.Request_Trickle{Trickle: &rtc.Trickle{Target: target, Init: string(init)}}}
		// The SFU must see the offer (in the join) before its candidates.
		p.candMu.Lock()
		defer p.candMu.Unlock()
		if !p.joinSent {
			p.held = append(p.held, r)
			return
		}
		p.send(r)
	})
	return pc, nil
}

func (p *peer) send(r *rtc.Request) {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	_ = p.stream.Send(r)
}

// readReplies handles the SFU's replies in order, as the bridge relays them.
func (p *peer) readReplies() {
	defer close(p.done)
	for {
		r, err := p.stream.Recv()
		if err != nil {
			select {
			case p.joined <- fmt.Errorf("%s: stream ended before the join reply: %w", p.uid, err):
			default:
			}
			return
		}
		switch pl := r.Payload.(type) {
		case *rtc.Reply_Join:
			var err error
			if !pl.Join.GetSuccess() {
				err = fmt.Errorf("%s: join refused: %v", p.uid, pl.Join.GetError())
			} else if d := pl.Join.GetDescription(); d != nil {
				err = p.setRemote(p.pub, &p.pubEarly, webrtc.SDPTypeAnswer, d.GetSdp())
			}
			p.joined <- err
		case *rtc.Reply_Description:
			p.onDescription(pl.Description)
		case *rtc.Reply_Trickle:
			p.onTrickle(pl.Trickle)
		case *rtc.Reply_TrackEvent:
			p.onTrackEvent(pl.TrackEvent)
		case *rtc.Reply_Subscription:
			if !pl.Subscription.GetSuccess() {
				log.Printf("%s: subscription refused: %v", p.uid, pl.Subscription.GetError())
			}
		case *rtc.Reply_Error:
			log.Printf("%s: sfu error %v", p.uid, pl.Error)
		}
	}
}

// onTrackEvent subscribes to the tracks this participant wants, with the ids
// the event gives, as the bridge does from the room's routing policy.
func (p *peer) onTrackEvent(ev *rtc.TrackEvent) {
	if ev.GetState() != rtc.TrackEvent_ADD {
		return
	}
	var subs []*rtc.Subscription
	for _, t := range ev.GetTracks() {
		if p.wants(ev.GetUid(), t) {
			subs = append(subs, &rtc.Subscription{TrackId: t.GetId(), Subscribe: true})
		}
	}
	if len(subs) > 0 {
		p.send(&rtc.Request{Payload: &rtc.Request_Subscription{Subscription: &rtc.SubscriptionRequest{Subscriptions: subs}}})
	}
}

func (p *peer) onDescription(d *rtc.SessionDescription) {
	if d.GetTarget() == rtc.Target_PUBLISHER {
		if err := p.setRemote(p.pub, &p.pubEarly, webrtc.SDPTypeAnswer, d.GetSdp()); err != nil {
			log.Print(err)
		}
		return
	}
	if err := p.setRemote(p.sub, &p.subEarly, webrtc.SDPTypeOffer, d.GetSdp()); err != nil {
		log.Print(err)
		return
	}
	answer, err := p.sub.CreateAnswer(nil)
	if err == nil {
		err = p.sub.SetLocalDescription(answer)
	}
	if err != nil {
		log.Printf("%s: subscriber answer: %v", p.uid, err)
		return
	}
	p.send(&rtc.Request{Payload: &rtc.Request_Description{Description: &rtc.SessionDescription{
		Target: rtc.Target_SUBSCRIBER, Type: "answer", Sdp: answer.SDP,
	}}})
}

func (p *peer) setRemote(pc *webrtc.PeerConnection, early *[]webrtc.ICECandidateInit, typ webrtc.SDPType, sdp string) error {
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: typ, SDP: sdp}); err != nil {
		return fmt.Errorf("%s: set remote %s: %w", p.uid, typ, err)
	}
	for _, c := range *early {
		_ = pc.AddICECandidate(c)
	}
	*early = nil
	return nil
}

func (p *peer) onTrickle(t *rtc.Trickle) {
	var c webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(t.GetInit()), &c); err != nil || strings.TrimSpace(c.Candidate) == "" {
		return
	}
	pc, early := p.pub, &p.pubEarly
	if t.GetTarget() == rtc.Target_SUBSCRIBER {
		pc, early = p.sub, &p.subEarly
	}
	if pc.RemoteDescription() == nil {
		*early = append(*early, c)
		return
	}
	_ = pc.AddICECandidate(c)
}

func (p *peer) close() {
	p.cancel()
	if p.pub != nil {
		_ = p.pub.Close()
	}
	if p.sub != nil {
		_ = p.sub.Close()
	}
}
