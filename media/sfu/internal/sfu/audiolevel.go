package sfu

import (
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

// audioLevelURI is RFC 6464's header extension: each audio packet carries the
// level of the audio it holds, so talk time is read without decoding Opus.
const audioLevelURI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

const (
	// speakingLevel: a level (-dBov) at or under this is someone speaking.
	// Silence is 127; a room's background noise stays under -60 dBov, speech
	// into a laptop's microphone is around -20 to -40.
	speakingLevel = 50
	// hangover bridges the short dips between words; a pause longer than this
	// is not talk.
	hangover = 300 * time.Millisecond
	// maxPacketGap caps the time one packet can account for: a longer gap is
	// the sender pausing (or the network), not audio.
	maxPacketGap = 100 * time.Millisecond
	// cameraWindow is how often a camera's frame rate is judged; liveFrameRate
	// the rate a live picture has. A camera turned off in the browser
	// (track.enabled = false) may still send black frames, at a low rate:
	// e2e/attendance.test.mjs checks that Chromium's count for nothing.
	cameraWindow  = time.Second
	liveFrameRate = 5
)

// registerActivityExtensions asks publishers for the audio level of their
// packets; the SFU answers an offer with it when the browser offers it.
func registerActivityExtensions(me *webrtc.MediaEngine) error {
	return me.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: audioLevelURI}, webrtc.RTPCodecTypeAudio)
}

// meter turns one published track's packets into talk or camera time. It is
// used by its forwarder's read loop only.
type meter interface {
	observe(packet []byte, at time.Time)
}

// newMeter measures a microphone's talk or a camera's live time, and nothing
// of a screen share; nil for a track it does not measure.
func newMeter(c *counters, remote *webrtc.TrackRemote, receiver *webrtc.RTPReceiver, info *rtc.TrackInfo) meter {
	switch {
	case remote.Kind() == webrtc.RTPCodecTypeAudio:
		for _, ext := range receiver.GetParameters().HeaderExtensions {
			if ext.URI == audioLevelURI {
				return &talkMeter{counters: c, extID: uint8(ext.ID)}
			}
		}
		return nil
	case remote.Kind() == webrtc.RTPCodecTypeVideo && info.GetType() != rtc.MediaType_ScreenCapture:
		return &cameraMeter{counters: c}
	}
	return nil
}

// talkMeter counts the time between loud packets as talk, and a quiet gap
// only once a loud packet ends it within the hangover.
type talkMeter struct {
	counters *counters
	extID    uint8
	header   rtp.Header
	last     time.Time
	lastLoud time.Time
	pending  time.Duration
}

func (m *talkMeter) observe(packet []byte, at time.Time) {
	if _, err := m.header.Unmarshal(packet); err != nil {
		return
	}
	payload := m.header.GetExtension(m.extID)
	if payload == nil {
		return
	}
	var level rtp.AudioLevelExtension
	if err := level.Unmarshal(payload); err != nil {
		return
	}
	var d time.Duration
	if !m.last.IsZero() {
		d = min(at.Sub(m.last), maxPacketGap)
	}
	m.last = at
	if level.Level <= speakingLevel {
		m.counters.addTalk(m.pending + d)
		m.pending = 0
		m.lastLoud = at
		return
	}
	if !m.lastLoud.IsZero() && at.Sub(m.lastLoud) <= hangover {
		m.pending += d
	} else {
		m.pending = 0
	}
}

// cameraMeter counts frames (packets with the marker bit: a frame's last) per
// window, and the window as camera time when they reach a live rate.
type cameraMeter struct {
	counters *counters
	header   rtp.Header
	start    time.Time
	frames   int
}

func (m *cameraMeter) observe(packet []byte, at time.Time) {
	if _, err := m.header.Unmarshal(packet); err != nil {
		return
	}
	if m.start.IsZero() {
		m.start = at
	}
	if m.header.Marker {
		m.frames++
	}
	window := at.Sub(m.start)
	if window < cameraWindow {
		return
	}
	// A window much longer than cameraWindow means the packets stopped: not live.
	if window <= 2*cameraWindow && float64(m.frames)/window.Seconds() >= liveFrameRate {
		m.counters.cameraSpan(m.start, at)
	}
	m.start = at
	m.frames = 0
}
