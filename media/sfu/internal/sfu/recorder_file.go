package sfu

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4/pkg/media/oggwriter"
)

// trackFile is one recorded track as an Ogg/Opus file in memory. Packets come from
// the track's forwarder goroutine; finish comes from a gRPC call.
type trackFile struct {
	sid, recordingID, id, uid string

	mu       sync.Mutex
	buf      bytes.Buffer
	writer   *oggwriter.Writer
	track    *oggwriter.Track
	first    time.Time
	last     time.Time
	finished bool
}

func newTrackFile(sid, recordingID, id, uid string, ssrc uint32) (*trackFile, error) {
	f := &trackFile{sid: sid, recordingID: recordingID, id: id, uid: uid}
	w, err := oggwriter.NewWriter(&f.buf, oggwriter.WithSampleRate(48000), oggwriter.WithChannelCount(2))
	if err != nil {
		return nil, err
	}
	track, err := w.NewTrack(ssrc)
	if err != nil {
		return nil, err
	}
	f.writer, f.track = w, track
	return f, nil
}

// write adds one RTP packet; a packet the writer refuses (not Opus) is skipped.
func (f *trackFile) write(pkt *rtp.Packet, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.finished {
		return
	}
	if err := f.track.WriteRTP(pkt); err != nil {
		return
	}
	if f.first.IsZero() {
		f.first = now
	}
	f.last = now
}

// finish closes the Ogg stream (its end-of-stream page); writes after it are dropped.
func (f *trackFile) finish() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.finished {
		return nil
	}
	f.finished = true
	return f.writer.Close()
}

func (f *trackFile) empty() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first.IsZero()
}

// bytes is the whole file, once finished.
func (f *trackFile) bytes() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return bytes.Clone(f.buf.Bytes())
}

func (f *trackFile) span() (first, last time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first, f.last
}

var errNotOgg = errors.New("not an Ogg/Opus stream")

// oggPage is what the recorder and its tests read back of an Ogg page.
type oggPage struct {
	headerType byte
	granule    uint64
	serial     uint32
	sequence   uint32
	payload    []byte
}

// oggPages splits an Ogg stream into its pages (RFC 3533).
func oggPages(b []byte) ([]oggPage, error) {
	var pages []oggPage
	for len(b) > 0 {
		if len(b) < 27 || string(b[:4]) != "OggS" {
			return nil, errNotOgg
		}
		segments := int(b[26])
		if len(b) < 27+segments {
			return nil, errNotOgg
		}
		size := 0
		for _, s := range b[27 : 27+segments] {
			size += int(s)
		}
		end := 27 + segments + size
		if len(b) < end {
			return nil, errNotOgg
		}
		pages = append(pages, oggPage{
			headerType: b[5],
			granule:    binary.LittleEndian.Uint64(b[6:14]),
			serial:     binary.LittleEndian.Uint32(b[14:18]),
			sequence:   binary.LittleEndian.Uint32(b[18:22]),
			payload:    b[27+segments : end],
		})
		b = b[end:]
	}
	return pages, nil
}

// oggDuration is what a player plays: the last granule position less the
// pre-skip of the OpusHead, at 48 kHz (RFC 7845).
func oggDuration(b []byte) (time.Duration, error) {
	pages, err := oggPages(b)
	if err != nil {
		return 0, err
	}
	if len(pages) == 0 || len(pages[0].payload) < 19 || string(pages[0].payload[:8]) != "OpusHead" {
		return 0, errNotOgg
	}
	preSkip := uint64(binary.LittleEndian.Uint16(pages[0].payload[10:12]))
	var granule uint64
	for _, p := range pages {
		if p.granule != ^uint64(0) && p.granule > granule {
			granule = p.granule
		}
	}
	if granule < preSkip {
		return 0, nil
	}
	return time.Duration(granule-preSkip) * time.Second / 48000, nil
}
