package sfu

import (
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// minReportEvery bounds how often a Watch stream may be sent a report.
const minReportEvery = 500 * time.Millisecond

// find returns the session sid while it has participants, or nil.
func (r *sessions) find(sid string) *session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[sid]
}

// counters returns what the session measured of participant uid, made on
// first use. They live as long as the session: one that empties and starts
// again counts from zero.
func (s *session) counters(uid string) *counters {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.activity[uid]
	if c == nil {
		c = &counters{}
		s.activity[uid] = c
	}
	return c
}

// measured returns the counters of participant uid of session sid, or nil.
func (r *sessions) measured(sid, uid string) *counters {
	s := r.find(sid)
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activity[uid]
}

// counters are one participant's cumulative talk and camera time. Camera time
// is a union of spans, so that two camera tracks (or two simulcast layers of
// one) running at once count once.
type counters struct {
	mu          sync.Mutex
	talk        time.Duration
	camera      time.Duration
	cameraUntil time.Time
}

func (c *counters) addTalk(d time.Duration) {
	c.mu.Lock()
	c.talk += d
	c.mu.Unlock()
}

func (c *counters) cameraSpan(from, to time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if from.Before(c.cameraUntil) {
		from = c.cameraUntil
	}
	if to.After(from) {
		c.camera += to.Sub(from)
		c.cameraUntil = to
	}
}

func (c *counters) report() *rtc.ActivityReport {
	if c == nil {
		return &rtc.ActivityReport{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return &rtc.ActivityReport{TalkMs: c.talk.Milliseconds(), CameraMs: c.camera.Milliseconds()}
}

// ActivityServer serves ardoise.sfu.v1.Activity from the server's measures.
type ActivityServer struct {
	rtc.UnimplementedActivityServer
	sessions *sessions
}

// Activity is the Activity service of this server, to register beside RTC.
func (s *Server) Activity() *ActivityServer { return &ActivityServer{sessions: s.sessions} }

// Watch sends the participant's counters at once, then every every_ms when
// they changed. It looks them up at each tick: a session that emptied and
// started again has new counters, which the caller sees start from zero.
func (a *ActivityServer) Watch(req *rtc.WatchRequest, stream rtc.Activity_WatchServer) error {
	if req.GetSid() == "" || req.GetUid() == "" {
		return status.Error(codes.InvalidArgument, "sid and uid are required")
	}
	every := time.Duration(req.GetEveryMs()) * time.Millisecond
	if every < minReportEvery {
		every = minReportEvery
	}
	last := a.sessions.measured(req.GetSid(), req.GetUid()).report()
	if err := stream.Send(last); err != nil {
		return err
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stream.Context().Done():
			return nil
		case <-tick.C:
			now := a.sessions.measured(req.GetSid(), req.GetUid()).report()
			if now.GetTalkMs() == last.GetTalkMs() && now.GetCameraMs() == last.GetCameraMs() {
				continue
			}
			if err := stream.Send(now); err != nil {
				return err
			}
			last = now
		}
	}
}
