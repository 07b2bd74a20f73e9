package sfu

import (
	"sync"

	rtc "app.ardoise/sfu/proto"
)

// sessions maps a session id to its session; a session lives while it has
// participants.
type sessions struct {
	metrics *Metrics

	mu sync.Mutex
	m  map[string]*session
}

func newSessions(m *Metrics) *sessions {
	return &sessions{metrics: m, m: map[string]*session{}}
}

// join adds p to session sid (see session.add) and returns whom it replaced.
func (r *sessions) join(sid string, p *participant, reply *rtc.Reply) (*participant, []*forwarder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.m[sid]
	if s == nil {
		s = newSession(sid, r.metrics)
		r.m[sid] = s
		r.metrics.sessions.Inc()
	}
	old, tracks := s.add(p, reply)
	if old == nil {
		r.metrics.participants.Inc()
	}
	return old, tracks
}

// leave removes p and returns the tracks it published, for the caller to end.
func (r *sessions) leave(p *participant) []*forwarder {
	s := p.session.Load()
	if s == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	tracks, removed, empty := s.remove(p)
	if removed {
		r.metrics.participants.Dec()
	}
	if empty && r.m[s.sid] == s {
		delete(r.m, s.sid)
		r.metrics.sessions.Dec()
	}
	return tracks
}

// participants lists every member of every session, for shutdown.
func (r *sessions) participants() []*participant {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*participant
	for _, s := range r.m {
		out = append(out, s.members()...)
	}
	return out
}
