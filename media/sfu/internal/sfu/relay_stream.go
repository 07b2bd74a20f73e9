package sfu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/protobuf/proto"

	rtc "app.ardoise/sfu/proto"
)

// relayJoinTimeout bounds StartRelay when the source does not answer.
const relayJoinTimeout = 10 * time.Second

// relay is one session's cascade from a source SFU: a Signal stream to the
// source, on which this server is a NoPublish participant, and the
// PeerConnection that receives the tracks it subscribed to there. Each track
// received is republished here by a forwarder owned by a stand-in participant
// of the publisher's uid, so local subscribers see it as if published here.
type relay struct {
	rs      *relays
	key     relayKey
	cc      *grpc.ClientConn
	stream  rtc.RTC_SignalClient
	cancel  context.CancelFunc
	pc      *webrtc.PeerConnection
	trickle *trickle
	sendMu  sync.Mutex

	mu sync.Mutex
	// uids are whom to relay; known are the tracks the source announced, with their publisher.
	uids     map[string]bool
	known    map[string]*rtc.TrackInfo
	owners   map[string]string
	standIns map[string]*participant
	stopped  bool
}

// dialRelay joins the session at the source and waits for its JoinReply.
func dialRelay(rs *relays, key relayKey, uids []string) (*relay, error) {
	cc, err := grpc.NewClient(key.source, grpc.WithTransportCredentials(insecure.NewCredentials()),
		// A source that dies without closing its TCP connection (a host gone) must not leave its tracks
		// announced here for ever; its server allows a ping every 5 s.
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 10 * time.Second, Timeout: 5 * time.Second}))
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", key.source, err)
	}
	r := &relay{rs: rs, key: key, cc: cc, known: map[string]*rtc.TrackInfo{}, owners: map[string]string{},
		standIns: map[string]*participant{}}
	r.uids = uidSet(uids)
	if r.pc, err = rs.srv.api.NewPeerConnection(webrtc.Configuration{}); err != nil {
		_ = cc.Close()
		return nil, err
	}
	// The relay speaks to the source as a client: the candidates the SFU would
	// send as replies go there as requests.
	r.trickle = newTrickle(rtc.Target_SUBSCRIBER, r.pc, func(reply *rtc.Reply) {
		r.send(&rtc.Request{Payload: &rtc.Request_Trickle{Trickle: reply.GetTrickle()}})
	})
	r.pc.OnConnectionStateChange(func(state webrtc.PeerConnectionState) {
		rs.srv.metrics.iceStates.WithLabelValues("relay", state.String()).Inc()
		if state == webrtc.PeerConnectionStateFailed {
			// No packet will come again (media from the source blocked, say): better no track here than a frozen
			// one, and the stream's end makes the next StartRelay join afresh.
			rs.log.Warn("relay connection failed", "sid", key.sid, "source", key.source)
			go func() {
				rs.ended(r)
				r.stop()
			}()
		}
	})
	r.pc.OnTrack(r.onTrack)

	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	if err := r.join(ctx); err != nil {
		r.closeTransport()
		return nil, err
	}
	return r, nil
}

func (r *relay) join(ctx context.Context) error {
	var err error
	if r.stream, err = rtc.NewRTCClient(r.cc).Signal(ctx); err != nil {
		return fmt.Errorf("source %q: %w", r.key.source, err)
	}
	r.send(&rtc.Request{Payload: &rtc.Request_Join{Join: &rtc.JoinRequest{
		Sid: r.key.sid, Uid: r.rs.uid, Config: map[string]string{"NoPublish": "true"},
	}}})
	first := make(chan error, 1)
	go func() {
		reply, err := r.stream.Recv()
		switch {
		case err != nil:
			first <- err
		case reply.GetJoin() == nil:
			first <- fmt.Errorf("first reply is not a join reply: %v", reply)
		case !reply.GetJoin().GetSuccess():
			first <- fmt.Errorf("join refused: %v", reply.GetJoin().GetError())
		default:
			first <- nil
		}
	}()
	select {
	case err = <-first:
	case <-time.After(relayJoinTimeout):
		err = errors.New("no join reply")
	}
	if err != nil {
		return fmt.Errorf("source %q: %w", r.key.source, err)
	}
	return nil
}

