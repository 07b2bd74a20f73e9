package main

import (
	"math"
	"slices"
	"time"
)

// trackStats is how one source's frames reached its receivers during a window.
type trackStats struct {
	receivers    int     // receivers expected (one per subscriber)
	connected    int     // of them, those that exist and had a packet
	framesSent   int     // by the source in the window
	worstFrames  float64 // lowest share of frames complete in time over the receivers
	medianFrames float64
	pktsExpected int64
	pktsGot      int64
	latency      []int64 // send to last packet, every complete frame of every receiver
	interFrame   []int64 // between consecutive complete frames at a receiver
	late         int     // complete, but after the deadline
}

func (t trackStats) loss() float64 {
	if t.pktsExpected == 0 {
		return 0
	}
	return 1 - float64(t.pktsGot)/float64(t.pktsExpected)
}

// measureTrack accounts for frames [from, to) of src at its receivers. A frame
// counts as delivered when every packet of it arrived within deadline of its
// send: a browser's jitter buffer would have given up on it later (a freeze).
// Receivers that never connected count as having received nothing.
func measureTrack(src *source, rs []*receiver, want int, from, to uint32, deadline time.Duration) trackStats {
	st := trackStats{receivers: want, framesSent: int(to - from)}
	var shares []float64
	for _, r := range rs {
		if !r.first.Load() {
			continue
		}
		st.connected++
		ok := 0
		var prevDone int64
		for f := from; f != to; f++ {
			sf, known := src.sentAt(f)
			if !known {
				continue
			}
			res := r.result(f, sf)
			st.pktsExpected += int64(res.expected)
			st.pktsGot += int64(res.got)
			if res.latencyNano < 0 {
				continue
			}
			if res.latencyNano > int64(deadline) {
				st.late++
				continue
			}
			ok++
			st.latency = append(st.latency, res.latencyNano)
			if prevDone != 0 {
				st.interFrame = append(st.interFrame, res.doneNano-prevDone)
			}
			prevDone = res.doneNano
		}
		if st.framesSent > 0 {
			shares = append(shares, float64(ok)/float64(st.framesSent))
		}
	}
	for len(shares) < want {
		shares = append(shares, 0)
	}
	if len(shares) > 0 {
		slices.Sort(shares)
		st.worstFrames = shares[0]
		st.medianFrames = shares[len(shares)/2]
	}
	return st
}

// percentile of unsorted values (sorted in place), nearest rank.
func percentile(v []int64, p float64) int64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	i := int(p*float64(len(v))+0.5) - 1
	return v[max(0, min(i, len(v)-1))]
}

// median ignores unknown (NaN) values; none known gives NaN.
func median(v []float64) float64 {
	s := slices.DeleteFunc(slices.Clone(v), math.IsNaN)
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	return s[len(s)/2]
}
