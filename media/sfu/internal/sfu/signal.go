package sfu

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

// conn handles the requests of one Signal stream, in order.
type conn struct {
	srv  *Server
	send func(*rtc.Reply)
	kick context.CancelCauseFunc
	p    *participant
}

func (c *conn) handle(req *rtc.Request) {
	switch pl := req.Payload.(type) {
	case *rtc.Request_Join:
		c.srv.metrics.signalIn.WithLabelValues("join").Inc()
		c.join(pl.Join)
	case *rtc.Request_Description:
		c.srv.metrics.signalIn.WithLabelValues("description").Inc()
		c.description(pl.Description)
	case *rtc.Request_Trickle:
		c.srv.metrics.signalIn.WithLabelValues("trickle").Inc()
		c.trickle(pl.Trickle)
	case *rtc.Request_Subscription:
		c.srv.metrics.signalIn.WithLabelValues("subscription").Inc()
		c.subscription(pl.Subscription)
	default:
		c.send(errorReply(codeBadRequest, "request without payload"))
	}
}

func (c *conn) join(j *rtc.JoinRequest) {
	if c.p != nil {
		c.send(joinFailed(codeConflict, "this stream has already joined"))
		return
	}
	if j.GetSid() == "" || j.GetUid() == "" {
		c.send(joinFailed(codeBadRequest, "join needs sid and uid"))
		return
	}
	noPublish := j.GetConfig()["NoPublish"] == "true"
	noSubscribe := j.GetConfig()["NoSubscribe"] == "true"
	offer := j.GetDescription()
	if offer.GetSdp() == "" {
		offer = nil
	}
	if offer != nil && (noPublish || offer.GetType() != webrtc.SDPTypeOffer.String()) {
		c.send(joinFailed(codeBadRequest, "a join's description must be a publisher offer, and NoPublish joins carry none"))
		return
	}

	p, err := c.newParticipant(j.GetUid(), noPublish, noSubscribe)
	if err != nil {
		c.send(joinFailed(codeInternal, err.Error()))
		return
	}
	var answer *webrtc.SessionDescription
	if offer != nil {
		a, err := p.pub.answer(offer)
		if err != nil {
			p.close()
			c.send(joinFailed(codeBadRequest, "publisher offer: "+err.Error()))
			return
		}
		answer = &a
	}

	old, oldTracks := c.srv.sessions.join(j.GetSid(), p, joinReply(answer))
	c.p = p
	if answer != nil {
		p.pub.trickle.localDescriptionSent()
	}
	if old != nil {
		c.srv.log.Info("participant replaced", "sid", j.GetSid(), "uid", j.GetUid())
		old.kick(errReplaced)
		c.srv.end(old, oldTracks)
	}
	c.srv.log.Info("joined", "sid", j.GetSid(), "uid", j.GetUid(), "noPublish", noPublish, "noSubscribe", noSubscribe)
}

func (c *conn) newParticipant(uid string, noPublish, noSubscribe bool) (*participant, error) {
	p := &participant{uid: uid, send: c.send, kick: c.kick}
	if !noPublish {
		pub, err := newPublisher(c.srv.api, c.srv.bwe, c.send, c.srv.metrics)
		if err != nil {
			return nil, fmt.Errorf("publisher: %w", err)
		}
		p.pub = pub
		pub.pc.OnTrack(func(remote *webrtc.TrackRemote, receiver *webrtc.RTPReceiver) { c.srv.onTrack(p, remote, receiver) })
	}
	if !noSubscribe {
		sub, err := newSubscriber(c.srv.api, c.srv.bwe, c.send, c.srv.metrics, c.srv.log)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("subscriber: %w", err)
		}
		p.sub = sub
	}
	return p, nil
}

