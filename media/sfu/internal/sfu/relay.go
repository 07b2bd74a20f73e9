package sfu

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// relayKey names a relay: one per session and source SFU, so that a second
// start changes the list of whom it relays instead of joining the source twice.
type relayKey struct{ sid, source string }

// relays are the cascades into this server's sessions (relay_*.go): each joins
// a session at another SFU as a hidden subscriber and republishes what it
// receives here, under stand-in participants that carry the publishers' uids.
type relays struct {
	srv *Server
	log *slog.Logger
	// uid is how this server joins at sources: unique per server, so that two
	// SFUs relaying from one source do not replace each other there.
	uid    string
	active prometheus.Gauge

	mu     sync.Mutex
	m      map[relayKey]*relay
	closed bool
}

func newRelays(srv *Server, m *Metrics, log *slog.Logger) *relays {
	var id [6]byte
	_, _ = rand.Read(id[:])
	active := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "sfu_relays", Help: "Relays pulling a session's tracks from another SFU into this one.",
	})
	m.Registry.MustRegister(active)
	return &relays{srv: srv, log: log, uid: "sfu-relay-" + hex.EncodeToString(id[:]), active: active, m: map[relayKey]*relay{}}
}

// start relays uids' tracks of session key.sid from key.source, or gives an
// existing relay the new list. It returns once joined at the source.
func (rs *relays) start(key relayKey, uids []string) error {
	rs.mu.Lock()
	if existing := rs.m[key]; existing != nil {
		rs.mu.Unlock()
		existing.want(uids)
		return nil
	}
	if rs.closed {
		rs.mu.Unlock()
		return errShutdown
	}
	rs.mu.Unlock()

	r, err := dialRelay(rs, key, uids)
	if err != nil {
		return err
	}
	rs.mu.Lock()
	if rs.closed || rs.m[key] != nil {
		// Shut down, or a concurrent start of the same relay won: this one goes.
		existing := rs.m[key]
		rs.mu.Unlock()
		r.stop()
		if existing == nil {
			return errShutdown
		}
		existing.want(uids)
		return nil
	}
	rs.m[key] = r
	rs.active.Inc()
	rs.mu.Unlock()
	go r.run()
	return nil
}

// stop ends the relay if there is one.
func (rs *relays) stop(key relayKey) {
	rs.mu.Lock()
	r := rs.take(key)
	rs.mu.Unlock()
	if r != nil {
		r.stop()
	}
}

// ended forgets r once its stream to the source has ended by itself.
func (rs *relays) ended(r *relay) {
	rs.mu.Lock()
	if rs.m[r.key] == r {
		rs.take(r.key)
	}
	rs.mu.Unlock()
}

func (rs *relays) take(key relayKey) *relay {
	r := rs.m[key]
	if r != nil {
		delete(rs.m, key)
		rs.active.Dec()
	}
	return r
}

// participantLeft stops the relays into sid once nobody but stand-ins is left
// there: nobody at this SFU needs the source's tracks any more.
func (rs *relays) participantLeft(sid string) {
	if s := rs.srv.sessions.find(sid); s != nil && s.hasLocal() {
		return
	}
	rs.mu.Lock()
	var gone []*relay
	for key := range rs.m {
		if key.sid == sid {
			gone = append(gone, rs.take(key))
		}
	}
	rs.mu.Unlock()
	for _, r := range gone {
		r.stop()
	}
}

// close stops every relay, for shutdown; no new one starts.
func (rs *relays) close() {
	rs.mu.Lock()
	rs.closed = true
	var all []*relay
	for key := range rs.m {
		all = append(all, rs.take(key))
	}
	rs.mu.Unlock()
	for _, r := range all {
		r.stop()
	}
}

// hasLocal reports whether someone other than a relay's stand-in is a member.
func (s *session) hasLocal() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.participants {
		if !p.standIn {
			return true
		}
	}
	return false
}

// joinStandIn adds a relay's stand-in for uid to session sid unless a
// participant of that uid is already there: a stand-in never replaces anyone.
func (r *sessions) joinStandIn(sid string, p *participant) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.m[sid]
	if s == nil {
		s = newSession(sid, r.metrics)
		r.m[sid] = s
		r.metrics.sessions.Inc()
	}
	s.mu.Lock()
	_, taken := s.participants[p.uid]
	s.mu.Unlock()
	if taken {
		return false
	}
	s.add(p, nil)
	r.metrics.participants.Inc()
	return true
}
