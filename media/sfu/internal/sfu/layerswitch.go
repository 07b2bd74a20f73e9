package sfu

import (
	"time"

	"github.com/pion/rtp"
)

// layerSwitch decides which packets of a simulcast track one subscriber gets.
// A new layer is taken only from its first key frame on; until then the
// current one keeps flowing, so a switch never freezes the picture.
type layerSwitch struct {
	current int
	target  int
	rw      rewriter
}

func newLayerSwitch(clockRate uint32, initial int) layerSwitch {
	return layerSwitch{current: initial, target: initial, rw: rewriter{clockRate: clockRate}}
}

// aim sets the layer to move to. layerNone stops at once: there is nothing to
// wait for.
func (s *layerSwitch) aim(layer int) {
	s.target = layer
	if layer == layerNone {
		s.current = layerNone
	}
}

// pending reports whether a key frame of the target layer is awaited.
func (s *layerSwitch) pending() bool { return s.target != s.current }

// forward reports whether pkt, of the given layer, goes to the subscriber; if
// so it has been renumbered.
func (s *layerSwitch) forward(layer int, pkt *rtp.Packet, keyframe bool, now time.Time) bool {
	if layer == s.target && s.target != s.current && keyframe {
		s.current = s.target
		s.rw.rebase(pkt, now)
	}
	if layer != s.current || s.current == layerNone {
		return false
	}
	return s.rw.rewrite(pkt, now)
}
