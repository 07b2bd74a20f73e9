package sfu

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

var errTrackGone = errors.New("track has ended")

// subscriber is the PeerConnection on which the SFU sends a participant the
// tracks it subscribed to. The SFU is always the offerer here: every change of
// subscriptions ends in a new SUBSCRIBER offer, one at a time.
type subscriber struct {
	pc      *webrtc.PeerConnection
	trickle *trickle
	send    func(*rtc.Reply)
	metrics *Metrics
	log     *slog.Logger

	mu             sync.Mutex
	downs          map[string]*downTrack
	awaitingAnswer bool
	// renegotiate is set when tracks change while an offer is unanswered.
	renegotiate bool
	closed      bool
}

func newSubscriber(api *webrtc.API, send func(*rtc.Reply), m *Metrics, log *slog.Logger) (*subscriber, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	s := &subscriber{pc: pc, send: send, metrics: m, log: log, downs: map[string]*downTrack{}}
	s.trickle = newTrickle(rtc.Target_SUBSCRIBER, pc, send)
	pc.OnConnectionStateChange(func(state webrtc.PeerConnectionState) {
		m.iceStates.WithLabelValues("subscriber", state.String()).Inc()
		if state == webrtc.PeerConnectionStateConnected {
			s.requestKeyframes()
		}
	})
	return s, nil
}

// subscribe adds f, or only updates its mute flag when already subscribed. It
// reports whether the PeerConnection changed.
func (s *subscriber) subscribe(f *forwarder, mute bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, errors.New("subscriber closed")
	}
	if d := s.downs[f.id()]; d != nil {
		wasMuted := d.muted.Swap(mute)
		if wasMuted && !mute {
			f.requestKeyframe()
		}
		return false, nil
	}
	local, err := webrtc.NewTrackLocalStaticRTP(f.remote.Codec().RTPCodecCapability, f.info.Id, f.info.StreamId)
	if err != nil {
		return false, err
	}
	sender, err := s.pc.AddTrack(local)
	if err != nil {
		return false, fmt.Errorf("add track: %w", err)
	}
	d := &downTrack{f: f, sub: s, local: local, sender: sender}
	d.muted.Store(mute)
	if !f.addDown(d) {
		_ = s.pc.RemoveTrack(sender)
		return false, errTrackGone
	}
	s.downs[f.id()] = d
	s.metrics.subscriptions.Inc()
	go d.readRTCP()
	return true, nil
}

// unsubscribe reports whether trackID was subscribed.
func (s *subscriber) unsubscribe(trackID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.downs[trackID]
	if d == nil {
		return false
	}
	s.removeLocked(d)
	return true
}

// drop is called when a subscribed track's publisher stops; it renegotiates at once.
func (s *subscriber) drop(d *downTrack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.downs[d.f.id()] != d {
		return
	}
	s.removeLocked(d)
	s.negotiateLocked()
}

func (s *subscriber) removeLocked(d *downTrack) {
	d.f.removeDown(d)
	delete(s.downs, d.f.id())
	s.metrics.subscriptions.Dec()
	if err := s.pc.RemoveTrack(d.sender); err != nil && !s.closed {
		s.log.Warn("remove track", "track", d.f.id(), "err", err)
	}
}

func (s *subscriber) negotiate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.negotiateLocked()
}

func (s *subscriber) negotiateLocked() {
	if s.closed {
		return
	}
	if s.awaitingAnswer {
		s.renegotiate = true
		return
	}
	offer, err := s.pc.CreateOffer(nil)
	if err == nil {
		err = s.pc.SetLocalDescription(offer)
	}
	if err != nil {
		s.log.Error("subscriber offer", "err", err)
		s.send(errorReply(codeInternal, "subscriber offer: "+err.Error()))
		return
	}
	s.awaitingAnswer = true
	s.send(descriptionReply(rtc.Target_SUBSCRIBER, offer))
	s.trickle.localDescriptionSent()
}

func (s *subscriber) setAnswer(answer webrtc.SessionDescription) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.awaitingAnswer {
		return errors.New("no subscriber offer is waiting for an answer")
	}
	if err := s.pc.SetRemoteDescription(answer); err != nil {
		return err
	}
	s.awaitingAnswer = false
	if err := s.trickle.remoteDescriptionSet(); err != nil {
		return err
	}
	if s.renegotiate {
		s.renegotiate = false
		s.negotiateLocked()
	}
	// Senders start only now; a keyframe asked for earlier would have been lost.
	s.requestKeyframesLocked()
	return nil
}

func (s *subscriber) requestKeyframes() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requestKeyframesLocked()
}

func (s *subscriber) requestKeyframesLocked() {
	for _, d := range s.downs {
		if !d.muted.Load() {
			d.f.requestKeyframe()
		}
	}
}

func (s *subscriber) close() {
	s.mu.Lock()
	s.closed = true
	for _, d := range s.downs {
		d.f.removeDown(d)
		s.metrics.subscriptions.Dec()
	}
	s.downs = map[string]*downTrack{}
	s.mu.Unlock()
	_ = s.pc.Close()
}
