package sfu

import (
	"time"

	"github.com/pion/rtp"
)

// rewriter gives the packets one subscriber receives of one track a single
// sequence number and timestamp space, whichever layer they come from: the
// subscriber sees one continuous stream (its sender sets the SSRC). Within a
// layer the numbers only move by a fixed offset, so reordering and gaps pass
// through as they came.
type rewriter struct {
	clockRate uint32
	started   bool
	// Out = in + offset, modulo 2^16 and 2^32.
	seqOffset uint16
	tsOffset  uint32
	// highestIn is the newest input sequence number since the last rebase, and
	// sinceBase how far it is past the rebase's first packet: a packet from
	// before the rebase (a late one of the old layer's numbering) is dropped.
	highestIn uint16
	sinceBase int
	// lastSeq and lastTS are the newest packet written; lastAt when it came.
	lastSeq uint16
	lastTS  uint32
	lastAt  time.Time
}

// rebase makes pkt continue the stream: the next sequence number, and a
// timestamp as far past the last one as the wall clock went (one tick at least,
// so that the new picture is never taken for the old one).
func (r *rewriter) rebase(pkt *rtp.Packet, now time.Time) {
	if !r.started {
		// The first layer keeps its own numbers: a track without simulcast is
		// forwarded as it came.
		r.started = true
		r.seqOffset, r.tsOffset = 0, 0
	} else {
		ticks := uint32(1)
		if elapsed := now.Sub(r.lastAt); elapsed > 0 {
			ticks = max(1, uint32(elapsed.Seconds()*float64(r.clockRate)))
		}
		r.seqOffset = r.lastSeq + 1 - pkt.SequenceNumber
		r.tsOffset = r.lastTS + ticks - pkt.Timestamp
	}
	r.highestIn = pkt.SequenceNumber
	r.sinceBase = 0
	r.lastSeq = pkt.SequenceNumber + r.seqOffset - 1
	r.lastTS = pkt.Timestamp + r.tsOffset
	r.lastAt = now
}

// rewrite renumbers pkt in place; false for a packet to drop, from before the
// last rebase.
func (r *rewriter) rewrite(pkt *rtp.Packet, now time.Time) bool {
	if !r.started {
		r.rebase(pkt, now)
	}
	diff := int(int16(pkt.SequenceNumber - r.highestIn))
	if r.sinceBase+diff < 0 {
		return false
	}
	pkt.SequenceNumber += r.seqOffset
	pkt.Timestamp += r.tsOffset
	if diff > 0 || (diff == 0 && r.sinceBase == 0) {
		r.highestIn = pkt.SequenceNumber - r.seqOffset
		r.sinceBase += diff
		r.lastSeq = pkt.SequenceNumber
		r.lastTS = pkt.Timestamp
		r.lastAt = now
	}
	return true
}
