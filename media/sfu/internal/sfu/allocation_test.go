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

func TestChooserDropsAtOnceAndMovesUpAfterAHold(t *testing.T) {
	var c layerChooser
	now := time.Unix(1000, 0)
	offers := []layerOffer{camera(layerHigh)}
	cur := c.choose(now, 2_000_000, offers, []int{layerNone})
	if cur[0] != layerHigh {
		t.Fatalf("start: %v", cur)
	}
	// An estimate a little under what is sent is GCC's noise, not a drop.
	now = now.Add(time.Second)
	if cur = c.choose(now, 800_000, offers, cur); cur[0] != layerHigh {
		t.Fatalf("dropped on noise: %v", cur)
	}
	// Congestion: the estimate falls well under the high layer.
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
		t.Fatalf("no move up after the hold: %v", cur)
	}
	// The link cannot carry it: down again, and the next move up waits twice as long.
	now = now.Add(time.Second)
	if cur = c.choose(now, 200_000, offers, cur); cur[0] != layerLow {
		t.Fatalf("move up not undone: %v", cur)
	}
	if c.hold != 2*minProbeHold {
		t.Fatalf("hold %v after a failed move up", c.hold)
	}
	now = now.Add(minProbeHold + time.Second)
	if cur = c.choose(now, 225_000, offers, cur); cur[0] != layerLow {
		t.Fatalf("moved up again before the doubled hold: %v", cur)
	}
	now = now.Add(minProbeHold)
	if cur = c.choose(now, 225_000, offers, cur); cur[0] != layerMedium {
		t.Fatalf("no move up after the doubled hold: %v", cur)
	}
	// It holds: one step further at the next choice, and the hold is back to its least.
	now = now.Add(2 * minProbeHold)
	if cur = c.choose(now, 600_000, offers, cur); cur[0] != layerHigh || c.hold != minProbeHold {
		t.Fatalf("%v, hold %v", cur, c.hold)
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
	// It grows again, with an estimate that only follows what is sent: one step a choice.
	cur = c.choose(now.Add(1500*time.Millisecond), 225_000, []layerOffer{camera(layerHigh)}, cur)
	if cur[0] != layerMedium {
		t.Fatalf("%v", cur)
	}
	if cur = c.choose(now.Add(2*time.Second), 600_000, []layerOffer{camera(layerHigh)}, cur); cur[0] != layerHigh {
		t.Fatalf("%v", cur)
	}
}
