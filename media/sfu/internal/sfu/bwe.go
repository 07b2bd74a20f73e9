package sfu

import (
	"sync"

	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/cc"
	"github.com/pion/interceptor/pkg/gcc"
	"github.com/pion/webrtc/v4"
)

// A subscriber's estimate starts where a few cameras' large layers fit, so that
// a new subscriber starts with the layers its tiles want; GCC lowers it within
// a second or two on a link that cannot carry them.
const (
	initialEstimate = 2_000_000
	minEstimate     = 50_000
	maxEstimate     = 20_000_000
)

// estimators hands each PeerConnection the bandwidth estimator (GCC over
// transport-wide congestion control feedback) that the interceptor made for
// it while the connection was being built.
type estimators struct {
	mu sync.Mutex
	m  map[string]cc.BandwidthEstimator
}

// registerBandwidthEstimation makes every PeerConnection of the API estimate
// the bandwidth towards its peer from the peer's transport-wide feedback.
func registerBandwidthEstimation(me *webrtc.MediaEngine, ir *interceptor.Registry) (*estimators, error) {
	e := &estimators{m: map[string]cc.BandwidthEstimator{}}
	factory, err := cc.NewInterceptor(func() (cc.BandwidthEstimator, error) {
		return gcc.NewSendSideBWE(
			gcc.SendSideBWEInitialBitrate(initialEstimate),
			gcc.SendSideBWEMinBitrate(minEstimate),
			gcc.SendSideBWEMaxBitrate(maxEstimate),
			// Packets go out as they come: the layers, not a pacer, keep to the estimate.
			gcc.SendSideBWEPacer(gcc.NewNoOpPacer()),
		)
	})
	if err != nil {
		return nil, err
	}
	factory.OnNewPeerConnection(func(id string, est cc.BandwidthEstimator) {
		e.mu.Lock()
		e.m[id] = est
		e.mu.Unlock()
	})
	ir.Add(factory)
	if err := webrtc.ConfigureTWCCHeaderExtensionSender(me, ir); err != nil {
		return nil, err
	}
	return e, nil
}

// take returns the estimator of a PeerConnection just made, and forgets it.
func (e *estimators) take(pc *webrtc.PeerConnection) cc.BandwidthEstimator {
	e.mu.Lock()
	defer e.mu.Unlock()
	est := e.m[pc.ID()]
	delete(e.m, pc.ID())
	return est
}
