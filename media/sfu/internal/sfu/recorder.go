package sfu

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"
)

// fileKept bounds how long an ended recording's file waits in memory for the node
// to fetch it: a node that crashed between stop and fetch must not leave a
// teacher's voice here for ever.
const fileKept = time.Hour

// recorder holds the SFU's recordings: at most one active per session, naming
// the participants whose audio it records, and the files of ended ones until the
// node has fetched and discarded them. Files live in memory only: nothing of a
// class is ever written to the SFU's disk.
type recorder struct {
	sessions *sessions
	log      *slog.Logger

	mu     sync.Mutex
	active map[string]*recording // by sid
	files  map[string]*trackFile // ended, by file id
}

// recording is one span of a session's recording.
type recording struct {
	sid, id string
	uids    map[string]bool
	tracks  map[*forwarder]*trackFile
	next    int
}

func newRecorder(s *sessions, log *slog.Logger) *recorder {
	return &recorder{sessions: s, log: log, active: map[string]*recording{}, files: map[string]*trackFile{}}
}

// start begins recording id in session sid, or updates whom it records.
func (r *recorder) start(sid, id string, uids []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.active[sid]
	if rec != nil && rec.id != id {
		r.endLocked(rec)
		rec = nil
	}
	if rec == nil {
		rec = &recording{sid: sid, id: id, tracks: map[*forwarder]*trackFile{}}
		r.active[sid] = rec
		r.log.Info("recording started", "sid", sid, "recording", id)
	}
	rec.uids = map[string]bool{}
	for _, uid := range uids {
		rec.uids[uid] = true
	}
	for f := range rec.tracks {
		if !rec.uids[f.owner.uid] {
			r.finishLocked(rec, f)
		}
	}
	for _, f := range r.sessions.tracksOf(sid) {
		r.attachLocked(rec, f)
	}
}

// stop ends recording id of session sid if it is still on, and lists its files.
func (r *recorder) stop(sid, id string) []*trackFile {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rec := r.active[sid]; rec != nil && rec.id == id {
		r.endLocked(rec)
	}
	var out []*trackFile
	for _, file := range r.files {
		if file.sid == sid && file.recordingID == id {
			out = append(out, file)
		}
	}
	return out
}

func (r *recorder) file(id string) *trackFile {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.files[id]
}

func (r *recorder) discard(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.files, id)
}

// published records a new track if its session's recording names its publisher.
func (r *recorder) published(sid string, f *forwarder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rec := r.active[sid]; rec != nil {
		r.attachLocked(rec, f)
	}
}

// unpublished closes the file of a track that ended while recorded.
func (r *recorder) unpublished(sid string, f *forwarder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rec := r.active[sid]; rec != nil {
		r.finishLocked(rec, f)
	}
}

// attachLocked starts a file for an audio track of a named participant. Video and
// everyone else's audio are never recorded.
func (r *recorder) attachLocked(rec *recording, f *forwarder) {
	if f.remote.Kind() != webrtc.RTPCodecTypeAudio || !rec.uids[f.owner.uid] || rec.tracks[f] != nil {
		return
	}
	rec.next++
	file, err := newTrackFile(rec.sid, rec.id, fmt.Sprintf("%s-%d", rec.id, rec.next), f.owner.uid, uint32(f.remote.SSRC()))
	if err != nil {
		r.log.Warn("recording refused a track", "sid", rec.sid, "uid", f.owner.uid, "err", err)
		return
	}
	rec.tracks[f] = file
	f.recording.Store(file)
}

func (r *recorder) finishLocked(rec *recording, f *forwarder) {
	file := rec.tracks[f]
	if file == nil {
		return
	}
	delete(rec.tracks, f)
	f.recording.CompareAndSwap(file, nil)
	if err := file.finish(); err != nil {
		r.log.Warn("recording lost a track", "sid", rec.sid, "uid", file.uid, "err", err)
		return
	}
	if file.empty() {
		return
	}
	r.files[file.id] = file
	time.AfterFunc(fileKept, func() { r.discard(file.id) })
}

func (r *recorder) endLocked(rec *recording) {
	for f := range rec.tracks {
		r.finishLocked(rec, f)
	}
	delete(r.active, rec.sid)
	r.log.Info("recording stopped", "sid", rec.sid, "recording", rec.id)
}

// tracksOf lists the tracks published in session sid.
func (r *sessions) tracksOf(sid string) []*forwarder {
	r.mu.Lock()
	s := r.m[sid]
	r.mu.Unlock()
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*forwarder, 0, len(s.tracks))
	for _, f := range s.tracks {
		out = append(out, f)
	}
	return out
}