func (r *relay) send(req *rtc.Request) {
	r.sendMu.Lock()
	defer r.sendMu.Unlock()
	_ = r.stream.Send(req)
}

// run handles the source's replies in order until the stream ends.
func (r *relay) run() {
	for {
		reply, err := r.stream.Recv()
		if err != nil {
			r.rs.log.Info("relay stream ended", "sid", r.key.sid, "source", r.key.source, "err", err)
			r.rs.ended(r)
			r.stop()
			return
		}
		switch pl := reply.Payload.(type) {
		case *rtc.Reply_TrackEvent:
			r.onTrackEvent(pl.TrackEvent)
		case *rtc.Reply_Description:
			r.onOffer(pl.Description)
		case *rtc.Reply_Trickle:
			r.onTrickle(pl.Trickle)
		case *rtc.Reply_Subscription:
			if e := pl.Subscription.GetError(); e != nil {
				r.rs.log.Warn("relay subscription", "sid", r.key.sid, "source", r.key.source, "err", e.GetReason())
			}
		case *rtc.Reply_Error:
			r.rs.log.Warn("relay signal error", "sid", r.key.sid, "source", r.key.source, "code", pl.Error.GetCode(), "reason", pl.Error.GetReason())
		}
	}
}

func (r *relay) onTrackEvent(ev *rtc.TrackEvent) {
	r.mu.Lock()
	var subs []*rtc.Subscription
	var gone []*forwarder
	for _, t := range ev.GetTracks() {
		switch ev.GetState() {
		case rtc.TrackEvent_ADD:
			r.known[t.GetId()] = proto.Clone(t).(*rtc.TrackInfo)
			r.owners[t.GetId()] = ev.GetUid()
			if r.uids[ev.GetUid()] {
				subs = append(subs, &rtc.Subscription{TrackId: t.GetId(), Subscribe: true})
			}
		case rtc.TrackEvent_REMOVE:
			delete(r.known, t.GetId())
			delete(r.owners, t.GetId())
			if f := r.localTrackLocked(ev.GetUid(), t.GetId()); f != nil {
				gone = append(gone, f)
			}
		}
	}
	r.mu.Unlock()
	r.subscribe(subs)
	for _, f := range gone {
		if sess := f.owner.session.Load(); sess != nil {
			f.end(sess.unpublish)
		}
	}
}

// want replaces the list of whom to relay: tracks of newcomers are subscribed
// at the source, tracks of those taken off it unsubscribed and ended here.
func (r *relay) want(uids []string) {
	next := uidSet(uids)
	r.mu.Lock()
	var subs []*rtc.Subscription
	var gone []*forwarder
	for id, owner := range r.owners {
		switch {
		case next[owner] && !r.uids[owner]:
			subs = append(subs, &rtc.Subscription{TrackId: id, Subscribe: true})
		case !next[owner] && r.uids[owner]:
			subs = append(subs, &rtc.Subscription{TrackId: id, Subscribe: false})
			if f := r.localTrackLocked(owner, id); f != nil {
				gone = append(gone, f)
			}
		}
	}
	r.uids = next
	r.mu.Unlock()
	r.subscribe(subs)
	for _, f := range gone {
		if sess := f.owner.session.Load(); sess != nil {
			f.end(sess.unpublish)
		}
	}
}

func (r *relay) subscribe(subs []*rtc.Subscription) {
	if len(subs) > 0 {
		r.send(&rtc.Request{Payload: &rtc.Request_Subscription{Subscription: &rtc.SubscriptionRequest{Subscriptions: subs}}})
	}
}

// localTrackLocked finds the forwarder that republishes a source track here.
func (r *relay) localTrackLocked(uid, trackID string) *forwarder {
	p := r.standIns[uid]
	if p == nil {
		return nil
	}
	sess := p.session.Load()
	if sess == nil {
		return nil
	}
	if f := sess.track(trackID); f != nil && f.owner == p {
		return f
	}
	return nil
}

