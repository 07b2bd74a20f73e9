package sfu

import (
	"fmt"
	"sync"

	"github.com/pion/webrtc/v4"
	"google.golang.org/protobuf/proto"

	rtc "app.ardoise/sfu/proto"
)

// publisher is the PeerConnection on which a participant sends its tracks; the
// client offers and the SFU answers.
type publisher struct {
	pc      *webrtc.PeerConnection
	trickle *trickle

	mu sync.Mutex
	// declared holds the trackInfos that came with the latest offer, so that a
	// track's metadata (screen share or camera, label) reaches the TrackEvent.
	declared map[string]*rtc.TrackInfo
}

func newPublisher(api *webrtc.API, bwe *estimators, send func(*rtc.Reply), m *Metrics) (*publisher, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	// The SFU sends nothing on this connection: nothing to estimate.
	bwe.take(pc)
	p := &publisher{pc: pc, declared: map[string]*rtc.TrackInfo{}}
	p.trickle = newTrickle(rtc.Target_PUBLISHER, pc, send)
	pc.OnConnectionStateChange(func(state webrtc.PeerConnectionState) {
		m.iceStates.WithLabelValues("publisher", state.String()).Inc()
	})
	return p, nil
}

// answer applies an offer and returns the answer to send back; the caller queues
// it and then calls trickle.localDescriptionSent.
func (p *publisher) answer(offer *rtc.SessionDescription) (webrtc.SessionDescription, error) {
	p.mu.Lock()
	for _, ti := range offer.GetTrackInfos() {
		p.declared[ti.GetId()] = proto.Clone(ti).(*rtc.TrackInfo)
	}
	p.mu.Unlock()

	sd := webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer.GetSdp()}
	if err := p.pc.SetRemoteDescription(sd); err != nil {
		return webrtc.SessionDescription{}, err
	}
	if err := p.trickle.remoteDescriptionSet(); err != nil {
		return webrtc.SessionDescription{}, err
	}
	answer, err := p.pc.CreateAnswer(nil)
	if err != nil {
		return webrtc.SessionDescription{}, err
	}
	if err := p.pc.SetLocalDescription(answer); err != nil {
		return webrtc.SessionDescription{}, err
	}
	return answer, nil
}

// trackInfo describes a remote track: what the client declared, corrected by what
// actually arrived.
func (p *publisher) trackInfo(remote *webrtc.TrackRemote) *rtc.TrackInfo {
	p.mu.Lock()
	info := p.declared[remote.ID()]
	p.mu.Unlock()
	if info == nil {
		info = &rtc.TrackInfo{}
	} else {
		info = proto.Clone(info).(*rtc.TrackInfo)
	}
	info.Id = remote.ID()
	if info.Id == "" {
		// A sender without msid; subscriptions still need a name for its track.
		info.Id = fmt.Sprintf("ssrc-%d", remote.SSRC())
	}
	info.Kind = remote.Kind().String()
	info.StreamId = remote.StreamID()
	return info
}

func (p *publisher) close() { _ = p.pc.Close() }
