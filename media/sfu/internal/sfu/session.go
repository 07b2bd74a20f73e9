package sfu

import (
	"sort"
	"sync"

	rtc "app.ardoise/sfu/proto"
)

// session is one class: the only scope in which tracks are announced and can be
// subscribed to. Nothing in it is reachable from another session.
type session struct {
	sid     string
	metrics *Metrics

	mu           sync.Mutex
	participants map[string]*participant
	tracks       map[string]*forwarder
	// activity is each participant's talk and camera time (activity.go).
	activity map[string]*counters
}

func newSession(sid string, m *Metrics) *session {
	return &session{sid: sid, metrics: m, participants: map[string]*participant{}, tracks: map[string]*forwarder{},
		activity: map[string]*counters{}}
}

// add makes p a member, replacing a participant of the same uid, and queues
// reply and then the tracks already published for p: holding the lock while
// queueing puts them before any later track event. It returns the replaced
// participant and the tracks that left with it.
func (s *session) add(p *participant, reply *rtc.Reply) (*participant, []*forwarder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.participants[p.uid]
	var oldTracks []*forwarder
	if old != nil {
		oldTracks = s.detachLocked(old)
	}
	s.participants[p.uid] = p
	p.session.Store(s)
	p.send(reply)
	for _, ev := range s.snapshotLocked(p) {
		p.send(ev)
	}
	return old, oldTracks
}

// remove takes p out and returns its tracks, which the caller ends. It reports
// whether p was still a member (not replaced) and whether the session is empty.
func (s *session) remove(p *participant) (tracks []*forwarder, removed, empty bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.participants[p.uid] == p {
		tracks, removed = s.detachLocked(p), true
	}
	return tracks, removed, len(s.participants) == 0
}

func (s *session) members() []*participant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*participant, 0, len(s.participants))
	for _, p := range s.participants {
		out = append(out, p)
	}
	return out
}

func (s *session) detachLocked(p *participant) []*forwarder {
	delete(s.participants, p.uid)
	var owned []*forwarder
	for id, f := range s.tracks {
		if f.owner == p {
			owned = append(owned, f)
			delete(s.tracks, id)
		}
	}
	return owned
}

// snapshotLocked lists the tracks published by others, one ADD event per user.
func (s *session) snapshotLocked(p *participant) []*rtc.Reply {
	byUser := map[string][]*rtc.TrackInfo{}
	for _, f := range s.tracks {
		if f.owner != p {
			byUser[f.owner.uid] = append(byUser[f.owner.uid], f.trackInfo())
		}
	}
	uids := make([]string, 0, len(byUser))
	for uid := range byUser {
		uids = append(uids, uid)
	}
	sort.Strings(uids)
	events := make([]*rtc.Reply, 0, len(uids))
	for _, uid := range uids {
		events = append(events, trackEventReply(rtc.TrackEvent_ADD, uid, byUser[uid]))
	}
	return events
}

// publish registers a track and announces it, and returns it; for a later
// layer of a simulcast track already published, it returns that track, which
// is not announced again. A track id already used otherwise in the session is
// refused (nil): subscriptions name tracks by id alone.
func (s *session) publish(f *forwarder) (published *forwarder, added bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.participants[f.owner.uid] != f.owner {
		return nil, false
	}
	if cur, taken := s.tracks[f.id()]; taken {
		if cur.owner == f.owner && cur.simulcast && f.simulcast {
			return cur, false
		}
		return nil, false
	}
	s.tracks[f.id()] = f
	s.metrics.publishedTracks.Inc()
	s.broadcastLocked(f.owner, trackEventReply(rtc.TrackEvent_ADD, f.owner.uid, []*rtc.TrackInfo{f.trackInfo()}))
	return f, true
}

// unpublish announces the end of a track and takes it from its subscribers.
func (s *session) unpublish(f *forwarder) {
	s.mu.Lock()
	if s.tracks[f.id()] == f {
		delete(s.tracks, f.id())
	}
	s.broadcastLocked(f.owner, trackEventReply(rtc.TrackEvent_REMOVE, f.owner.uid, []*rtc.TrackInfo{f.trackInfo()}))
	s.mu.Unlock()
	s.metrics.publishedTracks.Dec()
	for _, d := range f.close() {
		d.sub.drop(d)
	}
}

// track finds a track that another participant publishes in this session.
func (s *session) track(id string) *forwarder {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tracks[id]
}

func (s *session) broadcastLocked(from *participant, r *rtc.Reply) {
	for _, p := range s.participants {
		if p != from {
			p.send(r)
		}
	}
}