// onOffer answers the source's subscriber offer; it is the only offerer.
func (r *relay) onOffer(d *rtc.SessionDescription) {
	if d.GetType() != webrtc.SDPTypeOffer.String() {
		return
	}
	err := r.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: d.GetSdp()})
	if err == nil {
		err = r.trickle.remoteDescriptionSet()
	}
	var answer webrtc.SessionDescription
	if err == nil {
		answer, err = r.pc.CreateAnswer(nil)
	}
	if err == nil {
		err = r.pc.SetLocalDescription(answer)
	}
	if err != nil {
		r.rs.log.Error("relay answer", "sid", r.key.sid, "source", r.key.source, "err", err)
		return
	}
	r.send(&rtc.Request{Payload: &rtc.Request_Description{Description: &rtc.SessionDescription{
		Target: rtc.Target_SUBSCRIBER, Type: answer.Type.String(), Sdp: answer.SDP,
	}}})
	r.trickle.localDescriptionSent()
}

func (r *relay) onTrickle(t *rtc.Trickle) {
	var init webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(t.GetInit()), &init); err != nil || init.Candidate == "" {
		return
	}
	if err := r.trickle.addRemote(init); err != nil {
		r.rs.log.Warn("relay candidate", "sid", r.key.sid, "source", r.key.source, "err", err)
	}
}

// onTrack republishes a track from the source under its publisher's stand-in.
// Its keyframe requests go back through the relay's connection to the source,
// which passes them to the publisher.
func (r *relay) onTrack(remote *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
	r.mu.Lock()
	info, uid := r.known[remote.ID()], r.owners[remote.ID()]
	var p *participant
	if info != nil && r.uids[uid] && !r.stopped {
		p = r.standInLocked(uid)
	}
	r.mu.Unlock()
	if p == nil {
		return // removed meanwhile, or someone of that uid is here: the source's copy is not needed
	}
	sess := p.session.Load()
	// The source forwards one layer of a camera: here it is a track of one layer, the
	// lowest slot, as a camera without simulcast is. No meter: talk and camera time are
	// the source's to measure, where the teacher publishes.
	f, _ := sess.publish(newForwarder(p, r.pc, remote, proto.Clone(info).(*rtc.TrackInfo), r.rs.srv.metrics))
	if f == nil || !f.addLayer(layerLow, &layerTrack{remote: remote}) {
		r.rs.log.Warn("relayed track refused: stand-in gone or track id taken", "sid", sess.sid, "uid", uid, "track", remote.ID())
		return
	}
	r.rs.log.Info("track relayed", "sid", sess.sid, "uid", uid, "track", f.id(), "source", r.key.source)
	f.run(layerLow, sess.unpublish)
}

// standInLocked returns uid's stand-in in the local session, made on first use,
// or nil when a participant of that uid is already there.
func (r *relay) standInLocked(uid string) *participant {
	if p := r.standIns[uid]; p != nil {
		return p
	}
	p := &participant{uid: uid, standIn: true, send: func(*rtc.Reply) {}}
	// A participant who joins here with this uid replaces the stand-in; its
	// tracks are then ended by the join, and the relay forgets it.
	p.kick = func(error) { r.forget(p) }
	if !r.rs.srv.sessions.joinStandIn(r.key.sid, p) {
		return nil
	}
	r.standIns[uid] = p
	return p
}

func (r *relay) forget(p *participant) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.standIns[p.uid] == p {
		delete(r.standIns, p.uid)
	}
}

// stop takes the stand-ins out of the local session (their tracks announced
// removed) and leaves the source.
func (r *relay) stop() {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	r.stopped = true
	standIns := r.standIns
	r.standIns = map[string]*participant{}
	r.mu.Unlock()
	for _, p := range standIns {
		r.rs.srv.leave(p)
	}
	r.closeTransport()
}

func (r *relay) closeTransport() {
	r.cancel()
	_ = r.pc.Close()
	_ = r.cc.Close()
}

func uidSet(uids []string) map[string]bool {
	m := make(map[string]bool, len(uids))
	for _, u := range uids {
		m[u] = true
	}
	return m
}
