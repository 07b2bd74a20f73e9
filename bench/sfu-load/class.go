package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

type clock struct{ start time.Time }

func (c *clock) now() int64 { return int64(time.Since(c.start)) }

// class is one SFU session: a teacher and the students added step by step.
type class struct {
	ctx    context.Context
	api    *webrtc.API
	client rtc.RTCClient
	clk    *clock
	sid    string
	// teacherSeesStudents makes the teacher subscribe to every student's camera
	// (the room's default policy); off, only the students receive (the issue's
	// scenario: each publishes and receives the teacher).
	teacherSeesStudents bool
	studentCameras      bool
	// clientB is the second SFU of a split class (split.go), nil otherwise; atB
	// tells which students joined there.
	clientB rtc.RTCClient
	atB     map[string]bool

	teacher        *peer
	teacherVideo   *source
	teacherAudio   *source
	students       []*peer
	studentSources []*source

	mu        sync.Mutex
	sources   map[string]*source // by track id, which the SFU keeps (msid)
	receivers []*receiver
}

const teacherUID = "teacher"

func (c *class) register(s *source) {
	c.mu.Lock()
	c.sources[s.id] = s
	c.mu.Unlock()
}

// onTrack starts accounting for a forwarded track; the track id tells which of
// our sources it carries.
func (c *class) onTrack(p *peer, tr *webrtc.TrackRemote) {
	c.mu.Lock()
	src := c.sources[tr.ID()]
	var r *receiver
	if src != nil {
		r = &receiver{uid: p.uid, src: src, clock: c.clk}
		c.receivers = append(c.receivers, r)
	}
	c.mu.Unlock()
	if r == nil {
		return
	}
	r.run(tr)
}

func (c *class) startTeacher(audio bool) error {
	var err error
	if c.teacherVideo, err = newSource("cam-teacher", "stream-teacher", video360p, c.clk); err != nil {
		return err
	}
	srcs := []*source{c.teacherVideo}
	if audio {
		if c.teacherAudio, err = newSource("mic-teacher", "stream-teacher", opusVoice, c.clk); err != nil {
			return err
		}
		srcs = append(srcs, c.teacherAudio)
	}
	for _, s := range srcs {
		c.register(s)
	}
	p, err := joinPeer(c.ctx, c.api, c.client, peerOpts{
		sid: c.sid, uid: teacherUID, sources: srcs, noSubscribe: !c.teacherSeesStudents,
		wants:   func(string, *rtc.TrackInfo) bool { return c.teacherSeesStudents },
		onTrack: c.onTrack,
	})
	if err != nil {
		return err
	}
	c.teacher = p
	if err := waitJoined(p); err != nil {
		return err
	}
	for _, s := range srcs {
		go s.run(c.ctx)
	}
	// Students learn of the teacher's tracks from the events sent at their join,
	// which needs the tracks to have started arriving at the SFU.
	return until(15*time.Second, "teacher's publisher connected", func() bool {
		return p.pub.ConnectionState() == webrtc.PeerConnectionStateConnected
	})
}

// addStudents joins students until there are n, a few at a time, as a class
// fills in; each publishes its camera and subscribes to the teacher's tracks.
func (c *class) addStudents(n int) error {
	const parallel = 4
	first := len(c.students)
	if n <= first {
		return nil
	}
	peers := make([]*peer, n-first)
	srcs := make([]*source, n-first)
	errs := make([]error, n-first)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range peers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			client, onB := c.clientFor(first + i)
			peers[i], srcs[i], errs[i] = c.joinStudent(fmt.Sprintf("student-%03d", first+i+1), client, onB)
		}()
	}
	wg.Wait()
	for i := range peers {
		if peers[i] != nil {
			c.students = append(c.students, peers[i])
			if srcs[i] != nil {
				c.studentSources = append(c.studentSources, srcs[i])
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	// Every student must be receiving the teacher's video before a window counts.
	err := until(30*time.Second+time.Duration(n)*time.Second/2, "teacher video at every student", func() bool {
		return c.receiving(c.teacherVideo) >= n
	})
	if err != nil {
		return fmt.Errorf("%w (%d of %d receiving, %d subscriber connections up)", err, c.receiving(c.teacherVideo), n, c.subscribersUp())
	}
	return nil
}

func (c *class) joinStudent(uid string, client rtc.RTCClient, onB bool) (*peer, *source, error) {
	c.mu.Lock()
	c.atB[uid] = onB
	c.mu.Unlock()
	var src *source
	var srcs []*source
	if c.studentCameras {
		var err error
		if src, err = newSource("cam-"+uid, "stream-"+uid, video360p, c.clk); err != nil {
			return nil, nil, err
		}
		c.register(src)
		srcs = []*source{src}
	}
	p, err := joinPeer(c.ctx, c.api, client, peerOpts{
		sid: c.sid, uid: uid, sources: srcs,
		wants:   func(from string, _ *rtc.TrackInfo) bool { return from == teacherUID },
		onTrack: c.onTrack,
	})
	if err != nil {
		return nil, nil, err
	}
	if err := waitJoined(p); err != nil {
		return p, src, err
	}
	if src != nil {
		go src.run(c.ctx)
	}
	return p, src, nil
}

func (c *class) subscribersUp() int {
	n := 0
	for _, p := range c.students {
		if p.sub.ConnectionState() == webrtc.PeerConnectionStateConnected {
			n++
		}
	}
	return n
}

// receiving counts the receivers of src that have had a packet.
func (c *class) receiving(src *source) int {
	n := 0
	for _, r := range c.receiversOf(src) {
		if r.first.Load() {
			n++
		}
	}
	return n
}

func (c *class) receiversOf(src *source) []*receiver {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*receiver
	for _, r := range c.receivers {
		if r.src == src {
			out = append(out, r)
		}
	}
	return out
}

func (c *class) close() {
	for _, p := range c.students {
		p.close()
	}
	if c.teacher != nil {
		c.teacher.close()
	}
}

func waitJoined(p *peer) error {
	select {
	case err := <-p.joined:
		return err
	case <-time.After(20 * time.Second):
		return fmt.Errorf("%s: no join reply in 20 s", p.uid)
	}
}

func until(d time.Duration, what string, cond func() bool) error {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// joinErr shortens a long error for a table cell.
func joinErr(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ReplaceAll(s, "|", "/")
}
