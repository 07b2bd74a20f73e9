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
	// minProbeHold is how long after a drop for congestion before moving a
	// layer up again; each move up that ends in another drop within the hold
	// doubles it, up to maxProbeHold.
	minProbeHold = 4 * time.Second
	maxProbeHold = 32 * time.Second
	// congested: the estimate under this share of what the layers send. GCC
	// puts its estimate at 0.85 of the rate that gets through when the delay
	// grows, and between 1 and 1.5 times what is sent otherwise.
	congested = 0.8
)

// layerChooser turns a subscriber's bandwidth estimate into layers. The
// estimate (GCC, from transport-wide feedback) grows only to 1.5 times what is
// sent, so it can say "less" but not "more": layers drop to what fits it as
// soon as it falls well under what they send, and otherwise move up towards
// what the tiles want one step per choice, once the last drop is a hold old.
// A move up the link cannot carry ends in another drop, and a longer hold.
type layerChooser struct {
	hold     time.Duration
	lastDrop time.Time
	lastRise time.Time
}

// choose returns the layers to aim at, from the current ones.
func (c *layerChooser) choose(now time.Time, estimate int, offers []layerOffer, current []int) []int {
	if c.hold == 0 {
		c.hold = minProbeHold
	}
	next := make([]int, len(offers))
	sent := 0
	for i, o := range offers {
		next[i] = current[i]
		// Too large for the tile, or a layer the publisher stopped sending.
		if top := o.fitting(); next[i] == layerNone || next[i] > top || !o.live[next[i]] {
			next[i] = top
		}
		if current[i] != layerNone {
			sent += o.rates[current[i]]
		}
	}
	if float64(estimate) < congested*float64(sent) {
		fit := allocate(estimate, offers)
		dropped := false
		for i := range next {
			if fit[i] < next[i] {
				dropped = dropped || fit[i] < current[i]
				next[i] = fit[i]
			}
		}
		if dropped {
			if !c.lastRise.IsZero() && now.Sub(c.lastRise) < c.hold {
				c.hold = min(2*c.hold, maxProbeHold)
			}
			c.lastDrop = now
		}
		return next
	}
	if now.Sub(c.lastDrop) < c.hold {
		return next
	}
	if !c.lastRise.IsZero() && now.Sub(c.lastRise) >= c.hold {
		// The last move up held.
		c.hold = minProbeHold
	}
	for i, o := range offers {
		if up := o.up(next[i]); next[i] != layerNone && up != next[i] {
			next[i] = up
			c.lastRise = now
			break
		}
	}
	return next
}
