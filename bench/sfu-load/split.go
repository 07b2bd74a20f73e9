package main

import (
	"context"
	"fmt"
	"maps"
	"time"

	"google.golang.org/grpc"

	rtc "app.ardoise/sfu/proto"
)

// A class split across two SFUs (-sfu-b): the teacher publishes at A, students
// alternate between A and B, and B relays the teacher's tracks from A
// (ardoise.sfu.v1.Relay), as a room does when a lecture overflows its SFU.

// startRelay asks B to relay the teacher's tracks of the class from A.
func startRelay(ctx context.Context, b *grpc.ClientConn, sid, source string) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err := rtc.NewRelayClient(b).StartRelay(ctx, &rtc.StartRelayRequest{Sid: sid, Source: source, Uids: []string{teacherUID}})
	if err != nil {
		return fmt.Errorf("relay from %s: %w", source, err)
	}
	return nil
}

// clientFor places student i (0-based): every other one at B when the class is split.
func (c *class) clientFor(i int) (rtc.RTCClient, bool) {
	if c.clientB != nil && i%2 == 1 {
		return c.clientB, true
	}
	return c.client, false
}

// split is the teacher's video at the students of one SFU.
func (c *class) split(onB bool, from, to uint32, o options) trackStats {
	tv := c.teacherVideo
	c.mu.Lock()
	atB := maps.Clone(c.atB)
	c.mu.Unlock()
	var rs []*receiver
	for _, r := range c.receiversOf(tv) {
		if atB[r.uid] == onB {
			rs = append(rs, r)
		}
	}
	want := 0
	for _, p := range c.students {
		if atB[p.uid] == onB {
			want++
		}
	}
	return measureTrack(tv, rs, want, from, to, o.deadline)
}

// sideCells are the split class's extra cells: the worst student at each SFU and B's CPU.
func (r stepRow) sideCells() string {
	return fmt.Sprintf(" %.2f%% / %.2f%% | %.0f%% |", r.worstA*100, r.worstB*100, r.sfuBCPU)
}
