package sfu

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/pion/interceptor/pkg/cc"
	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

var errTrackGone = errors.New("track has ended")

// chooseEvery is how often a subscriber's layers follow its bandwidth estimate.
const chooseEvery = 500 * time.Millisecond

// subscriber is the PeerConnection on which the SFU sends a participant the
// tracks it subscribed to. The SFU is always the offerer here: every change of
// subscriptions ends in a new SUBSCRIBER offer, one at a time.
type subscriber struct {
	pc      *webrtc.PeerConnection
	trickle *trickle
	send    func(*rtc.Reply)
	metrics *Metrics
	log     *slog.Logger
	// bwe estimates the bandwidth towards the subscriber; the layers keep under it.
	bwe  cc.BandwidthEstimator
	stop chan struct{}

	mu             sync.Mutex
	downs          map[string]*downTrack
	prefs          preferences
	chooser        layerChooser
	awaitingAnswer bool
	// renegotiate is set when tracks change while an offer is unanswered.
	renegotiate bool
	closed      bool
}

func newSubscriber(api *webrtc.API, bwe *estimators, send func(*rtc.Reply), m *Metrics, log *slog.Logger) (*subscriber, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	s := &subscriber{pc: pc, send: send, metrics: m, log: log, bwe: bwe.take(pc), stop: make(chan struct{}),
		downs: map[string]*downTrack{}, prefs: newPreferences()}
	s.trickle = newTrickle(rtc.Target_SUBSCRIBER, pc, send)
	if err := s.openPreferenceChannel(); err != nil {
		_ = pc.Close()
		return nil, err
	}
	go s.followEstimate()
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
			d.requestKeyframe()
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
	d := newDownTrack(f, s, local, sender, s.prefs.wanted(f))
	d.muted.Store(mute)
	if !f.addDown(d) {
		_ = s.pc.RemoveTrack(sender)
		return false, errTrackGone
	}
	s.downs[f.id()] = d
	s.metrics.subscriptions.Inc()
	go d.readRTCP()
	if f.simulcast {
		s.chooseLayersLocked()
	}
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
	s.forgetLocked(d.f)
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
			d.requestKeyframe()
		}
	}
}

// followEstimate moves the layers with the bandwidth estimate until the
// subscriber closes.
func (s *subscriber) followEstimate() {
	tick := time.NewTicker(chooseEvery)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			s.mu.Lock()
			s.chooseLayersLocked()
			s.mu.Unlock()
		}
	}
}

// chooseLayersLocked aims each simulcast track at the layer that fits both its
// tile and what is left of the estimate after the tracks sent whole.
func (s *subscriber) chooseLayersLocked() {
	if s.closed {
		return
	}
	now := time.Now()
	budget := maxEstimate
	if s.bwe != nil {
		budget = s.bwe.GetTargetBitrate()
	}
	var downs []*downTrack
	for _, d := range s.downs {
		if d.muted.Load() {
			continue
		}
		if !d.f.simulcast {
			budget -= d.f.offer(now).rates[layerLow]
			continue
		}
		downs = append(downs, d)
	}
	// The same order each time: an estimate that fits one more layer raises
	// the same track.
	sort.Slice(downs, func(i, j int) bool { return downs[i].f.id() < downs[j].f.id() })
	offers := make([]layerOffer, len(downs))
	current := make([]int, len(downs))
	for i, d := range downs {
		offers[i] = d.f.offer(now)
		offers[i].wanted = int(d.wanted.Load())
		_, current[i] = d.layer()
	}
	for i, layer := range s.chooser.choose(now, budget, offers, current) {
		if layer != current[i] {
			s.log.Debug("layer aimed", "track", downs[i].f.id(), "from", current[i], "to", layer, "estimate", budget,
				"wanted", offers[i].wanted, "live", offers[i].live, "rates", offers[i].rates)
		}
		downs[i].aim(layer)
		// A key frame asked for may have been lost; ask again while waiting.
		if c, t := downs[i].layer(); c != t {
			downs[i].requestKeyframe()
		}
	}
}

func (s *subscriber) close() {
	s.mu.Lock()
	if !s.closed {
		close(s.stop)
	}
	s.closed = true
	for _, d := range s.downs {
		d.f.removeDown(d)
		s.metrics.subscriptions.Dec()
	}
	s.downs = map[string]*downTrack{}
	s.mu.Unlock()
	_ = s.pc.Close()
}