// description routes by SDP type rather than target: the SFU answers only on the
// publisher connection and offers only on the subscriber one.
func (c *conn) description(d *rtc.SessionDescription) {
	if c.p == nil {
		c.send(errorReply(codeBadRequest, "join first"))
		return
	}
	switch d.GetType() {
	case webrtc.SDPTypeOffer.String():
		if c.p.pub == nil {
			c.send(errorReply(codeForbidden, "joined with NoPublish"))
			return
		}
		answer, err := c.p.pub.answer(d)
		if err != nil {
			c.send(errorReply(codeBadRequest, "publisher offer: "+err.Error()))
			return
		}
		c.send(descriptionReply(rtc.Target_PUBLISHER, answer))
		c.p.pub.trickle.localDescriptionSent()
	case webrtc.SDPTypeAnswer.String():
		if c.p.sub == nil {
			c.send(errorReply(codeForbidden, "joined with NoSubscribe"))
			return
		}
		sd := webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: d.GetSdp()}
		if err := c.p.sub.setAnswer(sd); err != nil {
			c.send(errorReply(codeBadRequest, "subscriber answer: "+err.Error()))
		}
	default:
		c.send(errorReply(codeBadRequest, fmt.Sprintf("description type %q is neither offer nor answer", d.GetType())))
	}
}

func (c *conn) trickle(t *rtc.Trickle) {
	if c.p == nil {
		c.send(errorReply(codeBadRequest, "join first"))
		return
	}
	var init webrtc.ICECandidateInit
	if err := json.Unmarshal([]byte(t.GetInit()), &init); err != nil {
		c.send(errorReply(codeBadRequest, "trickle init is not a candidate: "+err.Error()))
		return
	}
	if init.Candidate == "" {
		return // end of candidates
	}
	var tr *trickle
	switch {
	case t.GetTarget() == rtc.Target_PUBLISHER && c.p.pub != nil:
		tr = c.p.pub.trickle
	case t.GetTarget() == rtc.Target_SUBSCRIBER && c.p.sub != nil:
		tr = c.p.sub.trickle
	default:
		c.send(errorReply(codeForbidden, "no "+t.GetTarget().String()+" connection for this candidate"))
		return
	}
	if err := tr.addRemote(init); err != nil {
		c.send(errorReply(codeBadRequest, "candidate: "+err.Error()))
	}
}

// subscription applies every entry it can, answers, then sends one new
// SUBSCRIBER offer if anything changed.
func (c *conn) subscription(req *rtc.SubscriptionRequest) {
	if c.p == nil {
		c.send(subscriptionReply(&rtc.Error{Code: codeBadRequest, Reason: "join first"}))
		return
	}
	if c.p.sub == nil {
		c.send(subscriptionReply(&rtc.Error{Code: codeForbidden, Reason: "joined with NoSubscribe"}))
		return
	}
	sess := c.p.session.Load()
	var failure *rtc.Error
	var reasons []string
	fail := func(code int32, reason string) {
		if failure == nil {
			failure = &rtc.Error{Code: code}
		}
		reasons = append(reasons, reason)
	}
	changed := false
	for _, s := range req.GetSubscriptions() {
		if !s.GetSubscribe() {
			changed = c.p.sub.unsubscribe(s.GetTrackId()) || changed
			continue
		}
		f := sess.track(s.GetTrackId())
		switch {
		case f == nil:
			fail(codeNotFound, fmt.Sprintf("no track %q in this session", s.GetTrackId()))
			continue
		case f.owner == c.p:
			fail(codeBadRequest, fmt.Sprintf("track %q is your own", s.GetTrackId()))
			continue
		}
		added, err := c.p.sub.subscribe(f, s.GetMute())
		if err != nil {
			fail(codeNotFound, fmt.Sprintf("track %q: %v", s.GetTrackId(), err))
			continue
		}
		changed = changed || added
	}
	if failure != nil {
		failure.Reason = strings.Join(reasons, "; ")
	}
	c.send(subscriptionReply(failure))
	if changed {
		c.p.sub.negotiate()
	}
}
