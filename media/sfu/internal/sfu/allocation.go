package sfu

import "time"

// layerOffer is what one subscribed simulcast track offers one subscriber: the
// layers arriving from its publisher with their rates, and the largest the
// subscriber's tile needs.
type layerOffer struct {
	wanted int
	live   [layerCount]bool
	rates  [layerCount]int // bits per second
}

// fitting is the largest live layer at most wanted; the smallest live one when
// all are larger (a picture in a tile too small beats none); layerNone when
// nothing is live or nothing is wanted.
func (o layerOffer) fitting() int {
	if o.wanted == layerNone {
		return layerNone
	}
	for l := o.wanted; l >= layerLow; l-- {
		if o.live[l] {
			return l
		}
	}
	for l := o.wanted + 1; l < layerCount; l++ {
		if o.live[l] {
			return l
		}
	}
	return layerNone
}

// up is the next live layer above l that the tile still needs, or l.
func (o layerOffer) up(l int) int {
	top := o.fitting()
	for n := l + 1; n <= top; n++ {
		if o.live[n] {
			return n
		}
	}
	return l
}

// allocate shares budget (bits per second) between a subscriber's tracks:
// each first gets its smallest live layer, even over budget, since a small
// picture is better than none; then tracks move up one layer at a time, in
// turn, while the total fits.
func allocate(budget int, offers []layerOffer) []int {
	out := make([]int, len(offers))
	total := 0
	for i, o := range offers {
		out[i] = layerNone
		if top := o.fitting(); top != layerNone {
			for l := layerLow; l <= top; l++ {
				if o.live[l] {
					out[i] = l
					total += o.rates[l]
					break
				}
			}
		}
	}
	for raised := true; raised; {
		raised = false
		for i, o := range offers {
			if out[i] == layerNone {
				continue
			}
			next := o.up(out[i])
			if next == out[i] || total-o.rates[out[i]]+o.rates[next] > budget {
				continue
			}
			total += o.rates[next] - o.rates[out[i]]
			out[i] = next
			raised = true
		}
	}
	return out
}

const (
	// minProbeHold is how long after a drop for congestion before trying a
	// layer up again that the estimate does not yet allow; each probe that ends
	// in another drop doubles it, up to maxProbeHold.
	minProbeHold = 4 * time.Second
	maxProbeHold = 32 * time.Second
)

// layerChooser turns a subscriber's bandwidth estimate into layers. The
// estimate (GCC, from transport-wide feedback) grows only to 1.5 times what is
// sent, so it can say "less" but seldom "more": it lowers layers as soon as it
// falls under their rates, raises them when they fit, and otherwise, once the
// link has been quiet for a while, tries one layer up, a probe that the
// estimate confirms or undoes.
type layerChooser struct {
	hold      time.Duration
	lastDrop  time.Time
	lastProbe time.Time
}

// choose returns the layers to aim at, from the current ones.
func (c *layerChooser) choose(now time.Time, estimate int, offers []layerOffer, current []int) []int {
	if c.hold == 0 {
		c.hold = minProbeHold
	}
	next := make([]int, len(offers))
	for i, o := range offers {
		next[i] = current[i]
		// Too large for the tile, or a layer the publisher stopped sending.
		if top := o.fitting(); next[i] == layerNone || next[i] > top || !o.live[next[i]] {
			next[i] = top
		}
	}
	fit := allocate(estimate, offers)
	dropped := false
	for i := range next {
		if fit[i] < next[i] {
			// A track's first layer is a start, not a drop.
			dropped = dropped || (current[i] != layerNone && fit[i] < current[i])
			next[i] = fit[i]
		}
	}
	if dropped {
		if !c.lastProbe.IsZero() && now.Sub(c.lastProbe) < c.hold {
			c.hold = min(2*c.hold, maxProbeHold)
		}
		c.lastDrop = now
		return next
	}
	if !c.lastProbe.IsZero() && now.Sub(c.lastProbe) >= c.hold && now.Sub(c.lastDrop) >= c.hold {
		c.hold = minProbeHold
	}
	raised := false
	for i := range next {
		if fit[i] > next[i] {
			next[i] = fit[i]
			raised = true
		}
	}
	if raised || now.Sub(c.lastDrop) < c.hold || now.Sub(c.lastProbe) < c.hold {
		return next
	}
	for i, o := range offers {
		if up := o.up(next[i]); next[i] != layerNone && up != next[i] {
			next[i] = up
			c.lastProbe = now
			break
		}
	}
	return next
}
