package sfu

import (
	"slices"
	"testing"
	"time"
)

// camera offers the three layers at rates like Chromium's for a 360p camera.
func camera(wanted int) layerOffer {
	return layerOffer{wanted: wanted, live: [layerCount]bool{true, true, true}, rates: [layerCount]int{150_000, 400_000, 900_000}}
}

func TestAllocateFitsTileAndBudget(t *testing.T) {
	cases := []struct {
		name   string
		budget int
		offers []layerOffer
		want   []int
	}{
		{"a small tile gets the low layer however large the budget", 10_000_000, []layerOffer{camera(layerLow)}, []int{layerLow}},
		{"a large tile gets the high layer when it fits", 2_000_000, []layerOffer{camera(layerHigh)}, []int{layerHigh}},
		{"a medium tile", 2_000_000, []layerOffer{camera(layerMedium)}, []int{layerMedium}},
		{"the budget caps the layer", 500_000, []layerOffer{camera(layerHigh)}, []int{layerMedium}},
		{"below every layer the low one still goes", 10_000, []layerOffer{camera(layerHigh)}, []int{layerLow}},
		{"a hidden tile gets nothing", 10_000_000, []layerOffer{camera(layerNone)}, []int{layerNone}},
		{"tracks move up in turn", 1_000_000, []layerOffer{camera(layerHigh), camera(layerHigh)}, []int{layerMedium, layerMedium}},
		{"a stopped layer is skipped", 2_000_000,
			[]layerOffer{{wanted: layerHigh, live: [layerCount]bool{true, true, false}, rates: [layerCount]int{150_000, 400_000, 0}}}, []int{layerMedium}},
		{"a tile smaller than every live layer gets the smallest live one", 2_000_000,
			[]layerOffer{{wanted: layerLow, live: [layerCount]bool{false, true, true}, rates: [layerCount]int{0, 400_000, 900_000}}}, []int{layerMedium}},
		{"nothing live", 2_000_000, []layerOffer{{wanted: layerHigh}}, []int{layerNone}},
	}
	for _, c := range cases {
		if got := allocate(c.budget, c.offers); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestChooserDropsAtOnceAndProbesUpAfterAHold(t *testing.T) {
	var c layerChooser
	now := time.Unix(1000, 0)
	offers := []layerOffer{camera(layerHigh)}
	cur := c.choose(now, 2_000_000, offers, []int{layerNone})
	if cur[0] != layerHigh {
		t.Fatalf("start: %v", cur)
	}
	// Congestion: the estimate falls under the high layer.
	now = now.Add(time.Second)
	if cur = c.choose(now, 300_000, offers, cur); cur[0] != layerLow {
		t.Fatalf("after the drop: %v", cur)
	}
	// The estimate of a link sending only the low layer grows to 1.5 times it,
	// short of the medium layer: no move until the hold has passed.
	for range 7 {
		now = now.Add(500 * time.Millisecond)
		if cur = c.choose(now, 225_000, offers, cur); cur[0] != layerLow {
			t.Fatalf("moved up within the hold: %v", cur)
		}
	}
	now = now.Add(600 * time.Millisecond)
	if cur = c.choose(now, 225_000, offers, cur); cur[0] != layerMedium {
		t.Fatalf("no probe after the hold: %v", cur)
	}
	// The probe congests the link: down again, and the next probe waits twice as long.
	now = now.Add(time.Second)
	if cur = c.choose(now, 200_000, offers, cur); cur[0] != layerLow {
		t.Fatalf("probe not undone: %v", cur)
	}
	if c.hold != 2*minProbeHold {
		t.Fatalf("hold %v after a failed probe", c.hold)
	}
	now = now.Add(minProbeHold + time.Second)
	if cur = c.choose(now, 225_000, offers, cur); cur[0] != layerLow {
		t.Fatalf("probed again before the doubled hold: %v", cur)
	}
	// An estimate that fits raises at once.
	if cur = c.choose(now, 600_000, offers, cur); cur[0] != layerMedium {
		t.Fatalf("estimate fits the medium layer: %v", cur)
	}
}

func TestChooserFollowsTheTileWithoutPenalty(t *testing.T) {
	var c layerChooser
	now := time.Unix(1000, 0)
	cur := c.choose(now, 2_000_000, []layerOffer{camera(layerHigh)}, []int{layerNone})
	// The tile shrinks: down to low, not a congestion drop.
	cur = c.choose(now.Add(time.Second), 2_000_000, []layerOffer{camera(layerLow)}, cur)
	if cur[0] != layerLow || !c.lastDrop.IsZero() {
		t.Fatalf("%v, last drop %v", cur, c.lastDrop)
	}
	// It grows again: up at once, the estimate allows it.
	if cur = c.choose(now.Add(2*time.Second), 2_000_000, []layerOffer{camera(layerHigh)}, cur); cur[0] != layerHigh {
		t.Fatalf("%v", cur)
	}
}
